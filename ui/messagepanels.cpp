#include "messagepanels.h"

#include "filter/filtersubject.h"
#include "flowgraph.h"
#include "markspanel.h"
#include "messagefilterbar.h"
#include "problemspanel.h"
#include "sessionview.h"
#include "statisticspanel.h"

#include <QtCore/QTimer>
#include <QtGui/QAction>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QMainWindow>
#include <QtWidgets/QMenu>

namespace {

// What counts all messages (the panels, the filter bar's methods) refreshes this often.
constexpr int refreshMs = 1000;

} // namespace

MessagePanels::MessagePanels(QMainWindow *window)
    : QObject(window)
    , m_problemsPanel(new ProblemsPanel(window))
    , m_statisticsPanel(new StatisticsPanel(window))
    , m_problemsDock(new QDockWidget(tr("Problems"), window))
    , m_statisticsDock(new QDockWidget(tr("Statistics"), window))
    , m_flowGraph(new FlowGraph(window))
    , m_flowGraphDock(new QDockWidget(tr("Flow Graph"), window))
    , m_marksPanel(new MarksPanel(window))
    , m_marksDock(new QDockWidget(tr("Marks"), window))
    , m_refreshTimer(new QTimer(this))
{
    m_marksDock->setObjectName(QStringLiteral("marks"));
    m_marksDock->setWidget(m_marksPanel);
    window->addDockWidget(Qt::RightDockWidgetArea, m_marksDock);
    m_marksDock->hide();
    m_flowGraphDock->setObjectName(QStringLiteral("flowgraph"));
    m_flowGraphDock->setWidget(m_flowGraph);
    window->addDockWidget(Qt::RightDockWidgetArea, m_flowGraphDock);
    m_flowGraphDock->hide();
    connect(m_flowGraphDock, &QDockWidget::visibilityChanged, this, [this, window](bool visible) {
        if (visible && m_view)
            m_flowGraph->setModel(m_view->ensureMessageModel());
        // Wide enough for a method's name between the lanes, when first shown.
        if (visible && !m_flowGraphShown) {
            window->resizeDocks({m_flowGraphDock}, {480}, Qt::Horizontal);
            m_flowGraphShown = true;
        }
    });
    connect(m_flowGraph, &FlowGraph::messageActivated, this, &MessagePanels::goToMessage);
    m_problemsDock->setObjectName(QStringLiteral("problems"));
    m_problemsDock->setWidget(m_problemsPanel);
    m_statisticsDock->setObjectName(QStringLiteral("statistics"));
    m_statisticsDock->setWidget(m_statisticsPanel);
    // Below the timeline and the detail pane: both panels are tables that want the width.
    window->addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_statisticsDock);
    window->tabifyDockWidget(m_problemsDock, m_statisticsDock);
    // Low, when first shown: the timeline keeps most of the height.
    window->resizeDocks({m_problemsDock}, {140}, Qt::Vertical);
    m_problemsDock->hide();
    m_statisticsDock->hide();
    for (QDockWidget *dock : {m_problemsDock, m_statisticsDock}) {
        connect(dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
            if (visible && m_view) {
                m_view->ensureMessageModel();
                refresh();
            }
        });
    }
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(refreshMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &MessagePanels::refresh);
    connect(m_problemsPanel, &ProblemsPanel::messageActivated, this, &MessagePanels::goToMessage);
    connect(m_statisticsPanel, &StatisticsPanel::messageActivated, this,
            &MessagePanels::goToMessage);
}

void MessagePanels::addMenuActions(QMenu *menu)
{
    addPanelAction(menu, m_problemsDock, tr("&Problems"), QKeySequence(tr("Ctrl+Shift+P")));
    addPanelAction(menu, m_statisticsDock, tr("&Statistics"), QKeySequence(tr("Ctrl+Shift+S")));
    addPanelAction(menu, m_flowGraphDock, tr("&Flow Graph"), QKeySequence(tr("Ctrl+Shift+G")));
    addPanelAction(menu, m_marksDock, tr("&Marks"), QKeySequence(tr("Ctrl+Shift+M")));
}

// Unlike a dock's toggleViewAction(), which would close a panel hidden behind another one's tab,
// this brings such a panel to the front; it closes only a panel the user can see.
void MessagePanels::addPanelAction(QMenu *menu, QDockWidget *dock, const QString &text,
                                   const QKeySequence &shortcut)
{
    QAction *action = menu->addAction(text);
    action->setCheckable(true);
    action->setShortcut(shortcut);
    // Checked while the panel is in front: a tab behind another one counts as not visible.
    connect(dock, &QDockWidget::visibilityChanged, action, &QAction::setChecked);
    connect(action, &QAction::triggered, dock, [dock](bool checked) {
        if (checked) {
            dock->show();
            dock->raise();
        } else {
            dock->hide();
        }
    });
}

void MessagePanels::setView(SessionView *view)
{
    if (m_view)
        m_view->disconnect(this);
    m_view = view;
    m_marksPanel->setView(view);
    if (view) {
        connect(view, &SessionView::messagesReset, this, &MessagePanels::connectMessages);
        connect(view, &SessionView::messagesGrew, this, [this] {
            if (!m_refreshTimer->isActive())
                m_refreshTimer->start();
        });
        // The flow graph keeps to the timeline's current message.
        connect(view, &SessionView::currentItemChanged, this,
                [this](SessionView::TimelineUnit unit, qsizetype item) {
                    if (unit == SessionView::TimelineUnit::Messages)
                        m_flowGraph->setCurrentMessage(item);
                });
        if (isAnyVisible())
            view->ensureMessageModel();
    }
    connectMessages();
}

bool MessagePanels::isAnyVisible() const
{
    return m_problemsDock->isVisible() || m_statisticsDock->isVisible()
           || m_flowGraphDock->isVisible();
}

void MessagePanels::setCaptureFilter(std::optional<Filter> filter)
{
    m_captureFilter = std::move(filter);
    const QString suffix
        = m_captureFilter ? QStringLiteral(" (%1)").arg(m_captureFilter->expression()) : QString();
    m_problemsDock->setWindowTitle(tr("Problems") + suffix);
    m_statisticsDock->setWindowTitle(tr("Statistics") + suffix);
    connectMessages();
}

void MessagePanels::connectMessages()
{
    const SessionMessages *messages = m_view ? m_view->messages() : nullptr;
    // A predicate each: each has a subject of its own.
    const auto counted = [&]() -> std::function<bool(qsizetype)> {
        if (!messages || !m_captureFilter)
            return nullptr;
        return messagePredicate(*m_captureFilter, *messages);
    };
    m_problemsPanel->setMessages(messages, counted());
    m_statisticsPanel->setMessages(messages, counted());
    m_flowGraph->setModel(m_view ? m_view->messageModel() : nullptr);
    refresh();
}

void MessagePanels::refresh()
{
    if (!m_view || !m_view->messages())
        return;
    // A refresh reads every message: only what is on screen does it (a panel refreshes when it
    // is shown).
    if (m_view->messageFilterBar()->isVisible())
        m_view->messageFilterBar()->refresh();
    if (m_problemsDock->isVisible())
        m_problemsPanel->refresh();
    if (m_statisticsDock->isVisible())
        m_statisticsPanel->refresh();
}

void MessagePanels::goToMessage(qsizetype messageIndex)
{
    if (m_view)
        m_view->goToMessage(messageIndex);
}

#include "sessionsmonitor.h"

#include "capture/followedsession.h"
#include "capture/sessionregistry.h"
#include "cli/sessioncommands.h"
#include "sessionspanel.h"
#include "sessiontabs.h"
#include "sessionview.h"

#include <QtGui/QAction>
#include <QtWidgets/QMainWindow>

SessionsMonitor::SessionsMonitor(QMainWindow *window, SessionTabs *tabs,
                                 std::function<SessionViewOptions()> options)
    : QObject(window)
    , m_window(window)
    , m_tabs(tabs)
    , m_options(std::move(options))
    , m_toggle(new QAction(tr("Sess&ions"), this))
{
    m_toggle->setCheckable(true);
    m_toggle->setShortcut(QKeySequence(tr("Ctrl+Shift+L")));
    connect(m_toggle, &QAction::triggered, this, [this](bool checked) {
        if (checked)
            show();
        else if (m_panel)
            m_panel->hide();
    });
}

SessionsMonitor::~SessionsMonitor() = default;

SessionsPanel *SessionsMonitor::show()
{
    if (!m_panel) {
        // From now on a proxy started with a display shows here (docs/cli.md).
        m_presence = std::make_unique<MonitorPresence>();
        // Made on demand: it reads the machine's sessions every second while it exists.
        m_panel = new SessionsPanel(m_window);
        m_window->addDockWidget(Qt::TopDockWidgetArea, m_panel);
        connect(m_panel, &QDockWidget::visibilityChanged, m_toggle, &QAction::setChecked);
        connect(m_panel, &SessionsPanel::openRequested, this, &SessionsMonitor::open);
    }
    m_panel->show();
    m_panel->raise();
    return m_panel;
}

bool SessionsMonitor::open(const QString &sessionFile, const QString &registryEntry)
{
    if (SessionView *open = m_tabs->viewOf(sessionFile)) {
        m_tabs->setCurrentWidget(open);
        return true;
    }
    SessionView *view = nullptr;
    if (!registryEntry.isEmpty()) {
        auto followed = std::make_unique<FollowedSession>(sessionFile, registryEntry);
        if (!followed->start()) {
            emit failed(tr("Cannot follow session"), followed->errorString());
            return false;
        }
        view = new SessionView(std::move(followed), m_options(), m_tabs);
    } else {
        auto store = std::make_unique<CaptureStore>();
        const CommandResult loaded = loadSession(store.get(), sessionFile);
        if (!loaded.ok) {
            emit failed(tr("Cannot open session"), loaded.error);
            return false;
        }
        view = new SessionView(std::move(store), m_options(), m_tabs);
    }
    emit viewOpened(view);
    return true;
}

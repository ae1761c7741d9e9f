#include "viewmenu.h"

#include "sessionview.h"
#include "settings.h"

#include <QtGui/QAction>
#include <QtGui/QActionGroup>
#include <QtGui/QPainter>
#include <QtWidgets/QMenu>
#include <QtWidgets/QStyle>
#include <QtWidgets/QStyleOptionButton>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QToolButton>

namespace {

// Checks the action of `group` whose data is `value`.
void checkData(QActionGroup *group, int value)
{
    for (QAction *action : group->actions())
        action->setChecked(action->data().toInt() == value);
}

// A check box as the style draws it, ticked for a checked action: a toolbar toggle whose state
// reads at a glance, where a pressed-looking button does not.
QIcon checkBoxIcon(const QWidget *widget)
{
    QStyleOptionButton option;
    option.initFrom(widget);
    const QSize size(widget->style()->pixelMetric(QStyle::PM_IndicatorWidth, &option, widget),
                     widget->style()->pixelMetric(QStyle::PM_IndicatorHeight, &option, widget));
    option.rect = QRect(QPoint(0, 0), size);
    QIcon icon;
    for (const bool on : {false, true}) {
        QPixmap pixmap(size * widget->devicePixelRatioF());
        pixmap.setDevicePixelRatio(widget->devicePixelRatioF());
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        option.state = QStyle::State_Enabled | (on ? QStyle::State_On : QStyle::State_Off);
        widget->style()->drawPrimitive(QStyle::PE_IndicatorCheckBox, &option, &painter, widget);
        painter.end();
        icon.addPixmap(pixmap, QIcon::Normal, on ? QIcon::On : QIcon::Off);
    }
    return icon;
}

} // namespace

ViewMenu::ViewMenu(QMenu *menu, QToolBar *toolBar, QObject *parent)
    : QObject(parent)
    , m_displayGroup(new QActionGroup(this))
    , m_timeGroup(new QActionGroup(this))
    , m_framingGroup(new QActionGroup(this))
{
    addDisplayModes(menu);
    m_wrapAction = menu->addAction(tr("&Wrap Text"));
    m_wrapAction->setCheckable(true);
    connect(m_wrapAction, &QAction::toggled, this, &ViewMenu::wrapTextToggled);
    QMenu *rowWidth = menu->addMenu(tr("Hex &Bytes per Row"));
    auto *rowWidthGroup = new QActionGroup(this);
    for (int width : {8, 16, 32}) {
        QAction *action = rowWidth->addAction(QString::number(width), this,
                                              [this, width] { emit bytesPerRowChosen(width); });
        action->setCheckable(true);
        action->setChecked(width == Settings().bytesPerRow());
        rowWidthGroup->addAction(action);
    }
    menu->addAction(tr("&Font..."), this, &ViewMenu::fontRequested);
    menu->addSeparator();
    addTimeDisplays(menu);
    menu->addSeparator();

    for (const Stream stream : allStreams) {
        const QString name = QString::fromLatin1(streamName(stream));
        QAction *toggle = menu->addAction(tr("Show %1").arg(name));
        m_streamToggles[stream] = toggle;
        toggle->setCheckable(true);
        toggle->setChecked(true);
        toggle->setToolTip(tr("Show or hide %1 rows").arg(name));
        toggle->setIconText(name);
        connect(toggle, &QAction::toggled, this,
                [this, stream](bool visible) { emit streamToggled(stream, visible); });
        addToggle(toolBar, toggle);
    }

    menu->addSeparator();
    m_messagesAction = menu->addAction(tr("&Messages"));
    m_messagesAction->setCheckable(true);
    m_messagesAction->setShortcut(QKeySequence(tr("Ctrl+M")));
    m_messagesAction->setToolTip(tr("One row per framed message instead of one per read"));
    m_messagesAction->setIconText(tr("Messages"));
    connect(m_messagesAction, &QAction::toggled, this, &ViewMenu::messagesToggled);
    toolBar->addSeparator();
    addToggle(toolBar, m_messagesAction);
    addFramings(menu);
}

void ViewMenu::addToggle(QToolBar *toolBar, QAction *toggle)
{
    toggle->setIcon(checkBoxIcon(toolBar));
    toolBar->addAction(toggle);
    if (auto *button = qobject_cast<QToolButton *>(toolBar->widgetForAction(toggle)))
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
}

void ViewMenu::chooseDisplayMode(DetailPane::DisplayMode mode)
{
    for (QAction *action : m_displayGroup->actions()) {
        if (action->data().toInt() == int(mode))
            action->trigger();
    }
}

void ViewMenu::addDisplayModes(QMenu *menu)
{
    const std::pair<QString, DetailPane::DisplayMode> modes[] = {
        {tr("&Hex"), DetailPane::DisplayMode::Hex},
        {tr("&Text"), DetailPane::DisplayMode::Text},
        {tr("&Conversation"), DetailPane::DisplayMode::Conversation},
        {tr("Decoded &Message"), DetailPane::DisplayMode::Message},
    };
    int shortcut = 1;
    for (const auto &[label, mode] : modes) {
        QAction *action = menu->addAction(label);
        action->setCheckable(true);
        action->setData(int(mode));
        action->setShortcut(QKeySequence(tr("Ctrl+%1").arg(shortcut++)));
        m_displayGroup->addAction(action);
    }
    // Decoded Message is where Messages mode starts, not a mode to come back to.
    const DetailPane::DisplayMode saved = Settings().displayMode();
    checkData(
        m_displayGroup,
        int(saved == DetailPane::DisplayMode::Message ? DetailPane::DisplayMode::Hex : saved));
    connect(m_displayGroup, &QActionGroup::triggered, this, [this](QAction *action) {
        const auto mode = static_cast<DetailPane::DisplayMode>(action->data().toInt());
        if (mode != DetailPane::DisplayMode::Message)
            Settings().setDisplayMode(mode);
        emit displayModeChosen(mode);
    });
}

void ViewMenu::addTimeDisplays(QMenu *menu)
{
    const std::pair<QString, TimeDisplay> times[] = {
        {tr("Seconds Since &Start"), TimeDisplay::Relative},
        {tr("Seconds Since &Previous Row"), TimeDisplay::Delta},
        {tr("&Wall Clock"), TimeDisplay::WallClock},
    };
    for (const auto &[label, display] : times) {
        QAction *action = menu->addAction(label);
        action->setCheckable(true);
        action->setData(int(display));
        action->setChecked(display == TimeDisplay::Relative);
        m_timeGroup->addAction(action);
    }
    connect(m_timeGroup, &QActionGroup::triggered, this, [this](QAction *action) {
        emit timeDisplayChosen(static_cast<TimeDisplay>(action->data().toInt()));
    });
}

void ViewMenu::addFramings(QMenu *menu)
{
    QMenu *framing = menu->addMenu(tr("&Framing"));
    const std::pair<QString, Framing> framings[] = {
        {tr("&Detect"), Framing::Auto},
        {tr("&Content-Length (LSP, DAP)"), Framing::ContentLength},
        {tr("&JSON Lines (MCP)"), Framing::JsonLines},
        {tr("&Lines"), Framing::Lines},
        {tr("&msgpack-rpc (Neovim)"), Framing::MsgpackRpc},
        {tr("&Idle Gap"), Framing::IdleGap},
        {tr("&Raw Reads"), Framing::Raw},
    };
    for (const auto &[label, value] : framings) {
        QAction *action = framing->addAction(label);
        action->setCheckable(true);
        action->setData(int(value));
        action->setChecked(value == Framing::Auto);
        m_framingGroup->addAction(action);
    }
    connect(m_framingGroup, &QActionGroup::triggered, this, [this](QAction *action) {
        emit framingChosen(static_cast<Framing>(action->data().toInt()));
    });
}

SessionViewOptions ViewMenu::options(const FramingChoice &framing) const
{
    Settings settings;
    SessionViewOptions options;
    options.timeDisplay = static_cast<TimeDisplay>(m_timeGroup->checkedAction()->data().toInt());
    options.framing = framing;
    options.displayMode = settings.displayMode(); // for reads: a view starts with them
    if (options.displayMode == DetailPane::DisplayMode::Message)
        options.displayMode = DetailPane::DisplayMode::Hex;
    for (const Stream stream : allStreams)
        options.visibleStreams[stream] = m_streamToggles[stream]->isChecked();
    options.font = settings.font();
    options.bytesPerRow = settings.bytesPerRow();
    return options;
}

bool ViewMenu::wrapsText() const
{
    return m_wrapAction->isChecked();
}

void ViewMenu::showState(const SessionView &view)
{
    for (const Stream stream : allStreams) {
        const QSignalBlocker blocker(m_streamToggles[stream]);
        m_streamToggles[stream]->setChecked(view.isStreamVisible(stream));
    }
    showMessages(view.timelineUnit() == SessionView::TimelineUnit::Messages);
    checkData(m_displayGroup, int(view.detailPane()->displayMode()));
}

void ViewMenu::showMessages(bool messages)
{
    const QSignalBlocker blocker(m_messagesAction);
    m_messagesAction->setChecked(messages);
}

void ViewMenu::showFraming(const FramingChoice &choice)
{
    const Framing shown = choice.forStream(Stream::Stdin) == choice.forStream(Stream::Stdout)
                              ? choice.forStream(Stream::Stdin)
                              : Framing::Auto;
    checkData(m_framingGroup, int(shown));
}

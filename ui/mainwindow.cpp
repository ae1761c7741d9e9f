#include "mainwindow.h"

#include "capture/bytesource.h"
#include "capture/capturestore.h"
#include "cli/sessioncommands.h"
#include "hexview.h"
#include "inputbar.h"
#include "launchdialog.h"
#include "messagefilterbar.h"
#include "problemspanel.h"
#include "recentfiles.h"
#include "relay/childstopper.h"
#include "relay/proxysession.h"
#include "settings.h"
#include "statisticspanel.h"
#include "statusline.h"
#include "welcomepage.h"

#include <QtCore/QFileInfo>
#include <QtCore/QMimeData>
#include <QtCore/QSaveFile>
#include <QtCore/QTimer>
#include <QtGui/QAction>
#include <QtGui/QActionGroup>
#include <QtGui/QClipboard>
#include <QtGui/QCloseEvent>
#include <QtGui/QGuiApplication>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QFontDialog>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTableView>
#include <QtWidgets/QToolBar>

namespace {

// Panels that summarise all messages (statistics, problems, method counts) refresh this often.
constexpr int panelRefreshMs = 1000;
const QString sessionFilter = QStringLiteral("pipescope sessions (*.pcapng);;All files (*)");

// Checks the action of `group` whose data is `value`.
void checkData(QActionGroup *group, int value)
{
    for (QAction *action : group->actions())
        action->setChecked(action->data().toInt() == value);
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_pages(new QStackedWidget(this))
    , m_welcome(new WelcomePage(this))
    , m_statusLine(new StatusLine(statusBar()))
    , m_recentFiles(new RecentFiles(this))
    , m_problemsPanel(new ProblemsPanel(this))
    , m_statisticsPanel(new StatisticsPanel(this))
    , m_problemsDock(new QDockWidget(tr("Problems"), this))
    , m_statisticsDock(new QDockWidget(tr("Statistics"), this))
    , m_panelRefresh(new QTimer(this))
{
    setWindowTitle(QStringLiteral("pipescope"));
    setAcceptDrops(true);
    m_pages->addWidget(m_welcome);
    setCentralWidget(m_pages);
    connect(m_welcome, &WelcomePage::launchRequested, this, &MainWindow::showLaunchDialog);
    connect(m_welcome, &WelcomePage::openRequested, this, &MainWindow::openDialog);
    connect(m_welcome, &WelcomePage::recentFileActivated, this, &MainWindow::openFile);
    connect(m_recentFiles, &RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);

    createPanels();
    QToolBar *toolBar = addToolBar(tr("Streams"));
    toolBar->setObjectName(QStringLiteral("streams"));
    createFileMenu(toolBar);
    createEditMenu(toolBar);
    createViewMenu(toolBar);
    rebuildRecentMenu();
    rebuildChildMenu();

    if (!restoreGeometry(Settings().windowGeometry()))
        resize(1100, 750);
    auto *statusTimer = new QTimer(this);
    connect(statusTimer, &QTimer::timeout, this, [this] { m_statusLine->show(m_view); });
    statusTimer->start(500);
    m_statusLine->show(nullptr);
}

MainWindow::~MainWindow()
{
    setSessionView(nullptr); // the panels stop reading its messages before it goes
}

void MainWindow::createPanels()
{
    m_problemsDock->setObjectName(QStringLiteral("problems"));
    m_problemsDock->setWidget(m_problemsPanel);
    m_statisticsDock->setObjectName(QStringLiteral("statistics"));
    m_statisticsDock->setWidget(m_statisticsPanel);
    // Below the timeline and the detail pane: both panels are tables that want the width.
    addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    addDockWidget(Qt::BottomDockWidgetArea, m_statisticsDock);
    tabifyDockWidget(m_problemsDock, m_statisticsDock);
    m_problemsDock->hide();
    m_statisticsDock->hide();
    for (QDockWidget *dock : {m_problemsDock, m_statisticsDock}) {
        connect(dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
            if (visible && m_view) {
                m_view->ensureMessageModel();
                refreshMessagePanels();
            }
        });
    }
    m_panelRefresh->setSingleShot(true);
    m_panelRefresh->setInterval(panelRefreshMs);
    connect(m_panelRefresh, &QTimer::timeout, this, &MainWindow::refreshMessagePanels);
    connect(m_problemsPanel, &ProblemsPanel::messageActivated, this, [this](qsizetype index) {
        if (m_view)
            m_view->goToMessage(index);
    });
    connect(m_statisticsPanel, &StatisticsPanel::messageActivated, this, [this](qsizetype index) {
        if (m_view)
            m_view->goToMessage(index);
    });
}

void MainWindow::createFileMenu(QToolBar *toolBar)
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *launchAction = file->addAction(QIcon(QStringLiteral(":/icons/launch.svg")),
                                            tr("&Launch Program..."), this,
                                            &MainWindow::showLaunchDialog);
    launchAction->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(QIcon(QStringLiteral(":/icons/open.svg")), tr("&Open..."),
                                    this, &MainWindow::openDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    QAction *save = file->addAction(QIcon(QStringLiteral(":/icons/save.svg")), tr("Save &As..."),
                                    this, &MainWindow::saveAs);
    save->setShortcuts({QKeySequence::Save, QKeySequence::SaveAs});
    file->addAction(tr("Save Selected &Bytes..."), this, &MainWindow::saveBytes);
    QMenu *exportMenu = file->addMenu(QIcon(QStringLiteral(":/icons/export.svg")), tr("&Export"));
    exportMenu->addAction(tr("JSON Lines..."), this,
                          [this] { exportAs(ExportFormat::JsonLines, std::nullopt); });
    exportMenu->addAction(tr("Text Transcript..."), this,
                          [this] { exportAs(ExportFormat::Text, std::nullopt); });
    for (const Stream stream : byteStreams) {
        exportMenu->addAction(tr("Raw %1 Bytes...").arg(QString::fromLatin1(streamName(stream))),
                              this, [this, stream] { exportAs(ExportFormat::Raw, stream); });
    }
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Messages as JSON Lines..."), this, &MainWindow::exportMessagesAs);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    // The input bar's actions, for a program launched from the window.
    m_childMenu = menuBar()->addMenu(tr("&Child"));

    toolBar->addAction(launchAction);
    toolBar->addAction(open);
    toolBar->addAction(save);
}

void MainWindow::createEditMenu(QToolBar *toolBar)
{
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *find = edit->addAction(QIcon(QStringLiteral(":/icons/search.svg")), tr("&Find..."),
                                    this, [this] {
                                        if (m_view)
                                            m_view->activateSearch();
                                    });
    find->setShortcut(QKeySequence::Find);
    QAction *findNext = edit->addAction(tr("Find &Next"), this, [this] {
        if (m_view)
            m_view->findNext();
    });
    findNext->setShortcut(QKeySequence::FindNext);
    QAction *findPrevious = edit->addAction(tr("Find &Previous"), this, [this] {
        if (m_view)
            m_view->findPrevious();
    });
    findPrevious->setShortcut(QKeySequence::FindPrevious);
    edit->addSeparator();
    QMenu *copyAs = edit->addMenu(tr("&Copy Bytes"));
    const std::pair<QString, BytesFormat> formats[] = {
        {tr("Copy as &Text"), BytesFormat::Text},
        {tr("Copy as &Hex"), BytesFormat::Hex},
        {tr("Copy as &C String"), BytesFormat::CString},
        {tr("Copy as &Base64"), BytesFormat::Base64},
    };
    for (const auto &[label, format] : formats)
        copyAs->addAction(label, this, [this, format = format] { copyBytes(format); });
    toolBar->addAction(find);
    toolBar->addSeparator();
}

void MainWindow::createViewMenu(QToolBar *toolBar)
{
    Settings settings;
    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_displayGroup = new QActionGroup(this);
    const std::pair<QString, DetailPane::DisplayMode> modes[] = {
        {tr("&Hex"), DetailPane::DisplayMode::Hex},
        {tr("&Text"), DetailPane::DisplayMode::Text},
        {tr("&Conversation"), DetailPane::DisplayMode::Conversation},
        {tr("Decoded &Message"), DetailPane::DisplayMode::Message},
    };
    int shortcut = 1;
    for (const auto &[label, mode] : modes) {
        QAction *action = view->addAction(label);
        action->setCheckable(true);
        action->setData(int(mode));
        action->setShortcut(QKeySequence(tr("Ctrl+%1").arg(shortcut++)));
        m_displayGroup->addAction(action);
    }
    // Decoded Message is where Messages mode starts, not a mode to come back to.
    checkData(m_displayGroup, int(viewOptions().displayMode));
    connect(m_displayGroup, &QActionGroup::triggered, this, [this](QAction *action) {
        const auto mode = static_cast<DetailPane::DisplayMode>(action->data().toInt());
        if (mode != DetailPane::DisplayMode::Message)
            Settings().setDisplayMode(mode);
        if (m_view)
            m_view->setDisplayMode(mode);
    });
    m_wrapAction = view->addAction(tr("&Wrap Text"));
    m_wrapAction->setCheckable(true);
    connect(m_wrapAction, &QAction::toggled, this, [this](bool on) {
        if (m_view)
            m_view->detailPane()->setWrapText(on);
    });
    QMenu *rowWidth = view->addMenu(tr("Hex &Bytes per Row"));
    auto *rowWidthGroup = new QActionGroup(this);
    for (int width : {8, 16, 32}) {
        QAction *action = rowWidth->addAction(QString::number(width), this, [this, width] {
            Settings().setBytesPerRow(width);
            if (m_view)
                m_view->detailPane()->hexView()->setBytesPerRow(width);
        });
        action->setCheckable(true);
        action->setChecked(width == settings.bytesPerRow());
        rowWidthGroup->addAction(action);
    }
    view->addAction(tr("&Font..."), this, &MainWindow::chooseFont);
    view->addSeparator();

    m_timeGroup = new QActionGroup(this);
    const std::pair<QString, TimeDisplay> times[] = {
        {tr("Seconds Since &Start"), TimeDisplay::Relative},
        {tr("Seconds Since &Previous Row"), TimeDisplay::Delta},
        {tr("&Wall Clock"), TimeDisplay::WallClock},
    };
    for (const auto &[label, display] : times) {
        QAction *action = view->addAction(label);
        action->setCheckable(true);
        action->setData(int(display));
        action->setChecked(display == TimeDisplay::Relative);
        m_timeGroup->addAction(action);
    }
    connect(m_timeGroup, &QActionGroup::triggered, this, [this](QAction *action) {
        if (m_view)
            m_view->setTimeDisplay(static_cast<TimeDisplay>(action->data().toInt()));
    });
    view->addSeparator();

    for (const Stream stream : allStreams) {
        const QString name = QString::fromLatin1(streamName(stream));
        QAction *toggle = view->addAction(tr("Show %1").arg(name));
        m_streamToggles[stream] = toggle;
        toggle->setCheckable(true);
        toggle->setChecked(true);
        toggle->setToolTip(tr("Show or hide %1 rows").arg(name));
        toggle->setIconText(name);
        connect(toggle, &QAction::toggled, this, [this, stream](bool visible) {
            if (m_view)
                m_view->setStreamVisible(stream, visible);
        });
        toolBar->addAction(toggle);
    }

    view->addSeparator();
    m_messagesAction = view->addAction(tr("&Messages"));
    m_messagesAction->setCheckable(true);
    m_messagesAction->setShortcut(QKeySequence(tr("Ctrl+M")));
    m_messagesAction->setToolTip(tr("One row per framed message instead of one per read"));
    m_messagesAction->setIconText(tr("Messages"));
    connect(m_messagesAction, &QAction::toggled, this, [this](bool messages) {
        setTimelineUnit(messages ? TimelineUnit::Messages : TimelineUnit::Chunks);
    });
    toolBar->addSeparator();
    toolBar->addAction(m_messagesAction);

    QMenu *framing = view->addMenu(tr("&Framing"));
    m_framingGroup = new QActionGroup(this);
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
        // The menu frames stdin and stdout; stderr (logs, as a rule) keeps its own choice.
        FramingChoice choice = m_framingChoice;
        const auto framing = static_cast<Framing>(action->data().toInt());
        choice.streams[Stream::Stdin] = framing;
        choice.streams[Stream::Stdout] = framing;
        setFramingChoice(choice);
    });

    QAction *problems = m_problemsDock->toggleViewAction();
    problems->setText(tr("&Problems"));
    problems->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    view->addAction(problems);
    QAction *statistics = m_statisticsDock->toggleViewAction();
    statistics->setText(tr("&Statistics"));
    statistics->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    view->addAction(statistics);
}

// What a new session view starts with: what the View menu says now.
SessionViewOptions MainWindow::viewOptions() const
{
    Settings settings;
    SessionViewOptions options;
    if (QAction *checked = m_timeGroup ? m_timeGroup->checkedAction() : nullptr)
        options.timeDisplay = static_cast<TimeDisplay>(checked->data().toInt());
    options.framing = m_framingChoice;
    options.displayMode = settings.displayMode();
    if (options.displayMode == DetailPane::DisplayMode::Message)
        options.displayMode = DetailPane::DisplayMode::Hex;
    for (const Stream stream : allStreams)
        options.visibleStreams[stream] = !m_streamToggles[stream]
                                         || m_streamToggles[stream]->isChecked();
    options.font = settings.font();
    options.bytesPerRow = settings.bytesPerRow();
    return options;
}

void MainWindow::setSessionView(SessionView *view)
{
    m_problemsPanel->setMessages(nullptr);
    m_statisticsPanel->setMessages(nullptr);
    // The old view ends here: its models, its search, and a program it launched.
    delete m_view;
    m_view = view;
    m_statusLine->show(view);
    rebuildChildMenu();
    if (!view) {
        m_pages->setCurrentWidget(m_welcome);
        setWindowTitle(QStringLiteral("pipescope"));
        return;
    }
    m_pages->addWidget(view);
    m_pages->setCurrentWidget(view);
    setWindowTitle(QFileInfo(view->store()->path()).fileName() + QStringLiteral(" - pipescope"));
    view->detailPane()->setWrapText(m_wrapAction->isChecked());
    connect(view, &SessionView::messagesReset, this, &MainWindow::connectMessagePanels);
    connect(view, &SessionView::messagesGrew, this, [this] {
        if (!m_panelRefresh->isActive())
            m_panelRefresh->start();
    });
    connect(view, &SessionView::childStateChanged, this, [this] { m_statusLine->show(m_view); });
    connect(view, &SessionView::streamVisibilityChanged, this, &MainWindow::syncActions);
    connect(view, &SessionView::timelineUnitChanged, this, &MainWindow::syncActions);
    // Queued: the new launch replaces (deletes) the view that asks for it.
    connect(view, &SessionView::restartRequested, this, &MainWindow::launch,
            Qt::QueuedConnection);
    if (m_messagesAction->isChecked() || m_problemsDock->isVisible()
        || m_statisticsDock->isVisible())
        view->ensureMessageModel();
    connectMessagePanels();
    if (m_messagesAction->isChecked())
        view->setTimelineUnit(TimelineUnit::Messages);
}

void MainWindow::connectMessagePanels()
{
    const SessionMessages *messages = m_view ? m_view->messages() : nullptr;
    m_problemsPanel->setMessages(messages);
    m_statisticsPanel->setMessages(messages);
    refreshMessagePanels();
}

void MainWindow::refreshMessagePanels()
{
    if (!m_view || !m_view->messages())
        return;
    // The panels' refreshes read every message: only what is on screen does it (a panel
    // refreshes when it is shown).
    if (m_view->messageFilterBar()->isVisible())
        m_view->messageFilterBar()->refresh();
    if (m_problemsDock->isVisible())
        m_problemsPanel->refresh();
    if (m_statisticsDock->isVisible())
        m_statisticsPanel->refresh();
    m_statusLine->show(m_view);
}

// The toolbar and the View menu say what the view shows, whoever changed it.
void MainWindow::syncActions()
{
    if (!m_view)
        return;
    for (const Stream stream : allStreams) {
        const QSignalBlocker blocker(m_streamToggles[stream]);
        m_streamToggles[stream]->setChecked(m_view->isStreamVisible(stream));
    }
    const bool messages = m_view->timelineUnit() == TimelineUnit::Messages;
    const QSignalBlocker blocker(m_messagesAction);
    m_messagesAction->setChecked(messages);
    checkData(m_displayGroup, int(m_view->detailPane()->displayMode()));
}

void MainWindow::rebuildChildMenu()
{
    m_childMenu->clear();
    InputBar *inputBar = m_view ? m_view->inputBar() : nullptr;
    m_childMenu->setEnabled(inputBar != nullptr);
    if (!inputBar)
        return;
    for (QAction *action : {inputBar->sendFileAction(), inputBar->closeInputAction(),
                            inputBar->interruptAction(), inputBar->terminateAction(),
                            inputBar->killAction(), inputBar->restartAction()})
        m_childMenu->addAction(action);
}

void MainWindow::rebuildRecentMenu()
{
    const QStringList files = m_recentFiles->files();
    m_recentMenu->clear();
    for (const QString &path : files)
        m_recentMenu->addAction(path, this, [this, path] { openFile(path); });
    m_recentMenu->setEnabled(!files.isEmpty());
    m_welcome->setRecentFiles(files);
}

void MainWindow::setTimelineUnit(TimelineUnit unit)
{
    {
        const QSignalBlocker blocker(m_messagesAction);
        m_messagesAction->setChecked(unit == TimelineUnit::Messages);
    }
    if (m_view)
        m_view->setTimelineUnit(unit);
    syncActions();
}

MainWindow::TimelineUnit MainWindow::timelineUnit() const
{
    return m_view ? m_view->timelineUnit()
                  : (m_messagesAction->isChecked() ? TimelineUnit::Messages : TimelineUnit::Chunks);
}

void MainWindow::setFramingChoice(const FramingChoice &choice)
{
    m_framingChoice = choice;
    const Framing shown = choice.forStream(Stream::Stdin) == choice.forStream(Stream::Stdout)
                              ? choice.forStream(Stream::Stdin)
                              : Framing::Auto;
    checkData(m_framingGroup, int(shown));
    if (m_view)
        m_view->setFramingChoice(choice);
}

void MainWindow::showLaunchDialog()
{
    LaunchDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        launch(dialog.request());
}

bool MainWindow::launch(const LaunchRequest &request)
{
    RelayConfig config;
    config.program = request.program;
    config.arguments = request.arguments;
    config.workingDirectory = request.workingDirectory;
    config.extraEnvironment = request.environment;
    config.input = RelayConfig::Input::Window;
    config.parentStdin = config.parentStdout = config.parentStderr = -1;
    auto session = std::make_unique<ProxySession>(config);
    if (!session->start(QString())) {
        showError(tr("Cannot launch"), session->errorString());
        return false;
    }
    setSessionView(new SessionView(std::move(session), request, viewOptions(), m_pages));
    return true;
}

void MainWindow::showLiveSession(ProxySession *session)
{
    setSessionView(new SessionView(session, viewOptions(), m_pages));
}

void MainWindow::showLiveStore(CaptureStore *store)
{
    setSessionView(new SessionView(store, viewOptions(), m_pages));
}

bool MainWindow::openFile(const QString &path)
{
    auto store = std::make_unique<CaptureStore>();
    const CommandResult loaded = loadSession(store.get(), path);
    if (!loaded.ok) {
        showError(tr("Cannot open session"), loaded.error);
        return false;
    }
    setSessionView(new SessionView(std::move(store), viewOptions(), m_pages));
    m_recentFiles->add(path);
    if (!loaded.warning.isEmpty())
        showError(tr("Session recovered in part"), loaded.warning);
    return true;
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Session"), QString(),
                                                      sessionFilter);
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::runCommand(const QString &title, const QString &path,
                            const std::function<CommandResult(QIODevice *)> &write)
{
    const CommandResult result = writeFileWhole(path, write);
    if (!result.ok) {
        showError(title, result.error);
        return false;
    }
    // A cut-off session converts as far as it can be read: say so, as the command line does.
    if (!result.warning.isEmpty())
        showError(title, result.warning);
    else
        statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
    return true;
}

void MainWindow::saveAs()
{
    if (!m_view)
        return;
    const QString target = QFileDialog::getSaveFileName(this, tr("Save Session As"), QString(),
                                                        sessionFilter);
    if (!target.isEmpty())
        saveSessionAs(target);
}

bool MainWindow::saveSessionAs(const QString &path)
{
    if (!m_view)
        return false;
    CaptureStore *store = m_view->store();
    if (!runCommand(tr("Cannot save session"), path,
                    [store](QIODevice *output) { return copySession(*store, output); }))
        return false;
    m_recentFiles->add(path);
    return true;
}

void MainWindow::exportAs(ExportFormat format, std::optional<Stream> stream)
{
    if (!m_view)
        return;
    const QString target = QFileDialog::getSaveFileName(this, tr("Export Session"));
    if (!target.isEmpty())
        exportSession(target, format, stream);
}

bool MainWindow::exportSession(const QString &path, ExportFormat format,
                               std::optional<Stream> stream)
{
    if (!m_view)
        return false;
    CaptureStore *store = m_view->store();
    if (store->isLive())
        store->flushAndWait(); // the export reads the file
    ExportOptions options;
    options.format = format;
    options.stream = stream;
    return runCommand(tr("Cannot export"), path, [&](QIODevice *output) {
        return ::exportSession(store->path(), options, output);
    });
}

void MainWindow::exportMessagesAs()
{
    if (!m_view)
        return;
    const QString target = QFileDialog::getSaveFileName(this, tr("Export Messages"));
    if (!target.isEmpty())
        exportMessages(target);
}

bool MainWindow::exportMessages(const QString &path)
{
    if (!m_view)
        return false;
    // A decoding of its own, complete for a saved session, as far as it goes for a live one.
    const SessionGrowth growth = m_view->isGrowing() ? SessionGrowth::Growing
                                                     : SessionGrowth::Ended;
    return runCommand(tr("Cannot export"), path, [&](QIODevice *output) {
        return ::exportMessages(*m_view->store(), growth, m_view->framingChoice(), output);
    });
}

void MainWindow::saveBytes()
{
    if (!m_view || !m_view->detailPane()->currentSource())
        return;
    const QString target = QFileDialog::getSaveFileName(this, tr("Save Selected Bytes"));
    if (!target.isEmpty())
        saveSelectedBytes(target);
}

bool MainWindow::saveSelectedBytes(const QString &path)
{
    const ByteSource *source = m_view ? m_view->detailPane()->currentSource() : nullptr;
    if (!source)
        return false;
    // Exactly the selected rows' bytes, concatenated; written whole or not at all.
    return runCommand(tr("Cannot save bytes"), path, [source](QIODevice *output) {
        constexpr qint64 block = 4 * 1024 * 1024;
        for (qint64 offset = 0; offset < source->size(); offset += block) {
            const QByteArray bytes = source->read(offset, block);
            if (output->write(bytes) != bytes.size())
                return CommandResult::failure(output->errorString());
        }
        return CommandResult();
    });
}

void MainWindow::copyBytes(BytesFormat format)
{
    if (!m_view)
        return;
    // The clipboard gets at most this much: enough for any paste, not a way to copy a capture.
    constexpr qint64 maxCopyBytes = 16 * 1024 * 1024;
    const QByteArray bytes = m_view->detailPane()->chosenBytes(maxCopyBytes);
    if (bytes.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(QString::fromUtf8(formatBytes(bytes, format)));
    statusBar()->showMessage(tr("Copied %1 bytes").arg(bytes.size()), 3000);
}

void MainWindow::chooseFont()
{
    bool ok = false;
    const QFont font = QFontDialog::getFont(&ok, Settings().font(), this, tr("Font"),
                                            QFontDialog::MonospacedFonts);
    if (!ok)
        return;
    Settings().setFont(font);
    if (m_view)
        m_view->setViewFont(font);
}

void MainWindow::showError(const QString &title, const QString &message)
{
    statusBar()->showMessage(message, 10000);
    // Window-modal but not blocking: the relay and the live timeline go on meanwhile.
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    Settings().setWindowGeometry(saveGeometry());
    // A program launched from the window is asked to end (SIGTERM, then SIGKILL), as proxy mode
    // does with its child; the window closes once it has.
    ProxySession *launched = m_view && m_view->ownsSession() ? m_view->proxySession() : nullptr;
    if (launched && launched->isChildRunning() && !m_launchedChildStopped) {
        event->ignore();
        if (!m_closingStopper) {
            m_closingStopper = new ChildStopper(launched, this);
            connect(m_closingStopper, &ChildStopper::stopped, this, [this] {
                m_launchedChildStopped = true; // or given up on: its pipes are held open
                close();
            });
            m_closingStopper->stop();
            statusBar()->showMessage(tr("Waiting for the program to end..."));
        }
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        openFile(urls.first().toLocalFile());
}

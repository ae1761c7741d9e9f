#include "mainwindow.h"

#include "annotationmenu.h"
#include "appicon.h"
#include "capture/capturestore.h"
#include "cli/sessioncommands.h"
#include "endchildquestion.h"
#include "filecommands.h"
#include "gomenu.h"
#include "hexview.h"
#include "inputbar.h"
#include "intercept/interception.h"
#include "interceptpanel.h"
#include "launchdialog.h"
#include "messagepanels.h"
#include "messages/framingdetector.h"
#include "recentfiles.h"
#include "relay/childstopper.h"
#include "relay/programlocator.h"
#include "relay/proxysession.h"
#include "replaymenu.h"
#include "sessionsmonitor.h"
#include "sessiontabs.h"
#include "settings.h"
#include "statusline.h"
#include "viewmenu.h"
#include "welcomepage.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QEventLoop>
#include <QtCore/QFileInfo>
#include <QtCore/QMimeData>
#include <QtCore/QTimer>
#include <QtGui/QAction>
#include <QtGui/QCloseEvent>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QFontDialog>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTableView>
#include <QtWidgets/QToolBar>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_pages(new QStackedWidget(this))
    , m_welcome(new WelcomePage(this))
    , m_tabs(new SessionTabs(this))
    , m_statusLine(new StatusLine(statusBar()))
    , m_recentFiles(new RecentFiles(this))
    , m_files(new FileCommands(this, m_recentFiles))
    , m_panels(new MessagePanels(this))
{
    setWindowTitle(QStringLiteral("pipescope"));
    setAcceptDrops(true);
    m_pages->addWidget(m_welcome);
    m_pages->addWidget(m_tabs);
    setCentralWidget(m_pages);
    connect(m_tabs, &SessionTabs::currentViewChanged, this, &MainWindow::showView);
    connect(m_tabs, &SessionTabs::closeRequested, this, &MainWindow::closeTab);
    connect(m_welcome, &WelcomePage::launchRequested, this, &MainWindow::showLaunchDialog);
    connect(m_welcome, &WelcomePage::openRequested, this, &MainWindow::openDialog);
    connect(m_welcome, &WelcomePage::recentFileActivated, this, &MainWindow::openFile);
    connect(m_recentFiles, &RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);
    connect(m_files, &FileCommands::done, this,
            [this](const QString &message) { statusBar()->showMessage(message, 5000); });
    connect(m_files, &FileCommands::failed, this, &MainWindow::showError);

    QToolBar *toolBar = addToolBar(tr("Streams"));
    toolBar->setObjectName(QStringLiteral("streams"));
    createFileMenu(toolBar);
    createEditMenu(toolBar);
    createViewMenu(toolBar);
    m_goMenu = new GoMenu(menuBar()->addMenu(tr("&Go")), this);
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
    // The panels stop reading a view's messages before it goes.
    const QSignalBlocker blocker(m_tabs);
    showView(nullptr);
    qDeleteAll(m_tabs->views());
}

void MainWindow::createFileMenu(QToolBar *toolBar)
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *launchAction
        = file->addAction(appIcon(QStringLiteral("launch")), tr("&Launch Program..."), this,
                          &MainWindow::showLaunchDialog);
    launchAction->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(appIcon(QStringLiteral("open")), tr("&Open..."), this,
                                    &MainWindow::openDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    QAction *save = file->addAction(appIcon(QStringLiteral("save")), tr("Save &As..."), m_files,
                                    &FileCommands::saveAs);
    save->setShortcuts({QKeySequence::Save, QKeySequence::SaveAs});
    file->addAction(tr("Save Selected &Bytes..."), m_files, &FileCommands::saveBytes);
    QMenu *exportMenu = file->addMenu(appIcon(QStringLiteral("export")), tr("&Export"));
    exportMenu->addAction(tr("JSON Lines..."), this,
                          [this] { m_files->exportAs(ExportFormat::JsonLines, std::nullopt); });
    exportMenu->addAction(tr("Text Transcript..."), this,
                          [this] { m_files->exportAs(ExportFormat::Text, std::nullopt); });
    for (const Stream stream : byteStreams) {
        exportMenu->addAction(tr("Raw %1 Bytes...").arg(QString::fromLatin1(streamName(stream))),
                              this,
                              [this, stream] { m_files->exportAs(ExportFormat::Raw, stream); });
    }
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Messages as JSON Lines..."), m_files,
                          &FileCommands::exportMessagesAs);
    file->addSeparator();
    m_replayMenu = new ReplayMenu(file, this);
    connect(m_replayMenu, &ReplayMenu::replayStarted, this, [this](CaptureStore *store) {
        addSessionTab(new SessionView(store, m_viewMenu->options(m_framingChoice), m_tabs));
    });
    connect(m_replayMenu, &ReplayMenu::failed, this, &MainWindow::showError);
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
    QAction *find
        = edit->addAction(appIcon(QStringLiteral("search")), tr("&Find..."), this, [this] {
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
    // Ctrl+C while the timeline has the focus (the hex view and the line edits keep theirs).
    m_copyRowsAction = edit->addAction(tr("Copy &Rows"), m_files, &FileCommands::copyRows);
    m_copyRowsAction->setShortcut(QKeySequence::Copy);
    m_copyRowsAction->setShortcutContext(Qt::WidgetShortcut);
    QAction *copyBody
        = edit->addAction(tr("Copy Body as &JSON"), m_files, &FileCommands::copyBodyAsJson);
    copyBody->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    QMenu *copyAs = edit->addMenu(tr("&Copy Bytes"));
    const std::pair<QString, BytesFormat> formats[] = {
        {tr("Copy as &Text"), BytesFormat::Text},
        {tr("Copy as &Hex"), BytesFormat::Hex},
        {tr("Copy as &C String"), BytesFormat::CString},
        {tr("Copy as &Base64"), BytesFormat::Base64},
    };
    for (const auto &[label, format] : formats)
        copyAs->addAction(label, this, [this, format = format] { m_files->copyBytes(format); });
    edit->addSeparator();
    m_annotationMenu = new AnnotationMenu(edit, this);
    toolBar->addAction(find);
    toolBar->addSeparator();
}

void MainWindow::createViewMenu(QToolBar *toolBar)
{
    QMenu *menu = menuBar()->addMenu(tr("&View"));
    m_viewMenu = new ViewMenu(menu, toolBar, this);
    connect(m_viewMenu, &ViewMenu::displayModeChosen, this, [this](DetailPane::DisplayMode mode) {
        if (m_view)
            m_view->setDisplayMode(mode);
    });
    connect(m_viewMenu, &ViewMenu::wrapTextToggled, this, [this](bool wrap) {
        if (m_view)
            m_view->detailPane()->setWrapText(wrap);
    });
    connect(m_viewMenu, &ViewMenu::bytesPerRowChosen, this, [this](int width) {
        Settings().setBytesPerRow(width);
        if (m_view)
            m_view->detailPane()->hexView()->setBytesPerRow(width);
    });
    connect(m_viewMenu, &ViewMenu::fontRequested, this, &MainWindow::chooseFont);
    connect(m_viewMenu, &ViewMenu::timeDisplayChosen, this, [this](TimeDisplay display) {
        if (m_view)
            m_view->setTimeDisplay(display);
    });
    connect(m_viewMenu, &ViewMenu::streamToggled, this, [this](Stream stream, bool visible) {
        if (m_view)
            m_view->setStreamVisible(stream, visible);
    });
    connect(m_viewMenu, &ViewMenu::messagesToggled, this, [this](bool messages) {
        setTimelineUnit(messages ? TimelineUnit::Messages : TimelineUnit::Chunks);
    });
    connect(m_viewMenu, &ViewMenu::framingChosen, this, [this](Framing framing) {
        // The menu frames stdin and stdout; stderr (logs, as a rule) keeps its own choice.
        FramingChoice choice = m_framingChoice;
        choice.streams[Stream::Stdin] = framing;
        choice.streams[Stream::Stdout] = framing;
        setFramingChoice(choice);
    });

    m_panels->addMenuActions(menu);
    m_intercept = new InterceptPanel(this);
    addDockWidget(Qt::BottomDockWidgetArea, m_intercept);
    m_intercept->hide();
    QAction *intercept = m_intercept->toggleViewAction();
    intercept->setText(tr("&Intercept"));
    intercept->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    menu->addAction(intercept);
    m_monitor = new SessionsMonitor(this, m_tabs,
                                    [this] { return m_viewMenu->options(m_framingChoice); });
    menu->addAction(m_monitor->toggleAction());
    connect(m_monitor, &SessionsMonitor::viewOpened, this, &MainWindow::addSessionTab);
    connect(m_monitor, &SessionsMonitor::failed, this, &MainWindow::showError);
}

void MainWindow::setSessionView(SessionView *view)
{
    m_panels->setView(nullptr); // they stop reading its messages
    // The old view ends here: its models, its search, and a program it launched.
    if (view) {
        connectView(view);
        view->setTimelineUnit(m_unit);
    }
    m_tabs->replaceCurrent(view);
}

void MainWindow::addSessionTab(SessionView *view)
{
    m_panels->setView(nullptr);
    connectView(view);
    view->showMessagesWhenRpc(); // each tab keeps its own unit from then on
    m_tabs->add(view);
}

// What the window hears from each of its views (the lambdas act on the one on screen).
void MainWindow::connectView(SessionView *view)
{
    connect(view, &SessionView::childStateChanged, this, [this] { m_statusLine->show(m_view); });
    connect(view, &SessionView::rowCountChanged, this, [this] { m_statusLine->show(m_view); });
    connect(view, &SessionView::streamVisibilityChanged, this, &MainWindow::syncActions);
    connect(view->detailPane(), &DetailPane::displayModeRequested, m_viewMenu,
            &ViewMenu::chooseDisplayMode);
    connect(view, &SessionView::timelineUnitChanged, this, &MainWindow::syncActions);
    // Queued: the new launch replaces (deletes) the view that asks for it. Restart means to end
    // a program that still runs: no question.
    connect(view, &SessionView::restartRequested, this, &MainWindow::startProgram,
            Qt::QueuedConnection);
    view->timelineView()->addAction(m_copyRowsAction);
}

// The view on screen changed (a tab chosen, opened or closed): the menus, docks and status line
// follow it.
void MainWindow::showView(SessionView *view)
{
    m_panels->setView(nullptr);
    m_view = view;
    m_files->setView(view);
    m_goMenu->setView(view);
    m_annotationMenu->setView(view);
    m_replayMenu->setView(view);
    m_statusLine->show(view);
    m_intercept->setView(view);
    rebuildChildMenu();
    if (!view) {
        m_pages->setCurrentWidget(m_welcome);
        setWindowTitle(QStringLiteral("pipescope"));
        return;
    }
    m_pages->setCurrentWidget(m_tabs);
    setWindowTitle(QFileInfo(view->store()->path()).fileName() + QStringLiteral(" - pipescope"));
    view->detailPane()->setWrapText(m_viewMenu->wrapsText());
    m_panels->setView(view);
    syncActions(); // the toolbar's toggles say what this view shows, its unit included
}

void MainWindow::closeTab(SessionView *view)
{
    m_tabs->setCurrentWidget(view);
    if (!m_files->mayDiscardAnnotations(tr("Closing the session"))
        || !mayEndLaunchedChild(tr("Closing the session")))
        return;
    endLaunchedChild();
    setSessionView(nullptr);
}

// The toolbar and the View menu say what the view shows, whoever changed it.
void MainWindow::syncActions()
{
    if (!m_view)
        return;
    m_unit = m_view->timelineUnit();
    m_viewMenu->showState(*m_view);
}

void MainWindow::rebuildChildMenu()
{
    m_childMenu->clear();
    InputBar *inputBar = m_view ? m_view->inputBar() : nullptr;
    m_childMenu->setEnabled(inputBar != nullptr);
    if (!inputBar)
        return;
    m_childMenu->addActions({inputBar->sendFileAction(), inputBar->closeInputAction()});
    m_childMenu->addSeparator();
    m_childMenu->addActions(
        {inputBar->interruptAction(), inputBar->terminateAction(), inputBar->killAction()});
    m_childMenu->addSeparator();
    m_childMenu->addAction(inputBar->restartAction());
    m_childMenu->addSeparator();
    m_childMenu->addAction(inputBar->rememberInputAction());
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
    m_unit = unit;
    m_viewMenu->showMessages(unit == TimelineUnit::Messages);
    if (m_view)
        m_view->setTimelineUnit(unit);
    syncActions();
}

void MainWindow::setFramingChoice(const FramingChoice &choice)
{
    m_framingChoice = choice;
    m_viewMenu->showFraming(choice);
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
    return m_files->mayDiscardAnnotations(tr("Launching a program"))
           && mayEndLaunchedChild(tr("Launching a program")) && startProgram(request);
}

bool MainWindow::startProgram(const LaunchRequest &request)
{
    // A program that cannot be found or run is refused here, where the user is looking, rather
    // than in a session (and a session file) that holds nothing but its failure.
    const QString directory
        = request.workingDirectory.isEmpty() ? QDir::currentPath() : request.workingDirectory;
    const LocatedProgram located
        = locateProgram(request.program, directory, QString::fromLocal8Bit(qgetenv("PATH")));
    if (located.path.isEmpty()) {
        showError(tr("Cannot launch"), located.error);
        return false;
    }
    RelayConfig config;
    config.program = request.program;
    config.arguments = request.arguments;
    config.workingDirectory = request.workingDirectory;
    config.extraEnvironment = request.environment;
    config.input = RelayConfig::Input::Window;
    config.parentStdin = config.parentStdout = config.parentStderr = -1;
    // This window started it, not whatever started the window.
    config.startedBy = {QCoreApplication::applicationPid(), QCoreApplication::applicationName()};
    // Breakpoints can be set at any time: the relay frames the traffic from the start.
    auto *interception = new Interception(m_framingChoice);
    config.trafficHandler = interception->factory();
    auto session = std::make_unique<ProxySession>(config);
    interception->setParent(session.get());
    interception->attach(session.get());
    if (!session->start(QString())) {
        showError(tr("Cannot launch"), session->errorString());
        return false;
    }
    endLaunchedChild();
    // A program starts in reads, whatever the session before it showed: a REPL's first output
    // is no protocol.
    m_unit = TimelineUnit::Chunks;
    setSessionView(
        new SessionView(std::move(session), request, m_viewMenu->options(m_framingChoice), m_tabs));
    return true;
}

void MainWindow::showLiveSession(ProxySession *session)
{
    setSessionView(new SessionView(session, m_viewMenu->options(m_framingChoice), m_tabs));
}

void MainWindow::showLiveStore(CaptureStore *store)
{
    setSessionView(new SessionView(store, m_viewMenu->options(m_framingChoice), m_tabs));
}

bool MainWindow::openFile(const QString &path)
{
    auto store = std::make_unique<CaptureStore>();
    const CommandResult loaded = loadSession(store.get(), path);
    if (!loaded.ok) {
        showError(tr("Cannot open session"), loaded.error);
        return false;
    }
    if (!m_files->mayDiscardAnnotations(tr("Opening a session"))
        || !mayEndLaunchedChild(tr("Opening a session")))
        return false;
    endLaunchedChild();
    // A session that speaks JSON-RPC or msgpack-rpc opens in Messages mode, any other in reads.
    m_unit = speaksRpc(*store) ? TimelineUnit::Messages : TimelineUnit::Chunks;
    setSessionView(new SessionView(std::move(store), m_viewMenu->options(m_framingChoice), m_tabs));
    m_recentFiles->add(path);
    if (!loaded.warning.isEmpty())
        showError(tr("Session recovered in part"), loaded.warning);
    return true;
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Session"), QString(),
                                                      FileCommands::sessionFileFilter());
    if (!path.isEmpty())
        openFile(path);
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

ProxySession *MainWindow::runningLaunchedChild() const
{
    ProxySession *launched = m_view && m_view->ownsSession() ? m_view->proxySession() : nullptr;
    return launched && launched->isChildRunning() ? launched : nullptr;
}

bool MainWindow::mayEndLaunchedChild(const QString &action)
{
    return !runningLaunchedChild() || mayEndRunningChild(this, m_view->childState(), action);
}

void MainWindow::endLaunchedChild()
{
    ProxySession *launched = runningLaunchedChild();
    if (!launched)
        return;
    // The session's file gets the child's exit before the session goes. A few seconds at most
    // (ChildStopper); input is held meanwhile, the relay and the timeline go on.
    ChildStopper stopper(launched);
    QEventLoop loop;
    connect(&stopper, &ChildStopper::stopped, &loop, &QEventLoop::quit);
    statusBar()->showMessage(tr("Waiting for the program to end..."));
    stopper.stop();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    statusBar()->clearMessage();
}

// Each tab with marks in no file comes to the front in turn and asks.
bool MainWindow::mayDiscardEveryTabsAnnotations(const QString &action)
{
    for (SessionView *view : m_tabs->views()) {
        if (!view->store()->hasUnsavedAnnotations())
            continue;
        m_tabs->setCurrentWidget(view);
        if (!m_files->mayDiscardAnnotations(action))
            return false;
    }
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_closingStopper && !mayDiscardEveryTabsAnnotations(tr("Quitting"))) {
        event->ignore();
        return;
    }
    Settings().setWindowGeometry(saveGeometry());
    // A program launched in another tab is ended the same way: that tab comes to the front.
    if (!runningLaunchedChild()) {
        for (SessionView *view : m_tabs->views()) {
            if (view->ownsSession() && view->proxySession()->isChildRunning())
                m_tabs->setCurrentWidget(view);
        }
    }
    // A program launched from the window is asked to end (SIGTERM, then SIGKILL), as proxy mode
    // does with its child; the window closes once it has.
    if (runningLaunchedChild() && !m_launchedChildStopped) {
        event->ignore();
        if (!m_closingStopper) {
            if (!mayEndLaunchedChild(tr("Quitting")))
                return;
            m_closingStopper = new ChildStopper(runningLaunchedChild(), this);
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

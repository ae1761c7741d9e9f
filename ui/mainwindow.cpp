#include "mainwindow.h"

#include "bytesformat.h"
#include "capturestore.h"
#include "chunksequence.h"
#include "detailpane.h"
#include "inputbar.h"
#include "launchdialog.h"
#include "messageexporter.h"
#include "messagefilterbar.h"
#include "messagemodel.h"
#include "problemspanel.h"
#include "sessionmessages.h"
#include "statisticspanel.h"
#include "proxysession.h"
#include "searchbar.h"
#include "hexview.h"
#include "sessioncopy.h"
#include "sessionexporter.h"
#include "streambytes.h"
#include "streamstyle.h"
#include "timelinemodel.h"

#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QMimeData>
#include <QtCore/QSaveFile>
#include <QtCore/QSettings>
#include <QtCore/QTimer>
#include <QtGui/QAction>
#include <QtGui/QActionGroup>
#include <QtGui/QCloseEvent>
#include <QtGui/QDragEnterEvent>
#include <QtGui/QDropEvent>
#include <QtGui/QFontDatabase>
#include <QtGui/QFontMetrics>
#include <QtWidgets/QApplication>
#include <QtGui/QClipboard>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QFontDialog>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QVBoxLayout>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QTableView>

namespace {

// "1 problem", "2 problems".
QString countText(qsizetype count, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? one : many);
}

constexpr int maxRecentFiles = 10;
// Panels that summarise all messages (statistics, problems, method counts) refresh this often.
constexpr int panelRefreshMs = 1000;
// The detail pane's bytes for a selection of messages: at most this much.
constexpr qint64 maxMessageSelectionBytes = 64 * 1024 * 1024;
const QString sessionFilter = QStringLiteral("pipescope sessions (*.pcapng);;All files (*)");

QString recentFilesKey()
{
    return QStringLiteral("recentFiles");
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_pages(new QStackedWidget(this))
    , m_timeline(new QTableView(this))
    , m_inputBar(new InputBar(this))
    , m_searchBar(new SearchBar(this))
    , m_search(new StreamSearch(this))
    , m_detail(new DetailPane(this))
    , m_childStatus(new QLabel(this))
    , m_byteCounts(new QLabel(this))
    , m_filePath(new QLabel(this))
    , m_filterBar(new MessageFilterBar(this))
    , m_problemsPanel(new ProblemsPanel(this))
    , m_statisticsPanel(new StatisticsPanel(this))
    , m_panelRefresh(new QTimer(this))
{
    setWindowTitle(QStringLiteral("pipescope"));
    setAcceptDrops(true);

    // A table with fixed row heights: inserting a batch costs the same at a million rows as at
    // ten (QTreeView lays out every row again for each batch: bench/guibench measured it).
    m_timeline->verticalHeader()->hide();
    m_timeline->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_timeline->setShowGrid(false);
    m_timeline->setWordWrap(false);
    m_timeline->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timeline->horizontalHeader()->setHighlightSections(false);
    m_timeline->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_timeline->setItemDelegate(new StreamColorDelegate(m_timeline));
    // The view follows new rows while it is scrolled to the bottom, and stops when the user
    // scrolls up.
    connect(m_timeline->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        m_followTail = value == m_timeline->verticalScrollBar()->maximum();
    });

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_timeline);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *sessionPage = new QWidget(this);
    auto *sessionLayout = new QVBoxLayout(sessionPage);
    sessionLayout->setContentsMargins(0, 0, 0, 0);
    sessionLayout->addWidget(m_searchBar);
    m_searchBar->hide();
    sessionLayout->addWidget(m_filterBar);
    m_filterBar->hide(); // Messages mode only
    sessionLayout->addWidget(splitter, 1);
    sessionLayout->addWidget(m_inputBar);
    m_inputBar->hide(); // only for sessions launched from the window
    m_pages->addWidget(createWelcomePage());
    m_pages->addWidget(sessionPage);
    setCentralWidget(m_pages);

    m_filePath->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_childStatus);
    statusBar()->addWidget(m_byteCounts);
    statusBar()->addPermanentWidget(m_filePath);

    createPanels();
    createActions();
    connectInputBar();
    connectMessagePanels();

    QSettings settings;
    splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    connect(splitter, &QSplitter::splitterMoved, this, [splitter] {
        QSettings().setValue(QStringLiteral("window/splitter"), splitter->saveState());
    });
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1100, 750);

    auto *statusTimer = new QTimer(this);
    connect(statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    statusTimer->start(500);
    updateStatus();
}

MainWindow::~MainWindow()
{
    // The models read the store: they go first, after what shows them.
    m_problemsPanel->setMessages(nullptr);
    m_statisticsPanel->setMessages(nullptr);
    m_filterBar->setMessages(nullptr);
    m_timeline->setModel(nullptr);
    delete m_messageModel;
    delete m_model;
}

void MainWindow::createPanels()
{
    m_problemsDock = new QDockWidget(tr("Problems"), this);
    m_problemsDock->setObjectName(QStringLiteral("problems"));
    m_problemsDock->setWidget(m_problemsPanel);
    m_statisticsDock = new QDockWidget(tr("Statistics"), this);
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
            if (visible) {
                ensureMessageModel();
                refreshMessagePanels();
            }
        });
    }
    m_panelRefresh->setSingleShot(true);
    m_panelRefresh->setInterval(panelRefreshMs);
    connect(m_panelRefresh, &QTimer::timeout, this, &MainWindow::refreshMessagePanels);
}

void MainWindow::connectMessagePanels()
{
    connect(m_problemsPanel, &ProblemsPanel::messageActivated, this, &MainWindow::goToMessage);
    connect(m_statisticsPanel, &StatisticsPanel::messageActivated, this, &MainWindow::goToMessage);
    connect(m_filterBar, &MessageFilterBar::filterChanged, this, &MainWindow::applyMessageFilter);
}

void MainWindow::createActions()
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
    rebuildRecentMenu();
    QAction *save = file->addAction(QIcon(QStringLiteral(":/icons/save.svg")),
                                    tr("Save &As..."), this, &MainWindow::saveAs);
    save->setShortcuts({QKeySequence::Save, QKeySequence::SaveAs});
    file->addAction(tr("Save Selected &Bytes..."), this, &MainWindow::saveBytes);
    QMenu *exportMenu = file->addMenu(QIcon(QStringLiteral(":/icons/export.svg")), tr("&Export"));
    exportMenu->addAction(tr("JSON Lines..."), this,
                          [this] { exportAs(int(ExportFormat::JsonLines), -1); });
    exportMenu->addAction(tr("Text Transcript..."), this,
                          [this] { exportAs(int(ExportFormat::Text), -1); });
    for (Stream stream : {Stream::Stdin, Stream::Stdout, Stream::Stderr}) {
        exportMenu->addAction(tr("Raw %1 Bytes...").arg(QString::fromLatin1(streamName(stream))),
                              this, [this, stream] { exportAs(int(ExportFormat::Raw), int(stream)); });
    }
    file->addSeparator();
    QMenu *child = menuBar()->addMenu(tr("&Child"));
    for (QAction *action : {m_inputBar->sendFileAction(), m_inputBar->closeInputAction(),
                            m_inputBar->interruptAction(), m_inputBar->terminateAction(),
                            m_inputBar->killAction(), m_inputBar->restartAction()})
        child->addAction(action);
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *find = edit->addAction(QIcon(QStringLiteral(":/icons/search.svg")), tr("&Find..."),
                                    m_searchBar, &SearchBar::activate);
    find->setShortcut(QKeySequence::Find);
    QAction *findNext = edit->addAction(tr("Find &Next"), this,
                                        [this] { goToHit(stepHit(m_hits.size(), m_currentHit, SearchDirection::Forward)); });
    findNext->setShortcut(QKeySequence::FindNext);
    QAction *findPrevious = edit->addAction(tr("Find &Previous"), this, [this] {
        goToHit(stepHit(m_hits.size(), m_currentHit, SearchDirection::Backward));
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
        copyAs->addAction(label, this, [this, format] { copyBytes(int(format)); });
    connect(m_searchBar, &SearchBar::searchRequested, this, &MainWindow::startSearch);
    connect(m_searchBar, &SearchBar::nextRequested, findNext, &QAction::trigger);
    connect(m_searchBar, &SearchBar::previousRequested, findPrevious, &QAction::trigger);
    connect(m_searchBar, &SearchBar::filterToggled, this, &MainWindow::applyMatchFilter);
    connect(m_searchBar, &SearchBar::cancelRequested, m_search, &StreamSearch::cancel);
    connect(m_searchBar, &SearchBar::closed, this, &MainWindow::clearSearch);
    connect(m_search, &StreamSearch::progress, m_searchBar, &SearchBar::setProgress);
    connect(m_search, &StreamSearch::finished, this, &MainWindow::searchFinished);
    connect(m_search, &StreamSearch::canceled, this, [this] {
        m_searchBar->setProgress(-1);
        m_searchBar->setStatus(tr("Search canceled"));
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_displayGroup = new QActionGroup(this);
    const std::pair<QString, DetailPane::DisplayMode> modes[] = {
        {tr("&Hex"), DetailPane::DisplayMode::Hex},
        {tr("&Text"), DetailPane::DisplayMode::Text},
        {tr("&Conversation"), DetailPane::DisplayMode::Conversation},
        {tr("Decoded &Message"), DetailPane::DisplayMode::Message},
    };
    const int savedMode = QSettings().value(QStringLiteral("view/displayMode"), 0).toInt();
    int shortcut = 1;
    for (const auto &[label, mode] : modes) {
        QAction *action = view->addAction(label);
        action->setCheckable(true);
        action->setData(int(mode));
        action->setShortcut(QKeySequence(tr("Ctrl+%1").arg(shortcut++)));
        action->setChecked(int(mode) == savedMode);
        m_displayGroup->addAction(action);
    }
    connect(m_displayGroup, &QActionGroup::triggered, this, [this](QAction *action) {
        const auto mode = static_cast<DetailPane::DisplayMode>(action->data().toInt());
        if (mode == DetailPane::DisplayMode::Message) {
            setTimelineUnit(TimelineUnit::Messages); // only messages decode
            m_detail->setDisplayMode(mode);
            return;
        }
        m_detail->setDisplayMode(mode);
        QSettings().setValue(QStringLiteral("view/displayMode"), action->data());
    });
    // Decoded Message is where Messages mode starts, not a mode to come back to.
    m_detail->setDisplayMode(savedMode == int(DetailPane::DisplayMode::Message)
                                 ? DetailPane::DisplayMode::Hex
                                 : static_cast<DetailPane::DisplayMode>(savedMode));
    QAction *wrap = view->addAction(tr("&Wrap Text"));
    wrap->setCheckable(true);
    connect(wrap, &QAction::toggled, m_detail, &DetailPane::setWrapText);
    QMenu *rowWidth = view->addMenu(tr("Hex &Bytes per Row"));
    auto *rowWidthGroup = new QActionGroup(this);
    const int savedWidth = QSettings().value(QStringLiteral("view/bytesPerRow"), 16).toInt();
    for (int width : {8, 16, 32}) {
        QAction *action = rowWidth->addAction(QString::number(width), this,
                                              [this, width] { setBytesPerRow(width); });
        action->setCheckable(true);
        action->setChecked(width == savedWidth);
        rowWidthGroup->addAction(action);
    }
    setBytesPerRow(savedWidth);
    view->addAction(tr("&Font..."), this, &MainWindow::chooseFont);
    const QString savedFont = QSettings().value(QStringLiteral("view/font")).toString();
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (!savedFont.isEmpty())
        font.fromString(savedFont);
    setTimelineFont(font);
    m_detail->setFont(font);
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
        if (m_model)
            m_model->setTimeDisplay(static_cast<TimeDisplay>(action->data().toInt()));
    });
    view->addSeparator();

    QToolBar *toolBar = addToolBar(tr("Streams"));
    toolBar->setObjectName(QStringLiteral("streams"));
    toolBar->addAction(launchAction);
    toolBar->addAction(open);
    toolBar->addAction(save);
    toolBar->addAction(find);
    toolBar->addSeparator();
    for (int i = 0; i < streamCount; ++i) {
        const auto stream = static_cast<Stream>(i);
        QAction *toggle = view->addAction(tr("Show %1").arg(QString::fromLatin1(streamName(stream))));
        m_streamToggles[size_t(i)] = toggle;
        toggle->setCheckable(true);
        toggle->setChecked(true);
        toggle->setToolTip(tr("Show or hide %1 rows").arg(QString::fromLatin1(streamName(stream))));
        toggle->setIconText(QString::fromLatin1(streamName(stream)));
        connect(toggle, &QAction::toggled, this, [this, stream](bool visible) {
            if (m_model)
                m_model->setStreamVisible(stream, visible);
            if (m_messageModel)
                m_messageModel->setStreamVisible(stream, visible);
            updateConversationStreams();
        });
        toolBar->addAction(toggle);
    }
    createMessageActions(view, toolBar);
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Messages as JSON Lines..."), this, [this] {
        const QString target = QFileDialog::getSaveFileName(this, tr("Export Messages"));
        if (!target.isEmpty() && exportMessages(target))
            statusBar()->showMessage(tr("Exported %1").arg(target), 5000);
    });
}

void MainWindow::createMessageActions(QMenu *view, QToolBar *toolBar)
{
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
        choice.streams[size_t(Stream::Stdin)] = framing;
        choice.streams[size_t(Stream::Stdout)] = framing;
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

void MainWindow::setFramingChoice(const FramingChoice &choice)
{
    m_framingChoice = choice;
    const Framing shown = choice.forStream(Stream::Stdin) == choice.forStream(Stream::Stdout)
                              ? choice.forStream(Stream::Stdin)
                              : Framing::Auto;
    for (QAction *action : m_framingGroup->actions())
        action->setChecked(action->data().toInt() == int(shown));
    if (!m_messageModel)
        return;
    m_messageModel->setFramingChoice(choice);
    // The model decodes anew into new messages: what shows them starts over.
    m_filterBar->setMessages(&m_messageModel->messages());
    m_problemsPanel->setMessages(&m_messageModel->messages());
    m_statisticsPanel->setMessages(&m_messageModel->messages());
    applyMessageFilter();
}

void MainWindow::setTimelineUnit(TimelineUnit unit)
{
    if (m_messagesAction->isChecked() != (unit == TimelineUnit::Messages))
        m_messagesAction->setChecked(unit == TimelineUnit::Messages); // calls us back
    if (unit == m_unit)
        return;
    // What was selected stays selected: a message's chunks, or the messages in the chunks.
    const QList<qsizetype> records = selectedRecords();
    m_unit = unit;
    m_filterBar->setVisible(unit == TimelineUnit::Messages);
    if (unit == TimelineUnit::Messages && m_messageModel)
        m_filterBar->refresh();
    const auto savedMode = static_cast<DetailPane::DisplayMode>(
        QSettings().value(QStringLiteral("view/displayMode"), 0).toInt());
    if (unit == TimelineUnit::Messages) {
        ensureMessageModel();
        if (m_messageModel)
            setTimelineModel(m_messageModel);
        m_detail->setDisplayMode(DetailPane::DisplayMode::Message);
    } else {
        if (m_model)
            setTimelineModel(m_model);
        m_detail->setDisplayMode(savedMode);
    }
    for (QAction *action : m_displayGroup->actions()) {
        action->setChecked(action->data().toInt() == int(m_detail->displayMode()));
    }
    applyMatchFilter();
    selectRecords(records);
}

void MainWindow::setTimelineModel(QAbstractItemModel *model)
{
    // The view makes a selection model per model and leaves the old one to us.
    QItemSelectionModel *oldSelection = m_timeline->selectionModel();
    m_timeline->setModel(model);
    delete oldSelection;
    if (!model)
        return;
    connect(m_timeline->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::showSelection);
    QHeaderView *header = m_timeline->horizontalHeader();
    header->setStretchLastSection(true);
    if (model == m_model) {
        header->resizeSection(TimelineModel::NumberColumn, 80);
        header->resizeSection(TimelineModel::TimeColumn, 130);
        header->resizeSection(TimelineModel::StreamColumn, 100);
        header->resizeSection(TimelineModel::LengthColumn, 80);
    } else {
        header->resizeSection(MessageModel::NumberColumn, 80);
        header->resizeSection(MessageModel::TimeColumn, 130);
        header->resizeSection(MessageModel::StreamColumn, 100);
        header->resizeSection(MessageModel::KindColumn, 130);
        header->resizeSection(MessageModel::IdColumn, 70);
        header->resizeSection(MessageModel::MethodColumn, 280);
        header->resizeSection(MessageModel::SizeColumn, 80);
    }
    m_detail->setSource(nullptr);
    m_detail->setMessage(QByteArray(), QByteArray(), Framing::Raw);
    followTail();
}

void MainWindow::ensureMessageModel()
{
    if (m_messageModel || !m_store)
        return;
    m_messageModel = new MessageModel(m_store, m_framingChoice, this);
    if (auto *checked = m_timeGroup->checkedAction())
        m_messageModel->setTimeDisplay(static_cast<TimeDisplay>(checked->data().toInt()));
    for (int i = 0; i < streamCount; ++i) {
        const auto stream = static_cast<Stream>(i);
        m_messageModel->setStreamVisible(stream, m_model->isStreamVisible(stream));
    }
    m_messageModel->setLive(m_storeGrowing);
    connect(m_messageModel, &QAbstractItemModel::rowsInserted, this, &MainWindow::followTail);
    connect(m_messageModel, &MessageModel::messagesChanged, this, [this] {
        m_filterBar->countNewMessages(); // a batch at a time: a refresh need not count them all
        if (!m_pendingRecords.isEmpty() && m_unit == TimelineUnit::Messages)
            selectRecords(m_pendingRecords);
        if (!m_panelRefresh->isActive())
            m_panelRefresh->start();
    });
    connect(m_messageModel, &MessageModel::decodingComplete, this,
            &MainWindow::refreshMessagePanels);
    m_filterBar->setMessages(&m_messageModel->messages());
    m_problemsPanel->setMessages(&m_messageModel->messages());
    m_statisticsPanel->setMessages(&m_messageModel->messages());
}

void MainWindow::refreshMessagePanels()
{
    if (!m_messageModel)
        return;
    // The panels' refreshes read every message: only what is on screen does it (a panel
    // refreshes when it is shown).
    if (m_filterBar->isVisible())
        m_filterBar->refresh();
    if (m_problemsDock->isVisible())
        m_problemsPanel->refresh();
    if (m_statisticsDock->isVisible())
        m_statisticsPanel->refresh();
    updateStatus();
}

void MainWindow::applyMessageFilter()
{
    if (!m_messageModel)
        return;
    MessageFilter filter = m_filterBar->filter();
    if (m_searchBar->isFilterOn() && !m_searchBar->text().isEmpty())
        filter.rows = messagesWithHits();
    m_messageModel->setFilter(filter);
}

QList<qsizetype> MainWindow::messagesWithHits() const
{
    QList<qsizetype> rows;
    for (const SearchHit &hit : m_hits) {
        rows += m_messageModel->messages().rowsTouching(hit.stream, hit.match.offset,
                                                        hit.match.offset + hit.match.length);
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

void MainWindow::goToMessage(qsizetype messageRow)
{
    setTimelineUnit(TimelineUnit::Messages);
    if (!m_messageModel)
        return;
    if (m_messageModel->rowOfMessage(messageRow) < 0) {
        // Hidden by a filter: show everything rather than nothing.
        m_filterBar->reset();
        m_searchBar->setFilterOn(false);
        MessageFilter filter;
        m_messageModel->setFilter(filter);
        for (int i = 0; i < streamCount; ++i)
            m_messageModel->setStreamVisible(static_cast<Stream>(i), true);
    }
    const int row = m_messageModel->rowOfMessage(messageRow);
    if (row < 0)
        return;
    m_followTail = false;
    const QModelIndex index = m_messageModel->index(row, 0);
    m_timeline->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect
                                                             | QItemSelectionModel::Rows);
    m_timeline->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

bool MainWindow::exportMessages(const QString &path)
{
    if (!m_store)
        return false;
    // A decoding of its own, complete for a saved session, as far as it goes for a live one.
    SessionMessages messages(m_store, m_framingChoice);
    if (m_storeGrowing)
        messages.decodeMore(m_store->count());
    else
        messages.decodeAll();
    QSaveFile output(path);
    MessageExporter exporter(&messages);
    if (!output.open(QIODevice::WriteOnly) || !exporter.write(&output) || !output.commit()) {
        showError(tr("Cannot export"), exporter.errorString().isEmpty() ? output.errorString()
                                                                       : exporter.errorString());
        return false;
    }
    return true;
}

void MainWindow::setStore(CaptureStore *store, bool live)
{
    m_problemsPanel->setMessages(nullptr);
    m_statisticsPanel->setMessages(nullptr);
    m_filterBar->setMessages(nullptr);
    setTimelineModel(nullptr);
    delete m_messageModel;
    m_messageModel = nullptr;
    delete m_model;
    m_store = store;
    m_storeGrowing = live;
    m_model = new TimelineModel(store, this);
    if (auto *checked = m_timeGroup->checkedAction())
        m_model->setTimeDisplay(static_cast<TimeDisplay>(checked->data().toInt()));
    m_model->setLive(live);
    for (int i = 0; i < streamCount; ++i) {
        const auto stream = static_cast<Stream>(i);
        m_model->setStreamVisible(stream, m_streamToggles.at(size_t(i))->isChecked());
    }
    if (m_unit == TimelineUnit::Messages || m_problemsDock->isVisible()
        || m_statisticsDock->isVisible()) {
        ensureMessageModel();
    }
    setTimelineModel(m_unit == TimelineUnit::Messages ? static_cast<QAbstractItemModel *>(m_messageModel)
                                                       : m_model);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::followTail);
    connect(m_model, &QAbstractItemModel::rowsInserted, m_detail, &DetailPane::updateConversation);
    updateConversationStreams();
    m_detail->setSource(nullptr);
    m_pages->setCurrentIndex(1);
    m_search->cancel();
    m_hits.clear();
    m_currentHit = -1;
    m_searchBar->setStatus(QString());
    m_filePath->setText(store->path());
    setWindowTitle(QFileInfo(store->path()).fileName() + QStringLiteral(" - pipescope"));
    updateStatus();
}

void MainWindow::showLiveStore(CaptureStore *store)
{
    setStore(store, true);
}

QWidget *MainWindow::createWelcomePage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    auto *title = new QLabel(tr("<h2>pipescope</h2><p>Launch a program and talk to it, or open a "
                                "saved session. To watch a program that something else starts, "
                                "put <tt>pipescope --</tt> in front of its command line.</p>"),
                             page);
    title->setWordWrap(true);
    layout->addWidget(title);
    auto *buttons = new QHBoxLayout;
    auto *launchButton = new QPushButton(QIcon(QStringLiteral(":/icons/launch.svg")),
                                         tr("Launch Program..."), page);
    auto *openButton = new QPushButton(QIcon(QStringLiteral(":/icons/open.svg")),
                                       tr("Open Session..."), page);
    connect(launchButton, &QPushButton::clicked, this, &MainWindow::showLaunchDialog);
    connect(openButton, &QPushButton::clicked, this, &MainWindow::openDialog);
    buttons->addWidget(launchButton);
    buttons->addWidget(openButton);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addWidget(new QLabel(tr("Recent sessions:"), page));
    m_welcomeRecent = new QListWidget(page);
    connect(m_welcomeRecent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { openFile(item->text()); });
    layout->addWidget(m_welcomeRecent, 2);
    layout->addStretch(1);
    page->setMaximumWidth(900);
    rebuildRecentMenu();
    return page;
}

void MainWindow::startSearch()
{
    if (!m_store)
        return;
    QString error;
    const auto pattern = SearchPattern::parse(m_searchBar->text(), m_searchBar->mode(),
                                              m_searchBar->caseSensitivity(), &error);
    if (!pattern) {
        m_search->cancel();
        m_hits.clear();
        m_currentHit = -1;
        m_searchBar->setStatus(error, !error.isEmpty());
        m_searchBar->setProgress(-1);
        applyMatchFilter();
        m_detail->setHighlight(0, 0);
        return;
    }
    // Each stream is searched as one sequence of bytes: a match may straddle two reads. The
    // sequences are built by the search's worker thread.
    QList<StreamSearchSource> sources;
    for (Stream stream : {Stream::Stdin, Stream::Stdout, Stream::Stderr}) {
        auto bytes = std::make_shared<const StreamBytes>(m_store, stream);
        // Shares ownership of `bytes`, points at its sequence (built by then, see searchFinished).
        m_searchStreams[size_t(stream)] = bytes;
        sources.append({int(stream), bytes});
    }
    m_searchBar->setStatus(tr("Searching..."));
    m_searchBar->setProgress(0);
    m_search->start(*pattern, sources);
}

void MainWindow::searchFinished(const StreamSearchResults &results)
{
    m_searchBar->setProgress(-1);
    // The worker read every stream, so their sequences exist: point at them.
    for (size_t i = 0; i < m_searchStreams.size(); ++i) {
        const auto &bytes = m_searchStreams[i];
        m_searchSequences[i] = std::shared_ptr<const ChunkSequence>(bytes, &bytes->sequence());
    }
    m_hits = searchHits(results, m_searchSequences);
    m_currentHit = -1;
    applyMatchFilter();
    if (m_hits.isEmpty()) {
        m_searchBar->setStatus(tr("No matches"));
        m_detail->setHighlight(0, 0);
        return;
    }
    // Start at the first match at or after the selected row.
    const QModelIndex current = m_timeline->currentIndex();
    qsizetype from = 0;
    if (current.isValid() && m_unit == TimelineUnit::Chunks) {
        from = m_model->recordIndex(current.row());
    } else if (current.isValid() && m_messageModel) {
        const QList<qsizetype> records = m_messageModel->messages().recordsOf(
            m_messageModel->messageRow(current.row()));
        from = records.isEmpty() ? 0 : records.first();
    }
    const auto it = std::find_if(m_hits.cbegin(), m_hits.cend(),
                                 [from](const SearchHit &hit) { return hit.lastRecord >= from; });
    goToHit(it == m_hits.cend() ? 0 : it - m_hits.cbegin());
    if (results.truncated) {
        m_searchBar->setStatus(tr("%1 of the first %2 matches (the search stops there)")
                                   .arg(m_currentHit + 1)
                                   .arg(m_hits.size()));
    }
}

void MainWindow::goToHit(qsizetype index)
{
    if (index < 0 || index >= m_hits.size())
        return;
    m_currentHit = index;
    const SearchHit &hit = m_hits.at(index);
    if (m_unit == TimelineUnit::Messages && m_messageModel) {
        // The messages holding the match; the detail pane's bytes start at the first one.
        const SessionMessages &messages = m_messageModel->messages();
        const QList<qsizetype> rows = messages.rowsTouching(hit.stream, hit.match.offset,
                                                            hit.match.offset + hit.match.length);
        QList<int> timelineRows;
        for (const qsizetype messageRow : rows)
            timelineRows.append(m_messageModel->rowOfMessage(messageRow));
        selectTimelineRows(timelineRows); // the match's messages, not their partners
        if (!rows.isEmpty())
            m_detail->setHighlight(hit.match.offset - messages.log().at(rows.first()).begin,
                                   hit.match.length);
        m_searchBar->setStatus(tr("%1 of %2").arg(index + 1).arg(m_hits.size()));
        return;
    }
    const auto &sequence = m_searchSequences.at(size_t(hit.stream));
    // Select the match's records of its own stream only, so the detail pane's bytes are the
    // stream's bytes around the match, and highlight the match in them.
    QList<int> rows;
    for (qsizetype position = hit.firstPosition; position <= hit.lastPosition; ++position)
        rows.append(m_model->rowOfRecord(sequence->recordIndex(position)));
    selectTimelineRows(rows);
    m_detail->setHighlight(hit.match.offset - sequence->startOf(hit.firstPosition), hit.match.length);
    m_searchBar->setStatus(tr("%1 of %2").arg(index + 1).arg(m_hits.size()));
}

// Selects these rows of the timeline (-1s are skipped) and shows the first. The window's own
// selection: partners are not added to it.
void MainWindow::selectTimelineRows(const QList<int> &rows)
{
    QAbstractItemModel *model = m_timeline->model();
    QItemSelection selection;
    for (const int row : rows) {
        if (row >= 0)
            selection.select(model->index(row, 0), model->index(row, model->columnCount() - 1));
    }
    m_selectingRows = true;
    m_timeline->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    m_selectingRows = false;
    if (selection.isEmpty())
        return;
    m_followTail = false;
    m_timeline->selectionModel()->setCurrentIndex(selection.first().topLeft(),
                                                  QItemSelectionModel::NoUpdate);
    m_timeline->scrollTo(selection.first().topLeft());
}

// The store records behind the timeline's selection: the selected chunks, or the chunks that
// carried the selected messages.
QList<qsizetype> MainWindow::selectedRecords() const
{
    QList<qsizetype> records;
    if (!m_timeline->selectionModel())
        return records;
    for (const QModelIndex &row : m_timeline->selectionModel()->selectedRows()) {
        if (m_unit == TimelineUnit::Messages && m_messageModel)
            records += m_messageModel->messages().recordsOf(m_messageModel->messageRow(row.row()));
        else if (m_unit == TimelineUnit::Chunks && m_model)
            records.append(m_model->recordIndex(row.row()));
    }
    std::sort(records.begin(), records.end());
    records.erase(std::unique(records.begin(), records.end()), records.end());
    return records;
}

// Selects what holds these records in the current unit: the chunks themselves, or the messages
// their bytes belong to. Messages not decoded yet are selected once they are, unless another
// selection is made first.
void MainWindow::selectRecords(QList<qsizetype> records) // a copy: m_pendingRecords is cleared
{
    m_pendingRecords.clear();
    if (records.isEmpty())
        return;
    QList<int> rows;
    if (m_unit == TimelineUnit::Chunks) {
        for (const qsizetype record : records)
            rows.append(m_model->rowOfRecord(record));
        selectTimelineRows(rows);
        return;
    }
    if (!m_messageModel)
        return;
    const SessionMessages &messages = m_messageModel->messages();
    QList<qsizetype> messageRows;
    for (const qsizetype record : records)
        messageRows += messages.rowsOfRecord(record);
    const bool decoded = records.last() < messages.decodedRecords()
                         && (messageRows.isEmpty() || m_messageModel->isPublished(messageRows.last()));
    if (!decoded && !m_messageModel->isComplete()) {
        m_pendingRecords = records;
        return;
    }
    for (const qsizetype messageRow : messageRows)
        rows.append(m_messageModel->rowOfMessage(messageRow));
    selectTimelineRows(rows);
}

void MainWindow::applyMatchFilter()
{
    if (m_unit == TimelineUnit::Messages) {
        applyMessageFilter();
        return;
    }
    if (!m_model)
        return;
    if (m_searchBar->isFilterOn() && !m_searchBar->text().isEmpty())
        m_model->setRecordFilter(recordsWithHits(m_hits, m_searchSequences));
    else
        m_model->setRecordFilter(std::nullopt);
}

void MainWindow::clearSearch()
{
    m_search->cancel();
    m_hits.clear();
    m_currentHit = -1;
    applyMatchFilter();
    m_detail->setHighlight(0, 0);
}

void MainWindow::copyBytes(int format)
{
    // The clipboard gets at most this much: enough for any paste, not a way to copy a capture.
    constexpr qint64 maxCopyBytes = 16 * 1024 * 1024;
    const QByteArray bytes = m_detail->chosenBytes(maxCopyBytes);
    if (bytes.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(
        QString::fromUtf8(formatBytes(bytes, static_cast<BytesFormat>(format))));
    statusBar()->showMessage(tr("Copied %1 bytes").arg(bytes.size()), 3000);
}

void MainWindow::saveBytes()
{
    if (!m_detail->currentSource())
        return;
    const QString target = QFileDialog::getSaveFileName(this, tr("Save Selected Bytes"));
    if (!target.isEmpty())
        saveSelectedBytes(target);
}

bool MainWindow::saveSelectedBytes(const QString &path)
{
    const ByteSource *source = m_detail->currentSource();
    if (!source)
        return false;
    // Exactly the selected rows' bytes, concatenated; written whole or not at all.
    QSaveFile output(path);
    bool ok = output.open(QIODevice::WriteOnly);
    constexpr qint64 block = 4 * 1024 * 1024;
    for (qint64 offset = 0; ok && offset < source->size(); offset += block) {
        const QByteArray bytes = source->read(offset, block);
        ok = output.write(bytes) == bytes.size();
    }
    if (!ok || !output.commit()) {
        showError(tr("Cannot save bytes"), output.errorString());
        return false;
    }
    statusBar()->showMessage(tr("Saved %1 bytes to %2").arg(source->size()).arg(path), 5000);
    return true;
}

void MainWindow::chooseFont()
{
    bool ok = false;
    const QFont font = QFontDialog::getFont(&ok, m_timeline->font(), this, tr("Font"),
                                            QFontDialog::MonospacedFonts);
    if (!ok)
        return;
    setTimelineFont(font);
    m_detail->setFont(font);
    QSettings().setValue(QStringLiteral("view/font"), font.toString());
}

void MainWindow::setTimelineFont(const QFont &font)
{
    m_timeline->setFont(font);
    m_timeline->verticalHeader()->setDefaultSectionSize(QFontMetrics(font).height() + 4);
}

void MainWindow::setBytesPerRow(int bytesPerRow)
{
    m_detail->hexView()->setBytesPerRow(bytesPerRow);
    QSettings().setValue(QStringLiteral("view/bytesPerRow"), bytesPerRow);
}

void MainWindow::updateConversationStreams()
{
    std::array<bool, streamCount> visible{};
    for (int i = 0; i < streamCount; ++i)
        visible[size_t(i)] = !m_model || m_model->isStreamVisible(static_cast<Stream>(i));
    m_detail->setConversation(m_store, visible);
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
    m_lastLaunch = request;
    // The previous session (and its child, if still running) ends once nothing reads it.
    std::swap(m_launchedSession, session);
    showLiveSession(m_launchedSession.get());
    session.reset();
    m_inputBar->setState(InputBar::State::Running);
    m_inputBar->show();
    m_inputBar->lineEdit()->setFocus();
    return true;
}

void MainWindow::connectInputBar()
{
    connect(m_inputBar, &InputBar::sendRequested, this, [this](const QByteArray &bytes) {
        if (m_launchedSession)
            m_launchedSession->sendInput(bytes);
    });
    connect(m_inputBar, &InputBar::closeInputRequested, this, [this] {
        if (m_launchedSession)
            m_launchedSession->closeInput();
        m_inputBar->setState(InputBar::State::InputClosed);
    });
    connect(m_inputBar, &InputBar::signalRequested, this, [this](ProcessSignal signal) {
        if (m_launchedSession)
            m_launchedSession->signalChild(signal);
    });
    connect(m_inputBar, &InputBar::restartRequested, this, [this] { launch(m_lastLaunch); });
}

void MainWindow::showLiveSession(ProxySession *session)
{
    m_session = session;
    showLiveStore(&session->store());
    m_childState = tr("starting");
    connect(session, &ProxySession::childStarted, this, &MainWindow::onChildStarted,
            Qt::QueuedConnection);
    connect(session, &ProxySession::finished, this, &MainWindow::onChildFinished);
    // In proxy mode the child usually started before the window existed.
    if (session->childPid() > 0)
        onChildStarted(session->childPid());
}

bool MainWindow::openFile(const QString &path)
{
    auto store = std::make_unique<CaptureStore>();
    if (!store->load(path)) {
        showError(tr("Cannot open session"), store->errorString());
        return false;
    }
    // The old store stays alive until the model that reads it is gone.
    std::swap(m_loadedStore, store);
    setStore(m_loadedStore.get(), false);
    store.reset();
    m_childState = tr("saved session");
    m_inputBar->hide();
    addRecentFile(path);
    if (!m_loadedStore->warning().isEmpty())
        showError(tr("Session recovered in part"), m_loadedStore->warning());
    return true;
}

void MainWindow::showSelection()
{
    if (!m_selectingRows)
        m_pendingRecords.clear(); // the user's choice wins over a selection still to be made
    if (m_unit == TimelineUnit::Messages) {
        if (!m_selectingRows)
            selectPartner();
        showMessageSelection();
        return;
    }
    QList<qsizetype> records;
    const QModelIndexList rows = m_timeline->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        records.append(m_model->recordIndex(row.row()));
    std::sort(records.begin(), records.end());
    m_detail->setSource(records.isEmpty()
                            ? nullptr
                            : std::make_shared<ChunkSequence>(m_store, std::move(records)));
}

// A request and its response go together: selecting one selects the other as well.
void MainWindow::selectPartner()
{
    QItemSelectionModel *selection = m_timeline->selectionModel();
    const QModelIndexList selected = selection->selectedRows();
    if (selected.size() != 1)
        return;
    const qint32 partner =
        m_messageModel->messages().log().at(m_messageModel->messageRow(selected.first().row())).partner;
    const int partnerRow = partner >= 0 ? m_messageModel->rowOfMessage(partner) : -1;
    if (partnerRow < 0)
        return;
    m_selectingRows = true;
    selection->select(m_messageModel->index(partnerRow, 0),
                      QItemSelectionModel::Select | QItemSelectionModel::Rows);
    m_selectingRows = false;
}

void MainWindow::showMessageSelection()
{
    if (!m_messageModel)
        return;
    QItemSelectionModel *selection = m_timeline->selectionModel();
    const SessionMessages &messages = m_messageModel->messages();
    QList<qsizetype> rows;
    for (const QModelIndex &index : selection->selectedRows())
        rows.append(m_messageModel->messageRow(index.row()));
    std::sort(rows.begin(), rows.end());
    // Hex and Text show the selected messages' bytes, one after the other.
    QByteArray bytes;
    for (const qsizetype row : std::as_const(rows)) {
        if (bytes.size() >= maxMessageSelectionBytes)
            break;
        bytes += messages.bytes(row, maxMessageSelectionBytes - bytes.size());
    }
    m_detail->setSource(rows.isEmpty() ? nullptr : std::make_shared<MemoryByteSource>(bytes));
    // Decoded Message shows the one the user picked (the current row), or else the first.
    const QModelIndex current = selection->currentIndex();
    qsizetype shown = -1;
    if (current.isValid() && selection->isRowSelected(current.row()))
        shown = m_messageModel->messageRow(current.row());
    else if (!rows.isEmpty())
        shown = rows.first();
    if (shown < 0) {
        m_detail->setMessage(QByteArray(), QByteArray(), Framing::Raw);
        return;
    }
    const MessageRecord &record = messages.log().at(shown);
    m_detail->setMessage(messages.header(shown), messages.body(shown),
                         record.kind == MessageKind::Unframed
                             ? Framing::Raw
                             : messages.framing(record.stream).value_or(Framing::Raw));
}

void MainWindow::followTail()
{
    if (m_followTail)
        m_timeline->scrollToBottom();
}

void MainWindow::updateStatus()
{
    QString state = m_childState.isEmpty() ? tr("No session") : m_childState;
    // The relay goes on when the disk fills; what is shown after this point is not in the file.
    if (m_store && m_store->failed())
        state += tr(" · recording stopped: %1").arg(m_store->errorString());
    m_childStatus->setText(state);
    if (!m_store)
        return;
    qint64 total = 0;
    for (Stream stream : {Stream::Stdin, Stream::Stdout, Stream::Stderr})
        total += m_store->streamBytes(stream);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QString rate;
    if (m_store->isLive() && m_lastStatusMs > 0 && nowMs > m_lastStatusMs)
        rate = tr(" · %1/s").arg(locale().formattedDataSize((total - m_lastTotalBytes) * 1000
                                                            / (nowMs - m_lastStatusMs)));
    m_lastTotalBytes = total;
    m_lastStatusMs = nowMs;
    QString messages;
    if (m_messageModel) {
        const MessageLog &log = m_messageModel->messages().log();
        messages = QStringLiteral(" · ") + countText(log.count(), tr("message"), tr("messages"))
                   + QStringLiteral(" · ")
                   + countText(log.problems().size(), tr("problem"), tr("problems"));
    }
    m_byteCounts->setText(tr("stdin %1 B · stdout %2 B · stderr %3 B · %4 records%5%6")
                              .arg(m_store->streamBytes(Stream::Stdin))
                              .arg(m_store->streamBytes(Stream::Stdout))
                              .arg(m_store->streamBytes(Stream::Stderr))
                              .arg(m_store->count())
                              .arg(messages, rate));
}

void MainWindow::onChildStarted(qint64 pid)
{
    m_childState = tr("running, pid %1").arg(pid);
    updateStatus();
}

void MainWindow::onChildFinished(ChildExit exit)
{
    const SessionEvent event = SessionEvent::exited(exit.kind, exit.value);
    m_childState = m_session && !m_session->errorString().isEmpty() ? m_session->errorString()
                                                                    : event.summary();
    m_inputBar->setState(InputBar::State::Exited);
    // Nothing more will come: the message view can call open requests unanswered.
    m_storeGrowing = false;
    if (m_messageModel)
        m_messageModel->setLive(false);
    updateStatus();
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Session"), QString(),
                                                      sessionFilter);
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::saveAs()
{
    if (!m_store)
        return;
    const QString target = QFileDialog::getSaveFileName(this, tr("Save Session As"), QString(),
                                                        sessionFilter);
    if (!target.isEmpty() && saveSessionAs(target))
        statusBar()->showMessage(tr("Saved %1").arg(target), 5000);
}

bool MainWindow::saveSessionAs(const QString &target)
{
    // A copy of the file as it is now; a live session keeps recording to its own file.
    if (m_store->isLive())
        m_store->flushAndWait();
    QSaveFile output(target);
    if (!output.open(QIODevice::WriteOnly)) {
        showError(tr("Cannot save session"), output.errorString());
        return false;
    }
    output.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QString error;
    // A recording that stopped early (a full disk) left a file without the last records shown:
    // those are written out from the store instead.
    const bool written = m_store->isLive() && m_store->failed()
                             ? writeSessionFromRecords(*m_store, &output, &error)
                             : copySessionFile(m_store->path(), &output, &error);
    if (!written || !output.commit()) {
        showError(tr("Cannot save session"), written ? output.errorString() : error);
        return false;
    }
    addRecentFile(target);
    return true;
}

void MainWindow::exportAs(int format, int stream)
{
    if (!m_store)
        return;
    const QString target = QFileDialog::getSaveFileName(this, tr("Export Session"));
    if (target.isEmpty())
        return;
    if (m_store->isLive())
        m_store->flushAndWait();
    ExportOptions options;
    options.format = static_cast<ExportFormat>(format);
    if (stream >= 0)
        options.stream = static_cast<Stream>(stream);
    QFile input(m_store->path());
    QSaveFile output(target);
    if (!input.open(QIODevice::ReadOnly) || !output.open(QIODevice::WriteOnly)) {
        showError(tr("Cannot export"), input.isOpen() ? output.errorString() : input.errorString());
        return;
    }
    SessionExporter exporter(options);
    if (!exporter.run(&input, &output) || !output.commit()) {
        showError(tr("Cannot export"), exporter.errorString().isEmpty() ? output.errorString()
                                                                       : exporter.errorString());
        return;
    }
    statusBar()->showMessage(tr("Exported %1").arg(target), 5000);
}

void MainWindow::addRecentFile(const QString &path)
{
    QSettings settings;
    QStringList files = settings.value(recentFilesKey()).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    settings.setValue(recentFilesKey(), files.mid(0, maxRecentFiles));
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return; // not created yet
    m_recentMenu->clear();
    const QStringList files = QSettings().value(recentFilesKey()).toStringList();
    for (const QString &path : files)
        m_recentMenu->addAction(path, this, [this, path] { openFile(path); });
    m_recentMenu->setEnabled(!files.isEmpty());
    if (m_welcomeRecent) {
        m_welcomeRecent->clear();
        m_welcomeRecent->addItems(files);
    }
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
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
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

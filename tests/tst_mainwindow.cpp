// The window, offscreen: a saved session and a live one as a user would see them.
#include "capture/bytesource.h"
#include "capture/capturestore.h"
#include "capture/sessionevent.h"
#include "capture/sessionsummary.h"
#include "detailpane.h"
#include "filecommands.h"
#include "filterbar.h"
#include "flowgraph.h"
#include "helpers/dialogs.h"
#include "helpers/lsp.h"
#include "hexview.h"
#include "inputbar.h"
#include "jsontextview.h"
#include "mainwindow.h"
#include "markspanel.h"
#include "messagebodyview.h"
#include "messagefilterbar.h"
#include "messagepanels.h"
#include "messages/sessionmessages.h"
#include "models/messagemodel.h"
#include "models/timelinemodel.h"
#include "platform/fdio.h"
#include "problemspanel.h"
#include "relay/proxysession.h"
#include "searchbar.h"
#include "sessionannotations.h"
#include "sessionnavigator.h"
#include "sessionview.h"
#include "settings.h"
#include "statisticspanel.h"
#include "testconfig.h"
#include "testutils.h"
#include "trafficstrip.h"
#include "wine.h"

#include <QtCore/QFileInfo>
#include <QtCore/QMimeData>
#include <QtCore/QTemporaryDir>
#include <QtCore/QUrl>
#include <QtGui/QClipboard>
#include <QtTest>
#include <QtWidgets/QAbstractItemView>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QCompleter>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabBar>
#include <QtWidgets/QTableView>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QTreeWidget>

#include <cstring>

#ifdef Q_OS_UNIX
#include <csignal>

#include <sys/resource.h>
#endif

using namespace testutils;

Q_DECLARE_METATYPE(MainWindow::TimelineUnit)

namespace {

constexpr qint64 startNs = 1'700'000'000'000'000'000;

QString writeSession(const QString &path, int extraRows = 0)
{
    CaptureStore store;
    store.create(path, QStringLiteral("pipescope session: prog"), PrivateFileCreation::NewFileOnly);
    store.append(Stream::Stdin, startNs, "ping\n", 5);
    store.append(Stream::Stdout, startNs + 1000, "pong\n", 5);
    store.append(Stream::Stderr, startNs + 2000, "oops\n", 5);
    for (int i = 0; i < extraRows; ++i)
        store.append(Stream::Stdout, startNs + 3000 + i, "row\n", 4);
    return path;
}

// A language server's session: a banner on stdout, two requests (one answered, one not) and a
// notification.
QString writeLspSession(const QString &path)
{
    CaptureStore store;
    store.create(path, QStringLiteral("pipescope session: server"),
                 PrivateFileCreation::NewFileOnly);
    const auto add = [&store](Stream stream, qint64 atNs, const QByteArray &bytes) {
        store.append(stream, startNs + atNs, bytes.constData(), bytes.size());
    };
    add(Stream::Stdout, 0, "debug: starting up\n");
    add(Stream::Stdin, 1000, lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})"));
    add(Stream::Stdout, 5000, lsp(R"({"jsonrpc":"2.0","id":1,"result":{"capabilities":{}}})"));
    add(Stream::Stdin, 6000, lsp(R"({"jsonrpc":"2.0","method":"initialized","params":{}})"));
    add(Stream::Stdin, 7000,
        lsp(R"({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{}})"));
    return path;
}

MessageModel *openInMessagesMode(MainWindow &window, const QString &path)
{
    if (!window.openFile(path))
        return nullptr;
    window.setTimelineUnit(MainWindow::TimelineUnit::Messages);
    MessageModel *model = window.sessionView()->messageModel();
    if (model && !model->isComplete()) {
        QSignalSpy complete(model, &MessageModel::decodingComplete);
        complete.wait(5000);
    }
    return model;
}

// Selects one timeline row as a click does (QTableView::selectRow() would heed modifier keys
// a test before left held).
void selectRow(MainWindow &window, int row)
{
    QTableView *view = window.sessionView()->timelineView();
    view->selectionModel()->setCurrentIndex(view->model()->index(row, 0),
                                            QItemSelectionModel::ClearAndSelect
                                                | QItemSelectionModel::Rows);
}

QList<int> selectedRows(MainWindow &window)
{
    QList<int> rows;
    for (const QModelIndex &index :
         window.sessionView()->timelineView()->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

// The menu action called `text` (menus only: the detail pane has buttons of the same names).
QAction *findAction(QMainWindow *window, const QString &text)
{
    QList<QAction *> actions = window->menuBar()->actions();
    while (!actions.isEmpty()) {
        QAction *action = actions.takeFirst();
        if (action->text().remove(u'&') == text)
            return action;
        if (action->menu())
            actions += action->menu()->actions();
    }
    return nullptr;
}

QString statusText(MainWindow &window)
{
    QStringList texts;
    for (QLabel *label : window.statusBar()->findChildren<QLabel *>())
        texts << label->text();
    return texts.join(u' ');
}

// The detail pane's text or conversation view, whichever is showing.
QPlainTextEdit *visibleTextView(MainWindow &window)
{
    for (QPlainTextEdit *edit :
         window.sessionView()->detailPane()->findChildren<QPlainTextEdit *>()) {
        if (edit->isVisible())
            return edit;
    }
    return nullptr;
}

// Types `text` into the search bar and searches.
void search(MainWindow &window, const QString &text)
{
    SearchBar *bar = window.sessionView()->searchBar();
    bar->activate();
    auto *edit = bar->findChild<QLineEdit *>();
    edit->setText(text);
    QTest::keyClick(edit, Qt::Key_Return);
}

void showOnlyMatchingRows(MainWindow &window)
{
    for (QCheckBox *box : window.sessionView()->searchBar()->findChildren<QCheckBox *>()) {
        if (box->text().contains(QStringLiteral("matching")))
            box->setChecked(true);
    }
}

QString sessionFileInStatus(MainWindow &window)
{
    const QStringList words = statusText(window).split(u' ');
    const auto file = std::find_if(words.cbegin(), words.cend(), [](const QString &word) {
        return word.endsWith(QLatin1String(".pcapng"));
    });
    return file == words.cend() ? QString() : *file;
}

// The bytes of the full-disk test's chunk N.
char fullDiskFiller(int n)
{
    return char('a' + n % 26);
}

// What a file dialog offered: the path it suggested and its filters.
struct OfferedFile
{
    QString path;
    QStringList filters;
};

// Answers the next file dialog as a user would: notes what it offers, types `name` (a path
// or a name in the suggested directory) and accepts.
void answerNextFileDialog(const QString &name, OfferedFile *offered)
{
    QTimer::singleShot(0, [name, offered] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        offered->path = dialog->selectedFiles().value(0);
        offered->filters = dialog->nameFilters();
        dialog->selectFile(name);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept(), as Save does
    });
}

// The summaries of a session file's events, in order.
QStringList eventsOf(const QString &path)
{
    QStringList events;
    CaptureStore store;
    if (!store.load(path))
        return events;
    for (qsizetype i = 0; i < store.count(); ++i) {
        const ChunkRecord record = store.record(i);
        if (record.stream != Stream::Event)
            continue;
        if (const std::optional<SessionEvent> event
            = SessionEvent::fromPayload(store.payload(record)))
            events << event->summary();
    }
    return events;
}

bool isPrivate(const QString &path)
{
    return QFileInfo(path).isReadable() && othersPermissions(path) == QFileDevice::Permissions();
}

#ifdef Q_OS_UNIX
// Appends 100 chunks of 64 KiB under a file-size limit of 256 KiB (a stand-in for a full disk,
// lifted again before returning) and flushes, as the recorder does: the store's file fails.
bool recordUntilTheFileIsFull(CaptureStore *store)
{
    rlimit limit = {};
    ::getrlimit(RLIMIT_FSIZE, &limit);
    const rlimit small = {256 * 1024, limit.rlim_max};
    const auto oldXfsz = ::signal(SIGXFSZ, SIG_IGN);
    if (::setrlimit(RLIMIT_FSIZE, &small) != 0)
        return false;
    const auto restore = qScopeGuard([&] {
        ::setrlimit(RLIMIT_FSIZE, &limit);
        ::signal(SIGXFSZ, oldXfsz);
    });
    for (int i = 0; i < 100; ++i) {
        const QByteArray chunk(64 * 1024, fullDiskFiller(int(store->count())));
        store->append(Stream::Stdout, startNs + 1000 + i, chunk.constData(), chunk.size());
    }
    store->flushAndWait();
    return store->failed();
}
#endif

// How a launched child that copies stdin ends when the window stops it: by SIGTERM; on Windows
// by Ctrl+Break (STATUS_CONTROL_C_EXIT) where it shares a console with pipescope, and otherwise
// (no console: Wine, a service) by TerminateProcess once the grace period is over (exit code 1).
#ifdef Q_OS_WIN
const QRegularExpression childEndedByStopper(
    QStringLiteral("^exited with code (0xc000013a \\(STATUS_CONTROL_C_EXIT\\)|1)$"));
#else
const QRegularExpression childEndedByStopper(QStringLiteral("^killed by signal 15 \\(SIGTERM\\)$"));
#endif

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings and recent files of their own
        qRegisterMetaType<ChildExit>();
#ifdef Q_OS_UNIX
        ::signal(SIGPIPE, SIG_IGN);
#endif
    }

    // The toolbar's icons are drawn, from SVG or, where Qt cannot draw SVG (the Windows build
    // made here), from their PNG renderings.
    void toolbarIconsAreDrawn()
    {
        MainWindow window;
        window.show();
        const QToolBar *toolBar = window.findChild<QToolBar *>();
        QVERIFY(toolBar);
        int drawn = 0;
        for (QAction *action : toolBar->actions()) {
            if (action->isSeparator() || action->text().isEmpty())
                continue;
            const QImage image = action->icon().pixmap(24).toImage();
            bool visible = false;
            for (int y = 0; y < image.height() && !visible; ++y) {
                for (int x = 0; x < image.width() && !visible; ++x)
                    visible = qAlpha(image.pixel(x, y)) > 0;
            }
            QVERIFY2(visible, qPrintable(action->text()));
            if (++drawn == 4) // Launch, Open, Save As, Find: the toggles after them are text
                break;
        }
        QCOMPARE(drawn, 4);
    }

    void savedSessionOpens()
    {
        QTemporaryDir dir;
        const QString path = writeSession(dir.filePath(QStringLiteral("s.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        QCOMPARE(window.sessionView()->timelineModel()->rowCount(), 3);
        QVERIFY(statusText(window).contains(QStringLiteral("stdout 5 B")));
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("s.pcapng")));

        // Selecting rows shows their bytes, concatenated, in the detail pane.
        QTableView *view = window.sessionView()->timelineView();
        view->selectionModel()->select(
            QItemSelection(view->model()->index(0, 0), view->model()->index(1, 0)),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QVERIFY(window.sessionView()->detailPane()->currentSource());
        QCOMPARE(window.sessionView()->detailPane()->currentSource()->read(0, 100),
                 QByteArrayLiteral("ping\npong\n"));

        // Hiding stdout hides its row.
        QAction *showStdout = findAction(&window, QStringLiteral("Show stdout"));
        QVERIFY(showStdout);
        showStdout->trigger();
        QCOMPARE(window.sessionView()->timelineModel()->rowCount(), 2);
        showStdout->trigger();
        QCOMPARE(window.sessionView()->timelineModel()->rowCount(), 3);

        // The text mode is a toggle in the View menu.
        QAction *text = findAction(&window, QStringLiteral("Text"));
        QVERIFY(text);
        text->trigger();
        QCOMPARE(window.sessionView()->detailPane()->displayMode(), DetailPane::DisplayMode::Text);

        // ...and a tab of the detail pane, which says which view shows and picks another.
        QTabBar *tabs = window.sessionView()->detailPane()->tabBar();
        QVERIFY(tabs->isVisible());
        QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Text"));
        QTest::mouseClick(tabs, Qt::LeftButton, {}, tabs->tabRect(0).center()); // Hex
        QCOMPARE(window.sessionView()->detailPane()->displayMode(), DetailPane::DisplayMode::Hex);
        QVERIFY(findAction(&window, QStringLiteral("Hex"))->isChecked());
        QTest::mouseClick(tabs, Qt::LeftButton, {}, tabs->tabRect(3).center()); // Decoded
        QCOMPARE(window.timelineUnit(), MainWindow::TimelineUnit::Messages);
        QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Decoded"));
    }

    void searchFindsMatchesAcrossChunks()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.pcapng"));
        {
            CaptureStore store;
            store.create(path, QString(), PrivateFileCreation::NewFileOnly);
            store.append(Stream::Stdin, startNs, "say hello\n", 10);          // row 0
            store.append(Stream::Stdout, startNs + 1, "hel", 3);              // row 1
            store.append(Stream::Stderr, startNs + 2, "noise", 5);            // row 2
            store.append(Stream::Stdout, startNs + 3, "lo world\n", 9);       // row 3
            store.append(Stream::Stdout, startNs + 4, "\xde\xad\xbe\xef", 4); // row 4
        }
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        SearchBar *bar = window.sessionView()->searchBar();
        auto *edit = bar->findChild<QLineEdit *>();
        QVERIFY(edit);

        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keySequence(&window, QKeySequence::Find);
        QVERIFY(bar->isVisible());
        QTest::keyClicks(edit, QStringLiteral("hello"));
        QTest::keyClick(edit, Qt::Key_Return); // search now
        QTRY_COMPARE(window.sessionView()->hitCount(), 2);

        // The first match is in stdin; the next one straddles stdout rows 1 and 3.
        QCOMPARE(window.sessionView()->timelineView()->selectionModel()->selectedRows().size(), 1);
        QTest::keyClick(edit, Qt::Key_Return); // next
        QModelIndexList rows
            = window.sessionView()->timelineView()->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end());
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].row(), 1);
        QCOMPARE(rows[1].row(), 3);
        QCOMPARE(window.sessionView()->detailPane()->currentSource()->read(0, 100),
                 QByteArrayLiteral("hello world\n"));
        QCOMPARE(window.sessionView()->detailPane()->hexView()->highlight().offset, 0);
        QCOMPARE(window.sessionView()->detailPane()->hexView()->highlight().length, 5);
        // In text mode the match is marked too.
        findAction(&window, QStringLiteral("Text"))->trigger();
        QPlainTextEdit *text = visibleTextView(window);
        QVERIFY(text);
        QCOMPARE(text->extraSelections().size(), 1);
        QCOMPARE(text->extraSelections().first().cursor.selectedText(), QStringLiteral("hello"));
        findAction(&window, QStringLiteral("Hex"))->trigger();
        QTest::keyClick(edit, Qt::Key_Return); // wraps to the first
        QCOMPARE(
            window.sessionView()->timelineView()->selectionModel()->selectedRows().first().row(),
            0);

        // Only matching rows.
        for (QCheckBox *box : bar->findChildren<QCheckBox *>()) {
            if (box->text().contains(QStringLiteral("matching")))
                box->setChecked(true);
        }
        QCOMPARE(window.sessionView()->timelineModel()->rowCount(), 3);

        // Hex bytes, and a bad hex pattern reported in the bar.
        auto *mode = bar->findChild<QComboBox *>();
        mode->setCurrentIndex(mode->findData(int(SearchMode::Hex)));
        edit->setText(QStringLiteral("de ad be ef"));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE(window.sessionView()->hitCount(), 1);
        edit->setText(QStringLiteral("de a"));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE(window.sessionView()->hitCount(), 0);
    }

    void launchedChildTalksThroughTheInputBar()
    {
        MainWindow window;
        window.show();
        LaunchRequest request;
        request.program = QStringLiteral(TESTCHILD_BINARY);
        request.arguments = {QStringLiteral("echo")};
        QVERIFY(window.launch(request));
        InputBar *bar = window.sessionView()->inputBar();
        QVERIFY(bar->isVisible());
        QTRY_VERIFY(statusText(window).contains(QStringLiteral("running, pid")));

        bar->setFormat(InputFormat::Text);
        bar->setLineEnding(LineEnding::Lf);
        QTest::keyClicks(bar->lineEdit(), QStringLiteral("ping"));
        QTest::keyClick(bar->lineEdit(), Qt::Key_Return);
        // started, stdin "ping\n", stdout "ping\n"
        QTRY_COMPARE(window.sessionView()->timelineModel()->rowCount(), 3);
        const auto cell = [&](int row, int column) {
            return window.sessionView()
                ->timelineModel()
                ->data(window.sessionView()->timelineModel()->index(row, column))
                .toString();
        };
        QCOMPARE(cell(1, TimelineModel::StreamColumn), QStringLiteral("→ stdin"));
        QCOMPARE(cell(1, TimelineModel::PreviewColumn), QStringLiteral("ping\\n"));
        QCOMPARE(cell(2, TimelineModel::StreamColumn), QStringLiteral("← stdout"));
        QCOMPARE(cell(2, TimelineModel::PreviewColumn), QStringLiteral("ping\\n"));

        bar->closeInputAction()->trigger(); // EOF: echo ends
        QTRY_VERIFY(statusText(window).contains(QStringLiteral("exited with code 0")));
        QCOMPARE(bar->state(), InputBar::State::Exited);
        // The session went to an autosave file, named in the status bar, started by this window.
        const QString autosave = sessionFileInStatus(window);
        QVERIFY(QFile::exists(autosave));
        SessionSummaryReader summary(autosave);
        QVERIFY(summary.readToEnd());
        QCOMPARE(summary.summary().startedBy.pid, QCoreApplication::applicationPid());
        QCOMPARE(summary.summary().name, QStringLiteral("testchild"));
        QFile::remove(autosave);

        // Restart runs the same program again, in a new session (a new view, with its own bar).
        const QPointer<SessionView> first = window.sessionView();
        bar->restartAction()->trigger();
        QTRY_VERIFY(first.isNull());
        bar = window.sessionView()->inputBar();
        QTRY_VERIFY(statusText(window).contains(QStringLiteral("running, pid")));
        QCOMPARE(bar->state(), InputBar::State::Running);
        QTRY_COMPARE(window.sessionView()->timelineModel()->rowCount(), 1); // its started event
        bar->closeInputAction()->trigger();
        QTRY_VERIFY(statusText(window).contains(QStringLiteral("exited with code 0")));
        const QString restarted = sessionFileInStatus(window);
        QVERIFY(restarted != autosave && QFile::exists(restarted));
        QFile::remove(restarted);
    }

    void conversationCopyAndSaveBytes()
    {
        QTemporaryDir dir;
        const QString path = writeSession(dir.filePath(QStringLiteral("s.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));

        // The conversation: all streams' bytes in order, events left out.
        findAction(&window, QStringLiteral("Conversation"))->trigger();
        QCOMPARE(window.sessionView()->detailPane()->displayMode(),
                 DetailPane::DisplayMode::Conversation);
        QPlainTextEdit *conversation = visibleTextView(window);
        QVERIFY(conversation);
        QCOMPARE(conversation->toPlainText(), QStringLiteral("ping\\n\npong\\n\noops\\n\n"));
        findAction(&window, QStringLiteral("Show stderr"))->trigger(); // hidden streams leave it
        QCOMPARE(conversation->toPlainText(), QStringLiteral("ping\\n\npong\\n\n"));

        // Copy As and Save Bytes take the selected rows' bytes.
        QTableView *view = window.sessionView()->timelineView();
        view->selectionModel()->select(
            QItemSelection(view->model()->index(0, 0), view->model()->index(1, 0)),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        findAction(&window, QStringLiteral("Copy as C String"))->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("\"ping\\npong\\n\""));
        const QString saved = dir.filePath(QStringLiteral("bytes.bin"));
        QVERIFY(window.fileCommands()->saveSelectedBytes(saved));
        QFile file(saved);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArrayLiteral("ping\npong\n"));
    }

    void saveAsWritesACopyThatOpens()
    {
        QTemporaryDir dir;
        const QString path = writeSession(dir.filePath(QStringLiteral("s.pcapng")));
        const QString copy = dir.filePath(QStringLiteral("copy.pcapng"));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        QVERIFY(window.fileCommands()->saveSessionAs(copy));
        // Traffic may hold secrets: the copy is private too.
        EXPECT_NO_DACL_UNDER_WINE();
        QVERIFY(isPrivate(copy));

        MainWindow reopened;
        reopened.show();
        QVERIFY(reopened.openFile(copy));
        QCOMPARE(reopened.sessionView()->timelineModel()->rowCount(),
                 window.sessionView()->timelineModel()->rowCount());
        QFile original(path), saved(copy);
        QVERIFY(original.open(QIODevice::ReadOnly) && saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), original.readAll());
    }

    // Byte counts read as people read them, the exact figure in a tooltip; hidden rows are
    // counted as such.
    void statusLineCountsForPeople()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.pcapng"));
        {
            CaptureStore store;
            QVERIFY(store.create(path, QString(), PrivateFileCreation::NewFileOnly));
            const QByteArray big(1'234'567, 'x');
            store.append(Stream::Stdin, startNs, "ping\n", 5);
            store.append(Stream::Stdout, startNs + 1000, big.constData(), big.size());
            store.append(Stream::Stderr, startNs + 2000, "oops\n", 5);
            store.append(Stream::Stdout, startNs + 3000, "pong\n", 5);
        }
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        QVERIFY2(
            statusText(window).contains(QStringLiteral("stdin 5 B · stdout 1.2 MB · stderr 5 B")),
            qPrintable(statusText(window)));
        QLabel *counts = nullptr;
        for (QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
            if (label->text().startsWith(QLatin1String("stdin")))
                counts = label;
        }
        QVERIFY(counts);
        QVERIFY2(counts->toolTip().contains(
                     QStringLiteral("stdout: %1 bytes").arg(QLocale().toString(1'234'572))),
                 qPrintable(counts->toolTip()));
        QVERIFY(statusText(window).contains(QStringLiteral("4 records")));

        window.sessionView()->setStreamVisible(Stream::Stdout, false);
        QVERIFY2(statusText(window).contains(QStringLiteral("2 of 4 records shown")),
                 qPrintable(statusText(window)));
    }

    // The keyboard: Ctrl+Home and Ctrl+End move the selection, Ctrl+C copies the rows as shown,
    // Ctrl+Shift+C a message's body as JSON.
    void keyboardMovesAndCopies()
    {
        QTemporaryDir dir;
        const QString path = writeSession(dir.filePath(QStringLiteral("s.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::setActiveWindow(&window);
        QVERIFY(window.openFile(path));
        QTableView *view = window.sessionView()->timelineView();
        view->setFocus();
        QTRY_VERIFY(view->hasFocus());
        QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(selectedRows(window), QList<int>({2}));
        QTest::keyClick(view, Qt::Key_Home, Qt::ControlModifier);
        QCOMPARE(selectedRows(window), QList<int>({0}));
        QTest::keyClick(view, Qt::Key_Down, Qt::ShiftModifier);
        QCOMPARE(selectedRows(window), QList<int>({0, 1}));

        QGuiApplication::clipboard()->clear();
        QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
        const QStringList lines = QGuiApplication::clipboard()->text().split(u'\n');
        QCOMPARE(lines.size(), 3); // two rows and the final newline
        QCOMPARE(lines.at(0).split(u'\t').first(), QStringLiteral("1"));
        QVERIFY2(lines.at(0).endsWith(QStringLiteral("\tping\\n")), qPrintable(lines.at(0)));
        QVERIFY2(lines.at(1).endsWith(QStringLiteral("\tpong\\n")), qPrintable(lines.at(1)));

        const QString lspPath = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        QVERIFY(window.openFile(lspPath)); // Messages mode
        QTRY_VERIFY(window.sessionView()->messageModel()->isComplete());
        selectRow(window, 1); // the initialize request
        QTest::keyClick(window.sessionView()->timelineView(), Qt::Key_C,
                        Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY2(QGuiApplication::clipboard()->text().contains(
                     QStringLiteral("\"method\": \"initialize\"")),
                 qPrintable(QGuiApplication::clipboard()->text()));
    }

    // Selecting a request or its response shows both in the Decoded view, as tabs, the one
    // picked in front and the latency on the response's.
    void requestAndResponseShowTogether()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path)); // Messages mode
        QTRY_VERIFY(window.sessionView()->messageModel()->isComplete());
        DetailPane *pane = window.sessionView()->detailPane();
        QTabBar *tabs = pane->messageTabBar();
        selectRow(window, 2); // the initialize response
        QVERIFY(tabs->isVisible());
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(tabs->tabText(0), QStringLiteral("request #1 initialize"));
        QCOMPARE(tabs->tabText(1), QStringLiteral("response #1 · 4.00 µs"));
        QCOMPARE(tabs->currentIndex(), 1);
        QVERIFY(pane->messageView()->text().contains(QStringLiteral("\"capabilities\"")));
        tabs->setCurrentIndex(0);
        QVERIFY(pane->messageView()->text().contains(QStringLiteral("\"method\": \"initialize\"")));

        selectRow(window, 3); // a notification: alone
        QVERIFY(!tabs->isVisible());
        QVERIFY(pane->messageView()->text().contains(QStringLiteral("initialized")));
    }

    // A click on a column's header sorts by it; the selection stays on its message.
    void clickingAHeaderSorts()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(path)); // Messages mode
        MessageModel *model = window.sessionView()->messageModel();
        QTRY_VERIFY(model->isComplete());
        selectRow(window, 1); // the initialize request (and its response, row 2)
        QHeaderView *header = window.sessionView()->timelineView()->horizontalHeader();
        const int x = header->sectionViewportPosition(MessageModel::SizeColumn) + 5;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
        QCOMPARE(header->sortIndicatorSection(), int(MessageModel::SizeColumn));
        QList<qint64> sizes;
        for (int row = 0; row < model->rowCount(); ++row)
            sizes << model->data(model->index(row, MessageModel::SizeColumn)).toLongLong();
        QList<qint64> sorted = sizes;
        std::sort(sorted.begin(), sorted.end());
        if (header->sortIndicatorOrder() == Qt::DescendingOrder)
            std::reverse(sorted.begin(), sorted.end());
        QCOMPARE(sizes, sorted);
        QVERIFY(model->messageIndex(1) != 1); // (the request is longer than its response)
        // The selection went with its messages.
        QList<qsizetype> selected;
        for (const int row : selectedRows(window))
            selected << model->messageIndex(row);
        std::sort(selected.begin(), selected.end());
        QCOMPARE(selected, QList<qsizetype>({1, 2}));
    }

    // A table emptied by the toggles and filters says so, and one click shows everything again.
    void emptiedTableSaysWhyAndResets()
    {
        QTemporaryDir dir;
        const QString path = writeSession(dir.filePath(QStringLiteral("s.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        auto *note = window.sessionView()->findChild<QFrame *>(QStringLiteral("hiddenRowsNote"));
        QVERIFY(note);
        QVERIFY(!note->isVisible());
        for (const QString &name : {QStringLiteral("stdin"), QStringLiteral("stdout")})
            findAction(&window, QStringLiteral("Show ") + name)->trigger();
        QVERIFY(!note->isVisible()); // stderr still shows
        findAction(&window, QStringLiteral("Show stderr"))->trigger();
        QCOMPARE(window.sessionView()->timelineModel()->rowCount(), 0);
        QVERIFY(note->isVisible());
        auto *label = note->findChild<QLabel *>();
        QVERIFY2(label->text().startsWith(QStringLiteral("All 3 records are hidden")),
                 qPrintable(label->text()));

        auto *button = note->findChild<QPushButton *>();
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(window.sessionView()->timelineModel()->rowCount(), 3);
        QVERIFY(!note->isVisible());
        QVERIFY(findAction(&window, QStringLiteral("Show stderr"))->isChecked());
    }

    // During a fast live capture the status line counts the rows the table has, never fewer.
    void statusLineKeepsUpWithTheTable()
    {
        QTemporaryDir dir;
        CaptureStore store;
        QVERIFY(store.create(dir.filePath(QStringLiteral("s.pcapng")), QString(),
                             PrivateFileCreation::NewFileOnly));
        MainWindow window;
        window.show();
        window.showLiveStore(&store);
        TimelineModel *model = window.sessionView()->timelineModel();
        QStringList lagging;
        int batches = 0;
        connect(model, &TimelineModel::recordsTaken, this, [&] {
            ++batches;
            const QString expected
                = QStringLiteral("%1 records").arg(QLocale().toString(model->rowCount()));
            if (!statusText(window).contains(expected))
                lagging << statusText(window) + QStringLiteral(" (table: ") + expected + u')';
        });
        for (int burst = 0; burst < 20; ++burst) {
            for (int i = 0; i < 500; ++i)
                store.append(Stream::Stdout, startNs + burst * 1000 + i, "line\n", 5);
            QTest::qWait(40); // about one refresh of the table
        }
        QTRY_COMPARE(model->rowCount(), 10'000);
        QVERIFY(batches > 1);
        QVERIFY2(lagging.isEmpty(), qPrintable(lagging.join(u'\n')));
    }

    // Save As and the exports suggest the session's name with the format's extension, show
    // only such files, add the extension to a name typed without it, remember the directory,
    // and write files only their owner can read (traffic may hold secrets).
    void saveAndExportDialogsOfferTheFormatsExtension()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));

        OfferedFile offered;
        answerNextFileDialog(dir.filePath(QStringLiteral("copy")), &offered);
        findAction(&window, QStringLiteral("Save As..."))->trigger();
        QVERIFY2(offered.path.endsWith(QStringLiteral("/lsp.pcapng")), qPrintable(offered.path));
        QVERIFY(offered.filters.first().contains(QStringLiteral("*.pcapng")));
        const QString copy = dir.filePath(QStringLiteral("copy.pcapng"));
        QVERIFY(QFile::exists(copy));
        EXPECT_NO_DACL_UNDER_WINE();
        QVERIFY(isPrivate(copy));

        struct Export
        {
            QString action;
            QString offeredName;
            QString pattern;
            QString typed;
            QString written;
        };
        const Export exports[] = {
            {QStringLiteral("JSON Lines..."), QStringLiteral("lsp.jsonl"),
             QStringLiteral("*.jsonl"), QStringLiteral("a"), QStringLiteral("a.jsonl")},
            {QStringLiteral("Text Transcript..."), QStringLiteral("lsp.txt"),
             QStringLiteral("*.txt"), QStringLiteral("b"), QStringLiteral("b.txt")},
            {QStringLiteral("Raw stdout Bytes..."), QStringLiteral("lsp.stdout.bin"),
             QStringLiteral("*.bin"), QStringLiteral("c"), QStringLiteral("c.bin")},
            {QStringLiteral("Messages as JSON Lines..."), QStringLiteral("lsp.messages.jsonl"),
             QStringLiteral("*.jsonl"), QStringLiteral("d"), QStringLiteral("d.jsonl")},
        };
        for (const Export &format : exports) {
            answerNextFileDialog(format.typed, &offered);
            findAction(&window, format.action)->trigger();
            // The directory saved to last time.
            QCOMPARE(offered.path, dir.filePath(format.offeredName));
            QVERIFY2(offered.filters.first().contains(format.pattern),
                     qPrintable(offered.filters.join(u';')));
            const QString written = dir.filePath(format.written);
            QVERIFY2(QFile::exists(written), qPrintable(written));
            QVERIFY(QFileInfo(written).size() > 0);
            EXPECT_NO_DACL_UNDER_WINE();
            QVERIFY(isPrivate(written));
        }
    }

    // A saved session opens at the top with its first row selected, in Messages mode when it
    // speaks JSON-RPC; a program launched next starts in reads.
    void sessionsStartWhereAUserExpects()
    {
        QTemporaryDir dir;
        const QString plain = writeSession(dir.filePath(QStringLiteral("plain.pcapng")), 3000);
        // A recorded session starts with its "started" event: the first row selected is an event.
        const QString lspPath = dir.filePath(QStringLiteral("lsp.pcapng"));
        {
            CaptureStore store;
            QVERIFY(store.create(lspPath, QString(), PrivateFileCreation::NewFileOnly));
            const QByteArray started
                = SessionEvent::started({QStringLiteral("server")}, QStringLiteral("/"), 7, 0)
                      .toPayload();
            store.append(Stream::Event, startNs, started.constData(), started.size());
            const QByteArray request = lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})");
            store.append(Stream::Stdin, startNs + 1000, request.constData(), request.size());
        }
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(plain));
        QCOMPARE(window.timelineUnit(), MainWindow::TimelineUnit::Chunks);
        QCOMPARE(selectedRows(window), QList<int>({0}));
        QTest::qWait(50); // (queued scrolling, if any, would have happened)
        QCOMPARE(window.sessionView()->timelineView()->verticalScrollBar()->value(), 0);

        QVERIFY(window.openFile(lspPath));
        QCOMPARE(window.timelineUnit(), MainWindow::TimelineUnit::Messages);
        QTRY_VERIFY(window.sessionView()->messageModel()->isComplete());
        QTRY_COMPARE(selectedRows(window), QList<int>({0}));
        QVERIFY(findAction(&window, QStringLiteral("Messages"))->isChecked());

        LaunchRequest request;
        request.program = QStringLiteral(TESTCHILD_BINARY);
        request.arguments = {QStringLiteral("echo")};
        QVERIFY(window.launch(request));
        QCOMPARE(window.timelineUnit(), MainWindow::TimelineUnit::Chunks);
        QCOMPARE(window.sessionView()->timelineUnit(), MainWindow::TimelineUnit::Chunks);
        QVERIFY(!findAction(&window, QStringLiteral("Messages"))->isChecked());
        QTRY_VERIFY(statusText(window).contains(QStringLiteral("running, pid")));
        QFile::remove(sessionFileInStatus(window));
    }

    void droppedFileOpens()
    {
        QTemporaryDir dir;
        const QString path = writeSession(dir.filePath(QStringLiteral("dropped.pcapng")));
        MainWindow window;
        window.show();
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QCOMPARE(window.sessionView()->timelineModel()
                     ? window.sessionView()->timelineModel()->rowCount()
                     : -1,
                 3);
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("dropped.pcapng")));
    }

    void unreadableFileIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("junk.pcapng"));
        QFile junk(path);
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("this is not a capture");
        junk.close();
        MainWindow window;
        window.show();
        QVERIFY(!window.openFile(path));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("junk.pcapng")));
    }

    void cutOffFileOpensWithWhatWasRecovered()
    {
        QTemporaryDir dir;
        const QString path = writeSession(dir.filePath(QStringLiteral("s.pcapng")));
        QFile file(path);
        QVERIFY(file.resize(file.size() - 3)); // cut the last block
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        QCOMPARE(window.sessionView()->timelineModel()->rowCount(), 2);
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("cut off")));
    }

    void liveSessionFollowsTheTraffic()
    {
        fdio::Pipe in, out, err;
        QString error;
        QVERIFY(fdio::createPipe(&in, &error) && fdio::createPipe(&out, &error)
                && fdio::createPipe(&err, &error));
        RelayConfig config;
        config.program = QStringLiteral(TESTCHILD_BINARY);
        config.arguments = {QStringLiteral("echo")};
        config.parentStdin = in.readEnd;
        config.parentStdout = out.writeEnd;
        config.parentStderr = err.writeEnd;
        QTemporaryDir dir;
        ProxySession session(config);
        QSignalSpy finished(&session, &ProxySession::finished);
        QSignalSpy started(&session, &ProxySession::childStarted);
        // As in proxy mode: the relay starts first, so that the parent is not kept waiting, and
        // the child is running before the window exists.
        QVERIFY(session.start(dir.filePath(QStringLiteral("live.pcapng"))));
        QVERIFY(started.wait(10000));
        MainWindow window;
        window.showLiveSession(&session);
        window.show();
        QVERIFY(statusText(window).contains(
            QStringLiteral("running, pid %1").arg(started.first().first().toLongLong())));

        QVERIFY(writeAll(in.writeEnd, QByteArrayLiteral("hello\n")));
        QCOMPARE(readExactly(out.readEnd, 6), QByteArrayLiteral("hello\n"));
        // started event, stdin chunk, stdout chunk
        QTRY_COMPARE(window.sessionView()->timelineModel()->rowCount(), 3);
        QTRY_VERIFY(statusText(window).contains(QStringLiteral("running, pid")));

        fdio::closeFd(in.writeEnd);
        QVERIFY(finished.wait(10000));
        QTRY_VERIFY(statusText(window).contains(QStringLiteral("exited with code 0")));
        QTRY_COMPARE(window.sessionView()->timelineModel()->rowCount(),
                     7); // + 3 closed events, exited
        // A proxied child's pipes belong to its parent: there is no input bar, and nothing in
        // the Child menu (Restart included) applies, after the child exited as before.
        QVERIFY(!window.sessionView()->inputBar());
        QVERIFY(!findAction(&window, QStringLiteral("Restart")));
        QVERIFY(!window.menuBar()->actions().at(1)->isEnabled()); // Child
        fdio::closeFd(out.readEnd);
        fdio::closeFd(err.readEnd);
    }

    // A full disk stops the recording, not the session: the window says so.
    void statusSaysWhenRecordingStopped()
    {
        SKIP_ON_WINDOWS(noFullDiskOnWindows);
#ifdef Q_OS_UNIX
        QTemporaryDir dir;
        CaptureStore store;
        QVERIFY(store.create(dir.filePath(QStringLiteral("s.pcapng")), QString(),
                             PrivateFileCreation::NewFileOnly));
        MainWindow window;
        window.show();
        window.showLiveStore(&store);
        QVERIFY(!statusText(window).contains(QLatin1String("recording stopped")));
        QVERIFY(recordUntilTheFileIsFull(&store));
        QTRY_VERIFY2(statusText(window).contains(QLatin1String("recording stopped: ")),
                     qPrintable(statusText(window)));
        QVERIFY(statusText(window).contains(QLatin1String("File too large")));
        // What was captured before stays shown, with its bytes, though the file could not take
        // the last of them.
        QVERIFY(store.count() > 0);
        QTRY_COMPARE(window.sessionView()->timelineModel()->rowCount(), int(store.count()));
        QVERIFY(store.record(store.count() - 1).offset > QFileInfo(store.path()).size());
        const QModelIndex lastPreview = window.sessionView()->timelineModel()->index(
            int(store.count()) - 1, TimelineModel::PreviewColumn);
        QVERIFY2(lastPreview.data().toString().startsWith(
                     QString(8, QLatin1Char(fullDiskFiller(int(store.count()) - 1)))),
                 qPrintable(lastPreview.data().toString()));
#endif
    }

    // After the recording stopped, Save As keeps every row the window shows, not only those the
    // session file could take.
    void saveAsAfterRecordingStoppedKeepsEveryRow()
    {
        SKIP_ON_WINDOWS(noFullDiskOnWindows);
#ifdef Q_OS_UNIX
        QTemporaryDir dir;
        CaptureStore store;
        QVERIFY(store.create(dir.filePath(QStringLiteral("s.pcapng")),
                             QStringLiteral("pipescope session: prog"),
                             PrivateFileCreation::NewFileOnly));
        store.append(Stream::Event, startNs, R"({"event":"stdin closed"})",
                     qsizetype(std::strlen(R"({"event":"stdin closed"})")),
                     QStringLiteral("stdin closed"));
        MainWindow window;
        window.show();
        window.showLiveStore(&store);
        QVERIFY(recordUntilTheFileIsFull(&store));
        QTRY_COMPARE(window.sessionView()->timelineModel()->rowCount(), int(store.count()));

        const QString copy = dir.filePath(QStringLiteral("copy.pcapng"));
        QVERIFY(window.fileCommands()->saveSessionAs(copy));
        CaptureStore saved;
        QVERIFY2(saved.load(copy), qPrintable(saved.errorString()));
        QVERIFY2(saved.warning().isEmpty(), qPrintable(saved.warning()));
        QCOMPARE(saved.sectionComment(), QStringLiteral("pipescope session: prog"));
        QCOMPARE(saved.count(), store.count());
        for (qsizetype i = 0; i < store.count(); ++i) {
            const ChunkRecord original = store.record(i);
            const ChunkRecord copied = saved.record(i);
            QCOMPARE(copied.stream, original.stream);
            QCOMPARE(copied.timestampNs, original.timestampNs);
            QCOMPARE(saved.payload(copied), store.payload(original));
        }
        QVERIFY(QFileInfo(copy).size() > QFileInfo(store.path()).size());
#endif
    }

    void viewFollowsTheEndUntilScrolledUp()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.pcapng"));
        CaptureStore store;
        QVERIFY(store.create(path, QString(), PrivateFileCreation::NewFileOnly));
        MainWindow window;
        window.resize(800, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showLiveStore(&store);
        for (int i = 0; i < 2000; ++i)
            store.append(Stream::Stdout, startNs + i, "line\n", 5);
        QScrollBar *bar = window.sessionView()->timelineView()->verticalScrollBar();
        QTRY_COMPARE(window.sessionView()->timelineModel()->rowCount(), 2000);
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());

        bar->setValue(0); // the user scrolls up: the view stays there as rows arrive
        window.sessionView()->timelineView()->selectRow(5);
        for (int i = 0; i < 500; ++i)
            store.append(Stream::Stdout, startNs + 5000 + i, "more\n", 5);
        QTRY_COMPARE(window.sessionView()->timelineModel()->rowCount(), 2500);
        QTest::qWait(100);
        QCOMPARE(bar->value(), 0);
        // ...and the selection stays put.
        const QModelIndexList selected
            = window.sessionView()->timelineView()->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().row(), 5);
    }

    void messagesModeShowsFramedMessages()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        QCOMPARE(window.sessionView()->timelineModel()->rowCount(), 5);
        // It speaks LSP: it opens in Messages mode. Ctrl+M goes to the reads and back.
        QCOMPARE(window.timelineUnit(), MainWindow::TimelineUnit::Messages);
        findAction(&window, QStringLiteral("Messages"))->trigger();
        QCOMPARE(window.timelineUnit(), MainWindow::TimelineUnit::Chunks);
        QCOMPARE(window.sessionView()->timelineView()->model(),
                 window.sessionView()->timelineModel());
        findAction(&window, QStringLiteral("Messages"))->trigger();
        QCOMPARE(window.timelineUnit(), MainWindow::TimelineUnit::Messages);
        MessageModel *model = window.sessionView()->messageModel();
        QVERIFY(model);
        QCOMPARE(window.sessionView()->timelineView()->model(), model);
        QTRY_VERIFY(model->isComplete());
        QCOMPARE(model->rowCount(), 5);
        QCOMPARE(model->data(model->index(0, MessageModel::KindColumn)).toString(),
                 QStringLiteral("unframed ⚠"));
        QVERIFY(window.sessionView()->messageFilterBar()->isVisible());

        // Selecting the request selects its response; the decoded message is the request.
        const QModelIndex request = model->index(1, 0);
        window.sessionView()->timelineView()->selectionModel()->setCurrentIndex(
            request, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(selectedRows(window), QList<int>({1, 2}));
        QCOMPARE(window.sessionView()->detailPane()->displayMode(),
                 DetailPane::DisplayMode::Message);
        MessageBodyView *body = window.sessionView()->detailPane()->messageView();
        QVERIFY2(body->headerText().contains(QLatin1String("Content-Length: 58")),
                 qPrintable(body->headerText()));
        QVERIFY(body->text().contains(QLatin1String("\"method\": \"initialize\"")));
        const QByteArray bytes = window.sessionView()->detailPane()->currentSource()->read(0, 1000);
        QVERIFY(bytes.startsWith("Content-Length: 58\r\n\r\n{\"jsonrpc\""));
        QVERIFY(bytes.endsWith(R"("result":{"capabilities":{}}})"));

        // Back to reads.
        findAction(&window, QStringLiteral("Messages"))->trigger();
        QCOMPARE(window.sessionView()->timelineView()->model(),
                 window.sessionView()->timelineModel());
        QVERIFY(!window.sessionView()->messageFilterBar()->isVisible());
    }

    // The filter bar: green for a filter the timeline shown can use, red with the reason and
    // its column for one it cannot; Enter applies it to messages or to records, and an empty bar
    // shows everything again.
    void filterBarColoursAndApplies()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        MessageModel *model = openInMessagesMode(window, path);
        QVERIFY(model);
        FilterBar *bar = window.sessionView()->filterBar();
        QVERIFY(bar->isVisible());
        QLineEdit *edit = bar->lineEdit();
        const QColor normal = edit->palette().color(QPalette::Base);

        QTest::keyClicks(edit, QStringLiteral("method == initialize"));
        const QColor green = edit->palette().color(QPalette::Base);
        QVERIFY(green != normal && green.green() > green.red());
        QCOMPARE(bar->problem(), QString());
        QCOMPARE(model->rowCount(), 5); // typing applies nothing
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(model->rowCount(), 2); // the request and its response
        QTRY_VERIFY2(statusText(window).contains(QStringLiteral("2 of 5 messages shown")),
                     qPrintable(statusText(window)));

        // A mistake: red, the reason beside it, and Enter leaves the rows as they were.
        QTest::keyClicks(edit, QStringLiteral(" && latency > 2mb"));
        const QColor red = edit->palette().color(QPalette::Base);
        QVERIFY(red.red() > red.green());
        QCOMPARE(bar->problem(),
                 QStringLiteral("'mb' is not a unit of latency: use ns, us, ms, s or min at "
                                "column 36"));
        auto *reason = bar->findChild<QLabel *>();
        QVERIFY(reason && reason->isVisible() && reason->text() == bar->problem());
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(model->rowCount(), 2);
        // Esc puts back the filter applied.
        QTest::keyClick(edit, Qt::Key_Escape);
        QCOMPARE(edit->text(), QStringLiteral("method == initialize"));
        QCOMPARE(Settings().filterHistory().first(), QStringLiteral("method == initialize"));

        // Records: a message field means nothing there, so every record shows and the bar says
        // why; a filter of records applies.
        window.setTimelineUnit(MainWindow::TimelineUnit::Chunks);
        QCOMPARE(window.sessionView()->timelineModel()->rowCount(), 5);
        QVERIFY2(bar->problem().startsWith(QStringLiteral("'method' is a field of messages")),
                 qPrintable(bar->problem()));
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("stream == stdin"));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(window.sessionView()->timelineModel()->rowCount(), 3);
        // Back in Messages mode the same text selects what the client sent.
        window.setTimelineUnit(MainWindow::TimelineUnit::Messages);
        QCOMPARE(model->rowCount(), 3);

        // Cleared: everything again.
        edit->clear();
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(model->rowCount(), 5);
        QCOMPARE(edit->palette().color(QPalette::Base), normal);
    }

    // Completion offers field names, the session's methods and the paths seen in its bodies, for
    // the word at the cursor; Ctrl+/ goes to the bar.
    void filterBarCompletes()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openInMessagesMode(window, path));
        FilterBar *bar = window.sessionView()->filterBar();
        QLineEdit *edit = bar->lineEdit();
        window.sessionView()->timelineView()->setFocus();
        QTest::keyClick(window.sessionView()->timelineView(), Qt::Key_Slash, Qt::ControlModifier);
        QTRY_VERIFY(edit->hasFocus());

        auto *completer = edit->findChild<QCompleter *>();
        QVERIFY(!completer);
        completer = bar->findChild<QCompleter *>();
        QVERIFY(completer);
        QTest::keyClicks(edit, QStringLiteral("kind == request && meth"));
        QTRY_VERIFY(completer->popup()->isVisible());
        QCOMPARE(completer->currentCompletion(), QStringLiteral("method"));
        QTest::keyClick(completer->popup(), Qt::Key_Return);
        QCOMPARE(edit->text(), QStringLiteral("kind == request && method"));

        QTest::keyClicks(edit, QStringLiteral(" == textDocument/h"));
        QTRY_VERIFY(completer->popup()->isVisible());
        QCOMPARE(completer->currentCompletion(), QStringLiteral("textDocument/hover"));
        QTest::keyClick(completer->popup(), Qt::Key_Return);
        QCOMPARE(edit->text(), QStringLiteral("kind == request && method == textDocument/hover"));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(window.sessionView()->messageModel()->rowCount(), 1);

        // A path from the bodies: the initialize response's result.capabilities.
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("result.cap"));
        QTRY_VERIFY(completer->popup()->isVisible());
        QCOMPARE(completer->currentCompletion(), QStringLiteral("result.capabilities"));
    }

    // The Go menu: back and forward through the rows selected (keys and the mouse's buttons),
    // a message's partner, a number, the next and previous problem, and follow a request.
    void goMenuMoves()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(openInMessagesMode(window, path));
        SessionView *view = window.sessionView();
        const auto current = [view] { return view->currentItem(); };
        QAction *back = findAction(&window, QStringLiteral("Back"));
        QAction *forward = findAction(&window, QStringLiteral("Forward"));
        QVERIFY(back && forward);

        selectRow(window, 1); // initialize
        QVERIFY(!forward->isEnabled());
        findAction(&window, QStringLiteral("Go to Partner"))->trigger();
        QCOMPARE(current(), 2); // its response
        selectRow(window, 4);   // the hover request
        QVERIFY(back->isEnabled());
        back->trigger();
        QCOMPARE(current(), 2);
        back->trigger();
        QCOMPARE(current(), 1);
        QVERIFY(forward->isEnabled());
        forward->trigger();
        QCOMPARE(current(), 2);
        // The mouse's back button over the timeline.
        QTest::mouseClick(view->timelineView()->viewport(), Qt::BackButton);
        QCOMPARE(current(), 1);
        QTest::mouseClick(view->timelineView()->viewport(), Qt::ForwardButton);
        QCOMPARE(current(), 2);

        // Problems: the banner (0) and the hover never answered (4).
        findAction(&window, QStringLiteral("Next Problem"))->trigger();
        QCOMPARE(current(), 4);
        QVERIFY(!view->navigator()->goToProblem(true)); // none after it
        QCOMPARE(current(), 4);
        findAction(&window, QStringLiteral("Previous Problem"))->trigger();
        QCOMPARE(current(), 0);
        QVERIFY(view->navigator()->goToNumber(4)); // as Ctrl+G's dialog asks
        QCOMPARE(current(), 3);
        QVERIFY(!view->navigator()->goToNumber(6));
        QVERIFY(!view->navigator()->goToPartner()); // a notification has none

        // Follow the initialize request: it, its response, and what came between (nothing
        // here); the banner before it is left out.
        selectRow(window, 1);
        findAction(&window, QStringLiteral("Follow Request"))->trigger();
        QCOMPARE(view->filterBar()->text(), QStringLiteral("time >= 1000ns && time <= 5000ns"));
        QCOMPARE(view->messageModel()->rowCount(), 2);
        QCOMPARE(current(), 1);

        // In the read timeline, numbers are record numbers.
        window.setTimelineUnit(MainWindow::TimelineUnit::Chunks);
        QVERIFY(view->navigator()->goToNumber(5));
        QCOMPARE(current(), 4);
    }

    // The search bar's "Filter expression" mode finds the next row a filter selects, around the
    // end, in the rows shown; a wrong expression says why in the bar.
    void searchBarFindsRowsByFilter()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(openInMessagesMode(window, path));
        SessionView *view = window.sessionView();
        view->activateSearch();
        auto *mode = view->searchBar()->findChild<QComboBox *>();
        mode->setCurrentIndex(mode->findText(QStringLiteral("Filter expression")));
        QVERIFY(view->searchBar()->isExpressionMode());
        auto *edit = view->searchBar()->findChild<QLineEdit *>();
        QTest::keyClicks(edit, QStringLiteral("kind == request"));
        selectRow(window, 0);
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(view->currentItem(), 1);
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(view->currentItem(), 4);
        QTest::keyClick(edit, Qt::Key_Return); // around the end
        QCOMPARE(view->currentItem(), 1);
        view->findPrevious();
        QCOMPARE(view->currentItem(), 4);
        QCOMPARE(view->messageModel()->rowCount(), 5); // it finds; it does not filter

        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("kind == reply"));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(view->currentItem(), 4);
        auto *status = view->searchBar()->findChildren<QLabel *>().last();
        QTRY_VERIFY2(status->text().startsWith(QStringLiteral("'reply' is not a value of kind")),
                     qPrintable(status->text()));
    }

    // Marks, comments and time references as a user makes them: Ctrl+Space and the gutter,
    // the Comment column and the detail pane, *REF* and the times after it, the Marks panel and
    // Go > Next Mark, the filter bar's `marked`, and all of it through Save As and reopening.
    void marksCommentsAndTimeReferences()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        QString savedPath = dir.filePath(QStringLiteral("annotated.pcapng"));
        {
            MainWindow window;
            window.show();
            QVERIFY(openInMessagesMode(window, path));
            SessionView *view = window.sessionView();
            MessageModel *model = view->messageModel();
            QTableView *table = view->timelineView();
            const auto cell = [model](int row, int column) {
                return model->index(row, column).data().toString();
            };

            // Ctrl+Space marks the selected rows; again unmarks them.
            selectRow(window, 1);
            table->setFocus();
            QTest::keyClick(table, Qt::Key_Space, Qt::ControlModifier);
            QVERIFY(model->index(1, 0).data(MarkedRole).toBool());
            QCOMPARE(model->headerData(1, Qt::Vertical, Qt::DisplayRole).toString(),
                     QStringLiteral("\u25CF"));
            QTest::keyClick(table, Qt::Key_Space, Qt::ControlModifier);
            QVERIFY(!model->index(1, 0).data(MarkedRole).toBool());
            // A click in the gutter marks the row it is beside.
            QTest::mouseClick(table->verticalHeader()->viewport(), Qt::LeftButton, Qt::NoModifier,
                              QPoint(4, table->rowViewportPosition(3) + table->rowHeight(3) / 2));
            QVERIFY(model->index(3, 0).data(MarkedRole).toBool());
            QVERIFY(!model->index(1, 0).data(MarkedRole).toBool());

            // A comment shows in its column and above the selected row's bytes.
            selectRow(window, 2);
            QVERIFY(view->annotations()->setComment(QStringLiteral("capabilities are empty")));
            QCOMPARE(cell(2, MessageModel::CommentColumn),
                     QStringLiteral("capabilities are empty"));
            QCOMPARE(view->detailPane()->comment(),
                     QStringLiteral("Comment: capabilities are empty"));
            selectRow(window, 0);
            QCOMPARE(view->detailPane()->comment(), QString());

            // A time reference: *REF*, and the rows after it count from it (1 µs, 2 µs on).
            selectRow(window, 1);
            findAction(&window, QStringLiteral("Set/Unset Time Reference"))->trigger();
            QCOMPARE(cell(1, MessageModel::TimeColumn), QStringLiteral("*REF*"));
            QCOMPARE(cell(3, MessageModel::TimeColumn), QStringLiteral("0.000005"));
            QCOMPARE(cell(0, MessageModel::TimeColumn), QStringLiteral("0.000000"));

            // The Marks panel lists all three in session order; a double click goes to one.
            QTreeWidget *marks = window.messagePanels()->marksPanel()->list();
            QCOMPARE(marks->topLevelItemCount(), 3);
            QCOMPARE(marks->topLevelItem(0)->text(0), QStringLiteral("message 2 (record 2)"));
            QCOMPARE(marks->topLevelItem(0)->text(2), QStringLiteral("time reference"));
            QCOMPARE(marks->topLevelItem(1)->text(3), QStringLiteral("capabilities are empty"));
            QCOMPARE(marks->topLevelItem(2)->text(2), QStringLiteral("marked"));
            emit marks->itemActivated(marks->topLevelItem(1), 0);
            QCOMPARE(view->currentItem(), 2);

            // Go > Next Mark, around the end.
            selectRow(window, 0);
            findAction(&window, QStringLiteral("Next Mark"))->trigger();
            QCOMPARE(view->currentItem(), 3);
            findAction(&window, QStringLiteral("Next Mark"))->trigger();
            QCOMPARE(view->currentItem(), 3);

            // The filter bar's `marked`, which follows the marks as they change.
            view->filterBar()->applyExpression(QStringLiteral("marked || comment"));
            QCOMPARE(model->rowCount(), 2);
            selectRow(window, 0);
            QTest::keyClick(table, Qt::Key_Space, Qt::ControlModifier); // marks the commented one
            QCOMPARE(model->rowCount(), 2);
            selectRow(window, 1);
            QTest::keyClick(table, Qt::Key_Space, Qt::ControlModifier); // unmarks the other
            QCOMPARE(model->rowCount(), 1);

            // Exports carry them, saved or not.
            const QString records = dir.filePath(QStringLiteral("records.jsonl"));
            const QString messages = dir.filePath(QStringLiteral("messages.jsonl"));
            QVERIFY(window.fileCommands()->exportSession(records, ExportFormat::JsonLines));
            QVERIFY(window.fileCommands()->exportMessages(messages));
            for (const QString &exported : {records, messages}) {
                const QByteArrayList lines = testutils::fileBytes(exported).split('\n');
                const auto has = [&lines](const char *member) {
                    return std::count_if(
                        lines.cbegin(), lines.cend(),
                        [member](const QByteArray &line) { return line.contains(member); });
                };
                QCOMPARE(has(R"("comment":"capabilities are empty")"), 1);
                QCOMPARE(has(R"("marked":true)"), 1);
                QCOMPARE(has(R"("time_reference":true)"), 1);
                for (const QByteArray &line : lines) {
                    if (line.contains(R"("comment")"))
                        QVERIFY(line.contains(R"("marked":true)"));
                }
            }

            QVERIFY(window.fileCommands()->saveSessionAs(savedPath));
        }
        MainWindow reopened;
        reopened.show();
        QVERIFY(openInMessagesMode(reopened, savedPath));
        MessageModel *model = reopened.sessionView()->messageModel();
        QVERIFY(model->index(2, 0).data(MarkedRole).toBool());
        QCOMPARE(model->index(2, MessageModel::CommentColumn).data().toString(),
                 QStringLiteral("capabilities are empty"));
        QVERIFY(model->index(1, 0).data(TimeReferenceRole).toBool());
        QVERIFY(!model->index(3, 0).data(MarkedRole).toBool());
    }

    // Closing a saved session whose marks are in no file yet asks first: Cancel keeps the
    // window, Discard closes it.
    void closingAsksForUnsavedMarks()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(openInMessagesMode(window, path));
        QVERIFY(window.close()); // nothing noted: no question
        window.show();
        QVERIFY(openInMessagesMode(window, path));
        selectRow(window, 1);
        QVERIFY(window.sessionView()->annotations()->toggleMarks());
        const auto answer = [](QMessageBox::StandardButton button) {
            QTimer::singleShot(0, [button] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box);
                QVERIFY(box->text().contains(QStringLiteral("are in no file yet")));
                box->button(button)->click();
            });
        };
        answer(QMessageBox::Cancel);
        QVERIFY(!window.close());
        QVERIFY(window.isVisible());
        answer(QMessageBox::Discard);
        QVERIFY(window.close());
    }

    // Switching between reads and messages keeps what is selected: a message maps to the chunks
    // that carried it, and a chunk to the messages its bytes belong to.
    void switchingUnitsKeepsTheSelection()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("split.pcapng"));
        {
            CaptureStore store;
            QVERIFY(store.create(path, QStringLiteral("pipescope session: server"),
                                 PrivateFileCreation::NewFileOnly));
            const QByteArray request = lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})");
            const QByteArray rest
                = request.mid(20) + lsp(R"({"jsonrpc":"2.0","method":"initialized"})");
            const QByteArray response = lsp(R"({"jsonrpc":"2.0","id":1,"result":{}})");
            store.append(Stream::Stdin, startNs + 1000, request.constData(), 20);
            store.append(Stream::Stdin, startNs + 2000, rest.constData(), rest.size());
            store.append(Stream::Stdout, startNs + 3000, response.constData(), response.size());
        }
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        QItemSelectionModel *selection = window.sessionView()->timelineView()->selectionModel();
        selection->setCurrentIndex(window.sessionView()->timelineModel()->index(0, 0),
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

        // The first read holds the start of the request: the request is selected, once decoded.
        window.setTimelineUnit(MainWindow::TimelineUnit::Messages);
        MessageModel *model = window.sessionView()->messageModel();
        QTRY_VERIFY(model->isComplete());
        QTRY_COMPARE(selectedRows(window), QList<int>({0}));
        QCOMPARE(model->data(model->index(0, MessageModel::MethodColumn)).toString(),
                 QStringLiteral("initialize"));

        // The notification came in the second read, with the end of the request.
        selection = window.sessionView()->timelineView()->selectionModel();
        selection->setCurrentIndex(model->index(1, 0),
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        window.setTimelineUnit(MainWindow::TimelineUnit::Chunks);
        QCOMPARE(selectedRows(window), QList<int>({1}));

        // The request (and so its response) took all three reads.
        window.setTimelineUnit(MainWindow::TimelineUnit::Messages);
        window.sessionView()->timelineView()->selectionModel()->setCurrentIndex(
            model->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(selectedRows(window), QList<int>({0, 2}));
        window.setTimelineUnit(MainWindow::TimelineUnit::Chunks);
        QCOMPARE(selectedRows(window), QList<int>({0, 1, 2}));
        QCOMPARE(window.sessionView()->timelineView()->currentIndex().row(), 0);
    }

    void problemsAndStatisticsPanelsGoToTheMessage()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        findAction(&window, QStringLiteral("Problems"))->trigger();
        QVERIFY(window.messagePanels()->problemsDock()->isVisible());
        MessageModel *model = window.sessionView()->messageModel(); // the panel needs the messages
        QVERIFY(model);
        QTRY_VERIFY(model->isComplete());
        QTRY_COMPARE(window.messagePanels()->problemsPanel()->problemCount(),
                     2); // the banner, hover unanswered

        // Hide the request, then ask for it: the filter makes way.
        auto *kind = window.sessionView()->messageFilterBar()->findChildren<QComboBox *>().at(1);
        kind->setCurrentIndex(kind->findText(QStringLiteral("notification")));
        QCOMPARE(model->rowCount(), 1);
        emit window.messagePanels()->problemsPanel()->messageActivated(4);
        QCOMPARE(window.timelineUnit(), MainWindow::TimelineUnit::Messages);
        QCOMPARE(model->rowCount(), 5);
        QCOMPARE(window.sessionView()->timelineView()->currentIndex().row(), 4);
        QTRY_VERIFY2(statusText(window).contains(QStringLiteral("5 messages · 2 problems")),
                     qPrintable(statusText(window)));
    }

    // A capture filter (pipescope --filter) chooses what Problems and Statistics count, and their
    // titles say so; the timeline still shows everything.
    void captureFilterChoosesWhatPanelsCount()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        std::optional<ParseError> error;
        window.messagePanels()->setCaptureFilter(
            Filter::parse(QStringLiteral("dir == c2s"), FilterTarget::Messages, &error));
        window.show();
        MessageModel *model = openInMessagesMode(window, path);
        QVERIFY(model);
        findAction(&window, QStringLiteral("Problems"))->trigger();
        // The banner on stdout is left out; the hover request never answered counts.
        QTRY_COMPARE(window.messagePanels()->problemsPanel()->problemCount(), 1);
        QCOMPARE(window.messagePanels()->problemsDock()->windowTitle(),
                 QStringLiteral("Problems (dir == c2s)"));
        findAction(&window, QStringLiteral("Statistics"))->trigger();
        StatisticsPanel *statistics = window.messagePanels()->statisticsPanel();
        auto *table = statistics->findChild<QTableView *>();
        QVERIFY(table);
        QTRY_COMPARE(table->model()->rowCount(), 3);
        QStringList methods;
        for (int row = 0; row < table->model()->rowCount(); ++row)
            methods << table->model()->index(row, 0).data().toString();
        QCOMPARE(methods, QStringList({QStringLiteral("initialize"), QStringLiteral("initialized"),
                                       QStringLiteral("textDocument/hover")}));
        QCOMPARE(model->rowCount(), 5);
    }

    // The flow graph draws the message timeline's rows, follows its current message and its
    // filter, and a click on an arrow selects that message in the timeline.
    void flowGraphFollowsTheTimeline()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        MessageModel *model = openInMessagesMode(window, path);
        QVERIFY(model);
        findAction(&window, QStringLiteral("Flow Graph"))->trigger();
        QVERIFY(window.messagePanels()->flowGraphDock()->isVisible());
        FlowGraph *graph = window.messagePanels()->flowGraph();
        const int rowHeight = graph->fontMetrics().height() + 10;
        // Row 0 is drawn under the lane heads.
        const auto rowPoint
            = [rowHeight](int row) { return QPoint(40, (row + 1) * rowHeight + 5); };
        QCOMPARE(graph->messageAt(rowPoint(1)), 1);
        QCOMPARE(graph->messageAt(rowPoint(5)), -1);

        selectRow(window, 4);
        QCOMPARE(graph->currentMessage(), 4);
        QTest::mouseClick(graph->viewport(), Qt::LeftButton, {}, rowPoint(2));
        QCOMPARE(window.sessionView()->currentItem(), 2);

        window.sessionView()->filterBar()->applyExpression(QStringLiteral("dir == c2s"));
        QCOMPARE(graph->messageAt(rowPoint(0)), 1); // the rows the timeline shows
        QCOMPARE(graph->messageAt(rowPoint(2)), 4);
        QCOMPARE(graph->messageAt(rowPoint(3)), -1);
    }

    // The traffic strip above the timeline has every byte of each stream in its bins, and a
    // click goes to the first row at or after that time.
    void trafficStripJumpsToATime()
    {
        QTemporaryDir dir;
        const QString path = writeSession(dir.filePath(QStringLiteral("s.pcapng")), 200);
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        TrafficStrip *strip = window.sessionView()->trafficStrip();
        QVERIFY(strip->isVisible());
        CaptureStore *store = window.sessionView()->store();
        for (const Stream stream : byteStreams)
            QCOMPARE(strip->bytes(stream), store->streamBytes(stream));
        QCOMPARE(strip->timeAt(0), store->record(0).timestampNs);
        QCOMPARE(strip->timeAt(strip->width()), store->record(store->count() - 1).timestampNs);
        // Half way: the rows come every nanosecond from 3000 on, so about row 100.
        QTest::mouseClick(strip, Qt::LeftButton, {}, QPoint(strip->width() / 2, 10));
        const qsizetype record = window.sessionView()->currentItem();
        QVERIFY(store->record(record).timestampNs >= strip->timeAt(strip->width() / 2));
        QVERIFY(store->record(record - 1).timestampNs < strip->timeAt(strip->width() / 2));
    }

    // Problems and Statistics share a tab area: their shortcuts bring the other one to the front
    // rather than closing it, and close only the one in front.
    void panelShortcutBringsATabbedPanelToTheFront()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(path));
        QAction *problems = findAction(&window, QStringLiteral("Problems"));
        QAction *statistics = findAction(&window, QStringLiteral("Statistics"));
        QCOMPARE(problems->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+P")));
        // (A tab behind another one is moved out of sight rather than hidden.)
        const auto inSight = [](QWidget *panel) {
            return panel->isVisible() && !panel->visibleRegion().isEmpty();
        };
        problems->trigger();
        statistics->trigger(); // Statistics in front, Problems behind its tab
        QTRY_VERIFY(inSight(window.messagePanels()->statisticsDock()));
        QTRY_VERIFY(!inSight(window.messagePanels()->problemsDock()));
        QVERIFY(!problems->isChecked());

        problems->trigger();
        QTRY_VERIFY(inSight(window.messagePanels()->problemsDock()));
        QVERIFY(problems->isChecked());
        QVERIFY(!inSight(window.messagePanels()->statisticsDock()));
        QVERIFY(!window.messagePanels()->statisticsDock()->isHidden()); // still a tab

        problems->trigger(); // in front: closes
        QTRY_VERIFY(window.messagePanels()->problemsDock()->isHidden());
        QVERIFY(!problems->isChecked());
        QTRY_VERIFY(inSight(window.messagePanels()->statisticsDock()));
    }

    void searchFindsMessages()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        MessageModel *model = openInMessagesMode(window, path);
        QVERIFY(model);
        search(window, QStringLiteral("capabilities"));
        QTRY_COMPARE(window.sessionView()->hitCount(), 1);
        QCOMPARE(selectedRows(window), QList<int>({2})); // the response, not its request
        const HexView::Range highlight = window.sessionView()->detailPane()->hexView()->highlight();
        QCOMPARE(window.sessionView()->detailPane()->currentSource()->read(highlight.offset,
                                                                           highlight.length),
                 QByteArray("capabilities"));
        // ...and in the Decoded view's formatted text.
        const JsonTextView *decoded
            = window.sessionView()->detailPane()->messageView()->findChild<JsonTextView *>();
        QCOMPARE(decoded->marks().size(), 1);
        const auto [start, length] = decoded->marks().constFirst();
        QCOMPARE(decoded->text().mid(start, length), QStringLiteral("capabilities"));
        showOnlyMatchingRows(window);
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->messageIndex(0), 2);
    }

    // "C escapes" searches for what the timeline shows: "pong\n" finds pong and its newline.
    void searchForWhatTheTimelineShows()
    {
        QTemporaryDir dir;
        const QString path = writeSession(dir.filePath(QStringLiteral("s.pcapng")));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        SearchBar *bar = window.sessionView()->searchBar();
        bar->activate();
        auto *mode = bar->findChild<QComboBox *>();
        mode->setCurrentIndex(mode->findText(QStringLiteral("C escapes")));
        auto *edit = bar->findChild<QLineEdit *>();
        edit->setText(QStringLiteral("pong\\n"));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE(window.sessionView()->hitCount(), 1);
        QCOMPARE(selectedRows(window), QList<int>({1}));
        // As plain text, the same characters are a backslash and an n: nowhere in the traffic.
        mode->setCurrentIndex(mode->findText(QStringLiteral("Text")));
        QTest::keyClick(edit, Qt::Key_Return);
        const auto saysNoMatches = [bar] {
            const QList<QLabel *> labels = bar->findChildren<QLabel *>();
            return std::any_of(labels.cbegin(), labels.cend(), [](const QLabel *label) {
                return label->text() == QStringLiteral("No matches");
            });
        };
        QTRY_VERIFY(saysNoMatches());
        QCOMPARE(window.sessionView()->hitCount(), 0);
    }

    void framingMenuDecodesAgain()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        MessageModel *model = openInMessagesMode(window, path);
        QVERIFY(model);
        findAction(&window, QStringLiteral("Raw Reads"))->trigger();
        QTRY_VERIFY(model->isComplete());
        QCOMPARE(model->messages().framing(Stream::Stdin), Framing::Raw);
        QCOMPARE(model->rowCount(), 5); // one per read
        QCOMPARE(model->data(model->index(1, MessageModel::KindColumn)).toString(),
                 QStringLiteral("data"));
    }

    void exportMessagesWritesJsonLines()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        QVERIFY(window.openFile(path));
        const QString target = dir.filePath(QStringLiteral("messages.jsonl"));
        QVERIFY(window.fileCommands()->exportMessages(target));
        QFile file(target);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        QVERIFY(lines.at(1).contains(R"("method":"initialize","response":3)"));
    }

    // View > Time applies to both timelines, whichever existed when it was chosen.
    void timeDisplayAppliesToBothTimelines()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        MessageModel *model = openInMessagesMode(window, path);
        QVERIFY(model);
        window.setTimelineUnit(MainWindow::TimelineUnit::Chunks);
        findAction(&window, QStringLiteral("Wall Clock"))->trigger();
        const QVariant wallClock = window.sessionView()->timelineModel()->headerData(
            TimelineModel::TimeColumn, Qt::Horizontal, Qt::DisplayRole);
        QCOMPARE(wallClock.toString(), timeHeader(TimeDisplay::WallClock));
        window.setTimelineUnit(MainWindow::TimelineUnit::Messages);
        QCOMPARE(model->headerData(MessageModel::TimeColumn, Qt::Horizontal, Qt::DisplayRole),
                 wallClock);
    }

    // Going to a message that a hidden stream holds shows the stream, and the toolbar says so.
    void goingToAHiddenMessageShowsItsStreamInTheToolbar()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        MessageModel *model = openInMessagesMode(window, path);
        QVERIFY(model);
        QAction *showStdin = findAction(&window, QStringLiteral("Show stdin"));
        showStdin->trigger();
        QVERIFY(!showStdin->isChecked());
        QCOMPARE(model->rowCount(), 2); // the banner and the response
        emit window.messagePanels()->problemsPanel()->messageActivated(
            4); // the hover request, on stdin
        QCOMPARE(model->rowCount(), 5);
        QVERIFY(showStdin->isChecked());
        QVERIFY(window.sessionView()->isStreamVisible(Stream::Stdin));
    }

    // Closing the search bar takes its "only matching rows" filter with it, in both modes.
    void closingTheSearchBarShowsEveryRowAgain_data()
    {
        QTest::addColumn<MainWindow::TimelineUnit>("unit");
        QTest::newRow("reads") << MainWindow::TimelineUnit::Chunks;
        QTest::newRow("messages") << MainWindow::TimelineUnit::Messages;
    }

    void closingTheSearchBarShowsEveryRowAgain()
    {
        QFETCH(MainWindow::TimelineUnit, unit);
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        MessageModel *model = openInMessagesMode(window, path);
        QVERIFY(model);
        window.setTimelineUnit(unit);
        QAbstractItemModel *timeline = window.sessionView()->timelineView()->model();
        QCOMPARE(timeline->rowCount(), 5);
        search(window, QStringLiteral("capabilities"));
        QTRY_COMPARE(window.sessionView()->hitCount(), 1);
        showOnlyMatchingRows(window);
        QCOMPARE(timeline->rowCount(), 1);
        SearchBar *bar = window.sessionView()->searchBar();
        QTest::keyClick(bar->findChild<QLineEdit *>(), Qt::Key_Escape);
        QVERIFY(!bar->isVisible());
        QCOMPARE(timeline->rowCount(), 5);
        QVERIFY(!bar->isFilterOn());
    }

    // A message the filter hides leaves the detail pane; one that passes stays selected.
    void filteredOutMessageLeavesTheDetailPane()
    {
        QTemporaryDir dir;
        const QString path = writeLspSession(dir.filePath(QStringLiteral("lsp.pcapng")));
        MainWindow window;
        window.show();
        MessageModel *model = openInMessagesMode(window, path);
        QVERIFY(model);
        window.sessionView()->timelineView()->selectionModel()->setCurrentIndex(
            model->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        MessageBodyView *body = window.sessionView()->detailPane()->messageView();
        QVERIFY(body->text().contains(QLatin1String("\"method\": \"initialize\"")));

        auto *kind = window.sessionView()->messageFilterBar()->findChildren<QComboBox *>().at(1);
        kind->setCurrentIndex(kind->findText(QStringLiteral("request")));
        QCOMPARE(selectedRows(window), QList<int>({0})); // still selected: it is a request
        QVERIFY(body->text().contains(QLatin1String("\"method\": \"initialize\"")));

        kind->setCurrentIndex(kind->findText(QStringLiteral("notification")));
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(selectedRows(window), QList<int>());
        QVERIFY2(!body->text().contains(QLatin1String("initialize")), qPrintable(body->text()));
        QVERIFY(window.sessionView()->detailPane()->currentSource() == nullptr);
    }

    // Closing the window asks a launched program to end (SIGTERM; Ctrl+Break on Windows), as
    // proxy mode does.
    void closingTheWindowTerminatesALaunchedChild()
    {
        MainWindow window;
        window.show();
        LaunchRequest request;
        request.program = QStringLiteral(TESTCHILD_BINARY);
        request.arguments = {QStringLiteral("echo")};
        QVERIFY(window.launch(request));
        QTRY_VERIFY(statusText(window).contains(QStringLiteral("running, pid")));
        const QString autosave = sessionFileInStatus(window);
        QString asked;
        dialogs::answerNextQuestion(QStringLiteral("End Program"), false, &asked);
        window.close();
        QVERIFY2(asked.contains(QStringLiteral("Quitting ends it")), qPrintable(asked));
        QTRY_VERIFY(!window.isVisible());
        QVERIFY2(childEndedByStopper.match(window.sessionView()->childState()).hasMatch(),
                 qPrintable(window.sessionView()->childState()));
        QFile::remove(autosave);
    }

    // Opening a file or launching a program while a launched one runs asks first; the ended
    // session's file keeps the child's exit. "Don't ask again" is kept.
    void replacingARunningChildAsksAndRecordsItsExit()
    {
        QTemporaryDir dir;
        const QString saved = writeSession(dir.filePath(QStringLiteral("s.pcapng")));
        MainWindow window;
        window.show();
        LaunchRequest request;
        request.program = QStringLiteral(TESTCHILD_BINARY);
        request.arguments = {QStringLiteral("echo")}; // runs until its stdin ends
        QVERIFY(window.launch(request));
        QTRY_VERIFY(statusText(window).contains(QStringLiteral("running, pid")));
        SessionView *launched = window.sessionView();
        const QString autosave = sessionFileInStatus(window);
        // Named after the program: what Save As and the exports then suggest.
        QVERIFY2(QFileInfo(autosave).fileName().startsWith(QStringLiteral("testchild-")),
                 qPrintable(autosave));
        const auto cleanUp = qScopeGuard([&] {
            QFile::remove(autosave);
            Settings().setAsksBeforeEndingChild(true);
        });

        QString asked;
        dialogs::answerNextQuestion(QStringLiteral("Cancel"), false, &asked);
        QVERIFY(!window.openFile(saved));
        QVERIFY2(asked.contains(QStringLiteral("Opening a session ends it")), qPrintable(asked));
        QCOMPARE(window.sessionView(), launched);
        QVERIFY(launched->proxySession()->isChildRunning());

        dialogs::answerNextQuestion(QStringLiteral("End Program"), true, &asked);
        QVERIFY(window.openFile(saved));
        QVERIFY(window.sessionView() != launched);
        QVERIFY2(!eventsOf(autosave).filter(childEndedByStopper).isEmpty(),
                 qPrintable(eventsOf(autosave).join(QStringLiteral(", "))));

        // Asked not to ask again: launching twice replaces the first program at once.
        QVERIFY(window.launch(request));
        QTRY_VERIFY(statusText(window).contains(QStringLiteral("running, pid")));
        const QString second = sessionFileInStatus(window);
        asked.clear();
        QVERIFY(window.launch(request));
        QVERIFY(asked.isEmpty());
        QVERIFY2(!eventsOf(second).filter(childEndedByStopper).isEmpty(),
                 qPrintable(eventsOf(second).join(QStringLiteral(", "))));
        QFile::remove(second);
        QTRY_VERIFY(statusText(window).contains(QStringLiteral("running, pid")));
        QFile::remove(sessionFileInStatus(window));
    }

    // A program that cannot be found is refused in a box on the window, and no session (nor
    // session file) is made for it: the session on screen stays.
    void launchThatCannotStartIsRefusedWithoutAFile()
    {
        QTemporaryDir dir;
        const QString path = writeSession(dir.filePath(QStringLiteral("s.pcapng")));
        const QDir sessions(QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
                            + QStringLiteral("/pipescope/sessions"));
        const QStringList before = sessions.entryList(QDir::Files);
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        SessionView *saved = window.sessionView();
        LaunchRequest request;
        request.program = QStringLiteral("no-such-program-xyz");
        QVERIFY(!window.launch(request));
        QCOMPARE(window.sessionView(), saved);
        QMessageBox *box = window.findChild<QMessageBox *>();
        QVERIFY(box && box->isVisible());
        QCOMPARE(box->text(), QStringLiteral("no-such-program-xyz: command not found"));
        QCOMPARE(sessions.entryList(QDir::Files), before);
    }

    // A cut-off session exports what could be read, and the window says it was cut off, as
    // `pipescope export` does.
    void exportOfACutOffSessionWarns()
    {
        QTemporaryDir dir;
        const QString path = writeSession(dir.filePath(QStringLiteral("s.pcapng")), 10);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(file.size() - 7));
        file.close();
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        window.statusBar()->clearMessage(); // opening it said so already
        const QString target = dir.filePath(QStringLiteral("s.txt"));
        QVERIFY(window.fileCommands()->exportSession(target, ExportFormat::Text));
        QVERIFY(QFile::exists(target));
        QTRY_VERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("cut off")),
                     qPrintable(window.statusBar()->currentMessage()));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"

// One window for every session on the machine: the Sessions panel lists recorders as they run,
// a session opens in a tab that follows its file as it grows, new sessions can open tabs by
// themselves, and a proxy started while a monitor runs shows there and ends with its child.
#include "capture/capturestore.h"
#include "capture/followedsession.h"
#include "capture/sessionregistry.h"
#include "helpers/dialogs.h"
#include "helpers/lsp.h"
#include "helpers/recorders.h"
#include "mainwindow.h"
#include "messages/sessionmessages.h"
#include "models/messagemodel.h"
#include "models/sessionsmodel.h"
#include "models/timelinemodel.h"
#include "sessionannotations.h"
#include "sessionsmonitor.h"
#include "sessionspanel.h"
#include "sessiontabs.h"
#include "sessionview.h"
#include "settings.h"
#include "testutils.h"

#include <QtCore/QScopeGuard>
#include <QtCore/QStandardPaths>
#include <QtTest/QtTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>

class tst_Monitor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings of our own
        QVERIFY(m_home.isValid());
        recorders::useOwnDirectories(m_home);
    }

    void init()
    {
        Settings().setOpensNewSessions(false);
        m_window = std::make_unique<MainWindow>();
        m_panel = m_window->monitor()->show();
        m_window->show();
    }

    void cleanup() { m_window.reset(); }

    void panelListsRunningRecorders()
    {
        const QString alpha = recorders::uniqueName(QStringLiteral("alpha"));
        const QString beta = recorders::uniqueName(QStringLiteral("beta"));
        auto first = recorders::start(alpha);
        auto second = recorders::start(beta);
        first->write("hello\n");
        second->write(lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(alpha) >= 0 && rowOf(beta) >= 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(cell(alpha, SessionsModel::StdoutColumn),
                                  QStringLiteral("6 bytes"), 5000);
        for (const QString &name : {alpha, beta}) {
            QCOMPARE(cell(name, SessionsModel::StatusColumn), QStringLiteral("running"));
            // Started by this test, as an editor starts its servers.
            QVERIFY2(cell(name, SessionsModel::StartedByColumn)
                         .endsWith(QStringLiteral("(%1)").arg(QCoreApplication::applicationPid())),
                     qPrintable(cell(name, SessionsModel::StartedByColumn)));
            QVERIFY(cell(name, SessionsModel::CommandColumn).contains(QStringLiteral("testchild")));
        }
        // Live first.
        QVERIFY(model()->session(0).live);

        first->closeWriteChannel();
        second->closeWriteChannel();
        QVERIFY(first->waitForFinished(10000) && second->waitForFinished(10000));
        QTRY_COMPARE_WITH_TIMEOUT(cell(alpha, SessionsModel::StatusColumn),
                                  QStringLiteral("exited with code 0"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(cell(beta, SessionsModel::StatusColumn),
                                  QStringLiteral("exited with code 0"), 5000);
        // Messages and problems, counted as the message layer counts them once the file is read.
        for (const QString &name : {alpha, beta}) {
            CaptureStore store;
            QVERIFY(store.load(model()->session(rowOf(name)).sessionFile));
            SessionMessages messages(&store, FramingChoice());
            messages.decodeAll();
            QTRY_COMPARE_WITH_TIMEOUT(cell(name, SessionsModel::MessagesColumn),
                                      QString::number(messages.log().count()), 5000);
            // Open requests become problems once the session is known to be over.
            QTRY_COMPARE_WITH_TIMEOUT(cell(name, SessionsModel::ProblemsColumn),
                                      QString::number(messages.log().problems().size()), 5000);
        }
        QVERIFY(cell(beta, SessionsModel::MessagesColumn).toInt() >= 2); // the request, its echo
    }

    void fileWithoutAnEndIsCountedAsItGrows()
    {
        // A session file no recorder lists (it has not registered yet, or died): its messages
        // are counted on as it grows.
        QVERIFY(QDir().mkpath(sessionsDirectory()));
        const QString path = sessionsDirectory() + QLatin1Char('/')
                             + recorders::uniqueName(QStringLiteral("unlisted"))
                             + QStringLiteral(".pcapng");
        const auto removed = qScopeGuard([&] { QFile::remove(path); });
        CaptureStore store;
        QVERIFY(store.create(path, QString(), PrivateFileCreation::NewFileOnly));
        const QByteArray request = lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})");
        store.append(Stream::Stdin, 1000, request.constData(), request.size());
        QVERIFY(store.flushAndWait());
        QTRY_VERIFY_WITH_TIMEOUT(model()->rowOf(path) >= 0, 5000);
        const auto messages = [&] {
            const int row = model()->rowOf(path);
            return row < 0 ? QString()
                           : model()->index(row, SessionsModel::MessagesColumn).data().toString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(messages(), QStringLiteral("1"), 5000);
        const QByteArray response = lsp(R"({"jsonrpc":"2.0","id":1,"result":{}})");
        store.append(Stream::Stdout, 2000, response.constData(), response.size());
        QVERIFY(store.flushAndWait());
        QTRY_COMPARE_WITH_TIMEOUT(messages(), QStringLiteral("2"), 5000);
        QCOMPARE(model()->session(model()->rowOf(path)).status(), QStringLiteral("recorder gone"));
    }

    // A file in the sessions directory that is no session says why, on its row.
    void unreadableFileSaysWhy()
    {
        QVERIFY(QDir().mkpath(sessionsDirectory()));
        const QString path = sessionsDirectory() + QLatin1Char('/')
                             + recorders::uniqueName(QStringLiteral("notes"))
                             + QStringLiteral(".pcapng");
        const auto removed = qScopeGuard([&] { QFile::remove(path); });
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("these are notes, not a capture\n");
        file.close();
        const auto tooltip = [&] {
            const int row = model()->rowOf(path);
            return row < 0 ? QString() : model()->index(row, 0).data(Qt::ToolTipRole).toString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(tooltip().contains(QStringLiteral("not a pcapng")), 5000);
        QVERIFY(tooltip().startsWith(path));
    }

    void openedSessionFollowsItsFile()
    {
        const QString name = recorders::uniqueName(QStringLiteral("followed"));
        auto recorder = recorders::start(name);
        recorder->write("early\n");
        QTRY_VERIFY_WITH_TIMEOUT(
            rowOf(name) >= 0 && model()->session(rowOf(name)).summary.bytes[Stream::Stdout] == 6,
            10000);

        // Opened late: everything from the start.
        QVERIFY(m_panel->select(model()->session(rowOf(name)).sessionFile));
        m_panel->openSelected();
        SessionView *view = m_window->sessionView();
        QVERIFY(view && view->followedSession());
        QVERIFY(view->followedSession()->isRecording());
        QCOMPARE(payloads(view, Stream::Stdin), QByteArray("early\n"));
        QVERIFY(view->childState().startsWith(QStringLiteral("running, pid")));

        // A byte written now shows within a second: two rows, what went in and its echo.
        const int rows = view->timelineModel()->rowCount();
        recorder->write("later\n");
        QTRY_VERIFY_WITH_TIMEOUT(view->timelineModel()->rowCount() >= rows + 2, 1000);
        QCOMPARE(payloads(view, Stream::Stdout), QByteArray("early\nlater\n"));

        // Closing the tab leaves the session alone.
        emit m_window->sessionTabs()->closeRequested(view);
        QCOMPARE(m_window->sessionTabs()->count(), 0);
        recorder->write("after\n");
        QTRY_COMPARE_WITH_TIMEOUT(model()->session(rowOf(name)).summary.bytes[Stream::Stdout], 18,
                                  5000);
        QCOMPARE(recorder->state(), QProcess::Running);

        // Opening it again shows the same tab when it is open.
        m_panel->openSelected();
        m_panel->openSelected();
        QCOMPARE(m_window->sessionTabs()->count(), 1);
        view = m_window->sessionView();
        recorder->closeWriteChannel();
        QVERIFY(recorder->waitForFinished(10000));
        QTRY_COMPARE_WITH_TIMEOUT(view->childState(), QStringLiteral("exited with code 0"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!view->followedSession()->isRecording(), 5000);
        QCOMPARE(payloads(view, Stream::Stdout), QByteArray("early\nlater\nafter\n"));
    }

    // A followed session that speaks JSON-RPC turns to messages once its first bytes show it,
    // as a saved one opens in them; each tab keeps its own unit.
    void followedRpcSessionShowsMessages()
    {
        const QString plainName = recorders::uniqueName(QStringLiteral("plain"));
        auto plain = recorders::start(plainName);
        plain->write("just text\n");
        const QString rpcName = recorders::uniqueName(QStringLiteral("rpc"));
        auto rpc = recorders::start(rpcName);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(plainName) >= 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(model()->session(rowOf(plainName)).summary.bytes[Stream::Stdout],
                                  10, 5000);
        QVERIFY(openListed(plainName) && openListed(rpcName));
        SessionView *rpcView = tabOf(rpcName);
        QCOMPARE(rpcView->timelineUnit(), SessionView::TimelineUnit::Chunks); // nothing yet
        rpc->write(lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})"));
        QTRY_COMPARE_WITH_TIMEOUT(rpcView->timelineUnit(), SessionView::TimelineUnit::Messages,
                                  2000);
        // The start, the request and its echo.
        QTRY_COMPARE_WITH_TIMEOUT(rpcView->messageModel()->rowCount(), 3, 2000);
        QCOMPARE(m_window->timelineUnit(), SessionView::TimelineUnit::Messages); // on screen

        m_window->sessionTabs()->setCurrentWidget(tabOf(plainName));
        QCOMPARE(tabOf(plainName)->timelineUnit(), SessionView::TimelineUnit::Chunks);
        QCOMPARE(m_window->timelineUnit(), SessionView::TimelineUnit::Chunks);
        m_window->sessionTabs()->setCurrentWidget(rpcView);
        QCOMPARE(rpcView->timelineUnit(), SessionView::TimelineUnit::Messages);
        for (QProcess *process : {plain.get(), rpc.get()}) {
            process->closeWriteChannel();
            QVERIFY(process->waitForFinished(10000));
        }
    }

    // Quitting asks about marks in no file in every tab, not only the one on screen.
    void quittingAsksForEveryTabsMarks()
    {
        const QString markedName = recorders::uniqueName(QStringLiteral("marked"));
        auto marked = recorders::start(markedName);
        marked->write("note this\n");
        QVERIFY(openListed(markedName));
        SessionView *markedView = m_window->sessionView();
        QTRY_VERIFY_WITH_TIMEOUT(markedView->timelineModel()->rowCount() > 0, 2000);
        markedView->annotations()->toggleMark(0);
        const QString otherName = recorders::uniqueName(QStringLiteral("other"));
        auto other = recorders::start(otherName);
        QVERIFY(openListed(otherName));
        QVERIFY(m_window->sessionView() != markedView);

        QString asked;
        dialogs::answerNextQuestion(QStringLiteral("Cancel"), false, &asked);
        QVERIFY(!m_window->close());
        QVERIFY2(asked.contains(QStringLiteral("are in no file yet")), qPrintable(asked));
        QCOMPARE(m_window->sessionView(), markedView); // brought to the front to ask
        dialogs::answerNextQuestion(QStringLiteral("Discard"), false, &asked);
        QVERIFY(m_window->close());
        for (QProcess *process : {marked.get(), other.get()}) {
            process->closeWriteChannel();
            QVERIFY(process->waitForFinished(10000));
        }
    }

    void newSessionsOpenTabsWhenAsked()
    {
        m_panel->openNewToggle()->setChecked(true);
        QVERIFY(Settings().opensNewSessions()); // remembered
        const QString name = recorders::uniqueName(QStringLiteral("automatic"));
        auto recorder = recorders::start(name);
        QTRY_VERIFY_WITH_TIMEOUT(tabOf(name), 10000);
        recorder->write("ping\n");
        QTRY_COMPARE_WITH_TIMEOUT(payloads(tabOf(name), Stream::Stdout), QByteArray("ping\n"),
                                  2000);
        recorder->closeWriteChannel();
        QVERIFY(recorder->waitForFinished(10000));

        m_panel->openNewToggle()->setChecked(false);
        const QString unopened = recorders::uniqueName(QStringLiteral("unopened"));
        auto other = recorders::start(unopened);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(unopened) >= 0, 10000);
        QVERIFY(!tabOf(unopened));
        other->closeWriteChannel();
        QVERIFY(other->waitForFinished(10000));
    }

    void proxyStartedWhileAMonitorRunsOpensAsATab()
    {
        QVERIFY(isMonitorRunning());
        // With a display (offscreen, inherited), as an editor would start it.
        const QString name = recorders::uniqueName(QStringLiteral("proxy"));
        auto proxy = recorders::start(name, {});
        QTRY_VERIFY_WITH_TIMEOUT(tabOf(name), 10000);
        proxy->write("through\n");
        QTRY_COMPARE_WITH_TIMEOUT(payloads(tabOf(name), Stream::Stdout), QByteArray("through\n"),
                                  2000);
        // It ends with its child, as headless: no window of its own keeps it.
        proxy->closeWriteChannel();
        QVERIFY(proxy->waitForFinished(10000));
        QCOMPARE(proxy->exitCode(), 0);
        QCOMPARE(proxy->readAllStandardOutput(), QByteArray("through\n"));

        // --window: a window of its own, not a tab.
        const QString own = recorders::uniqueName(QStringLiteral("own"));
        auto windowed = recorders::start(own, {QStringLiteral("--window")});
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(own) >= 0, 10000);
        for (const RegistryEntry &entry : readSessionRegistry()) {
            if (entry.session.name == own)
                QVERIFY(!entry.session.showInMonitor);
        }
        QVERIFY(!tabOf(own));
        windowed->kill();
        QVERIFY(windowed->waitForFinished(10000));
    }

    void killedRecorderShowsEnded()
    {
        const QString name = recorders::uniqueName(QStringLiteral("victim"));
        auto recorder = recorders::start(name);
        recorder->write("kept\n");
        QVERIFY(openListed(name));
        SessionView *view = m_window->sessionView();
        QTRY_COMPARE_WITH_TIMEOUT(payloads(view, Stream::Stdout), QByteArray("kept\n"), 2000);

        testutils::killAbruptly(*recorder);
        QVERIFY(recorder->waitForFinished(10000));
        QTRY_COMPARE_WITH_TIMEOUT(view->childState(), QStringLiteral("recorder gone"), 5000);
        QCOMPARE(payloads(view, Stream::Stdout), QByteArray("kept\n"));
        QTRY_COMPARE_WITH_TIMEOUT(cell(name, SessionsModel::StatusColumn),
                                  QStringLiteral("recorder gone"), 5000);
    }

    void twentyFollowedSessions()
    {
        // The benchmark (bench/guibench) has the full load; here, that each tab gets its own.
        m_panel->openNewToggle()->setChecked(true);
        constexpr int sessions = 20;
        std::vector<std::unique_ptr<QProcess>> running;
        QStringList names;
        for (int i = 0; i < sessions; ++i) {
            names << recorders::uniqueName(QStringLiteral("many%1").arg(i));
            running.push_back(recorders::start(names.last()));
        }
        for (int i = 0; i < sessions; ++i)
            running[size_t(i)]->write(QByteArray::number(i) + " says hello\n");
        for (int i = 0; i < sessions; ++i) {
            QTRY_VERIFY_WITH_TIMEOUT(tabOf(names.at(i)), 20000);
            QTRY_COMPARE_WITH_TIMEOUT(payloads(tabOf(names.at(i)), Stream::Stdout),
                                      QByteArray::number(i) + " says hello\n", 10000);
        }
        for (auto &process : running)
            process->closeWriteChannel();
        for (auto &process : running)
            QVERIFY(process->waitForFinished(20000));
    }

private:
    SessionsModel *model() const { return m_panel->model(); }

    int rowOf(const QString &name) const
    {
        for (int row = 0; row < model()->rowCount(); ++row) {
            if (model()->session(row).summary.name == name)
                return row;
        }
        return -1;
    }

    QString cell(const QString &name, int column) const
    {
        const int row = rowOf(name);
        return row < 0 ? QString() : model()->index(row, column).data().toString();
    }

    // Opens the session called `name` once the panel lists it, as Open does.
    bool openListed(const QString &name)
    {
        if (!QTest::qWaitFor([&] { return rowOf(name) >= 0; }, 10000))
            return false;
        const ListedSession &session = model()->session(rowOf(name));
        return m_window->monitor()->open(session.sessionFile, session.registryEntry);
    }

    SessionView *tabOf(const QString &name) const
    {
        for (SessionView *view : m_window->sessionTabs()->views()) {
            if (view->followedSession() && view->followedSession()->summary().name == name)
                return view;
        }
        return nullptr;
    }

    // What the view's store holds of one stream, as the timeline shows it.
    static QByteArray payloads(const SessionView *view, Stream stream)
    {
        QByteArray bytes;
        if (!view)
            return bytes;
        const CaptureStore *store = view->store();
        for (qsizetype i = 0; i < store->count(); ++i) {
            const ChunkRecord record = store->record(i);
            if (record.stream == stream)
                bytes += store->payload(record);
        }
        return bytes;
    }

    QTemporaryDir m_home;
    std::unique_ptr<MainWindow> m_window;
    SessionsPanel *m_panel = nullptr;
};

QTEST_MAIN(tst_Monitor)
#include "tst_monitor.moc"

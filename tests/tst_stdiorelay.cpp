// StdioRelay (through ProxySession, which runs it in its thread), with pipes standing in for the
// parent's stdin, stdout and stderr.
#include "platform/fdio.h"
#include "relay/proxysession.h"
#include "testconfig.h"
#include "testutils.h"

#include <QtCore/QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <thread>

using namespace testutils;

namespace {

// The parent's side of a relay: the test writes `toRelay` and reads `fromStdout`/`fromStderr`.
struct Parent
{
    int toRelay = -1;
    int fromStdout = -1;
    int fromStderr = -1;
    RelayConfig config;

    explicit Parent(const QStringList &childArguments)
    {
        fdio::Pipe in, out, err;
        QString error;
        if (!fdio::createPipe(&in, &error) || !fdio::createPipe(&out, &error)
            || !fdio::createPipe(&err, &error))
            qFatal("pipe: %s", qPrintable(error));
        toRelay = in.writeEnd;
        fromStdout = out.readEnd;
        fromStderr = err.readEnd;
        config.program = QStringLiteral(TESTCHILD_BINARY);
        config.arguments = childArguments;
        config.parentStdin = in.readEnd; // the relay takes these three over
        config.parentStdout = out.writeEnd;
        config.parentStderr = err.writeEnd;
    }
    ~Parent()
    {
        for (int *fd : {&toRelay, &fromStdout, &fromStderr})
            fdio::closeFd(*fd);
    }
    void closeStdin() { fdio::closeFd(toRelay); }
};

// Runs a session to its end and keeps what it reported.
struct Run
{
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("session.pcapng"));
    std::unique_ptr<ProxySession> session;
    std::unique_ptr<QSignalSpy> finished;

    explicit Run(const RelayConfig &config)
        : session(std::make_unique<ProxySession>(config))
        , finished(std::make_unique<QSignalSpy>(session.get(), &ProxySession::finished))
    {
    }
    bool start() { return session->start(path); }
    bool waitFinished(int timeoutMs = 20000)
    {
        return !finished->isEmpty() || finished->wait(timeoutMs);
    }
    ChildExit exit() const { return finished->first().first().value<ChildExit>(); }
};

// A session as the window launches it: stdin from sendInput(), output recorded only.
// What a C runtime's text mode would change: \n to \r\n and back, a lone \r, Ctrl+Z (the
// end of a text file on Windows), NUL, and bytes that are not UTF-8 (a code page's conversion).
QByteArray textModeHazards()
{
    return QByteArray("a\nb\r\nc\rd\x1a"
                      "e\0f\xff\xfe\xc3(\r\r\n\n",
                      20);
}

RelayConfig launchedConfig(const QStringList &arguments,
                           const QString &program = QStringLiteral(TESTCHILD_BINARY))
{
    RelayConfig config;
    config.program = program;
    config.arguments = arguments;
    config.input = RelayConfig::Input::Window;
    config.parentStdin = config.parentStdout = config.parentStderr = -1;
    return config;
}

} // namespace

class tst_StdioRelay : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qRegisterMetaType<ChildExit>();
#ifndef Q_OS_WIN
        ::signal(SIGPIPE, SIG_IGN); // as pipescope does: a closed reader is an EPIPE
#endif
    }

    void echoIsByteExact_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("nothing") << QByteArray();
        QTest::newRow("no trailing newline") << QByteArrayLiteral("hello");
        QTest::newRow("NUL bytes") << QByteArray("a\0b\0\0c\n", 7);
        QTest::newRow("invalid UTF-8") << QByteArray("\xff\xfe\xc3(\x80 ok\r\n");
        QTest::newRow("1 MiB random") << generatedBytes(1024 * 1024, 7);
        QTest::newRow("what text mode would change") << textModeHazards();
    }
    void echoIsByteExact()
    {
        QFETCH(QByteArray, input);
        Parent parent({QStringLiteral("echo")});
        Run run(parent.config);
        QVERIFY(run.start());

        std::thread writer([&] {
            writeAll(parent.toRelay, input);
            parent.closeStdin();
        });
        const EofRead output = readToEof(parent.fromStdout);
        QVERIFY(output.reachedEof);
        writer.join();
        QVERIFY(run.waitFinished());

        QCOMPARE(output.bytes.size(), input.size());
        QVERIFY(output.bytes == input);
        QCOMPARE(readToEof(parent.fromStderr), QByteArray());
        QCOMPARE(run.exit().kind, SessionEvent::ExitKind::Code);
        QCOMPARE(run.exit().value, 0);

        const LoadedSession session = loadSession(run.path);
        QVERIFY(session.ok);
        QVERIFY(session.warning.isEmpty());
        QVERIFY(session.streamBytes(Stream::Stdin) == input);
        QVERIFY(session.streamBytes(Stream::Stdout) == input);
        QVERIFY(session.streamBytes(Stream::Stderr).isEmpty());
    }

    // Line endings, Ctrl+Z, NUL and bytes that are not UTF-8, on stdout and stderr at once (stdin
    // is echoIsByteExact's): relayed and recorded as they are, on Windows as on Linux.
    void textModeBytesPassThroughStdoutAndStderr()
    {
        const QByteArray out = textModeHazards();
        const QByteArray err = "err\r\n" + textModeHazards() + "\x1a";
        Parent parent({QStringLiteral("hex-out"), QString::fromLatin1(out.toHex()),
                       QString::fromLatin1(err.toHex())});
        Run run(parent.config);
        QVERIFY(run.start());
        parent.closeStdin();
        EofRead errors;
        std::thread errorReader([&] { errors = readToEof(parent.fromStderr); });
        const EofRead output = readToEof(parent.fromStdout);
        errorReader.join();
        QCOMPARE(output, out);
        QCOMPARE(errors, err);
        QVERIFY(run.waitFinished());
        const LoadedSession session = loadSession(run.path);
        QCOMPARE(session.streamBytes(Stream::Stdout), out);
        QCOMPARE(session.streamBytes(Stream::Stderr), err);
    }

    void lifecycleEventsAreRecorded()
    {
        Parent parent({QStringLiteral("hex-out"), QStringLiteral("6f6b0a")});
        Run run(parent.config);
        QVERIFY(run.start());
        parent.closeStdin();
        QCOMPARE(readToEof(parent.fromStdout), QByteArrayLiteral("ok\n"));
        QVERIFY(run.waitFinished());

        const LoadedSession session = loadSession(run.path);
        const QList<SessionEvent::Kind> kinds = session.eventKinds();
        QCOMPARE(kinds.first(), SessionEvent::Kind::Started);
        for (auto kind : {SessionEvent::Kind::Exited, SessionEvent::Kind::StdinClosed,
                          SessionEvent::Kind::StdoutClosed, SessionEvent::Kind::StderrClosed})
            QVERIFY(kinds.contains(kind));

        const SessionEvent started = session.events.first();
        QCOMPARE(started.arguments,
                 QStringList({QStringLiteral(TESTCHILD_BINARY), QStringLiteral("hex-out"),
                              QStringLiteral("6f6b0a")}));
        QCOMPARE(started.workingDirectory, QDir::currentPath());
        QVERIFY(started.pid > 0);
        QVERIFY(qAbs(started.startedAtMs - QDateTime::currentMSecsSinceEpoch()) < 60000);

        // Records are in time order, and the stdout chunk comes between start and exit.
        for (qsizetype i = 1; i < session.records.size(); ++i)
            QVERIFY(session.records[i].timestampNs >= session.records[i - 1].timestampNs);
    }

    void stdoutAndStderrStaySeparate()
    {
        Parent parent(
            {QStringLiteral("hex-out"), QStringLiteral("00010203"), QStringLiteral("fffe0a")});
        Run run(parent.config);
        QVERIFY(run.start());
        parent.closeStdin();
        QCOMPARE(readToEof(parent.fromStdout), QByteArray("\x00\x01\x02\x03", 4));
        QCOMPARE(readToEof(parent.fromStderr), QByteArray("\xff\xfe\n"));
        QVERIFY(run.waitFinished());
        const LoadedSession session = loadSession(run.path);
        QCOMPARE(session.streamBytes(Stream::Stdout), QByteArray("\x00\x01\x02\x03", 4));
        QCOMPARE(session.streamBytes(Stream::Stderr), QByteArray("\xff\xfe\n"));
    }

    void parentEofClosesChildStdin()
    {
        // The child reports what it read once its stdin ends: that can only happen if our EOF
        // reached it.
        const QByteArray input = generatedBytes(300000, 3);
        Parent parent({QStringLiteral("sink")});
        Run run(parent.config);
        QVERIFY(run.start());
        QVERIFY(writeAll(parent.toRelay, input));
        parent.closeStdin();
        const EofRead report = readToEof(parent.fromStdout);
        QVERIFY(report.reachedEof);
        QVERIFY(run.waitFinished());
        QVERIFY2(report.bytes.startsWith(QByteArray(QByteArray::number(input.size()) + ' ')),
                 report.bytes.constData());
    }

    void slowParentBoundsBufferingAndOtherDirectionFlows()
    {
        // The child floods stdout while echoing stdin to stderr. The parent does not read
        // stdout: the relay must stop reading the child's stdout near the high-water mark, and
        // stdin -> stderr must keep flowing meanwhile. The high-water mark is the default one,
        // 1 MiB per direction (docs/reliability.md).
        const qint64 flood = 64 * 1024 * 1024;
        const qint64 highWater = 1024 * 1024;
        Parent parent({QStringLiteral("flood-echo"), QString::number(flood)});
        Run run(parent.config);
        QVERIFY(run.start());

        for (int i = 0; i < 20; ++i) {
            const QByteArray line = "ping " + QByteArray::number(i) + '\n';
            QVERIFY(writeAll(parent.toRelay, line));
            QCOMPARE(readExactly(parent.fromStderr, line.size(), 5000), line);
        }
        const auto recordedStdout
            = [&] { return run.session->store().streamBytes(Stream::Stdout); };
        // The relay reads until its buffer holds the high-water mark, then stops...
        QTRY_VERIFY(recordedStdout() >= highWater);
        QTest::qWait(300);
        const qint64 recorded = recordedStdout();
        // ...so what was read from the child is what sits in the relay's buffer (<= high water
        // plus one read of at most 256 KiB) plus what the parent's pipe holds (64 KiB).
        QVERIFY2(recorded <= highWater + 256 * 1024 + 64 * 1024,
                 qPrintable(QStringLiteral("read %1 bytes from a stalled stdout").arg(recorded)));

        parent.closeStdin();
        const EofRead output = readToEof(parent.fromStdout);
        QVERIFY(output.reachedEof);
        QVERIFY(run.waitFinished());
        QCOMPARE(output.bytes.size(), flood);
        QVERIFY(output.bytes == generatedBytes(flood, 1));
    }

    void exitIsReported_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<SessionEvent::ExitKind>("kind");
        QTest::addColumn<int>("value");
        QTest::newRow("exit 0") << QStringList{QStringLiteral("exit"), QStringLiteral("0")}
                                << SessionEvent::ExitKind::Code << 0;
        QTest::newRow("exit 7") << QStringList{QStringLiteral("exit"), QStringLiteral("7")}
                                << SessionEvent::ExitKind::Code << 7;
#ifdef Q_OS_WIN
        // A crash ends a Windows program with an NTSTATUS as its exit code.
        QTest::newRow("access violation")
            << QStringList{QStringLiteral("exit-status"), QStringLiteral("C0000005")}
            << SessionEvent::ExitKind::Code << int(0xC0000005);
#else
        QTest::newRow("SIGKILL") << QStringList{QStringLiteral("signal"), QStringLiteral("9")}
                                 << SessionEvent::ExitKind::Signal << 9;
        QTest::newRow("SIGTERM") << QStringList{QStringLiteral("signal"), QStringLiteral("15")}
                                 << SessionEvent::ExitKind::Signal << 15;
#endif
    }
    void exitIsReported()
    {
        QFETCH(QStringList, arguments);
        QFETCH(SessionEvent::ExitKind, kind);
        QFETCH(int, value);
        Parent parent(arguments);
        Run run(parent.config);
        QVERIFY(run.start());
        QVERIFY(run.waitFinished());
        QCOMPARE(run.exit().kind, kind);
        QCOMPARE(run.exit().value, value);
        const LoadedSession session = loadSession(run.path);
        const SessionEvent exited = session.exit();
        QCOMPARE(exited.kind, SessionEvent::Kind::Exited);
        QCOMPARE(exited.exitKind, kind);
        QCOMPARE(exited.exitCode, value);
    }

    void childThatCannotStart_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<int>("code");
        QTest::newRow("missing path") << QStringLiteral("/nonexistent/program") << 127;
        QTest::newRow("not in PATH") << QStringLiteral("no-such-command-pipescope") << 127;
        QTest::newRow("not executable") << QStringLiteral("NOT-EXECUTABLE") << 126;
        QTest::newRow("directory") << QStringLiteral("/tmp/") << 126;
    }
    void childThatCannotStart()
    {
        QFETCH(QString, program);
        QFETCH(int, code);
        QTemporaryDir dir;
        if (program == QLatin1String("NOT-EXECUTABLE")) {
            program = dir.filePath(QStringLiteral("script.sh")); // no x bit
            QFile file(program);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("#!/bin/sh\necho hi\n");
        }
        Parent parent({});
        parent.config.program = program;
        Run run(parent.config);
        QVERIFY(run.start());
        QVERIFY(run.waitFinished(5000));
        QCOMPARE(run.exit().value, code);
        QVERIFY(run.session->errorString().startsWith(program));
        QVERIFY(!run.session->errorString().contains(u'\n'));
        const LoadedSession session = loadSession(run.path);
        QCOMPARE(session.eventKinds(), QList<SessionEvent::Kind>{SessionEvent::Kind::StartFailed});
    }

    void outputAfterExitIsDelivered()
    {
        // The child writes 8 MiB and exits at once; the parent reads only afterwards. Every byte
        // still arrives, then EOF.
        const qint64 size = 8 * 1024 * 1024;
        Parent parent({QStringLiteral("generate"), QString::number(size), QStringLiteral("5")});
        Run run(parent.config);
        QVERIFY(run.start());
        parent.closeStdin();
        QTest::qWait(200);
        const EofRead output = readToEof(parent.fromStdout);
        QVERIFY(output.reachedEof);
        QVERIFY(run.waitFinished());
        QVERIFY(output.bytes == generatedBytes(size, 5));
    }

    void parentClosingStdoutReachesTheChild()
    {
        // Without pipescope, a child writing into a closed pipe dies by SIGPIPE (Windows: its
        // write fails, and the test child exits with 1): so it must here.
        Parent parent({QStringLiteral("generate"), QString::number(1024LL * 1024 * 1024)});
        Run run(parent.config);
        QVERIFY(run.start());
        QVERIFY(!readExactly(parent.fromStdout, 1000).isEmpty());
        fdio::closeFd(parent.fromStdout);
        QVERIFY(run.waitFinished());
#ifdef Q_OS_WIN
        QCOMPARE(run.exit().kind, SessionEvent::ExitKind::Code);
        QCOMPARE(run.exit().value, 1);
#else
        QCOMPARE(run.exit().kind, SessionEvent::ExitKind::Signal);
        QCOMPARE(run.exit().value, SIGPIPE);
#endif
    }

    void launchedSessionTakesInputFromTheWindow()
    {
        RelayConfig config = launchedConfig({QStringLiteral("echo")});
        Run run(config);
        // childStarted comes from the relay thread: take it in this one, connected before start.
        bool started = false;
        connect(
            run.session.get(), &ProxySession::childStarted, this, [&started] { started = true; },
            Qt::QueuedConnection);
        QVERIFY(run.start());
        QTRY_VERIFY_WITH_TIMEOUT(started, 5000);
        const QByteArray big = generatedBytes(600 * 1024, 9); // more than one record's worth
        run.session->sendInput(QByteArrayLiteral("hello\n"));
        run.session->sendInput(big);
        run.session->closeInput();
        QVERIFY(run.waitFinished());
        QCOMPARE(run.exit().value, 0);
        const LoadedSession session = loadSession(run.path);
        QVERIFY(session.streamBytes(Stream::Stdin) == "hello\n" + big);
        QVERIFY(session.streamBytes(Stream::Stdout) == "hello\n" + big);
        for (const ChunkRecord &record : session.records)
            QVERIFY(record.length <= 256 * 1024);
        QVERIFY(session.eventKinds().contains(SessionEvent::Kind::StdinClosed));
    }

    void launchedSessionCanBeSignalled()
    {
#ifdef Q_OS_WIN
        QSKIP("POSIX signals; Windows sends Ctrl+Break through the console (docs/windows.md)");
#endif
        RelayConfig config = launchedConfig({QStringLiteral("wait-signal")});
        config.extraEnvironment = {QStringLiteral("PIPESCOPE_TEST_VALUE=42")};
        Run run(config);
        QVERIFY(run.start());
        // "ready" is printed once the child's handlers are in place.
        QTRY_VERIFY(run.session->store().streamBytes(Stream::Stdout) > 0);
        run.session->signalChild(ProcessSignal::Terminate);
        QVERIFY(run.waitFinished());
        QCOMPARE(run.exit().value, 100 + SIGTERM);
    }

    void extraEnvironmentReachesTheChild()
    {
        RelayConfig config
            = launchedConfig({QStringLiteral("env"), QStringLiteral("PIPESCOPE_TEST_VALUE")});
        config.extraEnvironment = {QStringLiteral("PIPESCOPE_TEST_VALUE=forty two")};
        Run run(config);
        QVERIFY(run.start());
        QVERIFY(run.waitFinished());
        QCOMPARE(loadSession(run.path).streamBytes(Stream::Stdout), QByteArrayLiteral("forty two"));
    }

    void workingDirectoryIsApplied()
    {
        QTemporaryDir dir;
        Parent parent({QStringLiteral("cwd")});
        parent.config.workingDirectory = dir.path();
        Run run(parent.config);
        QVERIFY(run.start());
        parent.closeStdin();
        const EofRead read = readToEof(parent.fromStdout);
        QVERIFY2(read.reachedEof, QTest::toString(read));
        QCOMPARE(QDir::fromNativeSeparators(QString::fromLocal8Bit(read.bytes)),
                 QFileInfo(dir.path()).canonicalFilePath() + u'\n');
        QVERIFY(run.waitFinished());
    }
};

QTEST_GUILESS_MAIN(tst_StdioRelay)
#include "tst_stdiorelay.moc"

// Faults, seen from where the user sits: the child dies or half-closes, ignores SIGTERM; the parent
// goes away; the disk fills; the session file changes under a reader; pipescope is killed. Each
// test checks what the parent receives, how pipescope ends, what it says on stderr, and what the
// session file holds when it is opened again (docs/cli.md, docs/gui.md).
#include "capture/capturestore.h"
#include "capture/chunksequence.h"
#include "relay/proxysession.h"
#include "testconfig.h"
#include "testutils.h"

#include <QtCore/QDir>
#include <QtCore/QScopeGuard>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest>

#include <thread>

#ifdef Q_OS_UNIX
#include <csignal>

#include <sys/resource.h>
#include <unistd.h>
#endif

using namespace testutils;

namespace {

QString testchild()
{
    return QStringLiteral(TESTCHILD_BINARY);
}

// pipescope with its Qt log in `dir`, not in the user's cache.
QProcessEnvironment environmentIn(const QTemporaryDir &dir)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
    return environment;
}

bool startPipescope(PipedProcess *pipescope, const QTemporaryDir &dir, const QStringList &arguments,
                    const std::function<void()> &childSetup = {})
{
    pipescope->process.setProcessEnvironment(environmentIn(dir));
    pipescope->process.setWorkingDirectory(dir.path()); // a core file, if any, lands here
    return pipescope->start(QStringLiteral(PIPESCOPE_BINARY), arguments, childSetup);
}

// Checks, piece by piece, that bytes are a prefix of ByteGenerator(seed)'s sequence.
struct PrefixCheck
{
    ByteGenerator generator;
    qint64 size = 0;
    qint64 firstDifference = -1;

    explicit PrefixCheck(quint64 seed)
        : generator(seed)
    {
    }
    void add(const char *data, qsizetype length)
    {
        QByteArray expected(length, Qt::Uninitialized);
        generator.fill(expected.data(), size_t(length));
        if (firstDifference < 0 && std::memcmp(expected.constData(), data, size_t(length)) != 0) {
            qsizetype i = 0;
            while (expected.at(i) == data[i])
                ++i;
            firstDifference = size + i;
        }
        size += length;
    }
    bool ok() const { return firstDifference < 0; }
};

// What a session file holds, without its payloads: bytes and a prefix check per stream.
struct RecordedStream
{
    bool ok = false;
    QString warning;
    qint64 bytes = 0;
    bool isPrefix = false;
    QList<SessionEvent> events;
};

RecordedStream recordedStdout(const QString &path, quint64 seed)
{
    RecordedStream result;
    PrefixCheck check(seed);
    result.ok = scanSession(
        path,
        [&](const ChunkRecord &record, const QByteArray &payload) {
            if (record.stream == Stream::Stdout)
                check.add(payload.constData(), payload.size());
            if (record.stream == Stream::Event) {
                if (const auto event = SessionEvent::fromPayload(payload))
                    result.events << *event;
            }
        },
        &result.warning);
    result.bytes = check.size;
    result.isPrefix = check.ok();
    return result;
}

// Reads both outputs of a piped pipescope to their ends, at once, so that neither blocks it.
struct Outputs
{
    EofRead out;
    EofRead err;
};

Outputs readBoth(PipedProcess &pipescope)
{
    Outputs outputs;
    std::thread errors([&] { outputs.err = readToEof(pipescope.error, 120000); });
    outputs.out = readToEof(pipescope.output, 120000);
    errors.join();
    return outputs;
}

// A session file of `chunks` stdout chunks of `chunkSize` bytes each, every chunk a different
// byte value, written through the store as the recorder writes it.
QString writeSession(const QString &path, int chunks, int chunkSize)
{
    CaptureStore store;
    if (!store.create(path, QStringLiteral("faults"), PrivateFileCreation::ReplaceExisting))
        return QString();
    for (int i = 0; i < chunks; ++i) {
        const QByteArray payload(chunkSize, char('A' + i % 26));
        store.append(Stream::Stdout, 1700000000000000000 + i, payload.constData(), payload.size());
    }
    return store.flushAndWait() ? path : QString();
}

} // namespace

class tst_Faults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qRegisterMetaType<ChildExit>();
#ifdef Q_OS_UNIX
        ::signal(SIGPIPE, SIG_IGN); // the tests close pipes pipescope may still write to
#else
        QVERIFY(shareAConsole()); // as in a terminal (see tst_proxy)
#endif
    }

    // The child is killed while one write() of 16 MiB is under way: the parent gets what went
    // into the pipe before (a prefix of it), then end of file, and pipescope ends by the same
    // signal; the file holds exactly what the parent got, and how the child ended.
#ifdef Q_OS_UNIX
    void childDiesMidWrite_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGKILL") << SIGKILL;
        QTest::newRow("SIGTERM") << SIGTERM;
    }
#endif
    void childDiesMidWrite()
    {
        SKIP_ON_WINDOWS("the child dies by a POSIX signal in the middle of a write");
#ifdef Q_OS_UNIX
        QFETCH(int, signal);
        const qint64 size = 16 * 1024 * 1024; // far more than the pipes and the relay hold
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        PipedProcess pipescope;
        QVERIFY(startPipescope(
            &pipescope, dir,
            headlessTestchild(record, {QStringLiteral("die-mid-write"), QString::number(size),
                                       QStringLiteral("500"), QString::number(signal)})));
        pipescope.closeInput();
        // Nobody reads until the child is dead, so its write cannot have finished.
        QTRY_VERIFY_WITH_TIMEOUT(!testchildrenOf(pipescope.pid()).isEmpty()
                                     || pipescope.process.state() != QProcess::Running,
                                 10000);
        const QList<qint64> children = testchildrenOf(pipescope.pid());
        QCOMPARE(children.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(processIsGone(children.first()), 10000);

        const Outputs outputs = readBoth(pipescope);
        QVERIFY(pipescope.waitForFinished());
        QCOMPARE(pipescope.process.exitStatus(), QProcess::CrashExit);
        QCOMPARE(pipescope.process.exitCode(), signal);
        QCOMPARE(outputs.err, QByteArray());
        // At least the pipe's worth the child had written before its write blocked.
        QVERIFY(outputs.out.reachedEof);
        const QByteArray &out = outputs.out.bytes;
        QVERIFY2(out.size() >= 64 * 1024, QByteArray::number(out.size()).constData());
        QVERIFY2(out.size() < size, QByteArray::number(out.size()).constData());
        QVERIFY(out == generatedBytes(size, 1).left(out.size()));

        const LoadedSession session = loadSession(record);
        QVERIFY(session.ok);
        QCOMPARE(session.warning, QString());
        QVERIFY(session.streamBytes(Stream::Stdout) == out);
        QVERIFY(!session.events.isEmpty());
        const SessionEvent exited = session.exit();
        QCOMPARE(exited.kind, SessionEvent::Kind::Exited);
        QCOMPARE(exited.exitKind, SessionEvent::ExitKind::Signal);
        QCOMPARE(exited.exitCode, signal);
#endif
    }

    // The child closes its stdout and goes on: the parent's stdout ends at once, while stdin and
    // stderr keep flowing until the child exits.
    void childClosesStdoutButKeepsRunning()
    {
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        PipedProcess pipescope;
        QVERIFY(startPipescope(
            &pipescope, dir, headlessTestchild(record, {QStringLiteral("close-stdout-echo-err")})));
        QCOMPARE(readExactly(pipescope.error, 14, 10000), QByteArrayLiteral("stdout closed\n"));
        QCOMPARE(readToEof(pipescope.output, 10000), QByteArray()); // end of file, not a time-out
        QCOMPARE(pipescope.process.state(), QProcess::Running);

        QVERIFY(writeAll(pipescope.input, QByteArrayLiteral("still there?\n")));
        QCOMPARE(readExactly(pipescope.error, 13, 10000), QByteArrayLiteral("still there?\n"));
        pipescope.closeInput();
        QCOMPARE(readToEof(pipescope.error, 10000), QByteArray());
        QVERIFY(pipescope.waitForFinished());
        QCOMPARE(pipescope.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(pipescope.process.exitCode(), 0);

        const LoadedSession session = loadSession(record);
        QVERIFY(session.ok);
        QCOMPARE(session.streamBytes(Stream::Stdout), QByteArray());
        QCOMPARE(session.streamBytes(Stream::Stdin), QByteArrayLiteral("still there?\n"));
        QCOMPARE(session.streamBytes(Stream::Stderr),
                 QByteArrayLiteral("stdout closed\nstill there?\n"));
        // The stdout-closed event comes before the stdin chunk that was sent afterwards.
        qsizetype closedAt = -1, stdinAt = -1;
        for (qsizetype i = 0; i < session.records.size(); ++i) {
            if (session.records[i].stream == Stream::Stdin && stdinAt < 0)
                stdinAt = i;
        }
        for (qsizetype i = 0, event = 0; i < session.records.size(); ++i) {
            if (session.records[i].stream != Stream::Event)
                continue;
            if (session.events[event].kind == SessionEvent::Kind::StdoutClosed)
                closedAt = i;
            ++event;
        }
        QVERIFY(closedAt >= 0 && stdinAt > closedAt);
        QVERIFY(!session.events.isEmpty());
        QCOMPARE(session.exit().kind, SessionEvent::Kind::Exited);
        QCOMPARE(session.exit().exitCode, 0);
    }

    // Headless, signals are forwarded and nothing more (docs/cli.md): a child that ignores
    // SIGTERM keeps running and relaying, and pipescope ends when the child does.
    void childIgnoringSigtermKeepsRunningHeadless()
    {
        SKIP_ON_WINDOWS("POSIX signals: Windows has no SIGTERM to forward or ignore");
#ifdef Q_OS_UNIX
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        PipedProcess pipescope;
        QVERIFY(startPipescope(&pipescope, dir,
                               headlessTestchild(record, {QStringLiteral("ignore-term")})));
        QCOMPARE(readExactly(pipescope.output, 6, 10000), QByteArrayLiteral("ready\n"));
        const QByteArray ignoring = QByteArrayLiteral("ignoring SIGTERM\n");
        for (int i = 0; i < 2; ++i) {
            ::kill(pid_t(pipescope.pid()), SIGTERM);
            QCOMPARE(readExactly(pipescope.output, ignoring.size(), 10000), ignoring);
        }
        QVERIFY(writeAll(pipescope.input, QByteArrayLiteral("echo\n")));
        QCOMPARE(readExactly(pipescope.output, 5, 10000), QByteArrayLiteral("echo\n"));
        QCOMPARE(pipescope.process.state(), QProcess::Running);

        pipescope.closeInput();
        const Outputs outputs = readBoth(pipescope);
        QVERIFY(pipescope.waitForFinished());
        QCOMPARE(outputs.out, QByteArray());
        QCOMPARE(outputs.err, QByteArray());
        QCOMPARE(pipescope.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(pipescope.process.exitCode(), 0);
        const LoadedSession session = loadSession(record);
        QCOMPARE(session.streamBytes(Stream::Stdout),
                 QByteArray("ready\n" + ignoring + ignoring + "echo\n"));
#endif
    }

    // What the window relies on when it closes (docs/gui.md: SIGTERM, then SIGKILL): a session
    // that ends while its child runs kills the child, even one that ignores SIGTERM.
    void endingASessionKillsAChildThatIgnoresSigterm()
    {
        QTemporaryDir dir;
        RelayConfig config;
        config.program = testchild();
#ifdef Q_OS_WIN
        config.arguments = {QStringLiteral("pid-sleep"), QStringLiteral("30")};
#else
        config.arguments = {QStringLiteral("ignore-term")};
#endif
        config.input = RelayConfig::Input::Window;
        config.parentStdin = config.parentStdout = config.parentStderr = -1;
        auto session = std::make_unique<ProxySession>(config);
        // childStarted comes from the relay thread: take it in this one, connected before start.
        qint64 childPid = 0;
        connect(
            session.get(), &ProxySession::childStarted, this,
            [&childPid](qint64 pid) { childPid = pid; }, Qt::QueuedConnection);
        QVERIFY(session->start(dir.filePath(QStringLiteral("s.pcapng"))));
        QTRY_VERIFY_WITH_TIMEOUT(childPid > 0, 10000);
#ifdef Q_OS_WIN
        QTRY_VERIFY_WITH_TIMEOUT(session->store().streamBytes(Stream::Stdout) > 0, 10000);
#else
        QTRY_COMPARE_WITH_TIMEOUT(session->store().streamBytes(Stream::Stdout), qint64(6), 10000);
        session->signalChild(ProcessSignal::Terminate);
        QTRY_COMPARE_WITH_TIMEOUT(session->store().streamBytes(Stream::Stdout), qint64(6 + 17),
                                  10000);
#endif
        QVERIFY(!processIsGone(childPid));

        session.reset();
        QTRY_VERIFY_WITH_TIMEOUT(processIsGone(childPid), 5000);
    }

    // The window closed while the child ignores SIGTERM (docs/gui.md): SIGTERM first, SIGKILL
    // 3 s later, and pipescope ends the way the child did. Needs a real X server (Xvfb) and
    // xdotool to press Ctrl+Q; skipped where they are missing.
    void closingTheWindowEscalatesToSigkill()
    {
        SKIP_ON_WINDOWS("POSIX signals, and xdotool on an X server");
#ifdef Q_OS_UNIX
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
        const QString xdotool = QStandardPaths::findExecutable(QStringLiteral("xdotool"));
        if (xvfb.isEmpty() || xdotool.isEmpty())
            QSKIP("needs Xvfb and xdotool");
        if (sanitizedBuild) // libxkbcommon-x11 reads past a string under strict_string_checks
            QSKIP("the xcb platform is not clean under AddressSanitizer");
        QTemporaryDir dir;
        QProcess server;
        server.start(xvfb,
                     {QStringLiteral("-displayfd"), QStringLiteral("1"),
                      QStringLiteral("-nolisten"), QStringLiteral("tcp"), QStringLiteral("-screen"),
                      QStringLiteral("0"), QStringLiteral("800x600x24")});
        QVERIFY(server.waitForReadyRead(10000));
        const QString display
            = u':' + QString::fromLatin1(server.readAllStandardOutput().trimmed());
        const auto stopServer = qScopeGuard([&] {
            server.terminate();
            server.waitForFinished(5000);
        });

        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        PipedProcess pipescope;
        QProcessEnvironment environment = environmentIn(dir);
        environment.insert(QStringLiteral("DISPLAY"), display);
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        pipescope.process.setProcessEnvironment(environment);
        QVERIFY(pipescope.start(QStringLiteral(PIPESCOPE_BINARY),
                                {QStringLiteral("--record"), record, QStringLiteral("--"),
                                 testchild(), QStringLiteral("ignore-term")}));
        QCOMPARE(readExactly(pipescope.output, 6, 10000), QByteArrayLiteral("ready\n"));
        const QList<qint64> children = testchildrenOf(pipescope.pid());
        QCOMPARE(children.size(), 1);

        // Ctrl+Q in the session's window (File > Quit), as a user closing it.
        const auto xdo = [&](const QStringList &arguments) {
            QProcess run;
            run.setProcessEnvironment(environment);
            run.start(xdotool, arguments);
            run.waitForFinished(20000);
            return run.exitCode() == 0 ? run.readAllStandardOutput() : QByteArray();
        };
        const QByteArray window = xdo({QStringLiteral("search"), QStringLiteral("--sync"),
                                       QStringLiteral("--onlyvisible"), QStringLiteral("--name"),
                                       QStringLiteral("^s\\.pcapng - pipescope$")})
                                      .split('\n')
                                      .first();
        QVERIFY(!window.isEmpty());
        xdo({QStringLiteral("windowfocus"), QString::fromLatin1(window)});
        xdo({QStringLiteral("key"), QStringLiteral("ctrl+q")});
        const QByteArray ignoring = QByteArrayLiteral("ignoring SIGTERM\n");
        QCOMPARE(readExactly(pipescope.output, ignoring.size(), 10000), ignoring);

        const Outputs outputs = readBoth(pipescope);
        QVERIFY(pipescope.waitForFinished(20000));
        QCOMPARE(outputs.out, QByteArray());
        QCOMPARE(pipescope.process.exitStatus(), QProcess::CrashExit);
        QCOMPARE(pipescope.process.exitCode(), SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(processIsGone(children.first()), 5000);

        const LoadedSession session = loadSession(record);
        QVERIFY(session.ok);
        QCOMPARE(session.streamBytes(Stream::Stdout), QByteArray("ready\n" + ignoring));
        QVERIFY(!session.events.isEmpty());
        QCOMPARE(session.eventKinds().first(), SessionEvent::Kind::Started);
        // How the child ended is in the file, as for any other ending.
        const SessionEvent exited = session.exit();
        QCOMPARE(exited.kind, SessionEvent::Kind::Exited);
        QCOMPARE(exited.exitKind, SessionEvent::ExitKind::Signal);
        QCOMPARE(exited.exitCode, SIGKILL);
        // SIGKILL came after the grace period: the file's clock says how long the child went on
        // after it answered SIGTERM (a property of the recording, not of this machine's speed).
        const auto recordAt = [&](Stream stream, qsizetype nth) {
            for (const ChunkRecord &record : session.records) {
                if (record.stream == stream && nth-- == 0)
                    return record.timestampNs;
            }
            return qint64(-1);
        };
        const qint64 answeredTermNs = recordAt(Stream::Stdout, 1);
        const qint64 exitedNs
            = recordAt(Stream::Event, session.eventKinds().indexOf(SessionEvent::Kind::Exited));
        QVERIFY(answeredTermNs > 0 && exitedNs > 0);
        QVERIFY2(exitedNs - answeredTermNs >= 2'500'000'000,
                 QByteArray::number(exitedNs - answeredTermNs).constData());
#endif
    }

    // The parent closes pipescope's stdout early. pipescope must not die by SIGPIPE: it closes
    // the child's stdout, so the child learns what it would have learnt without pipescope, and
    // then ends the way the child ends, with the file complete.
    void parentClosesStdoutEarly_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<int>("signal"); // how the child and pipescope end; 0: exit code 3
        QTest::newRow("child reports EPIPE") << QStringLiteral("write-until-epipe") << 0;
#ifdef Q_OS_UNIX
        QTest::newRow("child dies by SIGPIPE") << QStringLiteral("generate") << int(SIGPIPE);
#endif
    }
    void parentClosesStdoutEarly()
    {
        QFETCH(QString, mode);
        QFETCH(int, signal);
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        QStringList child{mode};
        if (mode == QLatin1String("generate"))
            child << QString::number(1LL << 40) << QStringLiteral("1");
        PipedProcess pipescope;
        QVERIFY(startPipescope(&pipescope, dir, headlessTestchild(record, child)));
        pipescope.closeInput();
        const QByteArray received = readExactly(pipescope.output, 100000, 10000);
        QCOMPARE(received.size(), 100000);
        fdio::closeFd(pipescope.output);

        const EofRead errRead = readToEof(pipescope.error, 20000);
        QVERIFY(errRead.reachedEof);
        const QByteArray err = errRead.bytes;
        QVERIFY(pipescope.waitForFinished());
        if (signal == 0) {
            QCOMPARE(pipescope.process.exitStatus(), QProcess::NormalExit);
            QCOMPARE(pipescope.process.exitCode(), 3);
            QVERIFY2(err.startsWith("stdout: EPIPE after ") && err.endsWith(" bytes\n"),
                     err.constData());
        } else {
            QCOMPARE(pipescope.process.exitStatus(), QProcess::CrashExit);
            QCOMPARE(pipescope.process.exitCode(), signal);
            QCOMPARE(err, QByteArray());
        }

        const LoadedSession session = loadSession(record);
        QVERIFY(session.ok);
        QCOMPARE(session.warning, QString());
        QCOMPARE(session.streamBytes(Stream::Stderr), err);
        QVERIFY(!session.events.isEmpty());
        const SessionEvent exited = session.exit();
        QCOMPARE(exited.kind, SessionEvent::Kind::Exited);
        QCOMPARE(exited.exitKind,
                 signal == 0 ? SessionEvent::ExitKind::Code : SessionEvent::ExitKind::Signal);
        QCOMPARE(exited.exitCode, signal == 0 ? 3 : signal);
        // Everything the child wrote was recorded, what the parent got first of all.
        const QByteArray recorded = session.streamBytes(Stream::Stdout);
        QVERIFY(recorded.size() >= received.size());
        QVERIFY(recorded == generatedBytes(recorded.size(), 1));
    }

    // The file system refuses more of the session file (RLIMIT_FSIZE stands in for a full disk:
    // it needs no root and no mount). The relay goes on byte for byte, pipescope exits with the
    // child's code and says once that recording stopped; the file keeps what was written.
#ifdef Q_OS_UNIX
    void diskFillsWhileRecording_data()
    {
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<bool>("echo"); // through stdin and back, or generated on stdout
        QTest::newRow("100 KiB, child to parent") << qint64(100 * 1024) << false;
        QTest::newRow("3 MiB, child to parent") << qint64(3 * 1024 * 1024) << false;
        QTest::newRow("3 MiB, parent to child and back") << qint64(3 * 1024 * 1024) << true;
    }
#endif
    void diskFillsWhileRecording()
    {
        SKIP_ON_WINDOWS(noFullDiskOnWindows);
#ifdef Q_OS_UNIX
        QFETCH(qint64, limit);
        QFETCH(bool, echo);
        const qint64 size = 12 * 1024 * 1024;
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        const QStringList child = echo ? QStringList{QStringLiteral("echo")}
                                       : QStringList{QStringLiteral("generate"),
                                                     QString::number(size), QStringLiteral("4")};
        PipedProcess pipescope;
        QVERIFY(startPipescope(&pipescope, dir, headlessTestchild(record, child), [limit] {
            const struct rlimit fileSize = {rlim_t(limit), rlim_t(limit)};
            ::setrlimit(RLIMIT_FSIZE, &fileSize);
        }));
        const QByteArray expected = generatedBytes(size, 4);
        std::thread writer([&] {
            if (echo)
                writeAll(pipescope.input, expected);
            pipescope.closeInput();
        });
        const Outputs outputs = readBoth(pipescope);
        writer.join();
        QVERIFY(pipescope.waitForFinished());
        QCOMPARE(pipescope.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(pipescope.process.exitCode(), 0);
        QVERIFY(outputs.out == expected);
        // EFBIG's message; a full disk gives "No space left on device" instead.
        QCOMPARE(outputs.err, QByteArrayLiteral("pipescope: recording stopped early: cannot write "
                                                "session file: File too large\n"));

        // Every block that fitted under the limit is there: what is missing past the last
        // complete record is less than one block (a read of 256 KiB at most).
        QVERIFY(QFileInfo(record).size() <= limit);
        const LoadedSession session = loadSession(record);
        QVERIFY(session.ok);
        QVERIFY(!session.events.isEmpty());
        QCOMPARE(session.eventKinds().first(), SessionEvent::Kind::Started);
        const Stream stream = echo ? Stream::Stdin : Stream::Stdout;
        QVERIFY(session.streamBytes(stream).size() < size);
        const ChunkRecord last = session.records.last();
        QVERIFY2(limit - (last.offset + last.length) <= 256 * 1024 + 64,
                 QByteArray::number(last.offset + last.length).constData());
        QVERIFY(session.streamBytes(stream) == expected.left(session.streamBytes(stream).size()));
#endif
    }

    // pipescope ignores SIGXFSZ for itself, not for its child: over the file-size limit, a child
    // dies by SIGXFSZ as it would without pipescope, and pipescope ends the same way.
    void childStillDiesBySigxfsz()
    {
        SKIP_ON_WINDOWS("SIGXFSZ and setrlimit are POSIX only");
#ifdef Q_OS_UNIX
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        PipedProcess pipescope;
        QVERIFY(startPipescope(&pipescope, dir,
                               headlessTestchild(record, {QStringLiteral("fill-file"),
                                                          dir.filePath(QStringLiteral("big")),
                                                          QString::number(1024 * 1024)}),
                               [] {
                                   const struct rlimit fileSize = {100 * 1024, 100 * 1024};
                                   ::setrlimit(RLIMIT_FSIZE, &fileSize);
                               }));
        pipescope.closeInput();
        const Outputs outputs = readBoth(pipescope);
        QVERIFY(pipescope.waitForFinished());
        QCOMPARE(outputs.err, QByteArray());
        QCOMPARE(pipescope.process.exitStatus(), QProcess::CrashExit);
        QCOMPARE(pipescope.process.exitCode(), int(SIGXFSZ));
        const LoadedSession session = loadSession(record);
        QVERIFY(!session.events.isEmpty());
        QCOMPARE(session.exit().exitKind, SessionEvent::ExitKind::Signal);
        QCOMPARE(session.exit().exitCode, int(SIGXFSZ));
#endif
    }

    // A saved session open in a reader (the window, export, stats) while its file is deleted,
    // cut short or recorded over. Reading the mapped file past its new end must not kill the
    // reader (SIGBUS): the records that are gone read as empty, the others stay intact.
#ifdef Q_OS_UNIX
    void sessionFileChangesWhileOpen_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<qint64>("keptBytes"); // of the file; -1: all of it
        QTest::newRow("deleted") << QStringLiteral("delete") << qint64(-1);
        QTest::newRow("cut in half") << QStringLiteral("truncate") << qint64(2 * 1024 * 1024);
        QTest::newRow("cut to nothing") << QStringLiteral("truncate") << qint64(0);
        QTest::newRow("recorded over") << QStringLiteral("record over") << qint64(0);
    }
#endif
    void sessionFileChangesWhileOpen()
    {
        SKIP_ON_WINDOWS(
            "Windows refuses to delete or cut short a file that another handle has open");
#ifdef Q_OS_UNIX
        QFETCH(QString, change);
        QFETCH(qint64, keptBytes);
        QTemporaryDir dir;
        const int chunks = 64, chunkSize = 64 * 1024;
        const QString path
            = writeSession(dir.filePath(QStringLiteral("s.pcapng")), chunks, chunkSize);
        QVERIFY(!path.isEmpty());

        CaptureStore store;
        QVERIFY(store.load(path));
        QCOMPARE(store.count(), qsizetype(chunks));
        QFile scanned(path); // and a reader as export uses it
        QVERIFY(scanned.open(QIODevice::ReadOnly));
        PcapngReader reader(&scanned);
        QList<ChunkRecord> records;
        QVERIFY(reader.scan([&](const ChunkRecord &record) { records << record; }));

        if (change == QLatin1String("delete")) {
            QVERIFY(QFile::remove(path));
        } else if (change == QLatin1String("truncate")) {
            QCOMPARE(::truncate(QFile::encodeName(path).constData(), off_t(keptBytes)), 0);
        } else {
            // A new recording to the same path: replaced in place, smaller than before.
            QVERIFY(!writeSession(path, 1, 100).isEmpty());
        }

        for (int i = 0; i < chunks; ++i) {
            const ChunkRecord record = store.record(i);
            const bool kept = keptBytes < 0 || record.offset + record.length <= keptBytes;
            const QByteArray expected
                = kept ? QByteArray(chunkSize, char('A' + i % 26)) : QByteArray();
            QCOMPARE(store.payload(record), expected);
            QCOMPARE(reader.payload(records.at(i)), expected);
            const QByteArrayView view = store.mappedPayload(record);
            if (kept)
                QVERIFY(view == expected);
            else
                QCOMPARE(view.size(), 0);
        }
        // A stream read as one sequence (search, the detail pane) takes what is left.
        const ChunkSequence stdoutBytes = ChunkSequence::forStream(&store, Stream::Stdout);
        const QByteArray all = stdoutBytes.read(0, stdoutBytes.size());
        if (keptBytes < 0) {
            QCOMPARE(all.size(), qsizetype(chunks) * chunkSize);
            QVERIFY(all.endsWith(QByteArray(chunkSize, char('A' + (chunks - 1) % 26))));
        }
#endif
    }

    // pipescope killed with SIGKILL while traffic flows (tst_proxy covers an idle session): the
    // child goes too, and the file opens with every chunk that had been flushed before the kill,
    // as export shows it.
    void killedMidTrafficKeepsEveryFlushedChunk()
    {
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        PipedProcess pipescope;
        QVERIFY(startPipescope(
            &pipescope, dir,
            headlessTestchild(record, {QStringLiteral("generate"), QString::number(1LL << 40),
                                       QStringLiteral("6")})));
        pipescope.closeInput();
        // A parent that reads about 30 MB/s: the recording grows steadily, and stays small.
        std::atomic<bool> stop{false};
        std::thread reader([&] {
            char buffer[65536];
            while (!stop && ::read(pipescope.output, buffer, sizeof buffer) > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
        });
        const auto joinReader = qScopeGuard([&] {
            stop = true;
            reader.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(!testchildrenOf(pipescope.pid()).isEmpty(), 10000);
        const qint64 childPid = testchildrenOf(pipescope.pid()).first();
        QTRY_VERIFY_WITH_TIMEOUT(recordedStdout(record, 6).bytes >= 4 * 1024 * 1024, 30000);
        const RecordedStream before = recordedStdout(record, 6);
        killAbruptly(pipescope.process); // on Windows, the job object ends the child
        QVERIFY(pipescope.waitForFinished(10000));
        QCOMPARE(pipescope.process.exitStatus(), QProcess::CrashExit);
        QTRY_VERIFY_WITH_TIMEOUT(processIsGone(childPid), 5000);

        const RecordedStream after = recordedStdout(record, 6);
        QVERIFY(after.ok);
        QVERIFY(after.bytes >= before.bytes);
        QVERIFY(after.isPrefix);
        QVERIFY(!after.events.isEmpty());
        QCOMPARE(after.events.first().kind, SessionEvent::Kind::Started);

        // Export reads it whole, and names the cut if the kill left half a block.
        QProcess exporter;
        const QString raw = dir.filePath(QStringLiteral("stdout.bin"));
        exporter.start(QStringLiteral(PIPESCOPE_BINARY),
                       {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("raw"),
                        QStringLiteral("--stream"), QStringLiteral("stdout"), record,
                        QStringLiteral("-o"), raw});
        QVERIFY(exporter.waitForFinished(60000));
        QCOMPARE(exporter.exitCode(), 0);
        const QByteArray message = exporter.readAllStandardError();
        QVERIFY2(message.isEmpty() || message.contains("cut off or damaged at byte"),
                 message.constData());
        QCOMPARE(QFileInfo(raw).size(), after.bytes);
    }
};

QTEST_GUILESS_MAIN(tst_Faults)
#include "tst_faults.moc"

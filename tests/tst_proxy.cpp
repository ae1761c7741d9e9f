// The pipescope binary as a user runs it: `pipescope [options] -- PROGRAM ARGS`, and
// `pipescope export`. Checks what the parent sees (bytes, exit status, messages) and the file.
#include "platform/fdio.h"
#include "testconfig.h"
#include "testutils.h"
#include "wine.h"

#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <csignal>

#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace testutils;

namespace {

struct Finished
{
    QByteArray out;
    QByteArray err;
    QProcess::ExitStatus status = QProcess::NormalExit;
    int code = -1;
};

Finished runPipescope(const QStringList &arguments, const QByteArray &input = QByteArray(),
                      const QProcessEnvironment &environment
                      = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(PIPESCOPE_BINARY), arguments);
    process.waitForStarted();
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000))
        process.kill();
    return {process.readAllStandardOutput(), process.readAllStandardError(), process.exitStatus(),
            process.exitCode()};
}

// Whether only its owner may read or write the file (or the directory): mode 0600 (0700 for a
// directory) on POSIX, an owner-only DACL on Windows.
void verifyPrivate(const QString &path)
{
#ifdef Q_OS_WIN
    EXPECT_NO_DACL_UNDER_WINE();
    QCOMPARE(othersPermissions(path), QFileDevice::Permissions());
#else
    struct stat info = {};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
    QCOMPARE(int(info.st_mode & 07777), S_ISDIR(info.st_mode) ? 0700 : 0600);
#endif
}

} // namespace

class tst_Proxy : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
#ifdef Q_OS_WIN
        // As in a terminal: pipescope and its child share the test's console. (Without one,
        // Wine gives a program its pipes as Unix descriptors too and keeps them open: a stdout
        // closed early would end only when the program exits. Windows closes it at once.)
        QVERIFY(shareAConsole());
#endif
    }

    void relaysAllThreeStreamsByteExactly()
    {
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        const QByteArray input = generatedBytes(200000, 11);
        const Finished run
            = runPipescope(headlessTestchild(record, {QStringLiteral("echo")}), input);
        QCOMPARE(run.code, 0);
        QVERIFY(run.out == input);
        QCOMPARE(run.err, QByteArray());

        const Finished hex = runPipescope(
            headlessTestchild(record, {QStringLiteral("hex-out"), QStringLiteral("00ff0a41"),
                                       QStringLiteral("1b5b306d")}));
        QCOMPARE(hex.out, QByteArray("\x00\xff\nA", 4));
        QCOMPARE(hex.err, QByteArray("\x1b[0m"));
    }

    void stdoutCarriesOnlyTheChildsBytes()
    {
        // Even with every Qt log category switched on, nothing of pipescope's reaches stdout.
        QTemporaryDir dir;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
        const Finished run = runPipescope(
            headlessTestchild(dir.filePath(QStringLiteral("s.pcapng")),
                              {QStringLiteral("hex-out"), QStringLiteral("6f6e6c79")}),
            QByteArray(), environment);
        QCOMPARE(run.out, QByteArrayLiteral("only"));
        QCOMPARE(run.code, 0);
    }

    void exitCodeIsMirrored_data()
    {
        QTest::addColumn<int>("code");
        QTest::newRow("0") << 0;
        QTest::newRow("3") << 3;
        QTest::newRow("255") << 255;
    }
    void exitCodeIsMirrored()
    {
        QFETCH(int, code);
        QTemporaryDir dir;
        const Finished run
            = runPipescope(headlessTestchild(dir.filePath(QStringLiteral("s.pcapng")),
                                             {QStringLiteral("exit"), QString::number(code)}));
        QCOMPARE(run.status, QProcess::NormalExit);
        QCOMPARE(run.code, code);
        QCOMPARE(run.err, QByteArray());
    }

#ifdef Q_OS_UNIX
    void deathBySignalIsMirrored_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << SIGTERM;
        QTest::newRow("SIGKILL") << SIGKILL;
        QTest::newRow("SIGSEGV") << SIGSEGV;
        QTest::newRow("SIGABRT") << SIGABRT;
    }
#endif
    void deathBySignalIsMirrored()
    {
        SKIP_ON_WINDOWS("Windows has no signals: a crash is an exit code (crashIsMirrored)");
#ifdef Q_OS_UNIX
        QFETCH(int, signal);
        QTemporaryDir dir;
        QProcess process;
        process.setWorkingDirectory(dir.path()); // a core file, if any, would land here
        process.start(QStringLiteral(PIPESCOPE_BINARY),
                      headlessTestchild(dir.filePath(QStringLiteral("s.pcapng")),
                                        {QStringLiteral("signal"), QString::number(signal)}));
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);
        QCOMPARE(process.exitCode(), signal); // QProcess reports the signal as the exit code
#endif
    }

    // Windows: a crash ends a program with an NTSTATUS code, which pipescope exits with too, and
    // which the session names.
    void crashIsMirrored()
    {
#ifndef Q_OS_WIN
        QSKIP("a crash on POSIX is a death by signal (deathBySignalIsMirrored)");
#endif
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        const Finished run = runPipescope(
            headlessTestchild(record, {QStringLiteral("exit-status"), QStringLiteral("C0000005")}));
        QCOMPARE(run.status, QProcess::CrashExit); // as QProcess sees any 0xC... exit
        QCOMPARE(quint32(run.code), 0xC0000005u);
        QCOMPARE(run.err, QByteArray());
        const Finished text = runPipescope(
            {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("text"), record});
        QVERIFY2(text.out.contains("exited with code 0xc0000005 (STATUS_ACCESS_VIOLATION)"),
                 text.out.constData());
    }

    void programThatCannotStart_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("not found")
            << QStringLiteral("no-such-command-pipescope") << 127
            << QByteArrayLiteral("pipescope: no-such-command-pipescope: command not found\n");
        QTest::newRow("missing path")
            << QStringLiteral("/nonexistent/x") << 127
            << QByteArrayLiteral("pipescope: /nonexistent/x: No such file or directory\n");
#ifdef Q_OS_WIN
        // A file whose extension is not in PATHEXT.
        QTest::newRow("not a program")
            << QStringLiteral("NOT-EXECUTABLE") << 126
            << QByteArrayLiteral("pipescope: NOT-EXECUTABLE: not a program\n");
#else
        QTest::newRow("not executable")
            << QStringLiteral("NOT-EXECUTABLE") << 126
            << QByteArrayLiteral("pipescope: NOT-EXECUTABLE: Permission denied\n");
#endif
    }
    void programThatCannotStart()
    {
        QFETCH(QString, program);
        QFETCH(int, code);
        QFETCH(QByteArray, message);
        QTemporaryDir dir;
        if (program == QLatin1String("NOT-EXECUTABLE")) {
            // A script without its x bit, in the working directory.
            QFile file(dir.filePath(program));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("#!/bin/sh\necho hi\n");
            program = QStringLiteral("./") + program;
            message.replace("NOT-EXECUTABLE", program.toUtf8());
        }
        const Finished run
            = runPipescope({QStringLiteral("--no-gui"), QStringLiteral("--record"),
                            dir.filePath(QStringLiteral("s.pcapng")), QStringLiteral("--cwd"),
                            dir.path(), QStringLiteral("--"), program});
        QCOMPARE(run.code, code);
        QCOMPARE(run.err, message);
        QCOMPARE(run.out, QByteArray());
    }

#ifdef Q_OS_UNIX
    void signalsAreForwarded_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGINT") << SIGINT;
        QTest::newRow("SIGTERM") << SIGTERM;
        QTest::newRow("SIGHUP") << SIGHUP;
        QTest::newRow("SIGQUIT") << SIGQUIT;
    }
#endif
    void signalsAreForwarded()
    {
        SKIP_ON_WINDOWS("Windows has no signals to forward: Ctrl+C and Ctrl+Break reach every "
                        "program on the console, the child included (docs/windows.md)");
#ifdef Q_OS_UNIX
        QFETCH(int, signal);
        QTemporaryDir dir;
        QProcess process;
        process.start(QStringLiteral(PIPESCOPE_BINARY),
                      headlessTestchild(dir.filePath(QStringLiteral("s.pcapng")),
                                        {QStringLiteral("wait-signal")}));
        QVERIFY(process.waitForReadyRead(10000));
        QCOMPARE(process.readAllStandardOutput(), QByteArrayLiteral("ready\n"));
        ::kill(pid_t(process.processId()), signal);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.readAllStandardOutput(),
                 QByteArray("got signal " + QByteArray::number(signal) + '\n'));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 100 + signal);
#endif
    }

    // Windows: a console's Ctrl+C and Ctrl+Break go to every program on it; pipescope lets the
    // child decide, and ends as the child does.
    void consoleEventsReachTheChild_data()
    {
        QTest::addColumn<int>("event");
        QTest::newRow("Ctrl+C") << 0;
        QTest::newRow("Ctrl+Break") << 1;
    }
    void consoleEventsReachTheChild()
    {
#ifndef Q_OS_WIN
        QSKIP("a Windows console's events; POSIX signals are signalsAreForwarded");
#else
        QFETCH(int, event);
        // The test itself goes on (a handler, not SetConsoleCtrlHandler(nullptr, TRUE), whose
        // ignoring of Ctrl+C the programs started would inherit).
        const PHANDLER_ROUTINE goOn = [](DWORD) -> BOOL { return TRUE; };
        SetConsoleCtrlHandler(goOn, TRUE);
        const auto restore = qScopeGuard([goOn] { SetConsoleCtrlHandler(goOn, FALSE); });
        QTemporaryDir dir;
        QProcess process;
        process.start(QStringLiteral(PIPESCOPE_BINARY),
                      headlessTestchild(dir.filePath(QStringLiteral("s.pcapng")),
                                        {QStringLiteral("wait-ctrl")}));
        QVERIFY(process.waitForReadyRead(10000));
        QCOMPARE(process.readAllStandardOutput(), QByteArrayLiteral("ready\n"));
        if (runningUnderWine())
            QEXPECT_FAIL("Ctrl+Break",
                         "Wine refuses Ctrl+Break for a whole console (ERROR_INVALID_HANDLE)",
                         Abort);
        QVERIFY(GenerateConsoleCtrlEvent(DWORD(event), 0));
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.readAllStandardOutput(),
                 QByteArray("got ctrl " + QByteArray::number(event) + '\n'));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 100 + event);
#endif
    }

    void childDoesNotOutliveAKilledPipescope()
    {
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        QProcess process;
        process.start(
            QStringLiteral(PIPESCOPE_BINARY),
            headlessTestchild(record, {QStringLiteral("pid-sleep"), QStringLiteral("30")}));
        QVERIFY(process.waitForReadyRead(10000));
        const qint64 childPid = process.readAllStandardOutput().trimmed().toLongLong();
        QVERIFY(childPid > 0);
        QVERIFY(!processIsGone(childPid));
        // The recorder flushes while it runs: what the child wrote reaches the file.
        QTRY_COMPARE(loadSession(record).streamBytes(Stream::Stdout),
                     QByteArray::number(childPid) + '\n');
        killAbruptly(process); // on Windows, the job object ends the child
        QVERIFY(process.waitForFinished(5000));
        QTRY_VERIFY_WITH_TIMEOUT(processIsGone(childPid), 5000);

        // The file written up to the kill reopens with everything flushed before it.
        const LoadedSession session = loadSession(record);
        QVERIFY(session.ok);
        QCOMPARE(session.streamBytes(Stream::Stdout), QByteArray::number(childPid) + '\n');
        QCOMPARE(session.eventKinds().first(), SessionEvent::Kind::Started);
    }

    void recordingIsFlushedWhileRunning()
    {
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        QProcess process;
        process.start(
            QStringLiteral(PIPESCOPE_BINARY),
            headlessTestchild(record, {QStringLiteral("pid-sleep"), QStringLiteral("30")}));
        QVERIFY(process.waitForReadyRead(10000));
        const QByteArray pidLine = process.readAllStandardOutput();
        // Without waiting for the child: the file has its output while the session goes on.
        QTRY_COMPARE(loadSession(record).streamBytes(Stream::Stdout), pidLine);
        QCOMPARE(process.state(), QProcess::Running);
        process.kill();
        QVERIFY(process.waitForFinished(10000));
    }

    void recordedFileIsPrivateAndComplete()
    {
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        const QByteArray input = QByteArrayLiteral("line one\nline two");
        const Finished run
            = runPipescope(headlessTestchild(record, {QStringLiteral("echo")}), input);
        QCOMPARE(run.code, 0);
        verifyPrivate(record);
        const LoadedSession session = loadSession(record);
        QVERIFY(session.ok);
        QCOMPARE(session.streamBytes(Stream::Stdin), input);
        QCOMPARE(session.streamBytes(Stream::Stdout), input);
        QCOMPARE(session.exit().kind, SessionEvent::Kind::Exited);
    }

    void autosaveGoesToThePrivateCacheDirectory()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
#ifdef Q_OS_WIN
        // %LOCALAPPDATA%, which no variable moves: the user's own cache, cleaned up after.
        const QString sessions
            = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
              + QStringLiteral("/pipescope/sessions");
#else
        QTemporaryDir cache;
        environment.insert(QStringLiteral("XDG_CACHE_HOME"), cache.path());
        const QString sessions = cache.filePath(QStringLiteral("pipescope/sessions"));
#endif
        const QStringList before
            = QDir(sessions).entryList({QStringLiteral("*.pcapng")}, QDir::Files);
        const Finished run
            = runPipescope({QStringLiteral("--no-gui"), QStringLiteral("--"),
                            QStringLiteral(TESTCHILD_BINARY), QStringLiteral("echo")},
                           QByteArrayLiteral("saved"), environment);
        QCOMPARE(run.code, 0);
        QCOMPARE(run.out, QByteArrayLiteral("saved"));
        QStringList files = QDir(sessions).entryList({QStringLiteral("*.pcapng")}, QDir::Files);
        for (const QString &old : before)
            files.removeOne(old);
        QCOMPARE(files.size(), 1);
        const QString path = QDir(sessions).filePath(files.first());
        const auto cleanUp = qScopeGuard([&] { QFile::remove(path); });
        verifyPrivate(sessions);
        verifyPrivate(path);
        QCOMPARE(loadSession(path).streamBytes(Stream::Stdout), QByteArrayLiteral("saved"));
    }

    void unwritableRecordFileFailsBeforeStarting()
    {
        const Finished run
            = runPipescope(headlessTestchild(QStringLiteral("/nonexistent-dir/s.pcapng"),
                                             {QStringLiteral("hex-out"), QStringLiteral("41")}));
        QCOMPARE(run.code, 1);
        QCOMPARE(run.out, QByteArray()); // the child never ran
        QVERIFY(run.err.startsWith("pipescope: cannot create /nonexistent-dir/s.pcapng"));
        QCOMPARE(run.err.count('\n'), 1);
    }

    void windowModeExitsWithTheChildWhenAsked()
    {
        // A display (offscreen) and no --no-gui: the live window opens. --exit-with-child ends
        // pipescope with the child, and the window's Qt messages stay out of stderr.
        QTemporaryDir dir;
        const Finished run
            = runPipescope({QStringLiteral("--exit-with-child"), QStringLiteral("--record"),
                            dir.filePath(QStringLiteral("s.pcapng")), QStringLiteral("--"),
                            QStringLiteral(TESTCHILD_BINARY), QStringLiteral("hex-out"),
                            QStringLiteral("6869"), QStringLiteral("6f6b")});
        QCOMPARE(run.code, 0);
        QCOMPARE(run.out, QByteArrayLiteral("hi"));
        QCOMPARE(run.err, QByteArrayLiteral("ok"));
    }

    void windowStaysOpenButTheParentGetsEofAtOnce()
    {
        // pipescope's stdout is a pipe of the test's own, so its end of file can be seen while
        // pipescope still runs.
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        PipedProcess pipescope;
        QVERIFY(pipescope.start(QStringLiteral(PIPESCOPE_BINARY),
                                {QStringLiteral("--record"), record, QStringLiteral("--"),
                                 QStringLiteral(TESTCHILD_BINARY), QStringLiteral("hex-out"),
                                 QStringLiteral("646f6e65")}));
        pipescope.closeInput();
        // stdout ends as soon as the child is done...
        QCOMPARE(readToEof(pipescope.output, 10000), QByteArrayLiteral("done"));
        // ...while the window stays open for the user, after the child's exit is in the file.
        QTRY_COMPARE(loadSession(record).exit().kind, SessionEvent::Kind::Exited);
        QVERIFY(!pipescope.process.waitForFinished(1000));
    }

    void noDisplayMeansHeadless()
    {
        SKIP_ON_WINDOWS("Windows always has a display: the session's desktop");
        QTemporaryDir dir;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            environment.remove(QLatin1String(name));
        const Finished run
            = runPipescope({QStringLiteral("--record"), dir.filePath(QStringLiteral("s.pcapng")),
                            QStringLiteral("--"), QStringLiteral(TESTCHILD_BINARY),
                            QStringLiteral("exit"), QStringLiteral("4")},
                           QByteArray(), environment);
        QCOMPARE(run.code, 4);
        QCOMPARE(run.err, QByteArray());
    }

    // A launcher that starts the real server and exits: the server's output keeps coming through,
    // as through a direct pipe. The exit is stamped when the child was reaped, before that
    // output, and stdout's end of file when it came, after it.
    void grandchildOutputGetsThrough()
    {
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        const Finished run
            = runPipescope({QStringLiteral("--no-gui"), QStringLiteral("--record"), record,
                            QStringLiteral("--"), QStringLiteral(TESTCHILD_BINARY),
                            QStringLiteral("launch-late"), QStringLiteral("1500")});
        QCOMPARE(run.status, QProcess::NormalExit);
        QCOMPARE(run.code, 0);
        QCOMPARE(run.out, QByteArrayLiteral("hi\nlate\n"));
        QCOMPARE(run.err, QByteArray());

        const LoadedSession session = loadSession(record);
        QVERIFY(session.ok);
        qint64 exitedNs = -1, lateNs = -1, stdoutClosedNs = -1; // "late\n" is the last read
        qsizetype event = 0;
        for (const ChunkRecord &chunk : session.records) {
            if (chunk.stream == Stream::Stdout)
                lateNs = chunk.timestampNs;
            if (chunk.stream != Stream::Event)
                continue;
            const SessionEvent::Kind kind = session.events.at(event++).kind;
            if (kind == SessionEvent::Kind::Exited)
                exitedNs = chunk.timestampNs;
            else if (kind == SessionEvent::Kind::StdoutClosed)
                stdoutClosedNs = chunk.timestampNs;
        }
        QVERIFY(exitedNs >= 0 && stdoutClosedNs >= 0);
        QVERIFY2(exitedNs < lateNs, "the exit is stamped when sh exited, before the late line");
        QVERIFY(lateNs <= stdoutClosedNs);
        QVERIFY2(lateNs - exitedNs > 1'000'000'000,
                 "the late line came about 1.5 s after the exit");
        QCOMPARE(session.exit().exitCode, 0);
    }

    // A display that is named but does not answer must not break the traffic: pipescope records
    // headless, as without a display, and says why in its log (stderr is the child's).
    void unreachableDisplayMeansHeadless_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::newRow("X11") << QStringLiteral("DISPLAY") << QStringLiteral(":87");
        QTest::newRow("Wayland") << QStringLiteral("WAYLAND_DISPLAY")
                                 << QStringLiteral("pipescope-no-compositor");
    }

    void unreachableDisplayMeansHeadless()
    {
        SKIP_ON_WINDOWS("X11 and Wayland only: Windows always has a display");
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QTemporaryDir dir;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            environment.remove(QLatin1String(name));
        environment.insert(variable, value);
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir.path());
        environment.insert(QStringLiteral("XDG_CACHE_HOME"), dir.path());
        const Finished run = runPipescope(
            {QStringLiteral("--record"), dir.filePath(QStringLiteral("s.pcapng")),
             QStringLiteral("--"), QStringLiteral(TESTCHILD_BINARY), QStringLiteral("echo")},
            QByteArrayLiteral("hello\n"), environment);
        QCOMPARE(run.status, QProcess::NormalExit);
        QCOMPARE(run.code, 0);
        QCOMPARE(run.out, QByteArrayLiteral("hello\n"));
        QCOMPARE(run.err, QByteArray());
        QFile log(dir.filePath(QStringLiteral("pipescope/pipescope.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY2(log.readAll().contains("no usable display"), qPrintable(log.fileName()));
    }

    void badCommandLinesGetOneLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--bogus")};
        QTest::newRow("record without value") << QStringList{QStringLiteral("--record")};
        QTest::newRow("no program") << QStringList{QStringLiteral("--")};
        QTest::newRow("program without --")
            << QStringList{QStringLiteral("cat"), QStringLiteral("file")};
        QTest::newRow("bad export format")
            << QStringList{QStringLiteral("export"), QStringLiteral("--format"),
                           QStringLiteral("xml"), QStringLiteral("f.pcapng")};
    }
    void badCommandLinesGetOneLine()
    {
        QFETCH(QStringList, arguments);
        const Finished run = runPipescope(arguments);
        QCOMPARE(run.code, 2);
        QCOMPARE(run.out, QByteArray());
        QVERIFY2(run.err.startsWith("pipescope: "), run.err.constData());
        QCOMPARE(run.err.count('\n'), 1);
    }

    void exportWritesEachFormat()
    {
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("s.pcapng"));
        QCOMPARE(runPipescope(headlessTestchild(record, {QStringLiteral("hex-out"),
                                                         QStringLiteral("68690aff"),
                                                         QStringLiteral("6f6f7073")}))
                     .code,
                 0);

        const QString rawPath = dir.filePath(QStringLiteral("out.bin"));
        Finished run
            = runPipescope({QStringLiteral("export"), QStringLiteral("--format"),
                            QStringLiteral("raw"), QStringLiteral("--stream"),
                            QStringLiteral("stdout"), record, QStringLiteral("-o"), rawPath});
        QCOMPARE(run.code, 0);
        QFile raw(rawPath);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QCOMPARE(raw.readAll(), QByteArray("hi\n\xff"));

        run = runPipescope({QStringLiteral("export"), QStringLiteral("--stream"),
                            QStringLiteral("stderr"), record});
        QCOMPARE(run.code, 0);
        QCOMPARE(run.out.count('\n'), 1);
        QVERIFY(run.out.contains("\"text\":\"oops\""));

        run = runPipescope(
            {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("text"), record});
        QCOMPARE(run.code, 0);
        QVERIFY(run.out.startsWith("# pipescope session: "));
        QVERIFY(run.out.contains("stdout hi\\n\n"));
        QVERIFY(run.out.contains("\\xff"));
        QVERIFY(run.out.contains("exited with code 0"));
    }

    void exportOfBadInputFails_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QByteArray>("error");
        QTest::newRow("missing") << QByteArray() << QByteArrayLiteral("cannot open");
        QTest::newRow("not pcapng") << QByteArrayLiteral("hello, this is not a capture\n")
                                    << QByteArrayLiteral("pipescope: ");
    }
    void exportOfBadInputFails()
    {
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, error);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("in.pcapng"));
        if (!content.isEmpty()) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const Finished run = runPipescope({QStringLiteral("export"), path});
        QCOMPARE(run.code, 1);
        QCOMPARE(run.out, QByteArray());
        QVERIFY2(run.err.contains(error), run.err.constData());
        QCOMPARE(run.err.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(tst_Proxy)
#include "tst_proxy.moc"

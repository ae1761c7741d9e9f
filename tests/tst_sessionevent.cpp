#include "capture/sessionevent.h"
#include "codec/shellwords.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtTest/QTest>

#include <csignal>

Q_DECLARE_METATYPE(SessionEvent)

namespace {

SessionEvent startedEvent()
{
    SessionEvent event = SessionEvent::started(
        {QStringLiteral("clangd"), QStringLiteral("--log=verbose"), QStringLiteral("a b"),
         QString(), QStringLiteral("caf\u00e9 \"q\" 'x'")},
        QStringLiteral("/home/user/project dir"), 4242424242, 1700000000123);
    event.pipescopeVersion = QStringLiteral("0.1.0");
    return event;
}

} // namespace

class tst_SessionEvent : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void payloadIsCompactJson_data();
    void payloadIsCompactJson();
    void payloadFields();
    void fromPayloadRejects_data();
    void fromPayloadRejects();
    void summary_data();
    void summary();
    void summaryIsOneLine();
    void joinedCommandLine_data();
    void joinedCommandLine();
    void joinedCommandLineSplitsBackInAShell_data();
    void joinedCommandLineSplitsBackInAShell();
    void signalName_data();
    void signalName();
};

void tst_SessionEvent::roundTrip_data()
{
    QTest::addColumn<SessionEvent>("event");

    QTest::newRow("started") << startedEvent();
    SessionEvent withoutVersion = startedEvent();
    withoutVersion.pipescopeVersion.clear();
    QTest::newRow("started without a version") << withoutVersion;
    QTest::newRow("started, no arguments")
        << SessionEvent::started({QStringLiteral("prog")}, QString(), 1, 0);
    QTest::newRow("start-failed") << SessionEvent::startFailed(
        {QStringLiteral("nosuch"), QStringLiteral("-x")},
        QStringLiteral("nosuch: command not found"));
    QTest::newRow("stdin-closed") << SessionEvent::closed(SessionEvent::Kind::StdinClosed);
    QTest::newRow("stdout-closed") << SessionEvent::closed(SessionEvent::Kind::StdoutClosed);
    QTest::newRow("stderr-closed") << SessionEvent::closed(SessionEvent::Kind::StderrClosed);
    QTest::newRow("exited with code 0") << SessionEvent::exited(SessionEvent::ExitKind::Code, 0);
    QTest::newRow("exited with code 3") << SessionEvent::exited(SessionEvent::ExitKind::Code, 3);
    QTest::newRow("exited with code 255")
        << SessionEvent::exited(SessionEvent::ExitKind::Code, 255);
    QTest::newRow("killed by signal 9") << SessionEvent::exited(SessionEvent::ExitKind::Signal, 9);
    QTest::newRow("killed by signal 15")
        << SessionEvent::exited(SessionEvent::ExitKind::Signal, 15);
}

void tst_SessionEvent::roundTrip()
{
    QFETCH(SessionEvent, event);

    const std::optional<SessionEvent> read = SessionEvent::fromPayload(event.toPayload());
    QVERIFY(read);
    QCOMPARE(read->kind, event.kind);
    QCOMPARE(read->arguments, event.arguments);
    QCOMPARE(read->workingDirectory, event.workingDirectory);
    QCOMPARE(read->pid, event.pid);
    QCOMPARE(read->startedAtMs, event.startedAtMs);
    QCOMPARE(read->pipescopeVersion, event.pipescopeVersion);
    QCOMPARE(read->error, event.error);
    QCOMPARE(read->exitKind, event.exitKind);
    QCOMPARE(read->exitCode, event.exitCode);
    QCOMPARE(read->summary(), event.summary());
}

void tst_SessionEvent::payloadIsCompactJson_data()
{
    QTest::addColumn<SessionEvent>("event");
    QTest::addColumn<QString>("name");

    QTest::newRow("started") << startedEvent() << QStringLiteral("started");
    QTest::newRow("start-failed") << SessionEvent::startFailed({QStringLiteral("x")},
                                                               QStringLiteral("x: nope"))
                                  << QStringLiteral("start-failed");
    QTest::newRow("stdin-closed") << SessionEvent::closed(SessionEvent::Kind::StdinClosed)
                                  << QStringLiteral("stdin-closed");
    QTest::newRow("stdout-closed") << SessionEvent::closed(SessionEvent::Kind::StdoutClosed)
                                   << QStringLiteral("stdout-closed");
    QTest::newRow("stderr-closed") << SessionEvent::closed(SessionEvent::Kind::StderrClosed)
                                   << QStringLiteral("stderr-closed");
    QTest::newRow("exited") << SessionEvent::exited(SessionEvent::ExitKind::Code, 1)
                            << QStringLiteral("exited");
    QTest::newRow("exited by signal")
        << SessionEvent::exited(SessionEvent::ExitKind::Signal, 2) << QStringLiteral("exited");
}

void tst_SessionEvent::payloadIsCompactJson()
{
    QFETCH(SessionEvent, event);
    QFETCH(QString, name);

    const QByteArray payload = event.toPayload();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(document.isObject());
    QCOMPARE(document.object().value(QStringLiteral("event")).toString(), name);
    // Compact: one line, no whitespace between tokens.
    QVERIFY(!payload.contains('\n'));
    QCOMPARE(payload, QJsonDocument(document.object()).toJson(QJsonDocument::Compact));
    QVERIFY(payload.startsWith("{\""));
}

void tst_SessionEvent::payloadFields()
{
    const QJsonObject started = QJsonDocument::fromJson(startedEvent().toPayload()).object();
    QCOMPARE(started.value(QStringLiteral("argv")).toArray().size(), 5);
    QCOMPARE(started.value(QStringLiteral("argv")).toArray().at(2).toString(),
             QStringLiteral("a b"));
    QCOMPARE(started.value(QStringLiteral("cwd")).toString(),
             QStringLiteral("/home/user/project dir"));
    QCOMPARE(started.value(QStringLiteral("pid")).toInteger(), 4242424242);
    QCOMPARE(started.value(QStringLiteral("startedAtMs")).toInteger(), 1700000000123);
    QCOMPARE(started.value(QStringLiteral("pipescope")).toString(), QStringLiteral("0.1.0"));

    const QJsonObject code
        = QJsonDocument::fromJson(SessionEvent::exited(SessionEvent::ExitKind::Code, 3).toPayload())
              .object();
    QCOMPARE(code.value(QStringLiteral("code")).toInt(-1), 3);
    QVERIFY(!code.contains(QStringLiteral("signal")));

    const QJsonObject signal
        = QJsonDocument::fromJson(
              SessionEvent::exited(SessionEvent::ExitKind::Signal, 9).toPayload())
              .object();
    QCOMPARE(signal.value(QStringLiteral("signal")).toInt(-1), 9);
    QVERIFY(!signal.contains(QStringLiteral("code")));

    // Closing events carry nothing but their name.
    const QJsonObject closed
        = QJsonDocument::fromJson(
              SessionEvent::closed(SessionEvent::Kind::StdoutClosed).toPayload())
              .object();
    QCOMPARE(closed.keys(), QStringList{QStringLiteral("event")});
}

void tst_SessionEvent::fromPayloadRejects_data()
{
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << QByteArrayLiteral("\x00\xff garbage");
    QTest::newRow("plain text") << QByteArrayLiteral("started");
    QTest::newRow("array") << QByteArrayLiteral("[\"started\"]");
    QTest::newRow("empty object") << QByteArrayLiteral("{}");
    QTest::newRow("unknown event") << QByteArrayLiteral("{\"event\":\"paused\"}");
    QTest::newRow("name in another case") << QByteArrayLiteral("{\"event\":\"Started\"}");
    QTest::newRow("event is a number") << QByteArrayLiteral("{\"event\":3}");
    QTest::newRow("no event key") << QByteArrayLiteral("{\"code\":3}");
    QByteArray cut = SessionEvent::exited(SessionEvent::ExitKind::Code, 3).toPayload();
    cut.chop(1);
    QTest::newRow("cut off") << cut;
}

void tst_SessionEvent::fromPayloadRejects()
{
    QFETCH(QByteArray, payload);
    QVERIFY(!SessionEvent::fromPayload(payload).has_value());
}

void tst_SessionEvent::summary_data()
{
    QTest::addColumn<SessionEvent>("event");
    QTest::addColumn<QString>("summary");

    QTest::newRow("started") << SessionEvent::started(
        {QStringLiteral("prog"), QStringLiteral("a b")}, QStringLiteral("/tmp"), 42, 0)
                             << QStringLiteral("started pid 42: prog 'a b'");
    QTest::newRow("started, arguments with %1 and %2")
        << SessionEvent::started({QStringLiteral("printf"), QStringLiteral("%1%2")},
                                 QStringLiteral("/tmp"), 7, 0)
        << QStringLiteral("started pid 7: printf %1%2");
    QTest::newRow("start-failed") << SessionEvent::startFailed(
        {QStringLiteral("nosuch")}, QStringLiteral("nosuch: command not found"))
                                  << QStringLiteral(
                                         "could not start nosuch: nosuch: command not found");
    QTest::newRow("stdin closed") << SessionEvent::closed(SessionEvent::Kind::StdinClosed)
                                  << QStringLiteral("stdin closed");
    QTest::newRow("stdout closed") << SessionEvent::closed(SessionEvent::Kind::StdoutClosed)
                                   << QStringLiteral("stdout closed");
    QTest::newRow("stderr closed") << SessionEvent::closed(SessionEvent::Kind::StderrClosed)
                                   << QStringLiteral("stderr closed");
    QTest::newRow("exited with code 3") << SessionEvent::exited(SessionEvent::ExitKind::Code, 3)
                                        << QStringLiteral("exited with code 3");
    QTest::newRow("exited with code 0") << SessionEvent::exited(SessionEvent::ExitKind::Code, 0)
                                        << QStringLiteral("exited with code 0");
    QTest::newRow("killed by SIGKILL") << SessionEvent::exited(SessionEvent::ExitKind::Signal, 9)
                                       << QStringLiteral("killed by signal 9 (SIGKILL)");
    QTest::newRow("killed by SIGTERM") << SessionEvent::exited(SessionEvent::ExitKind::Signal, 15)
                                       << QStringLiteral("killed by signal 15 (SIGTERM)");
    // Windows: a crash ends a program with an NTSTATUS as its exit code.
    QTest::newRow("access violation")
        << SessionEvent::exited(SessionEvent::ExitKind::Code, int(0xC0000005))
        << QStringLiteral("exited with code 0xc0000005 (STATUS_ACCESS_VIOLATION)");
    QTest::newRow("Ctrl+C") << SessionEvent::exited(SessionEvent::ExitKind::Code, int(0xC000013A))
                            << QStringLiteral(
                                   "exited with code 0xc000013a (STATUS_CONTROL_C_EXIT)");
    QTest::newRow("an NTSTATUS without a name here")
        << SessionEvent::exited(SessionEvent::ExitKind::Code, int(0xC0001234))
        << QStringLiteral("exited with code 0xc0001234 (an NTSTATUS error)");
    QTest::newRow("exited with code -1") << SessionEvent::exited(SessionEvent::ExitKind::Code, -1)
                                         << QStringLiteral("exited with code -1");
}

void tst_SessionEvent::summary()
{
    QFETCH(SessionEvent, event);
    QFETCH(QString, summary);
    QCOMPARE(event.summary(), summary);
}

// summary() and joinedCommandLine() promise one line (the text transcript gives each event one
// line), even for an argument with a line break in it.
void tst_SessionEvent::summaryIsOneLine()
{
    const QStringList arguments{QStringLiteral("sh"), QStringLiteral("-c"),
                                QStringLiteral("echo a\necho b")};
    const QString summary = SessionEvent::started(arguments, QStringLiteral("/"), 42, 0).summary();
    QVERIFY(summary.startsWith(QLatin1String("started pid 42: sh -c ")));
    QVERIFY2(!summary.contains(u'\n'), qPrintable(summary));
}

void tst_SessionEvent::joinedCommandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("joined");

    QTest::newRow("nothing") << QStringList() << QString();
    QTest::newRow("plain") << QStringList{QStringLiteral("clangd"), QStringLiteral("--log=verbose"),
                                          QStringLiteral("./a/b.c"), QStringLiteral("x:y,z+1@2%")}
                           << QStringLiteral("clangd --log=verbose ./a/b.c x:y,z+1@2%");
    QTest::newRow("space") << QStringList{QStringLiteral("prog"), QStringLiteral("a b")}
                           << QStringLiteral("prog 'a b'");
    QTest::newRow("empty argument")
        << QStringList{QStringLiteral("prog"), QString(), QStringLiteral("x")}
        << QStringLiteral("prog '' x");
    QTest::newRow("single quote") << QStringList{QStringLiteral("it's")}
                                  << QStringLiteral("'it'\\''s'");
    QTest::newRow("double quote") << QStringList{QStringLiteral("say \"hi\"")}
                                  << QStringLiteral("'say \"hi\"'");
    QTest::newRow("shell metacharacters")
        << QStringList{QStringLiteral("$HOME"), QStringLiteral("a;b"), QStringLiteral("*"),
                       QStringLiteral("a|b"),   QStringLiteral("`x`"), QStringLiteral("a\\b")}
        << QStringLiteral("'$HOME' 'a;b' '*' 'a|b' '`x`' 'a\\b'");
}

void tst_SessionEvent::joinedCommandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, joined);
    QCOMPARE(::joinedCommandLine(arguments), joined);
}

void tst_SessionEvent::joinedCommandLineSplitsBackInAShell_data()
{
    QTest::addColumn<QStringList>("arguments");

    QTest::newRow("plain") << QStringList{QStringLiteral("a"), QStringLiteral("--b=c")};
    QTest::newRow("spaces and empty")
        << QStringList{QStringLiteral(" a  b "), QString(), QStringLiteral("\t")};
    QTest::newRow("quotes") << QStringList{QStringLiteral("'"), QStringLiteral("\"'\""),
                                           QStringLiteral("it's 'quoted'"), QStringLiteral("''")};
    QTest::newRow("metacharacters")
        << QStringList{QStringLiteral("$HOME"), QStringLiteral("$(id)"), QStringLiteral("a;b&c"),
                       QStringLiteral("*?[a]"), QStringLiteral("~"),     QStringLiteral("#x"),
                       QStringLiteral("a\\nb"), QStringLiteral("<>|"),   QStringLiteral("!x")};
    QTest::newRow("non-ascii") << QStringList{
        QStringLiteral("caf\u00e9"), QStringLiteral("\u00a0nbsp"), QStringLiteral("\U0001F600")};
    QTest::newRow("assignment-looking") << QStringList{QStringLiteral("A=b"), QStringLiteral("%s")};
}

// The documented promise: a shell splits the line back into the same list. bash, because
// arguments with control characters are written $'...', which dash does not know yet.
void tst_SessionEvent::joinedCommandLineSplitsBackInAShell()
{
    QFETCH(QStringList, arguments);
#ifdef Q_OS_WIN
    QSKIP("the command line is joined for a POSIX shell (bash), which Windows does not have");
#endif

    const QString joined = ::joinedCommandLine(arguments);
    QProcess shell;
    shell.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    shell.start(QStringLiteral("bash"),
                {QStringLiteral("-c"), QStringLiteral("printf '%s\\0' ") + joined});
    QVERIFY(shell.waitForFinished(5000));
    QCOMPARE(shell.exitCode(), 0);
    QStringList split = QString::fromUtf8(shell.readAllStandardOutput()).split(QChar(0));
    QCOMPARE(split.takeLast(), QString()); // after the last terminator
    QCOMPARE(split, arguments);
}

void tst_SessionEvent::signalName_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<QString>("name");

    // Linux's numbers, which a session file records whatever system reads it.
    QTest::newRow("SIGHUP") << 1 << QStringLiteral("SIGHUP");
    QTest::newRow("SIGINT") << 2 << QStringLiteral("SIGINT");
    QTest::newRow("SIGKILL") << 9 << QStringLiteral("SIGKILL");
    QTest::newRow("SIGSEGV") << 11 << QStringLiteral("SIGSEGV");
    QTest::newRow("SIGTERM") << 15 << QStringLiteral("SIGTERM");
    QTest::newRow("9 is SIGKILL") << 9 << QStringLiteral("SIGKILL");
    QTest::newRow("15 is SIGTERM") << 15 << QStringLiteral("SIGTERM");
    QTest::newRow("unknown 999") << 999 << QStringLiteral("signal 999");
    QTest::newRow("negative") << -1 << QStringLiteral("signal -1");
}

void tst_SessionEvent::signalName()
{
    QFETCH(int, signal);
    QFETCH(QString, name);
    QCOMPARE(::signalName(signal), name);
}

QTEST_GUILESS_MAIN(tst_SessionEvent)

#include "tst_sessionevent.moc"

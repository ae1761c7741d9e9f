#include "cli/commandline.h"

#include <QtTest/QTest>

namespace {

QStringList args(std::initializer_list<const char *> list)
{
    QStringList result{QStringLiteral("pipescope")};
    for (const char *argument : list)
        result.append(QString::fromUtf8(argument));
    return result;
}

} // namespace

Q_DECLARE_METATYPE(CommandLine::Action)
Q_DECLARE_METATYPE(ExportFormat)
Q_DECLARE_METATYPE(std::optional<Stream>)

class tst_CommandLine : public QObject
{
    Q_OBJECT

private slots:
    void proxy_data();
    void proxy();
    void helpAndVersion_data();
    void helpAndVersion();
    void openFile();
    void invalid_data();
    void invalid();
    void exportCommand_data();
    void exportCommand();
    void helpTextMentionsEveryOption();
    void framing_data();
    void framing();
    void messageExportAndStats();
    void sessionNameAndList();
};

void tst_CommandLine::proxy_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("childArguments");
    QTest::addColumn<QString>("recordPath");
    QTest::addColumn<QString>("workingDirectory");
    QTest::addColumn<bool>("noGui");

    QTest::newRow("program only") << args({"--", "clangd"}) << QStringLiteral("clangd")
                                  << QStringList() << QString() << QString() << false;
    QTest::newRow("program with arguments")
        << args({"--", "clangd", "--log=verbose", "a b"}) << QStringLiteral("clangd")
        << QStringList{QStringLiteral("--log=verbose"), QStringLiteral("a b")} << QString()
        << QString() << false;
    QTest::newRow("our options after -- belong to the child")
        << args({"--", "prog", "--record", "x"}) << QStringLiteral("prog")
        << QStringList{QStringLiteral("--record"), QStringLiteral("x")} << QString() << QString()
        << false;
    QTest::newRow("child's --help, --version and --no-gui")
        << args({"--", "prog", "--help", "--version", "--no-gui"}) << QStringLiteral("prog")
        << QStringList{QStringLiteral("--help"), QStringLiteral("--version"),
                       QStringLiteral("--no-gui")}
        << QString() << QString() << false;
    QTest::newRow("a second -- is the child's")
        << args({"--", "prog", "--", "-x"}) << QStringLiteral("prog")
        << QStringList{QStringLiteral("--"), QStringLiteral("-x")} << QString() << QString()
        << false;
    QTest::newRow("empty child argument kept")
        << args({"--", "prog", "", "b"}) << QStringLiteral("prog")
        << QStringList{QString(), QStringLiteral("b")} << QString() << QString() << false;
    QTest::newRow("--record FILE")
        << args({"--record", "s.pcapng", "--", "prog", "a"}) << QStringLiteral("prog")
        << QStringList{QStringLiteral("a")} << QStringLiteral("s.pcapng") << QString() << false;
    QTest::newRow("--record=FILE")
        << args({"--record=/tmp/s.pcapng", "--", "prog"}) << QStringLiteral("prog") << QStringList()
        << QStringLiteral("/tmp/s.pcapng") << QString() << false;
    QTest::newRow("--no-gui") << args({"--no-gui", "--", "prog"}) << QStringLiteral("prog")
                              << QStringList() << QString() << QString() << true;
    QTest::newRow("--cwd DIR") << args({"--cwd", "/srv/project", "--", "prog"})
                               << QStringLiteral("prog") << QStringList() << QString()
                               << QStringLiteral("/srv/project") << false;
    QTest::newRow("all options") << args(
        {"--no-gui", "--cwd", "work", "--record", "out.pcapng", "--", "./prog", "-v"})
                                 << QStringLiteral("./prog") << QStringList{QStringLiteral("-v")}
                                 << QStringLiteral("out.pcapng") << QStringLiteral("work") << true;
    QTest::newRow("a child program called export")
        << args({"--", "export", "x"}) << QStringLiteral("export")
        << QStringList{QStringLiteral("x")} << QString() << QString() << false;
}

void tst_CommandLine::proxy()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, program);
    QFETCH(QStringList, childArguments);
    QFETCH(QString, recordPath);
    QFETCH(QString, workingDirectory);
    QFETCH(bool, noGui);

    const CommandLine command = parseCommandLine(arguments);
    QCOMPARE(command.error, QString());
    QCOMPARE(command.action, CommandLine::Action::Proxy);
    QCOMPARE(command.program, program);
    QCOMPARE(command.arguments, childArguments);
    QCOMPARE(command.recordPath, recordPath);
    QCOMPARE(command.workingDirectory, workingDirectory);
    QCOMPARE(command.noGui, noGui);
}

void tst_CommandLine::helpAndVersion_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<CommandLine::Action>("action");

    QTest::newRow("no arguments: the window") << args({}) << CommandLine::Action::OpenWindow;
    QTest::newRow("--help") << args({"--help"}) << CommandLine::Action::ShowHelp;
    QTest::newRow("-h") << args({"-h"}) << CommandLine::Action::ShowHelp;
    QTest::newRow("--help wins over a program")
        << args({"--help", "--", "prog"}) << CommandLine::Action::ShowHelp;
    QTest::newRow("--version") << args({"--version"}) << CommandLine::Action::ShowVersion;
    QTest::newRow("--version with a program")
        << args({"--version", "--", "prog"}) << CommandLine::Action::ShowVersion;
}

void tst_CommandLine::helpAndVersion()
{
    QFETCH(QStringList, arguments);
    QFETCH(CommandLine::Action, action);

    const CommandLine command = parseCommandLine(arguments);
    QCOMPARE(command.action, action);
    QCOMPARE(command.error, QString());
    QCOMPARE(command.program, QString());
}

void tst_CommandLine::openFile()
{
    const CommandLine command = parseCommandLine(args({"session.pcapng"}));
    QCOMPARE(command.action, CommandLine::Action::OpenFile);
    QCOMPARE(command.sessionPath, QStringLiteral("session.pcapng"));

    const CommandLine proxy = parseCommandLine(args({"--exit-with-child", "--", "prog"}));
    QCOMPARE(proxy.action, CommandLine::Action::Proxy);
    QVERIFY(proxy.exitWithChild);
    QVERIFY(!parseCommandLine(args({"--", "prog"})).exitWithChild);
    QCOMPARE(parseCommandLine(args({"--exit-with-child"})).action, CommandLine::Action::Invalid);
}

void tst_CommandLine::sessionNameAndList()
{
    const CommandLine named = parseCommandLine(args({"--name", "clangd (C++)", "--", "clangd"}));
    QCOMPARE(named.action, CommandLine::Action::Proxy);
    QCOMPARE(named.sessionName, QStringLiteral("clangd (C++)"));
    QCOMPARE(parseCommandLine(args({"--", "clangd"})).sessionName, QString());

    const CommandLine list = parseCommandLine(args({"sessions"}));
    QCOMPARE(list.action, CommandLine::Action::ListSessions);
    QVERIFY(!list.json);
    QVERIFY(parseCommandLine(args({"sessions", "--json"})).json);

    const CommandLine monitor = parseCommandLine(args({"--monitor"}));
    QCOMPARE(monitor.action, CommandLine::Action::OpenWindow);
    QVERIFY(monitor.monitor);
    QVERIFY(!parseCommandLine(args({})).monitor);
    QVERIFY(parseCommandLine(args({"--window", "--", "clangd"})).ownWindow);
    QVERIFY(!parseCommandLine(args({"--", "clangd"})).ownWindow);
}

void tst_CommandLine::invalid_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("errorMentions");

    QTest::newRow("unknown option") << args({"--bogus", "--", "prog"}) << QStringLiteral("bogus");
    QTest::newRow("unknown option alone") << args({"--frobnicate"}) << QStringLiteral("frobnicate");
    QTest::newRow("--record without value") << args({"--record"}) << QStringLiteral("record");
    QTest::newRow("--record right before --")
        << args({"--record", "--", "prog"}) << QStringLiteral("record");
    QTest::newRow("--cwd without value") << args({"--cwd"}) << QStringLiteral("cwd");
    QTest::newRow("positional without --") << args({"prog", "arg"}) << QStringLiteral("prog");
    QTest::newRow("positional after options without --")
        << args({"--no-gui", "prog"}) << QStringLiteral("prog");
    QTest::newRow("-- with no program") << args({"--"}) << QStringLiteral("program");
    QTest::newRow("-- with an empty program") << args({"--", ""}) << QStringLiteral("program");
    QTest::newRow("options but no program")
        << args({"--record", "s.pcapng"}) << QStringLiteral("program");
    QTest::newRow("--no-gui but no program") << args({"--no-gui"}) << QStringLiteral("program");
    QTest::newRow("--name but no program") << args({"--name", "x"}) << QStringLiteral("program");
    QTest::newRow("--name empty") << args({"--name", " ", "--", "prog"})
                                  << QStringLiteral("--name needs a name");
    QTest::newRow("--monitor with a program")
        << args({"--monitor", "--", "prog"}) << QStringLiteral("--monitor");
    QTest::newRow("--monitor with a file")
        << args({"--monitor", "s.pcapng"}) << QStringLiteral("--monitor");
    QTest::newRow("--window and --no-gui")
        << args({"--window", "--no-gui", "--", "prog"}) << QStringLiteral("cannot go together");
    QTest::newRow("--window but no program") << args({"--window"}) << QStringLiteral("program");
    QTest::newRow("--break headless")
        << args({"--no-gui", "--break", "kind == request", "--", "prog"})
        << QStringLiteral("use --rules");
    QTest::newRow("--break wrong expression")
        << args({"--break", "method ==", "--", "prog"}) << QStringLiteral("--break: ");
    QTest::newRow("--rules missing file")
        << args({"--rules", "/nonexistent/rules.json", "--", "prog"})
        << QStringLiteral("--rules: /nonexistent/rules.json: ");
    QTest::newRow("sessions: an argument")
        << args({"sessions", "all"}) << QStringLiteral("sessions takes no arguments");
    QTest::newRow("sessions: unknown option")
        << args({"sessions", "--yaml"}) << QStringLiteral("yaml");

    // export
    QTest::newRow("export: unknown format")
        << args({"export", "--format", "bogus", "s.pcapng"}) << QStringLiteral("bogus");
    QTest::newRow("export: unknown stream")
        << args({"export", "--stream", "stdbogus", "s.pcapng"}) << QStringLiteral("stdbogus");
    QTest::newRow("export: raw without --stream")
        << args({"export", "--format", "raw", "s.pcapng"}) << QStringLiteral("stream");
    QTest::newRow("export: raw with events")
        << args({"export", "--format", "raw", "--stream", "events", "s.pcapng"})
        << QStringLiteral("stream");
    QTest::newRow("export: missing input") << args({"export"}) << QStringLiteral("session file");
    QTest::newRow("export: missing input, with options")
        << args({"export", "--format", "text", "-o", "out.txt"}) << QStringLiteral("session file");
    QTest::newRow("export: two inputs")
        << args({"export", "a.pcapng", "b.pcapng"}) << QStringLiteral("one session file");
    QTest::newRow("export: unknown option")
        << args({"export", "--bogus", "s.pcapng"}) << QStringLiteral("bogus");
    QTest::newRow("export: --format without value")
        << args({"export", "s.pcapng", "--format"}) << QStringLiteral("format");
    QTest::newRow("export: -o without value")
        << args({"export", "s.pcapng", "-o"}) << QStringLiteral("-o");
    QTest::newRow("export: proxy option")
        << args({"export", "--record", "x", "s.pcapng"}) << QStringLiteral("record");
    QTest::newRow("--framing unknown")
        << args({"--framing", "morse", "--", "prog"}) << QStringLiteral("unknown framing 'morse'");
    QTest::newRow("--framing names the column of the part it cannot read")
        << args({"--framing", "stdin=lines, morse", "--", "prog"})
        << QStringLiteral("unknown framing 'morse' (use auto, content-length, ndjson, lines, "
                          "msgpack-rpc, idle-gap[=MS] or raw) at column 14");
    QTest::newRow("--framing for events")
        << args({"--framing", "events=lines", "--", "prog"}) << QStringLiteral("events");
    QTest::newRow("--framing idle gap without ms")
        << args({"--framing", "idle-gap=", "--", "prog"}) << QStringLiteral("idle-gap=100");
    QTest::newRow("--framing negative idle gap")
        << args({"--framing", "idle-gap=-5", "--", "prog"}) << QStringLiteral("idle-gap=100");
    QTest::newRow("--framing without value") << args({"--framing"}) << QStringLiteral("framing");
    QTest::newRow("export: --messages with --format")
        << args({"export", "--messages", "--format", "text", "s.pcapng"})
        << QStringLiteral("--messages");
    QTest::newRow("export: --framing without --messages")
        << args({"export", "--framing", "lines", "s.pcapng"}) << QStringLiteral("--messages");
    QTest::newRow("stats: no file")
        << args({"stats"}) << QStringLiteral("stats needs a session file");
    QTest::newRow("stats: two files")
        << args({"stats", "a", "b"}) << QStringLiteral("one session file");
    QTest::newRow("stats: unknown option")
        << args({"stats", "--bogus", "a"}) << QStringLiteral("bogus");
    QTest::newRow("stats: bad framing")
        << args({"stats", "--framing", "x", "a"}) << QStringLiteral("unknown framing 'x'");
    QTest::newRow("proxy: --filter without a window")
        << args({"--no-gui", "--filter", "problem", "--", "prog"})
        << QStringLiteral("without a window, run pipescope stats --filter");
    QTest::newRow("proxy: bad filter")
        << args({"--filter", "kind = request", "--", "prog"})
        << QStringLiteral("--filter: '=' is not an operator: compare with '==' at column 6");
    QTest::newRow("stats: bad filter")
        << args({"stats", "--filter", "latency > 200mb", "a"})
        << QStringLiteral("--filter: 'mb' is not a unit of latency: use ns, us, ms, s or min at "
                          "column 14");
    QTest::newRow("stats: empty filter")
        << args({"stats", "--filter", "", "a"}) << QStringLiteral("--filter: the filter is empty");
    QTest::newRow("export: a message field in a record filter")
        << args({"export", "--filter", "method == initialize", "a"})
        << QStringLiteral("--filter: 'method' is a field of messages");
    QTest::newRow("export --messages: bad filter")
        << args({"export", "--messages", "--filter", "kind == reply", "a"})
        << QStringLiteral("--filter: 'reply' is not a value of kind");
}

void tst_CommandLine::invalid()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, errorMentions);

    const CommandLine command = parseCommandLine(arguments);
    QCOMPARE(command.action, CommandLine::Action::Invalid);
    QVERIFY2(command.error.contains(errorMentions),
             qPrintable(QStringLiteral("error: \"%1\"").arg(command.error)));
    QVERIFY2(!command.error.contains(u'\n'), qPrintable(command.error));
    QVERIFY2(!command.error.endsWith(u'.'), qPrintable(command.error));
    QVERIFY(!command.error.startsWith(QLatin1String("pipescope:")));
    QCOMPARE(command.error.trimmed(), command.error);
}

void tst_CommandLine::framing_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QList<Framing>>("streams"); // stdin, stdout, stderr
    QTest::addColumn<int>("idleGapMs");

    const Framing a = Framing::Auto;
    QTest::newRow("one framing: stdin and stdout")
        << QStringLiteral("content-length")
        << QList<Framing>{Framing::ContentLength, Framing::ContentLength, a} << 100;
    QTest::newRow("per stream") << QStringLiteral("stdout=lines,stdin=ndjson")
                                << QList<Framing>{Framing::JsonLines, Framing::Lines, a} << 100;
    QTest::newRow("stderr too") << QStringLiteral("msgpack-rpc,stderr=raw")
                                << QList<Framing>{Framing::MsgpackRpc, Framing::MsgpackRpc,
                                                  Framing::Raw}
                                << 100;
    QTest::newRow("idle gap with its pause")
        << QStringLiteral("idle-gap=250") << QList<Framing>{Framing::IdleGap, Framing::IdleGap, a}
        << 250;
    QTest::newRow("idle gap for one stream")
        << QStringLiteral("stdout=idle-gap=30") << QList<Framing>{a, Framing::IdleGap, a} << 30;
    QTest::newRow("auto") << QStringLiteral("auto") << QList<Framing>{a, a, a} << 100;
}

void tst_CommandLine::framing()
{
    QFETCH(QString, spec);
    QFETCH(QList<Framing>, streams);
    QFETCH(int, idleGapMs);

    for (const QStringList &arguments :
         {args({"--framing", "SPEC", "--", "prog"}), args({"--framing", "SPEC", "s.pcapng"}),
          args({"stats", "--framing", "SPEC", "s.pcapng"}),
          args({"export", "--messages", "--framing", "SPEC", "s.pcapng"})}) {
        QStringList withSpec = arguments;
        withSpec.replace(withSpec.indexOf(QStringLiteral("SPEC")), spec);
        const CommandLine command = parseCommandLine(withSpec);
        QCOMPARE(command.error, QString());
        QCOMPARE(command.framing.forStream(Stream::Stdin), streams.at(0));
        QCOMPARE(command.framing.forStream(Stream::Stdout), streams.at(1));
        QCOMPARE(command.framing.forStream(Stream::Stderr), streams.at(2));
        QCOMPARE(command.framing.idleGapMs, idleGapMs);
    }
}

void tst_CommandLine::messageExportAndStats()
{
    CommandLine command
        = parseCommandLine(args({"export", "--messages", "s.pcapng", "-o", "m.jsonl"}));
    QCOMPARE(command.action, CommandLine::Action::Export);
    QVERIFY(command.exportMessages);
    QCOMPARE(command.inputPath, QStringLiteral("s.pcapng"));
    QCOMPARE(command.outputPath, QStringLiteral("m.jsonl"));
    QVERIFY(!parseCommandLine(args({"export", "s.pcapng"})).exportMessages);

    command = parseCommandLine(args({"stats", "s.pcapng"}));
    QCOMPARE(command.action, CommandLine::Action::Stats);
    QCOMPARE(command.inputPath, QStringLiteral("s.pcapng"));
    QCOMPARE(command.framing, FramingChoice());
    QVERIFY(!command.messageFilter);

    command = parseCommandLine(args({"stats", "--filter", "latency > 200ms", "s.pcapng"}));
    QCOMPARE(command.action, CommandLine::Action::Stats);
    QCOMPARE(command.messageFilter->expression(), QStringLiteral("latency > 200ms"));
    command = parseCommandLine(
        args({"export", "--messages", "--filter", "method == initialize", "s.pcapng"}));
    QCOMPARE(command.messageFilter->target(), FilterTarget::Messages);
    QVERIFY(!command.exportOptions.filter);
    command = parseCommandLine(args({"--filter", "problem", "--", "clangd"}));
    QCOMPARE(command.action, CommandLine::Action::Proxy);
    QCOMPARE(command.messageFilter->expression(), QStringLiteral("problem"));
    command = parseCommandLine(args({"--filter", "problem", "s.pcapng"}));
    QCOMPARE(command.action, CommandLine::Action::OpenFile);
    QVERIFY(command.messageFilter);
    command = parseCommandLine(args({"export", "--filter", "stream == stderr", "s.pcapng"}));
    QCOMPARE(command.exportOptions.filter->target(), FilterTarget::Chunks);
    QVERIFY(!command.messageFilter);
}

void tst_CommandLine::exportCommand_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<std::optional<Stream>>("stream");
    QTest::addColumn<QString>("inputPath");
    QTest::addColumn<QString>("outputPath");

    const std::optional<Stream> all;
    QTest::newRow("default format is jsonl")
        << args({"export", "s.pcapng"}) << ExportFormat::JsonLines << all
        << QStringLiteral("s.pcapng") << QString();
    QTest::newRow("--format jsonl")
        << args({"export", "--format", "jsonl", "s.pcapng"}) << ExportFormat::JsonLines << all
        << QStringLiteral("s.pcapng") << QString();
    QTest::newRow("--format text")
        << args({"export", "--format", "text", "s.pcapng"}) << ExportFormat::Text << all
        << QStringLiteral("s.pcapng") << QString();
    QTest::newRow("--format=text after the input")
        << args({"export", "s.pcapng", "--format=text"}) << ExportFormat::Text << all
        << QStringLiteral("s.pcapng") << QString();
    QTest::newRow("--format raw --stream stdout")
        << args({"export", "--format", "raw", "--stream", "stdout", "s.pcapng"})
        << ExportFormat::Raw << std::optional<Stream>(Stream::Stdout) << QStringLiteral("s.pcapng")
        << QString();
    QTest::newRow("--format raw --stream stdin")
        << args({"export", "--format", "raw", "--stream", "stdin", "s.pcapng"}) << ExportFormat::Raw
        << std::optional<Stream>(Stream::Stdin) << QStringLiteral("s.pcapng") << QString();
    QTest::newRow("--stream stderr")
        << args({"export", "--stream", "stderr", "s.pcapng"}) << ExportFormat::JsonLines
        << std::optional<Stream>(Stream::Stderr) << QStringLiteral("s.pcapng") << QString();
    QTest::newRow("--stream events with text")
        << args({"export", "--format", "text", "--stream", "events", "s.pcapng"})
        << ExportFormat::Text << std::optional<Stream>(Stream::Event) << QStringLiteral("s.pcapng")
        << QString();
    QTest::newRow("-o") << args({"export", "s.pcapng", "-o", "out.jsonl"})
                        << ExportFormat::JsonLines << all << QStringLiteral("s.pcapng")
                        << QStringLiteral("out.jsonl");
    QTest::newRow("--output before the input")
        << args({"export", "--output", "/tmp/out.txt", "--format", "text", "in.pcapng"})
        << ExportFormat::Text << all << QStringLiteral("in.pcapng")
        << QStringLiteral("/tmp/out.txt");
}

void tst_CommandLine::exportCommand()
{
    QFETCH(QStringList, arguments);
    QFETCH(ExportFormat, format);
    QFETCH(std::optional<Stream>, stream);
    QFETCH(QString, inputPath);
    QFETCH(QString, outputPath);

    const CommandLine command = parseCommandLine(arguments);
    QCOMPARE(command.error, QString());
    QCOMPARE(command.action, CommandLine::Action::Export);
    QCOMPARE(command.exportOptions.format, format);
    QCOMPARE(command.exportOptions.stream.has_value(), stream.has_value());
    if (stream)
        QCOMPARE(*command.exportOptions.stream, *stream);
    QCOMPARE(command.inputPath, inputPath);
    QCOMPARE(command.outputPath, outputPath);
    QCOMPARE(command.program, QString());
}

void tst_CommandLine::helpTextMentionsEveryOption()
{
    const QString text = helpText();
    for (const char *option :
         {"--record", "--no-gui", "--cwd", "--version", "--help", "export", "--format", "--stream",
          "--output", "--framing", "--messages", "stats", "--exit-with-child", "--filter", "--name",
          "sessions", "--json"}) {
        QVERIFY2(text.contains(QLatin1String(option)), option);
    }
    QVERIFY(text.endsWith(u'\n'));
}

QTEST_APPLESS_MAIN(tst_CommandLine)

#include "tst_commandline.moc"

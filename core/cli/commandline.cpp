#include "cli/commandline.h"

#include <QtCore/QCommandLineParser>

namespace {

CommandLine invalid(const QString &error)
{
    CommandLine result;
    result.action = CommandLine::Action::Invalid;
    result.error = error;
    if (result.error.endsWith(u'.')) // QCommandLineParser's errors end with a full stop
        result.error.chop(1);
    return result;
}

QCommandLineOption framingOption()
{
    return QCommandLineOption(QStringLiteral("framing"), QString(), QStringLiteral("spec"));
}

// Reads --framing into `result`; false with `result` made Invalid when it does not parse.
bool readFraming(const QCommandLineParser &parser, CommandLine *result)
{
    if (!parser.isSet(framingOption()))
        return true;
    std::optional<ParseError> error;
    const std::optional<FramingChoice> choice
        = parseFramingChoice(parser.value(framingOption()), &error);
    if (!choice) {
        *result = invalid(QStringLiteral("--framing: ") + error->text());
        return false;
    }
    result->framing = *choice;
    return true;
}

QCommandLineOption filterOption()
{
    return QCommandLineOption(QStringLiteral("filter"), QString(), QStringLiteral("expression"));
}

// Reads --filter, for `target`; false with `result` made Invalid when the expression is wrong.
bool readFilter(const QCommandLineParser &parser, FilterTarget target, CommandLine *result,
                std::optional<Filter> *filter)
{
    if (!parser.isSet(filterOption()))
        return true;
    std::optional<ParseError> error;
    *filter = Filter::parse(parser.value(filterOption()), target, &error);
    if (!*filter) {
        *result = invalid(QStringLiteral("--filter: ") + error->text());
        return false;
    }
    return true;
}

QString oneSessionFile(const QStringList &inputs, const QString &command, QString *error)
{
    if (inputs.size() == 1)
        return inputs.first();
    *error = inputs.isEmpty() ? QStringLiteral("%1 needs a session file").arg(command)
                              : QStringLiteral("%1 takes one session file").arg(command);
    return QString();
}

CommandLine parseStats(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({framingOption(), filterOption()});
    if (!parser.parse(arguments))
        return invalid(parser.errorText());
    CommandLine result;
    result.action = CommandLine::Action::Stats;
    if (!readFraming(parser, &result)
        || !readFilter(parser, FilterTarget::Messages, &result, &result.messageFilter)) {
        return result;
    }
    QString error;
    result.inputPath
        = oneSessionFile(parser.positionalArguments(), QStringLiteral("stats"), &error);
    if (!error.isEmpty())
        return invalid(error);
    return result;
}

CommandLine parseExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption format(QStringLiteral("format"), QString(), QStringLiteral("format"),
                                    QStringLiteral("jsonl"));
    const QCommandLineOption stream(QStringLiteral("stream"), QString(), QStringLiteral("stream"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")}, QString(),
                                    QStringLiteral("file"));
    const QCommandLineOption messages(QStringLiteral("messages"), QString());
    parser.addOptions({format, stream, output, messages, framingOption(), filterOption()});
    if (!parser.parse(arguments))
        return invalid(parser.errorText());

    CommandLine result;
    result.action = CommandLine::Action::Export;
    if (!readFraming(parser, &result))
        return result;
    result.exportMessages = parser.isSet(messages);
    if (result.exportMessages
            ? !readFilter(parser, FilterTarget::Messages, &result, &result.messageFilter)
            : !readFilter(parser, FilterTarget::Chunks, &result, &result.exportOptions.filter)) {
        return result;
    }
    if (result.exportMessages && (parser.isSet(format) || parser.isSet(stream)))
        return invalid(QStringLiteral("--messages exports JSON Lines of every stream: it takes "
                                      "no --format or --stream"));
    if (parser.isSet(framingOption()) && !result.exportMessages)
        return invalid(QStringLiteral("--framing applies to --messages exports"));
    const auto exportFormat = exportFormatFromName(parser.value(format));
    if (!exportFormat)
        return invalid(QStringLiteral("unknown export format '%1' (jsonl, text or raw)")
                           .arg(parser.value(format)));
    result.exportOptions.format = *exportFormat;
    if (parser.isSet(stream)) {
        const auto chosen = streamFromName(parser.value(stream).toUtf8());
        if (!chosen)
            return invalid(QStringLiteral("unknown stream '%1' (stdin, stdout, stderr or events)")
                               .arg(parser.value(stream)));
        result.exportOptions.stream = *chosen;
    }
    if (result.exportOptions.format == ExportFormat::Raw
        && (!result.exportOptions.stream || *result.exportOptions.stream == Stream::Event))
        return invalid(QStringLiteral("raw export needs --stream stdin, stdout or stderr"));
    QString error;
    result.inputPath
        = oneSessionFile(parser.positionalArguments(), QStringLiteral("export"), &error);
    if (!error.isEmpty())
        return invalid(error);
    result.outputPath = parser.value(output);
    return result;
}

CommandLine parseSessions(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), QString());
    parser.addOption(json);
    if (!parser.parse(arguments))
        return invalid(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return invalid(QStringLiteral("sessions takes no arguments (only --json)"));
    CommandLine result;
    result.action = CommandLine::Action::ListSessions;
    result.json = parser.isSet(json);
    return result;
}

// The options replay and diff share; false with `result` made Invalid when one is wrong.
bool readComparisonOptions(const QCommandLineParser &parser, CommandLine *result)
{
    if (!readFraming(parser, result))
        return false;
    ReplayOptions &options = result->replay;
    options.framing = result->framing;
    options.ignore = parser.values(QStringLiteral("ignore"));
    options.profilePath = parser.value(QStringLiteral("profile"));
    options.reportPath = parser.value(QStringLiteral("report"));
    return true;
}

QList<QCommandLineOption> comparisonOptions()
{
    return {QCommandLineOption(QStringLiteral("ignore"), QString(), QStringLiteral("path")),
            QCommandLineOption(QStringLiteral("profile"), QString(), QStringLiteral("file")),
            QCommandLineOption(QStringLiteral("report"), QString(), QStringLiteral("file")),
            framingOption()};
}

// A whole number from `minimum` on; false with `result` made Invalid otherwise.
bool readCount(const QCommandLineParser &parser, const QString &name, int minimum, int *value,
               CommandLine *result)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    *value = parser.value(name).toInt(&ok);
    if (ok && *value >= minimum)
        return true;
    *result = invalid(QStringLiteral("--%1 takes a whole number from %2 on, not '%3'")
                          .arg(name)
                          .arg(minimum)
                          .arg(parser.value(name)));
    return false;
}

CommandLine parseReplay(const QStringList &arguments)
{
    const qsizetype separator = arguments.indexOf(QStringLiteral("--"));
    const QStringList ours = separator < 0 ? arguments : arguments.mid(0, separator);
    const QStringList program = separator < 0 ? QStringList() : arguments.mid(separator + 1);
    QCommandLineParser parser;
    parser.addOptions(comparisonOptions());
    parser.addOptions(
        {QCommandLineOption(QStringLiteral("as"), QString(), QStringLiteral("role")),
         QCommandLineOption(QStringLiteral("timing"), QString(), QStringLiteral("timing")),
         QCommandLineOption(QStringLiteral("runs"), QString(), QStringLiteral("n")),
         QCommandLineOption(QStringLiteral("timeout"), QString(), QStringLiteral("ms")),
         QCommandLineOption(QStringLiteral("record"), QString(), QStringLiteral("file")),
         QCommandLineOption(QStringLiteral("cwd"), QString(), QStringLiteral("dir")),
         QCommandLineOption(QStringLiteral("update"), QString())});
    if (!parser.parse(ours))
        return invalid(parser.errorText());
    CommandLine result;
    result.action = CommandLine::Action::Replay;
    if (!readComparisonOptions(parser, &result))
        return result;
    ReplayOptions &options = result.replay;
    const QString role = parser.value(QStringLiteral("as"));
    if (role == QLatin1String("server"))
        options.role = ReplayOptions::Role::Server;
    else if (role == QLatin1String("client"))
        options.role = ReplayOptions::Role::Client;
    else
        return invalid(role.isEmpty()
                           ? QStringLiteral("replay needs --as server or --as client")
                           : QStringLiteral("--as takes server or client, not '%1'").arg(role));
    const QString timing = parser.value(QStringLiteral("timing"));
    if (!timing.isEmpty() && timing != QLatin1String("recorded") && timing != QLatin1String("none"))
        return invalid(QStringLiteral("--timing takes recorded or none, not '%1'").arg(timing));
    options.recordedTiming = timing == QLatin1String("recorded");
    if (!readCount(parser, QStringLiteral("runs"), 1, &options.runs, &result)
        || !readCount(parser, QStringLiteral("timeout"), 1, &options.timeoutMs, &result))
        return result;
    options.update = parser.isSet(QStringLiteral("update"));
    options.recordPath = parser.value(QStringLiteral("record"));
    options.workingDirectory = parser.value(QStringLiteral("cwd"));
    QString error;
    options.sessionPath
        = oneSessionFile(parser.positionalArguments(), QStringLiteral("replay"), &error);
    if (!error.isEmpty())
        return invalid(error);
    if (options.role == ReplayOptions::Role::Server) {
        if (separator >= 0)
            return invalid(QStringLiteral("--as server plays the recorded program itself: it "
                                          "takes no program after --"));
        for (const QString &clientOnly : {QStringLiteral("runs"), QStringLiteral("update"),
                                          QStringLiteral("cwd"), QStringLiteral("report")}) {
            if (parser.isSet(clientOnly))
                return invalid(QStringLiteral("--%1 applies to --as client").arg(clientOnly));
        }
        return result;
    }
    if (program.isEmpty() || program.first().isEmpty())
        return invalid(QStringLiteral("--as client needs the program to verify after --"));
    options.program = program.first();
    options.arguments = program.mid(1);
    if (options.update && options.runs > 1)
        return invalid(QStringLiteral("--update records one run: it takes no --runs"));
    return result;
}

CommandLine parseDiff(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions(comparisonOptions());
    if (!parser.parse(arguments))
        return invalid(parser.errorText());
    CommandLine result;
    result.action = CommandLine::Action::Diff;
    if (!readComparisonOptions(parser, &result))
        return result;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 2)
        return invalid(QStringLiteral("diff compares two session files (pipescope diff A B)"));
    result.replay.sessionPath = files.at(0);
    result.replay.otherPath = files.at(1);
    return result;
}

} // namespace

CommandLine parseCommandLine(const QStringList &arguments)
{
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("export"))
        return parseExport(arguments.mid(1));
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("stats"))
        return parseStats(arguments.mid(1));
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("sessions"))
        return parseSessions(arguments.mid(1));
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("replay"))
        return parseReplay(arguments.mid(1));
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("diff"))
        return parseDiff(arguments.mid(1));

    QCommandLineParser parser;
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QString());
    const QCommandLineOption version(QStringLiteral("version"), QString());
    const QCommandLineOption record(QStringLiteral("record"), QString(), QStringLiteral("file"));
    const QCommandLineOption noGui(QStringLiteral("no-gui"), QString());
    const QCommandLineOption cwd(QStringLiteral("cwd"), QString(), QStringLiteral("dir"));
    const QCommandLineOption exitWithChild(QStringLiteral("exit-with-child"), QString());
    const QCommandLineOption name(QStringLiteral("name"), QString(), QStringLiteral("name"));
    const QCommandLineOption window(QStringLiteral("window"), QString());
    const QCommandLineOption monitor(QStringLiteral("monitor"), QString());
    const QCommandLineOption rules(QStringLiteral("rules"), QString(), QStringLiteral("file"));
    const QCommandLineOption breakOn(QStringLiteral("break"), QString(), QStringLiteral("expr"));
    parser.addOptions({help, version, record, noGui, cwd, exitWithChild, name, window, monitor,
                       rules, breakOn, framingOption(), filterOption()});

    // Everything after "--" is the child's command line, never ours.
    const qsizetype separator = arguments.indexOf(QStringLiteral("--"));
    const QStringList ours = separator < 0 ? arguments : arguments.mid(0, separator);
    const QStringList child = separator < 0 ? QStringList() : arguments.mid(separator + 1);
    if (!parser.parse(ours))
        return invalid(parser.errorText());

    CommandLine result;
    if (!readFraming(parser, &result)
        || !readFilter(parser, FilterTarget::Messages, &result, &result.messageFilter)) {
        return result;
    }
    if (parser.isSet(filterOption()) && parser.isSet(noGui)) {
        return invalid(QStringLiteral("--filter chooses what the window's Problems and "
                                      "Statistics count; without a window, run "
                                      "pipescope stats --filter on the session file"));
    }
    if (parser.isSet(help)) {
        result.action = CommandLine::Action::ShowHelp;
        return result;
    }
    if (parser.isSet(version)) {
        result.action = CommandLine::Action::ShowVersion;
        return result;
    }
    const QStringList positional = parser.positionalArguments();
    if (separator >= 0 && !positional.isEmpty())
        return invalid(
            QStringLiteral("unexpected argument '%1' before --").arg(positional.first()));
    if (parser.isSet(monitor) && (separator >= 0 || !positional.isEmpty()))
        return invalid(QStringLiteral("--monitor opens the window of every session: it takes no "
                                      "program or file (a proxy started meanwhile shows there)"));
    if (parser.isSet(window) && parser.isSet(noGui))
        return invalid(QStringLiteral("--window and --no-gui cannot go together"));
    if (separator < 0) {
        if (parser.isSet(record) || parser.isSet(noGui) || parser.isSet(cwd)
            || parser.isSet(exitWithChild) || parser.isSet(name) || parser.isSet(window)
            || parser.isSet(rules) || parser.isSet(breakOn))
            return invalid(
                QStringLiteral("no program given (pipescope [options] -- PROGRAM ARGS...)"));
        result.monitor = parser.isSet(monitor);
        if (positional.size() > 1)
            return invalid(QStringLiteral("'%1': one session file at a time (to run a program, "
                                          "put -- before it)")
                               .arg(positional.join(u' ')));
        if (positional.size() == 1) {
            result.action = CommandLine::Action::OpenFile;
            result.sessionPath = positional.first();
        }
        return result;
    }
    if (child.isEmpty() || child.first().isEmpty())
        return invalid(QStringLiteral("no program given after --"));

    result.action = CommandLine::Action::Proxy;
    result.program = child.first();
    result.arguments = child.mid(1);
    result.recordPath = parser.value(record);
    result.workingDirectory = parser.value(cwd);
    result.sessionName = parser.value(name).trimmed();
    if (parser.isSet(name) && result.sessionName.isEmpty())
        return invalid(QStringLiteral("--name needs a name"));
    result.noGui = parser.isSet(noGui);
    result.exitWithChild = parser.isSet(exitWithChild);
    result.ownWindow = parser.isSet(window);
    if (parser.isSet(rules)) {
        QString error;
        const std::optional<QList<InterceptRule>> read
            = loadInterceptRules(parser.value(rules), &error, &result.rulesJson);
        if (!read)
            return invalid(QStringLiteral("--rules: ") + error);
        result.rules = *read;
    }
    if (parser.isSet(breakOn)) {
        if (result.noGui) {
            return invalid(QStringLiteral("--break holds messages for the window to release; "
                                          "without one, use --rules (docs/rules.md)"));
        }
        std::optional<ParseError> error;
        result.breakOn = Filter::parse(parser.value(breakOn), FilterTarget::Messages, &error);
        if (!result.breakOn)
            return invalid(QStringLiteral("--break: ") + error->text());
    }
    return result;
}

QString helpText()
{
    return QStringLiteral(
        "Usage:\n"
        "  pipescope                                  open the window\n"
        "  pipescope FILE.pcapng                      open a saved session\n"
        "  pipescope [options] -- PROGRAM [ARGS...]   relay and record PROGRAM's stdio\n"
        "  pipescope export [--format jsonl|text|raw] [--stream NAME] [--filter EXPR] FILE\n"
        "                   [-o OUT]\n"
        "  pipescope export --messages [--framing SPEC] [--filter EXPR] FILE [-o OUT]\n"
        "  pipescope stats [--framing SPEC] [--filter EXPR] FILE\n"
        "                                             per-method counts, latencies, problems\n"
        "  pipescope sessions [--json]                the running and recent sessions\n"
        "  pipescope replay --as server [options] FILE\n"
        "                                             play FILE's server to a client on stdio\n"
        "  pipescope replay --as client [options] FILE -- PROGRAM [ARGS...]\n"
        "                                             play FILE's client to PROGRAM and compare\n"
        "  pipescope diff [options] A B               compare two sessions message by message\n"
        "  pipescope --monitor                        one window for every session on the machine\n"
        "\n"
        "pipescope starts PROGRAM, passes its stdin, stdout and stderr through unchanged, and\n"
        "records every byte with timestamps into a pcapng session file. It exits the way PROGRAM\n"
        "exits and forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT to it.\n"
        "\n"
        "Options:\n"
        "  --record FILE   write the session to FILE (default: a new file under\n"
        "                  ~/.cache/pipescope/sessions)\n"
        "  --no-gui        record without a window (also when there is no display)\n"
        "  --name NAME     call the session NAME (default: the program's file name)\n"
        "  --window        a window of its own, even while a monitor runs (which otherwise\n"
        "                  shows the session in a tab, pipescope ending with PROGRAM)\n"
        "  --exit-with-child  end as soon as PROGRAM ends, closing the window\n"
        "  --rules FILE    delay, drop, answer or break messages as FILE says (docs/rules.md)\n"
        "  --break EXPR    hold the messages EXPR matches in the window's Intercept panel from\n"
        "                  the first one on (docs/intercept.md)\n"
        "  --cwd DIR       start PROGRAM in DIR\n"
        "  --framing SPEC  how to cut streams into messages: auto (default), content-length,\n"
        "                  ndjson, lines, msgpack-rpc, idle-gap[=MS] or raw; for stdin and\n"
        "                  stdout, or per stream as in stdout=lines,stdin=ndjson\n"
        "  --filter EXPR   export or count only what EXPR selects, as in\n"
        "                  'method == \"textDocument/completion\" && latency > 200ms'\n"
        "                  (docs/filters.md); export filters records, --messages messages;\n"
        "                  with a window, what its Problems and Statistics count\n"
        "  --version       print the version\n"
        "  -h, --help      print this help\n"
        "\n"
        "Export options:\n"
        "  --format FMT    jsonl (default): one JSON object per record; text: a transcript;\n"
        "                  raw: the bytes of one stream, concatenated\n"
        "  --stream NAME   only stdin, stdout, stderr or events (raw needs one)\n"
        "  -o, --output F  write to F instead of standard output\n"
        "  --messages      one JSON object per message (framed, paired, with problems)\n"
        "\n"
        "Replay and diff options (docs/replay.md); exit 0: as recorded, 1: differences,\n"
        "2: the check could not be made:\n"
        "  --ignore PATH   leave PATH out of matching and comparing, as in\n"
        "                  params.textDocument.version, result.items.*.score or **.time (a\n"
        "                  regular expression for line protocols); repeatable\n"
        "  --profile FILE  per-method comparison rules (ordered, unordered by KEY, subset,\n"
        "                  tolerance) on top of the protocol's defaults\n"
        "  --report FILE   also write the report as JSON\n"
        "  --timing recorded  keep the recorded pauses (default: none, as fast as possible)\n"
        "  --record FILE   the replay's own session (default: a new file, as for a proxy)\n"
        "  --runs N        replay N times; a difference in some runs only is flaky (client)\n"
        "  --timeout MS    wait this long for each answer and for PROGRAM's end (10000)\n"
        "  --update        make this run's session the new FILE (client)\n"
        "  --cwd DIR       start PROGRAM in DIR (client)\n");
}

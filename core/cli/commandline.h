#pragma once

#include "cli/replaycommands.h"
#include "cli/sessionexporter.h"
#include "intercept/interceptrule.h"
#include "messages/framing.h"

#include <QtCore/QString>
#include <QtCore/QStringList>

// What the user asked for on the command line (docs/cli.md).
struct CommandLine
{
    enum class Action {
        OpenWindow,
        OpenFile,
        ShowHelp,
        ShowVersion,
        Proxy,
        Export,
        Stats,
        ListSessions,
        Replay,
        Diff,
        Invalid
    };

    Action action = Action::OpenWindow;
    QString error; // Invalid: one line, without the "pipescope: " prefix

    // Proxy
    QString program;
    QStringList arguments;
    QString recordPath;
    QString workingDirectory;
    QString sessionName; // --name; empty: the program's file name
    bool noGui = false;
    bool exitWithChild = false;
    bool ownWindow = false;        // --window: not a tab in a running monitor
    QList<InterceptRule> rules;    // --rules FILE, read and checked (docs/rules.md)
    QByteArray rulesJson;          // and the file's text, for the window to show
    std::optional<Filter> breakOn; // --break EXPR: the window's first breakpoint

    // OpenWindow
    bool monitor = false; // --monitor: with the Sessions panel

    // OpenFile
    QString sessionPath;

    // Proxy, OpenFile, Export --messages, Stats
    FramingChoice framing;

    // Export
    ExportOptions exportOptions;
    bool exportMessages = false;
    // Export --messages, Stats: the messages the command selects (export's chunk filter is in
    // exportOptions); Proxy, OpenFile, OpenWindow: what the window's panels count
    std::optional<Filter> messageFilter;
    // ListSessions
    bool json = false;

    // Replay, Diff
    ReplayOptions replay;

    // Export, Stats
    QString inputPath;
    QString outputPath; // empty: standard output
};

CommandLine parseCommandLine(const QStringList &arguments);

QString helpText();

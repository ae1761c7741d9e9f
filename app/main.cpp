// pipescope: relay a child's stdio byte for byte, record it, and show it (docs/cli.md).
#include "appicon.h"
#include "capture/capturestore.h"
#include "capture/sessionregistry.h"
#include "cli/commandline.h"
#include "cli/replaycommands.h"
#include "cli/sessioncommands.h"
#include "cli/sessionlistreport.h"
#include "intercept/interception.h"
#include "intercept/trafficinterceptor.h"
#include "mainwindow.h"
#include "messagepanels.h"
#include "platform/fdio.h"
#include "platform/processsignals.h"
#include "relay/childstopper.h"
#include "relay/proxysession.h"
#include "sessionsmonitor.h"
#include "version.h"

#include <QtCore/QDir>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QStandardPaths>
#include <QtWidgets/QApplication>

#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

namespace {

// Diagnostics go to stderr; stdout carries the child's bytes and nothing else.
void printError(const QString &message)
{
    const QByteArray line = "pipescope: " + message.toLocal8Bit() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

void printTo(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
}

bool displayAvailable()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")
           || !qEnvironmentVariableIsEmpty("DISPLAY")
           || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

// The platforms Qt is asked to try, in order, ending with offscreen. A display that is named but
// does not answer (an SSH session that outlived its X forwarding, an editor started from a closed
// desktop session) makes its platform plugin fail; Qt then tries the next one instead of
// aborting, and landing on offscreen means there is no usable display.
QByteArray platformsWithFallback()
{
    QByteArray platforms = qgetenv("QT_QPA_PLATFORM");
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (platforms.isEmpty())
        platforms = qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ? "xcb" : "wayland;xcb";
#endif
    if (platforms.isEmpty() || platforms.split(';').contains("offscreen"))
        return platforms;
    return platforms + ";offscreen";
}

// A QApplication on the first platform that works. Given as -platform, not through the
// environment, which the child inherits. False in `usable` when only the fallback worked.
std::unique_ptr<QApplication> createGuiApplication(int &argc, char **argv, bool *usable)
{
    const QByteArray platforms = platformsWithFallback();
    // QApplication keeps argc and argv, and the strings they point to, for its lifetime.
    static struct
    {
        QByteArray platformOption = "-platform";
        QByteArray platformValue;
        std::vector<char *> argv;
        int argc = 0;
    } kept;
    kept.argv.assign(argv, argv + argc);
    if (!platforms.isEmpty()) {
        kept.platformValue = platforms;
        kept.argv.insert(kept.argv.begin() + 1,
                         {kept.platformOption.data(), kept.platformValue.data()});
    }
    kept.argv.push_back(nullptr);
    kept.argc = int(kept.argv.size()) - 1;
    auto app = std::make_unique<QApplication>(kept.argc, kept.argv.data());
    *usable = QGuiApplication::platformName() != QLatin1String("offscreen")
              || platforms.startsWith("offscreen");
    return app;
}

// While proxying, stderr carries the child's bytes too: Qt's own messages go to a log file.
void logToFile()
{
    static QFile log;
    const QString directory = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
                              + QStringLiteral("/pipescope");
    QDir().mkpath(directory);
    log.setFileName(directory + QStringLiteral("/pipescope.log"));
    if (!log.open(QIODevice::Append | QIODevice::Text))
        return;
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &message) {
        log.write(message.toUtf8() + '\n');
        log.flush();
    });
}

// Prints a command's warning or error; 0 when it worked.
int report(const CommandResult &result)
{
    if (!result.warning.isEmpty())
        printError(result.warning);
    if (!result.ok) {
        printError(result.error);
        return 1;
    }
    return 0;
}

// Runs `write` into standard output, or whole-or-nothing into the file the user named.
int writeOutput(const QString &outputPath, const std::function<CommandResult(QIODevice *)> &write)
{
    if (!outputPath.isEmpty())
        return report(writeFileWhole(outputPath, write));
    QFile output;
    output.open(stdout, QIODevice::WriteOnly);
    CommandResult result = write(&output);
    if (result.ok && !output.flush())
        result = CommandResult::failure(QStringLiteral("cannot write to standard output"));
    return report(result);
}

int runExport(const CommandLine &command)
{
    if (!command.exportMessages) {
        return writeOutput(command.outputPath, [&](QIODevice *output) {
            return exportSession(command.inputPath, command.exportOptions, output);
        });
    }
    CaptureStore store;
    const CommandResult loaded = loadSession(&store, command.inputPath);
    if (report(loaded) != 0)
        return 1;
    return writeOutput(command.outputPath, [&](QIODevice *output) {
        return exportMessages(store, SessionGrowth::Ended, command.framing, output,
                              command.messageFilter);
    });
}

int runStats(const CommandLine &command)
{
    CaptureStore store;
    if (report(loadSession(&store, command.inputPath)) != 0)
        return 1;
    return writeOutput(QString(), [&](QIODevice *output) {
        return writeStats(store, SessionGrowth::Ended, command.framing,
                          QFileInfo(command.inputPath).fileName(), output, command.messageFilter);
    });
}

int runListSessions(const CommandLine &command)
{
    // Enough for any screen; the directory itself holds them all.
    constexpr int recentLimit = 50;
    const QList<ListedSession> sessions = listSessions(recentLimit);
    return writeOutput(QString(), [&](QIODevice *output) {
        return writeSessionList(sessions, command.json, output);
    });
}

// replay and diff: the report goes to stdout, except when pipescope plays the server, whose
// stdout is the client's.
int runReplay(const CommandLine &command)
{
    QFile report;
    const bool asServer = command.action == CommandLine::Action::Replay
                          && command.replay.role == ReplayOptions::Role::Server;
    report.open(asServer ? stderr : stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    if (command.action == CommandLine::Action::Diff)
        return diffSessions(command.replay, &report);
    return asServer ? replayAsServer(command.replay, &report)
                    : replayAsClient(command.replay, &report);
}

[[noreturn]] void exitLikeChild(const ChildExit &exit)
{
    if (exit.kind == SessionEvent::ExitKind::Signal)
        exitBySignal(exit.value);
    exitWithCode(exit.value);
}

// Relays and records; with a window when `withWindow`, or as a tab of the running monitor when
// `inMonitor`. Ends the way the child ended.
[[noreturn]] void runProxy(QCoreApplication &app, const CommandLine &command, bool withWindow,
                           bool inMonitor)
{
    RelayConfig config;
    config.showInMonitor = inMonitor;
    config.program = command.program;
    config.arguments = command.arguments;
    config.workingDirectory = command.workingDirectory;
    config.sessionName = command.sessionName;
    // With a window, breakpoints can be set at any time: the relay frames the traffic from the
    // start. Headless, only rules need it.
    QList<Breakpoint> breakpoints;
    if (command.breakOn)
        breakpoints.append({*command.breakOn, TrafficDirection::Both});
    auto *interception = withWindow ? new Interception(command.framing, breakpoints) : nullptr;
    if (interception) {
        interception->setRules(command.rules, command.rulesJson);
        config.trafficHandler = interception->factory();
    } else if (!command.rules.isEmpty())
        config.trafficHandler = interceptorFactory(command.rules, command.framing);

    std::optional<ChildExit> childExit;
    {
        ProxySession session(config);
        if (interception) {
            interception->setParent(&session);
            interception->attach(&session);
        }
        // In the relay thread (a direct connection): forwarding must be in place before any byte
        // flows.
        QObject::connect(&session, &ProxySession::childStarted,
                         [](qint64 pid) { setSignalForwardingTarget(pid); });
        QObject::connect(&session, &ProxySession::childExited, &app, [&](ChildExit exit) {
            setSignalForwardingTarget(0);
            childExit = exit;
        });
        // Once the child's stdout and stderr reached end of file (a grandchild may hold them
        // after the child exited, and the parent gets what it writes, as from a direct pipe).
        QObject::connect(&session, &ProxySession::finished, &app, [&] {
            if (!session.errorString().isEmpty())
                printError(session.errorString());
            // Headless, or asked to: end with the child. Otherwise the window stays open.
            if (!withWindow || command.exitWithChild)
                app.quit();
        });
        if (!session.start(command.recordPath)) {
            printError(session.errorString());
            std::_Exit(1);
        }
        std::unique_ptr<MainWindow> window;
        if (withWindow) {
            window = std::make_unique<MainWindow>();
            window->setFramingChoice(command.framing);
            window->messagePanels()->setCaptureFilter(command.messageFilter);
            window->showLiveSession(&session);
            window->show();
        }
        app.exec();
        if (!childExit && session.isChildRunning()) {
            // The window was closed while the child runs: ask it to end, then insist.
            ChildStopper stopper(&session);
            QEventLoop wait;
            QObject::connect(&stopper, &ChildStopper::stopped, &wait, &QEventLoop::quit);
            stopper.stop();
            wait.exec();
        }
        // A recording that stopped early was reported by the relay, as the last line of our
        // stderr (it ends with the child's, before this point).
    } // the session ends here: relay thread stopped (a child still running is killed), file closed
    exitLikeChild(childExit.value_or(ChildExit{SessionEvent::ExitKind::Signal, 9}));
}

int runWindow(const CommandLine &command)
{
    MainWindow window;
    window.setFramingChoice(command.framing);
    window.messagePanels()->setCaptureFilter(command.messageFilter);
    if (command.monitor)
        window.monitor()->show();
    window.show();
    if (command.action == CommandLine::Action::OpenFile && !window.openFile(command.sessionPath))
        printError(QStringLiteral("cannot open %1").arg(command.sessionPath));
    return QApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    installSignalForwarding();
    fdio::useBinaryStandardStreams();
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const CommandLine command = parseCommandLine(arguments);
    const bool proxy = command.action == CommandLine::Action::Proxy;
    bool withWindow = (proxy && !command.noGui && displayAvailable())
                      || command.action == CommandLine::Action::OpenWindow
                      || command.action == CommandLine::Action::OpenFile;

    if (!proxy && withWindow && !displayAvailable()) {
        printError(QStringLiteral("no display for the window (a saved session can still be "
                                  "converted: pipescope export FILE)"));
        return 1;
    }
    if (proxy)
        logToFile(); // before the application object, which may already have things to say
    // A monitor runs: the session shows there, and this pipescope records headless. (After
    // logToFile(): Qt may have a word to say on the runtime directory, and stderr is the child's.)
    const bool inMonitor = proxy && withWindow && !command.ownWindow && isMonitorRunning();
    if (inMonitor)
        withWindow = false;
    std::unique_ptr<QCoreApplication> app;
    if (withWindow) {
        bool usable = false;
        app = createGuiApplication(argc, argv, &usable);
        if (!usable && proxy) {
            // Never the reason the traffic broke: record headless, and say why in the log.
            qWarning("pipescope: no usable display (DISPLAY=%s, WAYLAND_DISPLAY=%s): recording "
                     "without the window",
                     qgetenv("DISPLAY").constData(), qgetenv("WAYLAND_DISPLAY").constData());
            withWindow = false;
        } else if (!usable) {
            printError(QStringLiteral("no usable display for the window (a saved session can "
                                      "still be converted: pipescope export FILE)"));
            return 1;
        }
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    if (withWindow) {
        QApplication::setWindowIcon(appIcon(QStringLiteral("pipescope")));
        QGuiApplication::setDesktopFileName(QStringLiteral("pipescope")); // Wayland: the .desktop
    }
    QCoreApplication::setOrganizationName(QStringLiteral("pipescope"));
    QCoreApplication::setApplicationName(QStringLiteral("pipescope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PIPESCOPE_VERSION));
    qRegisterMetaType<ChildExit>();

    switch (command.action) {
    case CommandLine::Action::ShowHelp:
        printTo(stdout, helpText());
        return 0;
    case CommandLine::Action::ShowVersion:
        printTo(stdout, QStringLiteral("pipescope " PIPESCOPE_VERSION "\n"));
        return 0;
    case CommandLine::Action::Invalid:
        printError(command.error + QStringLiteral(" (see pipescope --help)"));
        return 2;
    case CommandLine::Action::Export:
        return runExport(command);
    case CommandLine::Action::Stats:
        return runStats(command);
    case CommandLine::Action::ListSessions:
        return runListSessions(command);
    case CommandLine::Action::Replay:
    case CommandLine::Action::Diff:
        return runReplay(command);
    case CommandLine::Action::Proxy:
        runProxy(*app, command, withWindow, inMonitor);
    case CommandLine::Action::OpenWindow:
    case CommandLine::Action::OpenFile:
        return runWindow(command);
    }
    return 0;
}

// pipescope: relay a child's stdio byte for byte, record it, and show it (docs/cli.md).
#include "capturestore.h"
#include "commandline.h"
#include "mainwindow.h"
#include "platform/processsignals.h"
#include "proxysession.h"
#include "messageexporter.h"
#include "sessionexporter.h"
#include "sessionmessages.h"
#include "statsreport.h"
#include "version.h"

#include <QtCore/QDir>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QSaveFile>
#include <QtCore/QStandardPaths>
#include <QtCore/QTimer>
#include <QtGui/QIcon>
#include <QtWidgets/QApplication>

#include <cstdio>
#include <memory>

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
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
           || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    return true;
#endif
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

// Loads a session for the message layer; prints why not and returns false when it cannot.
bool loadSession(CaptureStore *store, const QString &path)
{
    if (!store->load(path)) {
        printError(store->errorString()); // names the file
        return false;
    }
    if (!store->warning().isEmpty())
        printError(path + QStringLiteral(": ") + store->warning());
    return true;
}

// Writes with `write` to standard output, or whole-or-nothing to the file the user named.
template<typename Write>
bool writeOutput(const QString &outputPath, Write write)
{
    if (outputPath.isEmpty()) {
        QFile output;
        output.open(stdout, QIODevice::WriteOnly);
        return write(&output);
    }
    // Written whole or not at all: a failed export leaves no half file behind.
    QSaveFile output(outputPath);
    if (!output.open(QIODevice::WriteOnly)) {
        printError(QStringLiteral("cannot write %1: %2").arg(outputPath, output.errorString()));
        return false;
    }
    if (!write(&output))
        return false;
    if (!output.commit()) {
        printError(QStringLiteral("cannot write %1: %2").arg(outputPath, output.errorString()));
        return false;
    }
    return true;
}

int runMessageExport(const CommandLine &command)
{
    CaptureStore store;
    if (!loadSession(&store, command.inputPath))
        return 1;
    SessionMessages messages(&store, command.framing);
    messages.decodeAll();
    MessageExporter exporter(&messages);
    const bool ok = writeOutput(command.outputPath, [&](QIODevice *output) {
        if (exporter.write(output))
            return true;
        printError(exporter.errorString());
        return false;
    });
    return ok ? 0 : 1;
}

int runExport(const CommandLine &command)
{
    if (command.exportMessages)
        return runMessageExport(command);
    QFile input(command.inputPath);
    if (!input.open(QIODevice::ReadOnly)) {
        printError(QStringLiteral("cannot open %1: %2").arg(command.inputPath, input.errorString()));
        return 1;
    }
    SessionExporter exporter(command.exportOptions);
    bool failedReading = false;
    const bool ok = writeOutput(command.outputPath, [&](QIODevice *output) {
        if (exporter.run(&input, output))
            return true;
        failedReading = true;
        return false;
    });
    if (failedReading) {
        printError(command.inputPath + QStringLiteral(": ") + exporter.errorString());
        return 1;
    }
    if (!ok)
        return 1;
    if (!exporter.warning().isEmpty())
        printError(command.inputPath + QStringLiteral(": ") + exporter.warning());
    return 0;
}

int runStats(const CommandLine &command)
{
    CaptureStore store;
    if (!loadSession(&store, command.inputPath))
        return 1;
    SessionMessages messages(&store, command.framing);
    messages.decodeAll();
    const QByteArray report = statsReport(messages, QFileInfo(command.inputPath).fileName());
    std::fwrite(report.constData(), 1, size_t(report.size()), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}

// Relays and records; with a window when `withWindow`. Ends the way the child ended.
[[noreturn]] void runProxy(QCoreApplication &app, const CommandLine &command, bool withWindow)
{
    RelayConfig config;
    config.program = command.program;
    config.arguments = command.arguments;
    config.workingDirectory = command.workingDirectory;

    std::optional<ChildExit> childExit;
    {
        ProxySession session(config);
        // In the relay thread (a direct connection): forwarding must be in place before any byte
        // flows.
        QObject::connect(&session, &ProxySession::childStarted,
                         [](qint64 pid) { setSignalForwardingTarget(pid); });
        QObject::connect(&session, &ProxySession::finished, &app, [&](ChildExit exit) {
            setSignalForwardingTarget(0);
            childExit = exit;
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
            window->showLiveSession(&session);
            window->show();
        }
        app.exec();
        if (!childExit && session.childPid() > 0) {
            // The window was closed while the child runs: ask it to end, then insist.
            QEventLoop wait;
            QObject::connect(&session, &ProxySession::finished, &wait, &QEventLoop::quit);
            signalProcess(session.childPid(), ProcessSignal::Terminate);
            QTimer::singleShot(3000, &wait, &QEventLoop::quit);
            if (!childExit)
                wait.exec();
            if (!childExit) {
                // Still there: kill it, and let the relay record how it ended (3 s at most,
                // should a grandchild hold its output open).
                signalProcess(session.childPid(), ProcessSignal::Kill);
                QTimer::singleShot(3000, &wait, &QEventLoop::quit);
                wait.exec();
            }
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
    window.show();
    if (command.action == CommandLine::Action::OpenFile && !window.openFile(command.sessionPath))
        printError(QStringLiteral("cannot open %1").arg(command.sessionPath));
    return QApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    installSignalForwarding();
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const CommandLine command = parseCommandLine(arguments);
    const bool proxy = command.action == CommandLine::Action::Proxy;
    const bool withWindow = (proxy && !command.noGui && displayAvailable())
                            || command.action == CommandLine::Action::OpenWindow
                            || command.action == CommandLine::Action::OpenFile;

    if (!proxy && withWindow && !displayAvailable()) {
        printError(QStringLiteral("no display for the window (a saved session can still be "
                                  "converted: pipescope export FILE)"));
        return 1;
    }
    if (proxy)
        logToFile(); // before the application object, which may already have things to say
    std::unique_ptr<QCoreApplication> app = withWindow
                                                ? std::make_unique<QApplication>(argc, argv)
                                                : std::make_unique<QCoreApplication>(argc, argv);
    if (withWindow) {
        QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/pipescope.svg")));
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
    case CommandLine::Action::Proxy:
        runProxy(*app, command, withWindow);
    case CommandLine::Action::OpenWindow:
    case CommandLine::Action::OpenFile:
        return runWindow(command);
    }
    return 0;
}

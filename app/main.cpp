// pipescope: relay a child's stdio byte for byte and record it (docs/cli.md).
#include "commandline.h"
#include "pcapngreader.h"
#include "platform/processsignals.h"
#include "proxysession.h"
#include "sessionexporter.h"
#include "version.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QSaveFile>

#include <cstdio>

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

int runExport(const CommandLine &command)
{
    QFile input(command.inputPath);
    if (!input.open(QIODevice::ReadOnly)) {
        printError(QStringLiteral("cannot open %1: %2").arg(command.inputPath, input.errorString()));
        return 1;
    }
    SessionExporter exporter(command.exportOptions);
    bool ok = false;
    if (command.outputPath.isEmpty()) {
        QFile output;
        output.open(stdout, QIODevice::WriteOnly);
        ok = exporter.run(&input, &output);
    } else {
        // Written whole or not at all: a failed export leaves no half file behind.
        QSaveFile output(command.outputPath);
        if (!output.open(QIODevice::WriteOnly)) {
            printError(QStringLiteral("cannot write %1: %2")
                           .arg(command.outputPath, output.errorString()));
            return 1;
        }
        ok = exporter.run(&input, &output);
        if (ok && !output.commit()) {
            printError(QStringLiteral("cannot write %1: %2")
                           .arg(command.outputPath, output.errorString()));
            return 1;
        }
    }
    if (!ok) {
        printError(command.inputPath + QStringLiteral(": ") + exporter.errorString());
        return 1;
    }
    if (!exporter.warning().isEmpty())
        printError(command.inputPath + QStringLiteral(": ") + exporter.warning());
    return 0;
}

[[noreturn]] void runProxy(QCoreApplication &app, const CommandLine &command)
{
    RelayConfig config;
    config.program = command.program;
    config.arguments = command.arguments;
    config.workingDirectory = command.workingDirectory;

    ChildExit childExit{SessionEvent::ExitKind::Code, 1};
    {
        ProxySession session(config);
        QObject::connect(&session, &ProxySession::childStarted, setSignalForwardingTarget);
        QObject::connect(&session, &ProxySession::finished, &app, [&](ChildExit exit) {
            setSignalForwardingTarget(0);
            childExit = exit;
            if (!session.errorString().isEmpty())
                printError(session.errorString());
            app.quit();
        });
        if (!session.start(command.recordPath)) {
            printError(session.errorString());
            std::_Exit(1);
        }
        app.exec();
        if (session.store().failed())
            printError(QStringLiteral("recording stopped early: ") + session.store().errorString());
    } // the session ends here: relay thread stopped, session file flushed and closed
    exitLikeChild(childExit);
}

} // namespace

int main(int argc, char *argv[])
{
    installSignalForwarding();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pipescope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PIPESCOPE_VERSION));
    qRegisterMetaType<ChildExit>();

    const CommandLine command = parseCommandLine(QCoreApplication::arguments());
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
    case CommandLine::Action::Proxy:
        runProxy(app, command);
    }
    return 0;
}

#include "relay/stdiorelay.h"

#include "capture/capturestore.h"
#include "platform/childsetup.h"
#include "platform/fdio.h"
#include "relay/programlocator.h"
#include "relay/relaychannel.h"
#include "version.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QProcess>
#include <QtCore/QTimer>

namespace {

// The recorder hands buffered blocks to the file at least this often (the format promises 200 ms).
constexpr int flushIntervalMs = 100;
constexpr int childPipeBytes = 1024 * 1024;

// pipescope's own 0, 1 and 2 are pointed at /dev/null rather than closed, so the numbers stay
// taken; anything else (pipes in tests, the child's pipes) is closed.
void closeEndpoint(int fd)
{
    if (fd <= 2) {
        fdio::detachToDevNull(fd);
        return;
    }
    int copy = fd;
    fdio::closeFd(copy);
}

} // namespace

StdioRelay::StdioRelay(const RelayConfig &config, CaptureStore *store, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_store(store)
{
}

StdioRelay::~StdioRelay()
{
    for (RelayChannel *channel : m_channels) {
        if (channel)
            channel->setHandler(nullptr); // it goes before them
    }
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(1000);
    }
    m_store->flush();
    restoreParentFlags();
}

void StdioRelay::start()
{
    m_flushTimer = new QTimer(this);
    m_flushTimer->setInterval(flushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, [this] { m_store->flush(); });
    m_flushTimer->start();

    startChild();
}

void StdioRelay::startChild()
{
    const QString workingDirectory
        = m_config.workingDirectory.isEmpty() ? QDir::currentPath() : m_config.workingDirectory;
    if (!QFileInfo(workingDirectory).isDir()) {
        // As a shell says it (Windows' own words, "Directory name invalid", say less).
        failToStart(126, QStringLiteral("%1: chdir: No such file or directory (%2)")
                             .arg(m_config.program, workingDirectory));
        return;
    }
    const LocatedProgram located = locateProgram(m_config.program, workingDirectory,
                                                 QString::fromLocal8Bit(qgetenv("PATH")));
    if (located.path.isEmpty()) {
        failToStart(located.failureExitCode, located.error);
        return;
    }
    // Only cmd.exe runs a batch file (an npm shim such as typescript-language-server.cmd).
    QString batchCommand;
    if (located.isBatchFile) {
        QString error;
        batchCommand = batchCommandLine(located.path, m_config.arguments, &error);
        if (batchCommand.isEmpty()) {
            failToStart(126, error);
            return;
        }
    }

    fdio::Pipe toChild, fromChildOut, fromChildErr;
    QString error;
    if (!fdio::createPipe(&toChild, &error) || !fdio::createPipe(&fromChildOut, &error)
        || !fdio::createPipe(&fromChildErr, &error)) {
        for (fdio::Pipe *pipe : {&toChild, &fromChildOut, &fromChildErr}) {
            fdio::closeFd(pipe->readEnd);
            fdio::closeFd(pipe->writeEnd);
        }
        failToStart(127, QStringLiteral("cannot create pipes: ") + error);
        return;
    }

    m_process = new QProcess(this);
    m_process->setProgram(located.path);
    m_process->setArguments(m_config.arguments);
#ifdef Q_OS_WIN
    if (located.isBatchFile) {
        const QString comspec = qEnvironmentVariable("COMSPEC");
        m_process->setProgram(comspec.isEmpty() ? QStringLiteral("cmd.exe") : comspec);
        m_process->setArguments({});
        m_process->setNativeArguments(batchCommand);
    }
#endif
    m_process->setWorkingDirectory(workingDirectory);
    if (!m_config.extraEnvironment.isEmpty()) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &entry : std::as_const(m_config.extraEnvironment)) {
            const qsizetype equals = entry.indexOf(u'=');
            if (equals > 0)
                environment.insert(entry.left(equals), entry.mid(equals + 1));
        }
        m_process->setProcessEnvironment(environment);
    }
    // QProcess opens the null device for the child; ChildSetup then puts our pipes in its place.
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setStandardErrorFile(QProcess::nullDevice());
    ChildSetup childSetup(toChild.readEnd, fromChildOut.writeEnd, fromChildErr.writeEnd);
    childSetup.prepare(m_process);
    connect(m_process, &QProcess::finished, this,
            [this](int exitCode, QProcess::ExitStatus status) {
                onChildExited(exitCode, status == QProcess::CrashExit);
            });

    m_process->start();
    const bool running = m_process->waitForStarted(-1);
    if (running)
        childSetup.started(m_process);
    fdio::closeFd(toChild.readEnd);
    fdio::closeFd(fromChildOut.writeEnd);
    fdio::closeFd(fromChildErr.writeEnd);
    if (!running) {
        fdio::closeFd(toChild.writeEnd);
        fdio::closeFd(fromChildOut.readEnd);
        fdio::closeFd(fromChildErr.readEnd);
        const int code = m_process->error() == QProcess::FailedToStart ? 126 : 127;
        failToStart(code, m_config.program + QStringLiteral(": ") + m_process->errorString());
        return;
    }

    m_pid = m_process->processId();
    SessionEvent startedEvent
        = SessionEvent::started(QStringList{m_config.program} + m_config.arguments,
                                workingDirectory, m_pid, m_clock.startEpochNs() / 1000000);
    startedEvent.pipescopeVersion = QStringLiteral(PIPESCOPE_VERSION);
    startedEvent.sessionName = m_config.sessionName;
    startedEvent.startedByPid = m_config.startedBy.pid;
    startedEvent.startedByName = m_config.startedBy.name;
    recordEvent(startedEvent);

    createChannels(toChild.writeEnd, fromChildOut.readEnd, fromChildErr.readEnd);
    emit started(m_pid);
}

bool StdioRelay::createChannels(int childStdinWrite, int childStdoutRead, int childStderrRead)
{
    // Our ends of the child's pipes never block. The parent's stdout and stderr are made
    // non-blocking too, unless they are a terminal (shared with the user's shell); a write to a
    // terminal does not stall for long. Their flags are restored when the relay ends.
    for (int fd : {childStdinWrite, childStdoutRead, childStderrRead}) {
        fdio::setNonBlocking(fd, true);
        // The pipes are ours: a larger one lets a streaming child write more per wake-up (the
        // relay's high-water mark still bounds what is held).
        fdio::growPipe(fd, childPipeBytes);
    }
    if (m_config.parentStdout >= 0 && !fdio::isTerminal(m_config.parentStdout)) {
        m_savedStdoutFlags = fdio::statusFlags(m_config.parentStdout);
        fdio::setNonBlocking(m_config.parentStdout, true);
    }
    if (m_config.parentStderr >= 0 && !fdio::isTerminal(m_config.parentStderr)) {
        m_savedStderrFlags = fdio::statusFlags(m_config.parentStderr);
        fdio::setNonBlocking(m_config.parentStderr, true);
    }

    const auto handler
        = [this](Stream stream, const char *data, qsizetype size) { onChunk(stream, data, size); };
    // The parent's stdout and stderr get their flags back before they are let go.
    const RelayChannel::Closer closeParentOutput = [this](int fd) {
        restoreParentFlags();
        closeEndpoint(fd);
    };
    // pipescope's own stderr ends with the child's, and a recording that failed is reported on
    // it as its last line (docs/cli.md): later, nobody would see it.
    const RelayChannel::Closer closeParentStderr = [closeParentOutput, store = m_store](int fd) {
        store->flushAndWait(); // a write error surfaces here at the latest
        if (store->failed()) {
            const QByteArray line = "pipescope: recording stopped early: "
                                    + store->errorString().toLocal8Bit() + '\n';
            fdio::writeAllWithin(fd, line.constData(), size_t(line.size()), 1000);
        }
        closeParentOutput(fd);
    };
    const auto makeChannel = [&](Stream stream, int source, int sink) {
        const bool pushed = stream == Stream::Stdin && m_config.input == RelayConfig::Input::Window;
        const RelayChannel::Closer closeSink = stream == Stream::Stdout ? closeParentOutput
                                               : stream == Stream::Stderr
                                                   ? closeParentStderr
                                                   : RelayChannel::Closer(closeEndpoint);
        auto *channel = new RelayChannel(stream, {pushed ? -1 : source, closeEndpoint},
                                         {sink, closeSink}, m_config.highWaterBytes, handler, this,
                                         pushed ? RelayChannel::SourceKind::Pushed
                                                : RelayChannel::SourceKind::Descriptor);
        m_channels[stream] = channel;
        return channel;
    };
    RelayChannel *in = makeChannel(Stream::Stdin, m_config.parentStdin, childStdinWrite);
    RelayChannel *out = makeChannel(Stream::Stdout, childStdoutRead, m_config.parentStdout);
    RelayChannel *err = makeChannel(Stream::Stderr, childStderrRead, m_config.parentStderr);

    const auto recordStdinClosed = [this] {
        if (!m_stdinClosedRecorded)
            recordEvent(SessionEvent::closed(SessionEvent::Kind::StdinClosed));
        m_stdinClosedRecorded = true;
    };
    // The child's stdin closes when the parent closes ours, when the child closes it, or when
    // the child exits: one event in each case.
    connect(in, &RelayChannel::sinkClosed, this, recordStdinClosed);
    connect(out, &RelayChannel::sourceEnded, this,
            [this] { recordEvent(SessionEvent::closed(SessionEvent::Kind::StdoutClosed)); });
    connect(err, &RelayChannel::sourceEnded, this,
            [this] { recordEvent(SessionEvent::closed(SessionEvent::Kind::StderrClosed)); });
    for (RelayChannel *channel : {out, err}) {
        // A channel is done when its source ended and its sink was closed, or when it ends
        // without a sink (a launched session's output is only recorded).
        connect(channel, &RelayChannel::sourceEnded, this, &StdioRelay::finishIfDrained);
        connect(channel, &RelayChannel::sinkClosed, this, &StdioRelay::finishIfDrained);
        connect(channel, &RelayChannel::sinkBroken, this, &StdioRelay::finishIfDrained);
    }
    if (m_config.trafficHandler) {
        m_trafficHandler = m_config.trafficHandler(this, m_config.highWaterBytes);
        in->setHandler(m_trafficHandler.get());
        out->setHandler(m_trafficHandler.get());
    }
    for (RelayChannel *channel : m_channels)
        channel->start();
    return true;
}

void StdioRelay::deliver(Stream stream, const QByteArray &bytes)
{
    if (RelayChannel *channel = m_channels[stream])
        channel->deliver(bytes);
}

void StdioRelay::sendInput(const QByteArray &bytes)
{
    if (RelayChannel *in = m_channels[Stream::Stdin])
        in->push(bytes);
}

void StdioRelay::closeInput()
{
    if (RelayChannel *in = m_channels[Stream::Stdin])
        in->endPush();
}

void StdioRelay::signalChild(ProcessSignal signal)
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        signalProcess(m_pid, signal);
}

void StdioRelay::onChunk(Stream stream, const char *data, qsizetype size)
{
    m_store->append(stream, m_clock.nowNs(), data, size);
}

void StdioRelay::recordEvent(const SessionEvent &event)
{
    const QByteArray payload = event.toPayload();
    m_store->append(Stream::Event, m_clock.nowNs(), payload.constData(), payload.size(),
                    event.summary());
}

void StdioRelay::onChildExited(int exitCode, bool crashed)
{
    m_childExited = true;
    const bool bySignal = crashed && crashCodesAreSignals;
    m_exit = {bySignal ? SessionEvent::ExitKind::Signal : SessionEvent::ExitKind::Code, exitCode};
    // Stamped now, when it was reaped. Its output may go on: a grandchild (a launcher's real
    // server, a background job) can hold stdout and stderr open, and the relay goes on until
    // their end of file, as a direct pipe would.
    recordEvent(SessionEvent::exited(m_exit.kind, m_exit.value));
    // The parent's stdin has nobody to go to any more.
    if (m_trafficHandler)
        m_trafficHandler->receiverEnded(Stream::Stdin);
    if (RelayChannel *in = m_channels[Stream::Stdin])
        in->shutdownSource();
    emit childExited(m_exit);
    finishIfDrained();
}

void StdioRelay::finishIfDrained()
{
    if (m_finished || !m_childExited)
        return;
    for (Stream stream : {Stream::Stdout, Stream::Stderr}) {
        if (!m_channels[stream]->isFinished())
            return;
    }
    m_finished = true;
    m_store->flushAndWait(); // finished() means: all of it is in the file
    restoreParentFlags();
    emit finished(m_exit);
}

void StdioRelay::failToStart(int exitCode, const QString &error)
{
    m_errorString = error;
    recordEvent(
        SessionEvent::startFailed(QStringList{m_config.program} + m_config.arguments, error));
    m_store->flushAndWait();
    m_finished = true;
    m_exit = {SessionEvent::ExitKind::Code, exitCode};
    emit finished(m_exit);
}

void StdioRelay::restoreParentFlags()
{
    // Both at once: stdout and stderr often share one open file description (2>&1).
    if (m_savedStdoutFlags >= 0)
        fdio::restoreStatusFlags(m_config.parentStdout, m_savedStdoutFlags);
    if (m_savedStderrFlags >= 0)
        fdio::restoreStatusFlags(m_config.parentStderr, m_savedStderrFlags);
    m_savedStdoutFlags = m_savedStderrFlags = -1;
}

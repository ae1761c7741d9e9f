#include "cli/replaycommands.h"

#include "capture/capturestore.h"
#include "cli/clientreplay.h"
#include "cli/replayrecording.h"
#include "cli/sessioncommands.h"
#include "messages/sessionmessages.h"
#include "platform/fdio.h"
#include "replay/replayreport.h"
#include "replay/serverreplay.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QThread>

namespace {

void writeText(QIODevice *device, const QString &text)
{
    device->write(text.toUtf8());
}

int unusable(QIODevice *report, const QString &error)
{
    writeText(report, QStringLiteral("pipescope: %1\n").arg(error));
    return ReplayUnusable;
}

// The client's messages as they arrive on standard input, whole, in the recorded framing.
class IncomingMessages final : private FrameSink
{
public:
    explicit IncomingMessages(Framing framing)
        : m_decoder(makeFrameDecoder(framing, this, FramingChoice::defaultIdleGapMs))
    {
    }

    struct Message
    {
        QByteArray bytes;
        qint32 headerLength = 0;
    };

    QList<Message> take(QByteArrayView bytes)
    {
        m_pending += bytes;
        m_decoder->feed(bytes, m_offset, 0);
        m_offset += bytes.size();
        return std::exchange(m_messages, {});
    }
    QList<Message> finish()
    {
        m_decoder->finish();
        return std::exchange(m_messages, {});
    }

private:
    void frame(const Frame &frame, QByteArrayView) override
    {
        m_messages.append({m_pending.mid(frame.begin - m_pendingStart, frame.end - frame.begin),
                           frame.headerLength});
        m_pending.remove(0, frame.end - m_pendingStart);
        m_pendingStart = frame.end;
    }

    std::unique_ptr<FrameDecoder> m_decoder;
    QByteArray m_pending; // stdin from m_pendingStart on, not yet in a message
    qint64 m_pendingStart = 0;
    qint64 m_offset = 0;
    QList<Message> m_messages;
};

class ServerReplayLoop
{
public:
    ServerReplayLoop(ServerReplay *replay, ReplayRecording *recording, bool recordedTiming)
        : m_replay(replay)
        , m_recording(recording)
        , m_recordedTiming(recordedTiming)
    {
    }

    // What did not go as recorded, a line each.
    const QStringList &problems() const { return m_problems; }

    // Plays until the client closes its side (or the client stops reading).
    void run()
    {
        const Conversation &recorded = m_replay->recording();
        if (recorded.protocol == ReplayProtocol::Bytes) {
            m_receivedAt.start(); // the delays count from the start
            send(m_replay->allServerBytes());
            drainInput(nullptr);
            return;
        }
        IncomingMessages incoming(recorded.framing[Stream::Stdin]);
        send(m_replay->start());
        drainInput(&incoming);
        for (const IncomingMessages::Message &message : incoming.finish())
            send(m_replay->receive(message.bytes, message.headerLength));
        recordProblems();
    }

private:
    void drainInput(IncomingMessages *incoming)
    {
        char buffer[65536];
        for (;;) {
            const qint64 got = fdio::readSome(0, buffer, sizeof buffer);
            if (got <= 0)
                break;
            const QByteArrayView bytes(buffer, got);
            m_recording->record(Stream::Stdin, bytes);
            if (!incoming)
                continue;
            for (const IncomingMessages::Message &message : incoming->take(bytes)) {
                m_receivedAt.start();
                send(m_replay->receive(message.bytes, message.headerLength));
                recordProblems();
            }
        }
        m_recording->record(SessionEvent::closed(SessionEvent::Kind::StdinClosed));
    }

    void send(const QList<ServerReplay::Output> &outputs)
    {
        for (const ServerReplay::Output &output : outputs) {
            if (m_recordedTiming && m_receivedAt.isValid()) {
                const qint64 waitNs = output.delayNs - m_receivedAt.nsecsElapsed();
                if (waitNs > 0)
                    QThread::usleep(quint64(waitNs / 1000));
            }
            m_recording->record(Stream::Stdout, output.bytes);
            if (!m_clientGone && !fdio::writeAll(1, output.bytes.constData(), output.bytes.size()))
                m_clientGone = true; // it stopped reading: keep recording what it sends
        }
        if (!m_receivedAt.isValid())
            m_receivedAt.start();
    }

    void recordProblems()
    {
        for (const ServerReplay::Problem &problem : m_replay->takeProblems()) {
            m_recording->record(
                SessionEvent::replay(QString::fromUtf8(problem.method), problem.detail));
            m_problems.append(
                (problem.method.isEmpty() ? QString() : QString::fromUtf8(problem.method) + u": ")
                + problem.detail);
        }
    }

    ServerReplay *m_replay;
    ReplayRecording *m_recording;
    bool m_recordedTiming;
    bool m_clientGone = false;
    QElapsedTimer m_receivedAt; // since the client message being answered came
    QStringList m_problems;
};

// Writes `bytes` into `path`, all or nothing; false with `error` set when it cannot.
bool writeWhole(const QString &path, const QByteArray &bytes, QString *error)
{
    const CommandResult written = writeFileWhole(path, [&](QIODevice *output) {
        if (output->write(bytes) != bytes.size())
            return CommandResult::failure(QStringLiteral("cannot write %1").arg(path));
        return CommandResult();
    });
    *error = written.error;
    return written.ok;
}

} // namespace

QString replaySessionName(const QString &recordedPath)
{
    return QStringLiteral("replay-") + QFileInfo(recordedPath).completeBaseName();
}

QStringList replayCommandLine(const ReplayOptions &options)
{
    QStringList line{QStringLiteral("pipescope"), QStringLiteral("replay"), QStringLiteral("--as"),
                     options.role == ReplayOptions::Role::Server ? QStringLiteral("server")
                                                                 : QStringLiteral("client"),
                     options.sessionPath};
    if (options.role == ReplayOptions::Role::Client)
        line += QStringList{QStringLiteral("--"), options.program} + options.arguments;
    return line;
}

Conversation replayedConversation(const CaptureStore &store, const Conversation &recorded)
{
    FramingChoice choice;
    for (Stream stream : {Stream::Stdin, Stream::Stdout})
        choice.streams[stream] = recorded.framing[stream];
    SessionMessages messages(&store, choice);
    messages.decodeAll();
    Conversation conversation = conversationOf(messages);
    conversation.protocol = recorded.protocol; // an empty run has nothing to tell it by
    return conversation;
}

QList<MessageDifference> checkReplay(ReplayRecording *recording, const Conversation &recorded,
                                     const ComparisonSettings &settings, qsizetype *compared)
{
    recording->finish();
    const QList<MessageDifference> differences = compareConversations(
        comparableConversation(recorded),
        comparableConversation(replayedConversation(recording->store(), recorded)), settings,
        {Stream::Stdout}, compared);
    for (const MessageDifference &difference : differences)
        recording->record(SessionEvent::replay(QString(), difference.summary()));
    recording->finish();
    return differences;
}

bool loadConversation(const QString &path, const FramingChoice &framing, Conversation *conversation,
                      QString *error, QString *warning)
{
    CaptureStore store;
    const CommandResult loaded = loadSession(&store, path);
    if (!loaded.ok) {
        *error = loaded.error;
        return false;
    }
    *warning = loaded.warning;
    SessionMessages messages(&store, framing);
    messages.decodeAll();
    *conversation = conversationOf(messages);
    return true;
}

bool comparisonSettings(const ReplayOptions &options, const Conversation &conversation,
                        ComparisonSettings *settings, QString *error)
{
    *settings = ComparisonSettings::defaults(conversation.protocol);
    for (const QString &pattern : options.ignore) {
        if (!settings->masks.addIgnore(pattern, error)) {
            *error = QStringLiteral("--ignore: ") + *error;
            return false;
        }
    }
    if (options.profilePath.isEmpty())
        return true;
    QFile file(options.profilePath);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("--profile: cannot read %1: %2")
                     .arg(options.profilePath, file.errorString());
        return false;
    }
    if (!settings->profile.extend(file.readAll(), error)) {
        *error = QStringLiteral("--profile: %1: %2").arg(options.profilePath, *error);
        return false;
    }
    return true;
}

namespace {

// Loads the golden session and the comparison settings; false with the error reported.
bool prepare(const ReplayOptions &options, QIODevice *report, Conversation *recorded,
             ComparisonSettings *settings)
{
    QString error;
    QString warning;
    if (!loadConversation(options.sessionPath, options.framing, recorded, &error, &warning)) {
        unusable(report, error);
        return false;
    }
    if (!warning.isEmpty())
        writeText(report, QStringLiteral("pipescope: %1\n").arg(warning));
    if (!comparisonSettings(options, *recorded, settings, &error)) {
        unusable(report, error);
        return false;
    }
    return true;
}

} // namespace

int replayAsServer(const ReplayOptions &options, QIODevice *report)
{
    Conversation recorded;
    ComparisonSettings settings;
    if (!prepare(options, report, &recorded, &settings))
        return ReplayUnusable;
    ReplayRecording recording;
    if (!recording.create(options.recordPath, replaySessionName(options.sessionPath),
                          replayCommandLine(options)))
        return unusable(report, recording.errorString());
    ServerReplay replay(recorded, settings);
    ServerReplayLoop loop(&replay, &recording, options.recordedTiming);
    loop.run();
    recording.record(SessionEvent::closed(SessionEvent::Kind::StdoutClosed));
    recording.record(SessionEvent::exited(
        SessionEvent::ExitKind::Code, loop.problems().isEmpty() ? ReplayPassed : ReplayDiffered));
    const bool saved = recording.finish();
    QString text;
    for (const QString &problem : loop.problems())
        text += QStringLiteral("replay: %1\n").arg(problem);
    const QStringList unplayed = replay.unplayed();
    if (!unplayed.isEmpty()) {
        text += QStringLiteral("replay: %1 recorded client message(s) never came, the first: %2\n")
                    .arg(unplayed.size())
                    .arg(unplayed.first());
    }
    text += QStringLiteral("replay: %1; session %2\n")
                .arg(loop.problems().isEmpty()
                         ? QStringLiteral("every message as recorded")
                         : QStringLiteral("%1 message(s) differed").arg(loop.problems().size()),
                     recording.path());
    writeText(report, text);
    if (!saved)
        return unusable(report, recording.errorString());
    return loop.problems().isEmpty() ? ReplayPassed : ReplayDiffered;
}

int replayAsClient(const ReplayOptions &options, QIODevice *report)
{
    Conversation recorded;
    ComparisonSettings settings;
    if (!prepare(options, report, &recorded, &settings))
        return ReplayUnusable;
    ReplayReport verdict;
    verdict.expectedPath = options.sessionPath;
    ClientReplaySettings clientSettings;
    clientSettings.program = options.program;
    clientSettings.arguments = options.arguments;
    clientSettings.workingDirectory = options.workingDirectory;
    clientSettings.timeoutMs = options.timeoutMs;
    clientSettings.recordedTiming = options.recordedTiming;
    QString lastRun;
    for (int run = 1; run <= options.runs; ++run) {
        QString path = options.recordPath;
        if (!path.isEmpty() && options.runs > 1) {
            const QFileInfo info(path);
            path = info.path() + u'/' + info.completeBaseName() + QStringLiteral("-run%1.").arg(run)
                   + info.suffix();
        }
        ReplayRecording recording;
        if (!recording.create(path, replaySessionName(options.sessionPath),
                              replayCommandLine(options)))
            return unusable(report, recording.errorString());
        ClientReplay replay(recorded, clientSettings, &recording);
        const bool ran = replay.run();
        for (const QString &note : replay.notes())
            writeText(report, QStringLiteral("pipescope: %1\n").arg(note));
        if (!recording.finish())
            return unusable(report, recording.errorString());
        if (!ran)
            return unusable(report, replay.error());
        qsizetype compared = 0;
        const QList<MessageDifference> differences
            = checkReplay(&recording, recorded, settings, &compared);
        verdict.addRun(recording.path(), differences, compared);
        lastRun = recording.path();
    }
    writeText(report, verdict.text());
    QString error;
    if (!options.reportPath.isEmpty() && !writeWhole(options.reportPath, verdict.json(), &error))
        return unusable(report, error);
    if (options.update) {
        // The new golden session replaces the old one whole, or not at all.
        QFile run(lastRun);
        if (!run.open(QIODevice::ReadOnly)
            || !writeWhole(options.sessionPath, run.readAll(), &error))
            return unusable(report, error.isEmpty() ? run.errorString() : error);
        writeText(report, QStringLiteral("updated %1 from %2\n").arg(options.sessionPath, lastRun));
        return ReplayPassed;
    }
    return verdict.passed() ? ReplayPassed : ReplayDiffered;
}

int diffSessions(const ReplayOptions &options, QIODevice *report)
{
    Conversation expected;
    ComparisonSettings settings;
    if (!prepare(options, report, &expected, &settings))
        return ReplayUnusable;
    Conversation actual;
    QString error;
    QString warning;
    if (!loadConversation(options.otherPath, options.framing, &actual, &error, &warning))
        return unusable(report, error);
    if (!warning.isEmpty())
        writeText(report, QStringLiteral("pipescope: %1\n").arg(warning));
    ReplayReport verdict;
    verdict.expectedPath = options.sessionPath;
    qsizetype compared = 0;
    const QList<MessageDifference> differences
        = compareConversations(comparableConversation(expected), comparableConversation(actual),
                               settings, {Stream::Stdin, Stream::Stdout}, &compared);
    verdict.addRun(options.otherPath, differences, compared);
    writeText(report, verdict.text());
    if (!options.reportPath.isEmpty() && !writeWhole(options.reportPath, verdict.json(), &error))
        return unusable(report, error);
    return verdict.passed() ? ReplayPassed : ReplayDiffered;
}

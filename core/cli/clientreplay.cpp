#include "cli/clientreplay.h"

#include "cli/replayrecording.h"
#include "intercept/rpcanswer.h"
#include "messages/messageclassifier.h"
#include "replay/messageids.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QThread>

namespace {

// How long one wait for the program's output lasts before pipescope reads its stderr too.
constexpr int pollMs = 50;

QString expectationKey(const ConversationMessage &message)
{
    const QString method = QString::fromUtf8(message.method);
    switch (message.kind) {
    case MessageKind::Request:
        return QStringLiteral("request ") + method;
    case MessageKind::Notification:
        return QStringLiteral("notification ") + method;
    case MessageKind::Response:
    case MessageKind::ErrorResponse:
        return QString();
    default:
        return QStringLiteral("data");
    }
}

} // namespace

ClientReplay::ClientReplay(const Conversation &recorded, const ClientReplaySettings &settings,
                           ReplayRecording *recording)
    : m_recorded(recorded)
    , m_settings(settings)
    , m_recording(recording)
{
    QHash<QString, int> ordinals;
    for (qsizetype i = 0; i < recorded.messages.size(); ++i) {
        const ConversationMessage &message = recorded.messages.at(i);
        if (message.stream != Stream::Stdout)
            continue;
        Expectation expectation;
        expectation.index = i;
        expectation.key = expectationKey(message);
        // An answer to a request of the client's is awaited by its id (which the replay keeps);
        // anything else by how many of its kind came.
        if (message.isResponse() && message.partner >= 0)
            expectation.answersId = recorded.messages.at(message.partner).id;
        else
            expectation.ordinal = ++ordinals[expectation.key];
        m_expectations.append(expectation);
    }
    const Framing framing = recorded.framing[Stream::Stdout];
    if (recorded.protocol != ReplayProtocol::Bytes)
        m_stdoutFramer = makeFrameDecoder(framing, this, 0);
}

ClientReplay::~ClientReplay()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(m_settings.timeoutMs);
    }
}

bool ClientReplay::run()
{
    m_process.setProgram(m_settings.program);
    m_process.setArguments(m_settings.arguments);
    if (!m_settings.workingDirectory.isEmpty())
        m_process.setWorkingDirectory(m_settings.workingDirectory);
    if (!m_settings.environment.isEmpty()) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &entry : m_settings.environment)
            environment.insert(entry.section(u'=', 0, 0), entry.section(u'=', 1));
        m_process.setProcessEnvironment(environment);
    }
    m_process.start();
    if (!m_process.waitForStarted(m_settings.timeoutMs)) {
        m_error = QStringLiteral("cannot start %1: %2")
                      .arg(m_settings.program, m_process.errorString());
        m_recording->record(SessionEvent::startFailed(
            QStringList{m_settings.program} + m_settings.arguments, m_process.errorString()));
        return false;
    }
    if (m_recorded.protocol == ReplayProtocol::Bytes) {
        playBytes();
        endProgram();
        return true;
    }
    QElapsedTimer sinceLast;
    sinceLast.start();
    qint64 lastNs = 0;
    for (qsizetype i = 0; i < m_recorded.messages.size(); ++i) {
        const ConversationMessage &message = m_recorded.messages.at(i);
        // The client's answers to the server's requests go when the live server asks.
        if (message.stream != Stream::Stdin || message.isResponse())
            continue;
        awaitServerBefore(i);
        if (m_settings.recordedTiming) {
            const qint64 pauseNs = message.timeNs - lastNs - sinceLast.nsecsElapsed();
            if (pauseNs > 0)
                QThread::usleep(quint64(pauseNs / 1000));
        }
        send(message.bytes);
        lastNs = message.timeNs;
        sinceLast.restart();
    }
    awaitServerBefore(m_recorded.messages.size());
    endProgram();
    return true;
}

void ClientReplay::playBytes()
{
    qint64 lastNs = 0;
    for (const ConversationMessage &message : m_recorded.messages) {
        if (message.stream != Stream::Stdin)
            continue;
        if (m_settings.recordedTiming && message.timeNs > lastNs)
            QThread::usleep(quint64((message.timeNs - lastNs) / 1000));
        lastNs = message.timeNs;
        send(message.bytes);
        readOutput();
    }
}

// Closes the program's stdin (as the recorded client's end did) and waits for it to end.
void ClientReplay::endProgram()
{
    m_process.closeWriteChannel();
    m_recording->record(SessionEvent::closed(SessionEvent::Kind::StdinClosed));
    QDeadlineTimer deadline(m_settings.timeoutMs);
    while (m_process.state() != QProcess::NotRunning && !deadline.hasExpired()) {
        m_process.waitForFinished(pollMs);
        readOutput();
    }
    if (m_process.state() != QProcess::NotRunning) {
        m_notes.append(QStringLiteral("%1 did not end within %2 ms of its stdin closing: killed")
                           .arg(m_settings.program)
                           .arg(m_settings.timeoutMs));
        m_process.kill();
        m_process.waitForFinished(m_settings.timeoutMs);
    }
    readOutput();
    if (m_stdoutFramer)
        m_stdoutFramer->finish();
    m_recording->record(SessionEvent::closed(SessionEvent::Kind::StdoutClosed));
    m_recording->record(SessionEvent::closed(SessionEvent::Kind::StderrClosed));
    m_recording->record(
        m_process.exitStatus() == QProcess::NormalExit
            ? SessionEvent::exited(SessionEvent::ExitKind::Code, m_process.exitCode())
            : SessionEvent::exited(SessionEvent::ExitKind::Signal, 9));
}

void ClientReplay::send(const QByteArray &bytes)
{
    m_recording->record(Stream::Stdin, bytes);
    m_process.write(bytes);
    m_process.waitForBytesWritten(m_settings.timeoutMs);
}

void ClientReplay::awaitServerBefore(qsizetype index)
{
    QDeadlineTimer deadline(m_settings.timeoutMs);
    readOutput();
    while (!metUpTo(index)) {
        if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning) {
            // What never came shows in the comparison as missing; play on.
            while (m_expectationsPassed < m_expectations.size()
                   && m_expectations.at(m_expectationsPassed).index < index)
                ++m_expectationsPassed;
            return;
        }
        m_process.waitForReadyRead(pollMs);
        readOutput();
    }
}

void ClientReplay::readOutput()
{
    const QByteArray errors = m_process.readAllStandardError();
    m_recording->record(Stream::Stderr, errors);
    const QByteArray output = m_process.readAllStandardOutput();
    if (output.isEmpty())
        return;
    m_recording->record(Stream::Stdout, output);
    if (!m_stdoutFramer)
        return;
    m_stdoutFramer->feed(output, m_stdoutOffset, m_recording->nowNs());
    m_stdoutOffset += output.size();
}

void ClientReplay::frame(const Frame &frame, QByteArrayView body)
{
    const MessageClassification classification
        = classifyFrame(m_recorded.framing[Stream::Stdout], frame, body);
    ConversationMessage message;
    message.kind = classification.kind;
    message.method = classification.method;
    if (message.kind == MessageKind::Response || message.kind == MessageKind::ErrorResponse) {
        m_answeredIds.insert(classification.id);
        return;
    }
    ++m_liveCounts[expectationKey(message)];
    if (message.kind == MessageKind::Request)
        answerServerRequest(classification.method, classification.id, body);
}

// The n-th live request of a method is answered as the recorded client answered the n-th
// recorded one, under the live id.
void ClientReplay::answerServerRequest(const QByteArray &method, const QByteArray &id,
                                       QByteArrayView body)
{
    const int ordinal = m_liveCounts.value(QStringLiteral("request ") + QString::fromUtf8(method));
    int seen = 0;
    const Framing framing = m_recorded.framing[Stream::Stdin];
    for (const ConversationMessage &message : m_recorded.messages) {
        if (message.stream != Stream::Stdout || !message.isRequest() || message.method != method
            || ++seen != ordinal)
            continue;
        // The recorded client left it unanswered: so does the replay.
        if (message.partner < 0)
            return;
        const ConversationMessage &answer = m_recorded.messages.at(message.partner);
        send(messageWithRequestId(m_recorded.protocol, framing, answer, id));
        return;
    }
    m_notes.append(QStringLiteral("the server sent %1 request #%2, which the recorded server "
                                  "never sent: answered with an error")
                       .arg(QString::fromUtf8(method))
                       .arg(ordinal));
    LiveMessage request;
    request.framing = m_recorded.framing[Stream::Stdout];
    request.bytes = body.toByteArray();
    request.kind = MessageKind::Request;
    request.method = method;
    if (const std::optional<QByteArray> refusal
        = answerWithError(request, -32601, QStringLiteral("pipescope replay: no recorded answer")))
        send(*refusal);
}

bool ClientReplay::metUpTo(qsizetype index)
{
    while (m_expectationsPassed < m_expectations.size()
           && m_expectations.at(m_expectationsPassed).index < index) {
        if (!isMet(m_expectations.at(m_expectationsPassed)))
            return false;
        ++m_expectationsPassed;
    }
    return true;
}

bool ClientReplay::isMet(const Expectation &expectation) const
{
    if (!expectation.answersId.isEmpty())
        return m_answeredIds.contains(expectation.answersId);
    return m_liveCounts.value(expectation.key) >= expectation.ordinal;
}

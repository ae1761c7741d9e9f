#include "messages/messagedecoder.h"

#include "capture/sessionevent.h"
#include "messages/messageclassifier.h"

#include <limits>
#include <utility>
#include <vector>

class MessageDecoder::Sink final : public FrameSink
{
public:
    Sink(MessageDecoder *decoder, Stream stream)
        : m_decoder(decoder)
        , m_stream(stream)
    {
    }
    void frame(const Frame &frame, QByteArrayView body) override
    {
        m_decoder->stageFrame(m_stream, frame, body);
    }

private:
    MessageDecoder *m_decoder;
    Stream m_stream;
};

namespace {

bool isRpcFraming(std::optional<Framing> framing)
{
    return framing == Framing::ContentLength || framing == Framing::JsonLines
           || framing == Framing::MsgpackRpc;
}

// Requests sent on stdin are answered on stdout, and the reverse; stderr takes no part.
std::optional<Stream> peerOf(Stream stream)
{
    if (stream == Stream::Stdin)
        return Stream::Stdout;
    if (stream == Stream::Stdout)
        return Stream::Stdin;
    return std::nullopt;
}

bool parseIntegerId(const QByteArray &text, qint64 *value)
{
    bool ok = false;
    *value = text.toLongLong(&ok);
    return ok;
}

} // namespace

MessageDecoder::MessageDecoder(MessageLog *log, const FramingChoice &choice)
    : m_log(log)
    , m_choice(choice)
{
    for (const Stream stream : byteStreams) {
        m_sinks[stream] = std::make_unique<Sink>(this, stream);
        m_framers[stream] = std::make_unique<StreamFramer>(stream, choice.forStream(stream),
                                                           choice.idleGapMs, m_sinks[stream].get());
    }
}

MessageDecoder::~MessageDecoder() = default;

void MessageDecoder::feed(const ChunkRecord &record, qsizetype recordIndex, QByteArrayView payload)
{
    // Time passes for every stream: what waited past the idle gap (a packet, a prompt) ends now,
    // before what came after it, as it does live (idle()).
    for (const auto &framer : m_framers)
        framer->idle(record.timestampNs);
    if (record.stream == Stream::Event) {
        stageEvent(record, recordIndex, payload);
    } else {
        if (m_streamEnded[record.stream])
            return;
        const qint64 offset = m_streamOffsets[record.stream];
        m_streamOffsets[record.stream] += payload.size();
        m_framers[record.stream]->feed(payload, offset, record.timestampNs);
        shareDetectionHints();
    }
    commitStaged();
}

void MessageDecoder::idle(qint64 nowNs)
{
    for (const auto &framer : m_framers)
        framer->idle(nowNs);
    commitStaged();
}

void MessageDecoder::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    for (const Stream stream : byteStreams)
        endStream(stream);
    commitStaged();
    QList<qsizetype> open;
    for (const RequestTable &requests : m_requests) {
        for (const qsizetype messageIndex : requests.openRows()) {
            if (!m_log->at(messageIndex).cancelled)
                open.append(messageIndex);
        }
    }
    std::sort(open.begin(), open.end()); // problems in message order
    for (const qsizetype messageIndex : std::as_const(open))
        m_log->addProblem(messageIndex, ProblemKind::NeverAnswered);
}

std::optional<Framing> MessageDecoder::framing(Stream stream) const
{
    if (stream == Stream::Event) // lifecycle events are not framed
        return std::nullopt;
    return m_framers[stream]->framing();
}

quint16 MessageDecoder::receivedProblems(Stream receiver, const QByteArray &delivered) const
{
    // The stream it was delivered on, else the other direction, speaks the protocol.
    const std::optional<Framing> framing = m_framers[receiver]->framing()
                                               ? m_framers[receiver]->framing()
                                               : m_framers[*peerOf(receiver)]->framing();
    return framing ? problemsOnReceipt(*framing, delivered) : 0;
}

void MessageDecoder::endStream(Stream stream)
{
    if (m_streamEnded[stream])
        return;
    m_streamEnded[stream] = true;
    m_framers[stream]->finish();
    shareDetectionHints();
}

void MessageDecoder::shareDetectionHints()
{
    StreamFramer &in = *m_framers[Stream::Stdin];
    StreamFramer &out = *m_framers[Stream::Stdout];
    if (in.framing() && out.framing())
        return;
    in.setPeer(out.framing(), out.hasCompleteLine());
    out.setPeer(in.framing(), in.hasCompleteLine());
}

void MessageDecoder::stageEvent(const ChunkRecord &record, qsizetype recordIndex,
                                QByteArrayView payload)
{
    MessageRecord message;
    message.stream = Stream::Event;
    message.kind = MessageKind::Event;
    message.timestampNs = record.timestampNs;
    message.eventRecord = recordIndex;
    const std::optional<SessionEvent> event = SessionEvent::fromPayload(payload.toByteArray());
    // A stream's end is known before its event's message, so that the last messages come first.
    if (event) {
        switch (event->kind) {
        case SessionEvent::Kind::StdinClosed:
            endStream(Stream::Stdin);
            m_stdinClosed = true;
            m_stdinClosedNs = record.timestampNs;
            break;
        case SessionEvent::Kind::StdoutClosed:
            endStream(Stream::Stdout);
            break;
        case SessionEvent::Kind::StderrClosed:
            endStream(Stream::Stderr);
            break;
        case SessionEvent::Kind::Intercepted: {
            const Stream sender
                = event->direction == QLatin1String("to-child") ? Stream::Stdin : Stream::Stdout;
            const bool answered = (event->action == QLatin1String("respond")
                                   || event->action == QLatin1String("error"))
                                  && !event->delivered.isEmpty();
            // What pipescope delivered in the sender's place, checked as its receiver reads it:
            // what a fault rule or an edit broke is a problem of this row.
            const quint16 problems
                = event->delivered.isEmpty()
                      ? 0
                      : receivedProblems(answered ? *peerOf(sender) : sender, event->delivered);
            // A rule answered a request in the receiver's place: it is answered, by this event
            // (docs/rules.md).
            if (answered && !event->messageId.isEmpty()) {
                m_staged.append(StagedRow{message, event->messageId.toUtf8(), QByteArray(),
                                          problems, Framing::Raw, sender});
                return;
            }
            // pipescope's own request: its answer pairs with this event.
            if (event->action == QLatin1String("injected") && !event->messageId.isEmpty()) {
                m_staged.append(StagedRow{message, event->messageId.toUtf8(), QByteArray(),
                                          problems, Framing::Raw, std::nullopt, sender});
                return;
            }
            m_staged.append(StagedRow{message, QByteArray(), QByteArray(), problems, Framing::Raw});
            return;
        }
        case SessionEvent::Kind::Replay:
            m_staged.append(StagedRow{message, QByteArray(), QByteArray(),
                                      quint16(1u << int(ProblemKind::ReplayDiffered)),
                                      Framing::Raw});
            return;
        case SessionEvent::Kind::Started:
        case SessionEvent::Kind::StartFailed:
        case SessionEvent::Kind::Exited:
            break;
        }
    }
    m_staged.append(StagedRow{message, QByteArray(), QByteArray(), 0, Framing::Raw});
}

void MessageDecoder::stageFrame(Stream stream, const Frame &frame, QByteArrayView body)
{
    const Framing framing = m_framers[stream]->framing().value_or(Framing::Raw);
    MessageClassification classification = classifyFrame(framing, frame, body);

    MessageRecord record;
    record.begin = frame.begin;
    record.end = frame.end;
    record.timestampNs = frame.timestampNs;
    record.headerLength = frame.headerLength;
    record.stream = stream;
    record.kind = classification.kind;
    if (!classification.method.isEmpty())
        record.method = m_log->methodIndex(classification.method);
    if (!classification.id.isEmpty()) {
        if (parseIntegerId(classification.id, &record.id)) {
            record.idKind = MessageRecord::IdKind::Number;
        } else {
            record.idKind = MessageRecord::IdKind::String;
            record.id = m_log->addStringId(classification.id);
        }
    }
    m_staged.append(StagedRow{record, std::move(classification.id),
                              std::move(classification.cancelsId), classification.problems,
                              framing});
}

void MessageDecoder::commitStaged()
{
    if (m_staged.isEmpty())
        return;
    // Time order, but a stream's rows keep their stream order even where the capture's clock
    // went back (a foreign or damaged file): they must tile the stream in order. Each message sorts
    // by the latest time of its stream so far.
    PerStreamWithEvents<qint64> streamTime(std::numeric_limits<qint64>::min());
    std::vector<std::pair<qint64, qsizetype>> order;
    order.reserve(size_t(m_staged.size()));
    for (qsizetype i = 0; i < m_staged.size(); ++i) {
        const MessageRecord &record = m_staged.at(i).record;
        qint64 &time = streamTime[record.stream];
        time = std::max(time, record.timestampNs);
        order.emplace_back(time, i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &entry : order)
        commit(m_staged.at(entry.second));
    m_staged.clear();
}

void MessageDecoder::commit(const StagedRow &staged)
{
    const MessageRecord &record = staged.record;
    const qsizetype messageIndex = m_log->append(record);
    for (int problem = 0; problem < problemKindCount; ++problem) {
        if (staged.problems & (1u << problem))
            m_log->addProblem(messageIndex, ProblemKind(problem));
    }
    if (record.kind == MessageKind::Event) {
        if (staged.sendsRequest)
            m_requests[size_t(*staged.sendsRequest)].add(staged.id, messageIndex);
        if (staged.answers) {
            if (const qsizetype request = m_requests[size_t(*staged.answers)].answer(staged.id);
                request >= 0) {
                (*m_log)[messageIndex].partner = qint32(request);
                (*m_log)[request].partner = qint32(messageIndex);
            }
        }
        return;
    }
    const bool framed = isRpcFraming(staged.framing);
    if (record.kind == MessageKind::Unframed && !record.hasProblem(ProblemKind::BadHeader)
        && framed) {
        m_log->addProblem(messageIndex, m_sawMessage[record.stream]
                                            ? ProblemKind::UnframedBytes
                                            : ProblemKind::BeforeFirstFrame);
    }
    if (record.kind != MessageKind::Unframed)
        m_sawMessage[record.stream] = true;
    if (framed && record.stream == Stream::Stdout && m_stdinClosed && !record.isResponse()
        && record.timestampNs >= m_stdinClosedNs) {
        m_log->addProblem(messageIndex, ProblemKind::AfterStdinClosed);
    }
    pair(messageIndex, staged.id, staged.cancelsId);
}

void MessageDecoder::pair(qsizetype messageIndex, const QByteArray &id, const QByteArray &cancelsId)
{
    MessageRecord &record = (*m_log)[messageIndex];
    const std::optional<Stream> peer = peerOf(record.stream);
    if (!peer)
        return;
    if (record.kind == MessageKind::Request && !id.isEmpty()) {
        m_requests[size_t(record.stream)].add(id, messageIndex);
    } else if (record.isResponse()) {
        RequestTable &requests = m_requests[size_t(*peer)];
        if (const qsizetype request = id.isEmpty() ? -1 : requests.answer(id); request >= 0) {
            record.partner = qint32(request);
            (*m_log)[request].partner = qint32(messageIndex);
        } else if (const qsizetype earlier = id.isEmpty() ? -1 : requests.answered(id);
                   earlier >= 0) {
            record.partner = qint32(earlier);
            m_log->addProblem(messageIndex, ProblemKind::DuplicateResponse);
        } else {
            m_log->addProblem(messageIndex, ProblemKind::UnmatchedResponse);
        }
    } else if (!cancelsId.isEmpty()) {
        // A side cancels the requests it sent itself.
        if (const qsizetype request = m_requests[size_t(record.stream)].open(cancelsId);
            request >= 0) {
            record.partner = qint32(request);
            (*m_log)[request].cancelled = true;
        }
    }
}

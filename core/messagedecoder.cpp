#include "messagedecoder.h"

#include "messageclassifier.h"
#include "sessionevent.h"

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
    for (const Stream stream : {Stream::Stdin, Stream::Stdout, Stream::Stderr}) {
        const auto index = size_t(stream);
        m_sinks[index] = std::make_unique<Sink>(this, stream);
        m_framers[index] = std::make_unique<StreamFramer>(stream, choice.forStream(stream),
                                                          choice.idleGapMs, m_sinks[index].get());
    }
}

MessageDecoder::~MessageDecoder() = default;

void MessageDecoder::feed(const ChunkRecord &record, qsizetype recordIndex, QByteArrayView payload)
{
    if (record.stream == Stream::Event) {
        stageEvent(record, recordIndex, payload);
    } else {
        const auto index = size_t(record.stream);
        if (m_streamEnded[index])
            return;
        const qint64 offset = m_streamOffsets[index];
        m_streamOffsets[index] += payload.size();
        m_framers[index]->feed(payload, offset, record.timestampNs);
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
    for (const Stream stream : {Stream::Stdin, Stream::Stdout, Stream::Stderr})
        endStream(stream);
    commitStaged();
    QList<qsizetype> open;
    for (const RequestTable &requests : m_requests) {
        for (const qsizetype row : requests.openRows()) {
            if (!m_log->at(row).cancelled)
                open.append(row);
        }
    }
    std::sort(open.begin(), open.end()); // problems in message order
    for (const qsizetype row : std::as_const(open))
        m_log->addProblem(row, ProblemKind::NeverAnswered);
}

std::optional<Framing> MessageDecoder::framing(Stream stream) const
{
    return m_framers.at(size_t(stream))->framing();
}

void MessageDecoder::endStream(Stream stream)
{
    const auto index = size_t(stream);
    if (m_streamEnded[index])
        return;
    m_streamEnded[index] = true;
    m_framers[index]->finish();
    shareDetectionHints();
}

void MessageDecoder::shareDetectionHints()
{
    StreamFramer &in = *m_framers[size_t(Stream::Stdin)];
    StreamFramer &out = *m_framers[size_t(Stream::Stdout)];
    if (in.framing() && out.framing())
        return;
    in.setPeer(out.framing(), out.hasCompleteLine());
    out.setPeer(in.framing(), in.hasCompleteLine());
}

void MessageDecoder::stageEvent(const ChunkRecord &record, qsizetype recordIndex,
                              QByteArrayView payload)
{
    MessageRecord row;
    row.stream = Stream::Event;
    row.kind = MessageKind::Event;
    row.timestampNs = record.timestampNs;
    row.eventRecord = recordIndex;
    const std::optional<SessionEvent> event = SessionEvent::fromPayload(payload.toByteArray());
    // A stream's end is known before its event's row, so that the last messages come first.
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
        case SessionEvent::Kind::Started:
        case SessionEvent::Kind::StartFailed:
        case SessionEvent::Kind::Exited:
            break;
        }
    }
    m_staged.append(StagedRow{row, QByteArray(), QByteArray(), 0, Framing::Raw});
}

void MessageDecoder::stageFrame(Stream stream, const Frame &frame, QByteArrayView body)
{
    const Framing framing = m_framers[size_t(stream)]->framing().value_or(Framing::Raw);
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
    // went back (a foreign or damaged file): they must tile the stream in order. Each row sorts
    // by the latest time of its stream so far.
    std::array<qint64, streamCount> streamTime;
    streamTime.fill(std::numeric_limits<qint64>::min());
    std::vector<std::pair<qint64, qsizetype>> order;
    order.reserve(size_t(m_staged.size()));
    for (qsizetype i = 0; i < m_staged.size(); ++i) {
        const MessageRecord &record = m_staged.at(i).record;
        qint64 &time = streamTime[size_t(record.stream)];
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
    const qsizetype row = m_log->append(record);
    if (record.kind == MessageKind::Event)
        return;
    const auto index = size_t(record.stream);
    for (int problem = 0; problem < problemKindCount; ++problem) {
        if (staged.problems & (1u << problem))
            m_log->addProblem(row, ProblemKind(problem));
    }
    const bool framed = isRpcFraming(staged.framing);
    if (record.kind == MessageKind::Unframed && !record.hasProblem(ProblemKind::BadHeader)
        && framed) {
        m_log->addProblem(row, m_sawMessage[index] ? ProblemKind::UnframedBytes
                                                   : ProblemKind::BeforeFirstFrame);
    }
    if (record.kind != MessageKind::Unframed)
        m_sawMessage[index] = true;
    if (framed && record.stream == Stream::Stdout && m_stdinClosed && !record.isResponse()
        && record.timestampNs >= m_stdinClosedNs) {
        m_log->addProblem(row, ProblemKind::AfterStdinClosed);
    }
    pair(row, staged.id, staged.cancelsId);
}

void MessageDecoder::pair(qsizetype row, const QByteArray &id, const QByteArray &cancelsId)
{
    MessageRecord &record = (*m_log)[row];
    const std::optional<Stream> peer = peerOf(record.stream);
    if (!peer)
        return;
    if (record.kind == MessageKind::Request && !id.isEmpty()) {
        m_requests[size_t(record.stream)].add(id, row);
    } else if (record.isResponse()) {
        RequestTable &requests = m_requests[size_t(*peer)];
        if (const qsizetype request = id.isEmpty() ? -1 : requests.answer(id); request >= 0) {
            record.partner = qint32(request);
            (*m_log)[request].partner = qint32(row);
        } else if (const qsizetype earlier = id.isEmpty() ? -1 : requests.answered(id);
                   earlier >= 0) {
            record.partner = qint32(earlier);
            m_log->addProblem(row, ProblemKind::DuplicateResponse);
        } else {
            m_log->addProblem(row, ProblemKind::UnmatchedResponse);
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

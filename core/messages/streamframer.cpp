#include "messages/streamframer.h"

StreamFramer::StreamFramer(Stream stream, Framing choice, int idleGapMs, FrameSink *sink)
    : m_stream(stream)
    , m_idleGapMs(idleGapMs)
    , m_sink(sink)
{
    if (choice != Framing::Auto)
        decide(choice);
}

void StreamFramer::feed(QByteArrayView data, qint64 offset, qint64 timestampNs)
{
    decideIfWaiting(timestampNs);
    if (m_decoder) {
        m_decoder->feed(data, offset, timestampNs);
        return;
    }
    m_pending.append(data.data(), data.size());
    m_pendingChunks.append(PendingChunk{offset, timestampNs, data.size()});
    tryToDecide();
}

void StreamFramer::idle(qint64 nowNs)
{
    decideIfWaiting(nowNs);
    if (m_decoder)
        m_decoder->idle(nowNs);
}

void StreamFramer::decideIfWaiting(qint64 nowNs)
{
    if (m_decoder || m_pending.isEmpty() || m_pending.endsWith('\n'))
        return;
    const qint64 waitedNs = nowNs - m_pendingChunks.constLast().timestampNs;
    if (waitedNs <= qint64(m_idleGapMs) * 1000000)
        return;
    FramingEvidence evidence;
    evidence.start = QByteArrayView(m_pending).first(std::min(m_pending.size(), detectionLimit));
    evidence.ended = true;
    evidence.isLogStream = m_stream == Stream::Stderr;
    evidence.peerFraming = m_peerFraming;
    evidence.peerHasLine = m_peerHasLine;
    if (const std::optional<Framing> framing = detectFraming(evidence))
        decide(*framing);
}

void StreamFramer::finish()
{
    m_ended = true;
    if (!m_decoder)
        tryToDecide();
    if (m_decoder)
        m_decoder->finish();
}

void StreamFramer::setPeer(std::optional<Framing> framing, bool hasLine)
{
    if (m_decoder || (framing == m_peerFraming && hasLine == m_peerHasLine))
        return;
    m_peerFraming = framing;
    m_peerHasLine = hasLine;
    tryToDecide();
}

std::optional<Framing> StreamFramer::framing() const
{
    return m_framing;
}

bool StreamFramer::hasCompleteLine() const
{
    return m_framing == Framing::Lines || m_pending.contains('\n');
}

void StreamFramer::tryToDecide()
{
    if (m_pending.isEmpty())
        return;
    FramingEvidence evidence;
    evidence.start = QByteArrayView(m_pending).first(std::min(m_pending.size(), detectionLimit));
    evidence.ended = m_ended;
    evidence.isLogStream = m_stream == Stream::Stderr;
    evidence.peerFraming = m_peerFraming;
    evidence.peerHasLine = m_peerHasLine;
    if (const std::optional<Framing> framing = detectFraming(evidence))
        decide(*framing);
}

void StreamFramer::decide(Framing framing)
{
    m_framing = framing;
    m_decoder = makeFrameDecoder(framing, m_sink, m_idleGapMs);
    qsizetype position = 0;
    for (const PendingChunk &chunk : std::as_const(m_pendingChunks)) {
        m_decoder->feed(QByteArrayView(m_pending).sliced(position, chunk.size), chunk.offset,
                        chunk.timestampNs);
        position += chunk.size;
    }
    m_pending = QByteArray();
    m_pendingChunks.clear();
}

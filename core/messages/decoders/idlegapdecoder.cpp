#include "messages/decoders/idlegapdecoder.h"

IdleGapDecoder::IdleGapDecoder(FrameSink *sink, qint64 gapNs)
    : FrameDecoder(sink)
    , m_gapNs(gapNs)
{
}

void IdleGapDecoder::feed(QByteArrayView data, qint64 offset, qint64 timestampNs)
{
    if (data.isEmpty())
        return;
    if (m_packet.size() > 0 && timestampNs - m_lastTimestampNs > m_gapNs)
        endPacket();
    if (m_packet.size() == 0)
        m_packetBegin = offset;
    m_packet.append(data);
    m_lastTimestampNs = timestampNs;
}

void IdleGapDecoder::idle(qint64 nowNs)
{
    if (m_packet.size() > 0 && nowNs - m_lastTimestampNs > m_gapNs)
        endPacket();
}

void IdleGapDecoder::finish()
{
    if (m_packet.size() > 0)
        endPacket();
}

void IdleGapDecoder::endPacket()
{
    const qint64 end = m_packetBegin + m_packet.size();
    m_sink->frame(Frame{m_packetBegin, end, 0, FrameFlaw::None, m_lastTimestampNs},
                  m_packet.bytes());
    m_packet.clear();
    m_packetBegin = end;
}

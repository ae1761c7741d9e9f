#pragma once

#include "messages/decoders/framedecoder.h"

// Chunks that follow each other within `gapNs` form one packet; a longer pause ends it, as in a
// serial monitor. A live session calls idle() so that the last packet shows once the pause is
// over, without waiting for more bytes; a saved session gives the same packets from timestamps.
class IdleGapDecoder final : public FrameDecoder
{
public:
    IdleGapDecoder(FrameSink *sink, qint64 gapNs);

    void feed(QByteArrayView data, qint64 offset, qint64 timestampNs) override;
    void idle(qint64 nowNs) override;
    void finish() override;

private:
    void endPacket();

    qint64 m_gapNs;
    FrameBuffer m_packet;
    qint64 m_packetBegin = 0;
    qint64 m_lastTimestampNs = 0;
};

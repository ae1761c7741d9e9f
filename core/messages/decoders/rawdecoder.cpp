#include "messages/decoders/rawdecoder.h"

void RawDecoder::feed(QByteArrayView data, qint64 offset, qint64 timestampNs)
{
    if (data.isEmpty())
        return;
    m_sink->frame(Frame{offset, offset + data.size(), 0, FrameFlaw::None, timestampNs}, data);
}

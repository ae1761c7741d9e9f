#include "messages/decoders/framedecoder.h"

#include "messages/decoders/contentlengthdecoder.h"
#include "messages/decoders/idlegapdecoder.h"
#include "messages/decoders/linedecoder.h"
#include "messages/decoders/msgpackdecoder.h"
#include "messages/decoders/rawdecoder.h"

std::unique_ptr<FrameDecoder> makeFrameDecoder(Framing framing, FrameSink *sink, int idleGapMs)
{
    switch (framing) {
    case Framing::ContentLength:
        return std::make_unique<ContentLengthDecoder>(sink);
    case Framing::JsonLines:
        return std::make_unique<LineDecoder>(sink);
    case Framing::Lines: // a prompt is a line of its own once it has waited as long as a packet
        return std::make_unique<LineDecoder>(sink, qint64(idleGapMs) * 1000000);
    case Framing::MsgpackRpc:
        return std::make_unique<MsgpackDecoder>(sink);
    case Framing::IdleGap:
        return std::make_unique<IdleGapDecoder>(sink, qint64(idleGapMs) * 1000000);
    case Framing::Raw:
        return std::make_unique<RawDecoder>(sink);
    case Framing::Auto:
        break;
    }
    Q_UNREACHABLE();
    return nullptr;
}

void FrameBuffer::append(QByteArrayView bytes)
{
    if (m_size + bytes.size() <= FrameDecoder::maxParsedBytes)
        m_bytes.append(bytes.data(), bytes.size());
    else
        m_bytes.clear();
    m_size += bytes.size();
}

void FrameBuffer::clear()
{
    m_bytes.resize(0); // keeps the capacity: most frames are about the same size
    m_size = 0;
}

QByteArrayView FrameBuffer::bytes() const
{
    if (m_size > FrameDecoder::maxParsedBytes)
        return QByteArrayView();
    return QByteArrayView(m_bytes);
}

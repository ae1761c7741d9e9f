#pragma once

#include "codec/msgpackframer.h"
#include "messages/decoders/framedecoder.h"

// msgpack-rpc: a stream of msgpack arrays. A message starts with an array header (fixarray of 3
// or 4, array16, array32); bytes before one are Unframed, and so are the bytes of an object the
// framer rejects, after which the decoder looks for the next array header.
class MsgpackDecoder final : public FrameDecoder
{
public:
    using FrameDecoder::FrameDecoder;

    void feed(QByteArrayView data, qint64 offset, qint64 timestampNs) override;
    void finish() override;

private:
    void flushJunk(qint64 timestampNs);

    MsgpackFramer m_framer;
    bool m_inMessage = false;
    FrameBuffer m_message;
    qint64 m_messageBegin = 0;
    FrameBuffer m_junk;
    qint64 m_junkBegin = 0;
    qint64 m_lastTimestampNs = 0;
};

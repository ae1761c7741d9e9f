#pragma once

#include "messages/decoders/framedecoder.h"

// No framing: each chunk read is one frame.
class RawDecoder final : public FrameDecoder
{
public:
    using FrameDecoder::FrameDecoder;

    void feed(QByteArrayView data, qint64 offset, qint64 timestampNs) override;
    void finish() override {}
};

#pragma once

#include "messages/decoders/framedecoder.h"

// One frame per line, the line ending (LF or CRLF) included: plain text protocols and NDJSON.
// A last line without its newline is a frame flawed MissingNewline when the stream ends.
class LineDecoder final : public FrameDecoder
{
public:
    using FrameDecoder::FrameDecoder;

    void feed(QByteArrayView data, qint64 offset, qint64 timestampNs) override;
    void finish() override;

private:
    FrameBuffer m_partial; // the line begun in an earlier chunk
    qint64 m_lineBegin = 0;
    qint64 m_lastTimestampNs = 0;
};

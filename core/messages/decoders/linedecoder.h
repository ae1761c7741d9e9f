#pragma once

#include "messages/decoders/framedecoder.h"

// One frame per line, the line ending (LF or CRLF) included: plain text protocols and NDJSON.
// A last line without its newline is a frame flawed MissingNewline when the stream ends.
//
// With a prompt gap (text lines, not NDJSON), a line begun and then left without its newline for
// longer than the gap is a frame of its own: a REPL's prompt (Python's ">>> ") waits for the
// user, not for a newline. The same rule holds live (idle()) and when a saved session is decoded
// again (the next chunk's timestamp), so both cut the stream alike.
class LineDecoder final : public FrameDecoder
{
public:
    explicit LineDecoder(FrameSink *sink, qint64 promptGapNs = 0);

    void feed(QByteArrayView data, qint64 offset, qint64 timestampNs) override;
    void idle(qint64 nowNs) override;
    void finish() override;

private:
    void endPartialLine(FrameFlaw flaw);

    qint64 m_promptGapNs;  // 0: a line ends only at its newline or at the end of the stream
    FrameBuffer m_partial; // the line begun in an earlier chunk
    qint64 m_lineBegin = 0;
    qint64 m_lastTimestampNs = 0;
};

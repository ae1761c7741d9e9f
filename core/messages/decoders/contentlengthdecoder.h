#pragma once

#include "messages/decoders/framedecoder.h"

// LSP / DAP base protocol: header lines ("Content-Length: N", optionally "Content-Type: ...", in
// any case and order, CRLF or LF), an empty line, then N bytes of body.
//
// Bytes before a header (a banner, a stray print) become Unframed frames: a header starts with
// "Content-Length:" or "Content-Type:", and the decoder resynchronises at the next one after junk
// or a bad header, even in the middle of a line. A body whose JSON value ends before
// the declared length does is cut there (LengthMismatch) and the rest is framed again.
class ContentLengthDecoder final : public FrameDecoder
{
public:
    using FrameDecoder::FrameDecoder;

    static constexpr qint64 maxContentLength = 1024 * 1024 * 1024;
    static constexpr qsizetype maxHeaderLine = 8192;

    void feed(QByteArrayView data, qint64 offset, qint64 timestampNs) override;
    void finish() override;

private:
    enum class State { SeekHeader, InHeader, InBody };

    void feedHeaderLines(QByteArrayView data, qint64 offset, qint64 timestampNs);
    void headerLine(QByteArrayView line, qint64 lineBegin, qint64 timestampNs);
    qsizetype feedBody(QByteArrayView data, qint64 offset, qint64 timestampNs);
    void endBody(QByteArrayView body, qint64 end, qint64 timestampNs);
    void emitHeaderOnly(qint64 end, FrameFlaw flaw, qint64 timestampNs);
    void addJunk(QByteArrayView bytes, qint64 begin);
    void flushJunk(qint64 timestampNs);

    State m_state = State::SeekHeader;
    QByteArray m_line; // a header-region line begun in an earlier chunk
    qint64 m_lineBegin = 0;
    FrameBuffer m_junk;
    qint64 m_junkBegin = 0;
    qint64 m_frameBegin = 0;
    qint64 m_contentLength = -1;
    bool m_headerBad = false;
    qint64 m_bodyBegin = 0;
    FrameBuffer m_body; // a body begun in an earlier chunk
    qint64 m_lastTimestampNs = 0;
    qint64 m_end = 0; // just past the last byte fed
};

#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>

#include <memory>

#include "messages/framing.h"

// What a decoder says about a run of a stream's bytes.
enum class FrameFlaw : quint8 {
    None,
    Unframed,       // bytes that belong to no message: a banner, a stray print, junk
    BadHeader,      // a Content-Length header block that is malformed, lacks or misstates a length
    LengthMismatch, // the body's JSON ends before the declared Content-Length does
    Truncated,      // the stream ended inside this message
    MissingNewline, // the stream ended inside a line
};

// One message (or one run of unframed bytes) found in a stream. Offsets count the stream's
// bytes from its first byte; the capture itself is never altered.
struct Frame
{
    qint64 begin = 0;
    qint64 end = 0;
    qint32 headerLength = 0; // bytes of header before the body (Content-Length framing)
    FrameFlaw flaw = FrameFlaw::None;
    qint64 timestampNs = 0; // of the chunk that carried the last byte
};

// Receives frames in stream order. `body` holds the frame's bytes after its header while they
// are at most FrameDecoder::maxParsedBytes long (else it is empty): classification needs them,
// views read the store. It is valid only during the call.
class FrameSink
{
public:
    virtual ~FrameSink() = default;
    virtual void frame(const Frame &frame, QByteArrayView body) = 0;
};

// Cuts one stream into frames, incrementally: a message may span many chunks and a chunk may hold
// many messages. Bytes it cannot frame become Unframed frames; no byte is ever dropped, so the
// frames of a stream tile it from 0 to its end.
class FrameDecoder
{
public:
    static constexpr qint64 maxParsedBytes = 64 * 1024 * 1024;

    explicit FrameDecoder(FrameSink *sink)
        : m_sink(sink)
    {
    }
    virtual ~FrameDecoder() = default;

    // The bytes of one chunk, which starts at stream offset `offset`.
    virtual void feed(QByteArrayView data, qint64 offset, qint64 timestampNs) = 0;
    // Time passes with no new bytes (live sessions): lets the idle-gap decoder end a packet.
    virtual void idle(qint64 nowNs) { Q_UNUSED(nowNs) }
    // The stream ended: whatever is left becomes a last (flawed) frame.
    virtual void finish() = 0;

protected:
    FrameSink *m_sink;
};

// A decoder for an explicit framing (not Auto).
std::unique_ptr<FrameDecoder> makeFrameDecoder(Framing framing, FrameSink *sink, int idleGapMs);

// A frame's bytes gathered across chunks, up to FrameDecoder::maxParsedBytes; beyond that it
// only counts them.
class FrameBuffer
{
public:
    void append(QByteArrayView bytes);
    void clear();
    qint64 size() const { return m_size; }
    // The bytes, or an empty view when there were too many to keep.
    QByteArrayView bytes() const;

private:
    QByteArray m_bytes;
    qint64 m_size = 0;
};

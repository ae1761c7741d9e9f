#pragma once

#include "messages/decoders/framedecoder.h"
#include "messages/framingdetector.h"

#include <QtCore/QList>

// Frames one stream with the framing chosen for it, or detects the framing first: until
// detectFraming() decides, the stream's bytes wait here (at most detectionLimit of them, then
// it decides anyway), and then go through the decoder with their original offsets and times.
// Bytes that stop without a newline and then wait longer than the idle gap (a REPL's prompt,
// waiting for the user) are judged as they are, as at the end of the stream: no more evidence
// is coming before someone answers.
class StreamFramer
{
public:
    StreamFramer(Stream stream, Framing choice, int idleGapMs, FrameSink *sink);

    void feed(QByteArrayView data, qint64 offset, qint64 timestampNs);
    void idle(qint64 nowNs);
    void finish();

    // Detection hints from the other direction (stdin for stdout and the reverse).
    void setPeer(std::optional<Framing> framing, bool hasLine);
    std::optional<Framing> framing() const;
    bool hasCompleteLine() const;

private:
    void tryToDecide();
    void decideIfWaiting(qint64 nowNs);
    void decide(Framing framing);

    struct PendingChunk
    {
        qint64 offset;
        qint64 timestampNs;
        qsizetype size;
    };

    Stream m_stream;
    int m_idleGapMs;
    FrameSink *m_sink;
    std::unique_ptr<FrameDecoder> m_decoder;
    std::optional<Framing> m_framing;
    QByteArray m_pending;
    QList<PendingChunk> m_pendingChunks;
    std::optional<Framing> m_peerFraming;
    bool m_peerHasLine = false;
    bool m_ended = false;
};

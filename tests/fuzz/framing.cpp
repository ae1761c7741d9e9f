// Fuzzes every framing decoder, framing detection (StreamFramer with Auto) and the whole message
// pipeline (MessageDecoder: classification, pairing, lifecycle events).
//
// Input: [framing] [stream and peer hints] [idle gap ms] [split count N] [N split bytes]
// [stream assignment] then the stream's bytes. Each split byte gives a chunk length (low 6
// bits, cycled) and the pause before the chunk (high 2 bits; the clock may go back, as in a
// foreign or damaged file).
//
// Invariants: the frames of a stream tile it from its first byte to its last, in order, none
// empty, none past the bytes fed so far, each body the bytes after its header; an explicit
// framing frames the same messages however the stream is split into chunks; the message log's
// rows of each stream tile what the stream carried until it was closed.
#include "fuzzinput.h"

#include "messagelogcheck.h"
#include "messages/decoders/framedecoder.h"
#include "messages/messageclassifier.h"
#include "messages/messagedecoder.h"
#include "messages/messagelog.h"
#include "messages/streamframer.h"

#include <QtCore/QList>

#include <algorithm>

namespace {

constexpr Framing framings[]
    = {Framing::Auto,       Framing::ContentLength, Framing::JsonLines, Framing::Lines,
       Framing::MsgpackRpc, Framing::IdleGap,       Framing::Raw};

// One chunk of the stream: its bytes and when they were read.
struct Chunk
{
    QByteArrayView bytes;
    qint64 offset = 0;
    qint64 timestampNs = 0;
    bool idleAfter = false; // time passes with no bytes after this chunk
};

QList<Chunk> splitIntoChunks(QByteArrayView stream, QByteArrayView splits, int idleGapMs)
{
    qsizetype cycle = 0;
    for (const char split : splits)
        cycle += quint8(split) & 0x3f;
    const qint64 gapNs = qint64(idleGapMs) * 1000000;
    // No pause, the idle gap and just over it, or a clock that went back.
    const qint64 pauses[] = {0, gapNs, gapNs + 1, -1000000000};

    QList<Chunk> chunks;
    qint64 offset = 0;
    qint64 now = 1000000000;
    for (qsizetype i = 0; offset < stream.size(); ++i) {
        const auto split = splits.isEmpty() ? quint8(0) : quint8(splits[i % splits.size()]);
        const qsizetype length = cycle == 0 ? stream.size() : (split & 0x3f);
        now += pauses[split >> 6];
        const QByteArrayView bytes = stream.sliced(offset, qMin(length, stream.size() - offset));
        chunks.append(Chunk{bytes, offset, now, (split >> 6) == 2});
        offset += bytes.size();
    }
    return chunks;
}

// Checks each frame as it comes and keeps it.
class CheckingSink final : public FrameSink
{
public:
    explicit CheckingSink(QByteArrayView stream)
        : m_stream(stream)
    {
    }

    void setFramer(const StreamFramer *framer) { m_framer = framer; }
    void setFed(qint64 fed) { m_fed = fed; }
    qint64 end() const { return m_end; }
    const QList<Frame> &frames() const { return m_frames; }

    void frame(const Frame &frame, QByteArrayView body) override
    {
        FUZZ_CHECK(frame.begin == m_end);
        FUZZ_CHECK(frame.end > frame.begin);
        FUZZ_CHECK(frame.end <= m_fed);
        FUZZ_CHECK(frame.headerLength >= 0 && frame.headerLength <= frame.end - frame.begin);
        FUZZ_CHECK(body
                   == m_stream.sliced(frame.begin + frame.headerLength,
                                      frame.end - frame.begin - frame.headerLength));
        if (m_framer) {
            FUZZ_CHECK(m_framer->framing().has_value());
            classifyFrame(*m_framer->framing(), frame, body);
        }
        m_end = frame.end;
        m_frames.append(frame);
    }

private:
    QByteArrayView m_stream;
    const StreamFramer *m_framer = nullptr;
    qint64 m_fed = 0;
    qint64 m_end = 0;
    QList<Frame> m_frames;
};

// The frames without their times, and each run of Unframed frames as one: decoders hand over
// unframed bytes at the end of each chunk, so how those are split depends on the chunks.
QList<Frame> normalized(const QList<Frame> &frames)
{
    QList<Frame> result;
    for (Frame frame : frames) {
        frame.timestampNs = 0;
        if (frame.flaw == FrameFlaw::Unframed && !result.isEmpty()
            && result.constLast().flaw == FrameFlaw::Unframed) {
            result.last().end = frame.end;
            continue;
        }
        result.append(frame);
    }
    return result;
}

bool sameFrames(const QList<Frame> &a, const QList<Frame> &b)
{
    return std::equal(a.cbegin(), a.cend(), b.cbegin(), b.cend(),
                      [](const Frame &x, const Frame &y) {
                          return x.begin == y.begin && x.end == y.end
                                 && x.headerLength == y.headerLength && x.flaw == y.flaw;
                      });
}

void fuzzStreamFramer(Framing framing, Stream stream, quint8 hints, int idleGapMs,
                      QByteArrayView bytes, const QList<Chunk> &chunks)
{
    CheckingSink sink(bytes);
    StreamFramer framer(stream, framing, idleGapMs, &sink);
    sink.setFramer(&framer);
    if (hints & 0x80) {
        const quint8 peer = (hints >> 2) & 7;
        framer.setPeer(peer == 0 || peer > 6 ? std::nullopt : std::optional(framings[peer]),
                       hints & 0x20);
    }
    for (const Chunk &chunk : chunks) {
        sink.setFed(chunk.offset + chunk.bytes.size());
        framer.feed(chunk.bytes, chunk.offset, chunk.timestampNs);
        if (chunk.idleAfter)
            framer.idle(chunk.timestampNs + qint64(idleGapMs) * 1000000 + 1);
        framer.hasCompleteLine();
    }
    framer.finish();
    // Every byte ends up in a frame once the stream has ended.
    FUZZ_CHECK(sink.end() == bytes.size());
    FUZZ_CHECK(bytes.isEmpty() || framer.framing().has_value());

    // Chunking changes neither where messages are nor their flaws (lines longer than a header
    // line may be told from headers only when they arrive in one piece). Text lines are the
    // exception when time passes between chunks: a line that waits past the idle gap without
    // its newline (a prompt) is a message of its own.
    const qint64 gapNs = qint64(idleGapMs) * 1000000;
    bool timePasses = false;
    for (qsizetype i = 0; i < chunks.size(); ++i) {
        timePasses = timePasses || chunks.at(i).idleAfter
                     || (i > 0 && chunks.at(i).timestampNs - chunks.at(i - 1).timestampNs > gapNs);
    }
    const bool splitIndependent = framing == Framing::ContentLength || framing == Framing::JsonLines
                                  || (framing == Framing::Lines && !timePasses)
                                  || framing == Framing::MsgpackRpc;
    if (splitIndependent && bytes.size() <= 8192) {
        CheckingSink whole(bytes);
        whole.setFed(bytes.size());
        const std::unique_ptr<FrameDecoder> decoder = makeFrameDecoder(framing, &whole, idleGapMs);
        decoder->feed(bytes, 0, 0);
        decoder->finish();
        FUZZ_CHECK(whole.end() == bytes.size());
        FUZZ_CHECK(sameFrames(normalized(whole.frames()), normalized(sink.frames())));
    }
}

// The chunks spread over stdin, stdout, stderr and the event stream (whose chunks are event
// payloads) through MessageDecoder, as a session is decoded.
void fuzzMessageDecoder(Framing framing, int idleGapMs, quint8 assignment,
                        const QList<Chunk> &chunks)
{
    FramingChoice choice;
    choice.streams = PerStream<Framing>(framing);
    choice.idleGapMs = idleGapMs;
    MessageLog log;
    MessageDecoder decoder(&log, choice);

    DecodedBytes decoded;
    for (qsizetype i = 0; i < chunks.size(); ++i) {
        const Chunk &chunk = chunks.at(i);
        ChunkRecord record;
        record.seq = quint64(i);
        record.timestampNs = chunk.timestampNs;
        record.length = qint32(chunk.bytes.size());
        record.stream = Stream((assignment >> (2 * (i % 4))) & 3);
        decoded.add(record.stream, chunk.bytes);
        decoder.feed(record, i, chunk.bytes);
        if (chunk.idleAfter)
            decoder.idle(chunk.timestampNs + qint64(idleGapMs) * 1000000 + 1);
    }
    decoder.finish();
    checkMessageLog(log, chunks.size(), decoded);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput input(data, size);
    const Framing framing = framings[input.byte() % std::size(framings)];
    const quint8 hints = input.byte();
    const Stream stream = Stream(hints % 3);
    const int idleGapMs = input.byte();
    const QByteArrayView splits = input.take(input.byte() % 16);
    const quint8 assignment = input.byte();
    const QByteArrayView bytes = input.rest();

    const QList<Chunk> chunks = splitIntoChunks(bytes, splits, idleGapMs);
    fuzzStreamFramer(framing, stream, hints, idleGapMs, bytes, chunks);
    fuzzMessageDecoder(framing, idleGapMs, assignment, chunks);
    return 0;
}

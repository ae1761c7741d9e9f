#pragma once

#include "capture/annotations.h"
#include "capture/chunksequence.h"
#include "messages/messagedecoder.h"
#include "messages/messagelog.h"

class CaptureStore;

// A session's messages, decoded from its store as far as asked: the message log, and each
// stream's bytes as a sequence, so that a message's bytes (which may span many chunks) can be
// read back. The message model decodes a slice at a time; the command line all at once.
class SessionMessages
{
public:
    SessionMessages(const CaptureStore *store, const FramingChoice &choice);

    // Decodes up to `maxRecords` more of the store's records; returns how many it decoded.
    qsizetype decodeMore(qsizetype maxRecords);
    qsizetype decodedRecords() const { return m_decoded; }
    // Decodes everything and ends the streams: for saved sessions.
    void decodeAll();
    // The capture will not grow: partial messages and open requests are final.
    void finish();
    void idle(qint64 nowNs);

    const MessageLog &log() const { return m_log; }
    const CaptureStore *store() const { return m_store; }
    const FramingChoice &choice() const { return m_choice; }
    std::optional<Framing> framing(Stream stream) const { return m_decoder.framing(stream); }
    const ChunkSequence &streamBytes(Stream stream) const { return m_streams[stream]; }

    // The message's bytes, header included (at most `limit` of them).
    QByteArray bytes(qsizetype messageIndex, qint64 limit = FrameDecoder::maxParsedBytes) const;
    QByteArray header(qsizetype messageIndex) const;
    QByteArray body(qsizetype messageIndex, qint64 limit = FrameDecoder::maxParsedBytes) const;
    // Event messages: the event's payload.
    QByteArray eventPayload(qsizetype messageIndex) const;
    // The store indices of the records that carried the message's bytes.
    QList<qsizetype> recordsOf(qsizetype messageIndex) const;
    // The messages that hold bytes of the store's record `recordIndex` (an event: its own), as far
    // as decoded.
    QList<qsizetype> messagesOfRecord(qsizetype recordIndex) const;
    // Where the message's annotation belongs: the record and byte where it starts (an event: its
    // record).
    AnnotationAnchor anchorOf(qsizetype messageIndex) const;
    // The message an annotation belongs to, as far as decoded; -1 when none starts there.
    qsizetype messageAt(const AnnotationAnchor &anchor) const;
    // The messages of `stream`'s messages that hold at least one byte of [begin, end), in order.
    QList<qsizetype> messagesTouching(Stream stream, qint64 begin, qint64 end) const;

private:
    void indexNewRows();

    const CaptureStore *m_store;
    FramingChoice m_choice;
    MessageLog m_log;
    MessageDecoder m_decoder;
    PerStream<ChunkSequence> m_streams;
    qsizetype m_decoded = 0;
    // Each stream's message rows in stream order (the log interleaves the streams by time).
    PerStream<QList<qsizetype>> m_streamRows;
    qsizetype m_indexedRows = 0;
};

#pragma once

#include "fuzzinput.h"

#include "capture/chunkrecord.h"
#include "capture/sessionevent.h"
#include "messages/messagelog.h"

#include <QtCore/QList>

#include <array>

// Counts the bytes of each stream that MessageDecoder frames: all of them up to the event that
// closes the stream (later bytes are not decoded).
class DecodedBytes
{
public:
    void add(Stream stream, QByteArrayView payload)
    {
        if (stream != Stream::Event) {
            if (!m_ended[stream])
                m_bytes[stream] += payload.size();
            return;
        }
        const std::optional<SessionEvent> event = SessionEvent::fromPayload(payload.toByteArray());
        if (!event)
            return;
        event->summary();
        if (event->kind == SessionEvent::Kind::StdinClosed)
            m_ended[Stream::Stdin] = true;
        else if (event->kind == SessionEvent::Kind::StdoutClosed)
            m_ended[Stream::Stdout] = true;
        else if (event->kind == SessionEvent::Kind::StderrClosed)
            m_ended[Stream::Stderr] = true;
    }

    qint64 bytes(Stream stream) const { return m_bytes[stream]; }

private:
    PerStream<qint64> m_bytes;
    PerStream<bool> m_ended;
};

// The log of a finished decode: every reference points into it, and the rows of each stream, in
// log order, tile the bytes that were decoded, from the first to the last, with no byte lost or
// counted twice (SessionMessages finds a stream's rows by offset).
inline void checkMessageLog(const MessageLog &log, qsizetype recordCount,
                            const DecodedBytes &decoded)
{
    PerStream<QList<MessageRecord>> rows;
    for (qsizetype row = 0; row < log.count(); ++row) {
        const MessageRecord &record = log.at(row);
        FUZZ_CHECK(record.partner >= -1 && record.partner < log.count());
        FUZZ_CHECK(record.method >= -1 && record.method < log.methodCount());
        log.methodName(log.effectiveMethod(row));
        log.idText(record);
        log.latencyNs(row);
        if (record.kind == MessageKind::Event) {
            FUZZ_CHECK(record.stream == Stream::Event);
            FUZZ_CHECK(record.eventRecord >= 0 && record.eventRecord < recordCount);
            continue;
        }
        FUZZ_CHECK(record.stream != Stream::Event);
        rows[record.stream].append(record);
    }
    for (const MessageProblem &problem : log.problems())
        FUZZ_CHECK(problem.messageIndex >= 0 && problem.messageIndex < log.count());

    for (const Stream stream : byteStreams) {
        qint64 end = 0;
        for (const MessageRecord &record : std::as_const(rows[stream])) {
            FUZZ_CHECK(record.begin == end);
            FUZZ_CHECK(record.end > record.begin);
            FUZZ_CHECK(record.headerLength >= 0 && record.headerLength <= record.size());
            end = record.end;
        }
        FUZZ_CHECK(end == decoded.bytes(stream));
    }
}

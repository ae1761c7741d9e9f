#pragma once

#include "capture/chunkrecord.h"
#include "messages/framing.h"
#include "messages/messagelog.h"
#include "messages/requesttable.h"
#include "messages/streamframer.h"

#include <array>
#include <memory>

// Turns a session's records, in order, into the message log: frames each stream (detecting its
// framing unless the user chose one), classifies the frames, pairs requests with responses per
// direction (both sides may send requests), links cancellations to what they cancel, and notes
// the problems. Lifecycle events become rows too, and end their streams.
class MessageDecoder
{
public:
    MessageDecoder(MessageLog *log, const FramingChoice &choice);
    ~MessageDecoder();

    void feed(const ChunkRecord &record, qsizetype recordIndex, QByteArrayView payload);
    // Live sessions: lets idle-gap framing end a packet after a pause.
    void idle(qint64 nowNs);
    // The capture is complete: ends every stream, and requests still open become problems.
    void finish();

    std::optional<Framing> framing(Stream stream) const;

private:
    class Sink;
    friend class Sink;

    // A message waiting for the end of the current call, with what pairing needs to know.
    struct StagedRow
    {
        MessageRecord record;
        QByteArray id;
        QByteArray cancelsId;
        quint16 problems;
        Framing framing;
        // An event of pipescope answering a request itself (a rule): the requests of this
        // stream, one of which (`id`) it answers.
        std::optional<Stream> answers = std::nullopt;
        // An event of pipescope sending a request of its own (`id`) on this stream.
        std::optional<Stream> sendsRequest = std::nullopt;
    };

    void stageFrame(Stream stream, const Frame &frame, QByteArrayView body);
    void stageEvent(const ChunkRecord &record, qsizetype recordIndex, QByteArrayView payload);
    void commitStaged();
    void commit(const StagedRow &staged);
    void endStream(Stream stream);
    // The problems of bytes pipescope delivered on `receiver`'s stream (an intercepted event's).
    quint16 receivedProblems(Stream receiver, const QByteArray &delivered) const;
    void pair(qsizetype messageIndex, const QByteArray &id, const QByteArray &cancelsId);
    void shareDetectionHints();

    MessageLog *m_log;
    FramingChoice m_choice;
    PerStream<std::unique_ptr<Sink>> m_sinks;
    PerStream<std::unique_ptr<StreamFramer>> m_framers;
    PerStream<qint64> m_streamOffsets;
    PerStream<bool> m_streamEnded;
    PerStream<bool> m_sawMessage;
    std::array<RequestTable, 2> m_requests; // sent on stdin, sent on stdout
    // Rows found during one call. Detection may release a stream's first frames only when the
    // other direction decides, so they are put in time order before they join the log.
    QList<StagedRow> m_staged;
    bool m_stdinClosed = false;
    qint64 m_stdinClosedNs = 0;
    bool m_finished = false;
};

#pragma once

#include "capture/stream.h"

#include <QtCore/QMetaType>

enum class MessageKind : quint8 {
    Request,
    Response,
    ErrorResponse,
    Notification, // also DAP events
    Data,         // a frame that is not RPC: a text line, a packet, a chunk, JSON of another shape
    Unframed,     // bytes on a framed stream that belong to no message
    Event,        // a lifecycle event of the session (started, stdin closed, exited...)
};

// What is wrong with a message, as bits of MessageRecord::problems. docs/messages.md describes
// each one.
enum class ProblemKind : quint8 {
    UnframedBytes,       // bytes between messages that belong to none
    BeforeFirstFrame,    // output before the stream's first message (a banner)
    BadHeader,           // a malformed Content-Length header block
    LengthMismatch,      // Content-Length does not match the body
    InvalidJson,         // the body is not valid JSON
    MissingFinalNewline, // NDJSON: the stream ended inside a line
    Truncated,           // the stream ended inside the message
    UnmatchedResponse,   // a response whose id matches no request
    DuplicateResponse,   // a request answered twice: this is the second answer
    NeverAnswered,       // a request without a response when the session ended
    AfterStdinClosed,    // output after the child's stdin was closed
    ReplayDiffered,      // a replay's event: a message that differs from the recording
};
constexpr int problemKindCount = 12;

// One entry of the message log: a framed message, a run of unframed bytes or a lifecycle
// event.
// Its bytes are [begin, end) of its stream; the capture is never altered.
struct MessageRecord
{
    enum class IdKind : quint8 { None, Number, String };

    qint64 begin = 0;
    qint64 end = 0;
    qint64 timestampNs = 0;  // when its last byte was read
    qint64 id = 0;           // IdKind::Number: the id; String: index into MessageLog::stringId()
    qint64 eventRecord = -1; // Event rows: the store index of the event's record
    qint32 headerLength = 0; // bytes before the body
    qint32 method = -1;      // index into MessageLog::methodName(); -1 when none
    qint32 partner = -1;     // request <-> its response; a cancellation -> the request it cancels
    quint16 problems = 0;    // bits: 1 << ProblemKind
    Stream stream = Stream::Stdout;
    MessageKind kind = MessageKind::Data;
    IdKind idKind = IdKind::None;
    bool cancelled = false; // a request that a later notification cancelled

    bool hasProblem(ProblemKind problem) const { return problems & (1u << int(problem)); }
    void addProblem(ProblemKind problem) { problems |= quint16(1u << int(problem)); }
    bool isResponse() const
    {
        return kind == MessageKind::Response || kind == MessageKind::ErrorResponse;
    }
    qint64 size() const { return end - begin; }
};

Q_DECLARE_TYPEINFO(MessageRecord, Q_PRIMITIVE_TYPE);

// "unframed bytes", "invalid JSON", ...: for lists and the command line.
const char *problemName(ProblemKind problem);
// "request", "response", "error response", "notification", "data", "unframed", "event".
const char *messageKindName(MessageKind kind);

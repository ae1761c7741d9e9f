#pragma once

#include "capture/annotations.h"
#include "capture/chunkrecord.h"
#include "filter/filter.h"
#include "filter/filterfields.h"
#include "filter/filtervalue.h"
#include "messages/framing.h"
#include "messages/messagerecord.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonValue>

#include <functional>

class CaptureStore;
class SessionMessages;

// What a filter looks at: one row at a time, asked for the values of a field.
class FilterSubject
{
public:
    virtual ~FilterSubject() = default;
    // Appends the values of `field` (`path` for Body) to `values`; none when the row has none.
    virtual void values(FilterField field, const QList<FilterPathStep> &path, FilterValues *values)
        = 0;
};

// A decoded message of a session; `time` counts from the session's first record (taken when
// there is one: a live session may start empty), `time.rel` from the latest time reference
// before it. Marks, comments and time references are the store's when the subject is made.
class MessageSubject final : public FilterSubject
{
public:
    explicit MessageSubject(const SessionMessages &messages);

    void setMessage(qsizetype messageIndex);
    // The session's annotations and time references changed.
    void setAnnotations(const Annotations &annotations, const QList<qint64> &timeReferences);
    void values(FilterField field, const QList<FilterPathStep> &path,
                FilterValues *values) override;

private:
    void addBodyValues(const QList<FilterPathStep> &path, FilterValues *values);

    const SessionMessages &m_messages;
    qint64 m_startNs = -1; // -1 until the store has a record
    Annotations m_annotations;
    QList<qint64> m_timeReferences;
    qsizetype m_messageIndex = -1;
    // The current message's body: JSON text, or the tree of a msgpack-rpc one.
    bool m_bodyRead = false;
    bool m_bodyIsJson = false;
    QByteArray m_bodyText;
    QJsonValue m_bodyTree;
};

// A record of a session: a chunk read from a stream, or a lifecycle event. Its payload is read
// only when a filter asks for `data`.
class ChunkSubject final : public FilterSubject
{
public:
    using PayloadReader = std::function<QByteArray(const ChunkRecord &)>;

    ChunkSubject(qint64 startNs, PayloadReader readPayload);
    // A store's records, timed from its first, with its annotations as they are now.
    explicit ChunkSubject(const CaptureStore &store);

    void setRecord(const ChunkRecord &record);
    // Marks and comments of records (at their offset 0), and the time references.
    void setAnnotations(const Annotations &annotations, const QList<qint64> &timeReferences);
    void values(FilterField field, const QList<FilterPathStep> &path,
                FilterValues *values) override;

private:
    PayloadReader m_readPayload;
    const CaptureStore *m_store = nullptr; // the start is its first record, once it has one
    qint64 m_startNs = -1;
    Annotations m_annotations;
    QList<qint64> m_timeReferences;
    ChunkRecord m_record;
};

// One message on its way through the relay (core/intercept/), before any session holds it: what
// it has on its own, and, for a response, its request's method and latency.
struct LiveMessage
{
    Stream stream = Stream::Stdin;
    Framing framing = Framing::Lines;
    qint64 timeNs = 0;       // since the session started
    QByteArray bytes;        // all of it, header included
    qint32 headerLength = 0; // bytes before the body
    MessageKind kind = MessageKind::Data;
    QByteArray method;     // a response's is its request's
    QByteArray id;         // as MessageClassification has it
    qint64 latencyNs = -1; // a response: since its request passed
    quint16 problems = 0;  // bits of ProblemKind

    QByteArrayView body() const { return QByteArrayView(bytes).sliced(headerLength); }
};

// A LiveMessage, for breakpoints and rules. `marked` and `comment` are never true of one.
class LiveMessageSubject final : public FilterSubject
{
public:
    explicit LiveMessageSubject(const LiveMessage &message);
    void values(FilterField field, const QList<FilterPathStep> &path,
                FilterValues *values) override;

private:
    const LiveMessage &m_message;
    bool m_treeRead = false;
    QJsonValue m_msgpackTree; // a msgpack-rpc body, as JSON-RPC would name its parts
};

// A filter over a session's messages or a store's records, by index: for models and commands
// that select with a predicate. Each predicate has its own subject: use it from one thread.
std::function<bool(qsizetype)> messagePredicate(const Filter &filter,
                                                const SessionMessages &messages);
std::function<bool(qsizetype)> chunkPredicate(const Filter &filter, const CaptureStore &store);

// The body of a message as a JSON tree: JSON bodies parsed, msgpack-rpc arrays as the object
// JSON-RPC would have ({"type","msgid","method","params"} for a request, {"type","msgid",
// "error","result"} for a response, {"type","method","params"} for a notification), other
// bodies Undefined.
QJsonValue messageBodyTree(const SessionMessages &messages, qsizetype messageIndex);
// A msgpack-rpc message's array under those names (anything else comes back as it is).
QJsonValue namedMsgpackRpc(const QJsonArray &array);

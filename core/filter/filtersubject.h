#pragma once

#include "filter/filterfields.h"
#include "filter/filtervalue.h"

#include <QtCore/QJsonValue>

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

// A decoded message of a session; `time.rel` counts from `referenceNs` (the session's first
// record until a time reference is set).
class MessageSubject final : public FilterSubject
{
public:
    explicit MessageSubject(const SessionMessages &messages);

    void setMessage(qsizetype messageIndex);
    void setTimeReference(qint64 referenceNs) { m_referenceNs = referenceNs; }
    void values(FilterField field, const QList<FilterPathStep> &path,
                FilterValues *values) override;

private:
    const QJsonValue &body();

    const SessionMessages &m_messages;
    qint64 m_startNs = 0;
    qint64 m_referenceNs = 0;
    qsizetype m_messageIndex = -1;
    bool m_bodyParsed = false;
    QJsonValue m_body;
};

// A record of a session's store: a chunk read from a stream, or a lifecycle event.
class ChunkSubject final : public FilterSubject
{
public:
    explicit ChunkSubject(const CaptureStore &store);

    void setRecord(qsizetype recordIndex) { m_recordIndex = recordIndex; }
    void setTimeReference(qint64 referenceNs) { m_referenceNs = referenceNs; }
    void values(FilterField field, const QList<FilterPathStep> &path,
                FilterValues *values) override;

private:
    const CaptureStore &m_store;
    qint64 m_startNs = 0;
    qint64 m_referenceNs = 0;
    qsizetype m_recordIndex = -1;
};

// The body of a message as a JSON tree: JSON bodies parsed, msgpack-rpc arrays as the object
// JSON-RPC would have ({"type","msgid","method","params"} for a request, {"type","msgid",
// "error","result"} for a response, {"type","method","params"} for a notification), other
// bodies Undefined.
QJsonValue messageBodyTree(const SessionMessages &messages, qsizetype messageIndex);

#pragma once

#include "messages/messagerecord.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QList>

// A problem found in the traffic, at a message of the log.
struct MessageProblem
{
    qsizetype messageIndex;
    ProblemKind kind;
};

// The messages of a session in the order their last bytes arrived, with what they refer to:
// method names (each stored once), string ids, and the problems found. Filled by
// MessageDecoder; read by the message model, the exporter and the statistics.
class MessageLog
{
public:
    qsizetype count() const { return m_records.size(); }
    const MessageRecord &at(qsizetype messageIndex) const { return m_records.at(messageIndex); }
    MessageRecord &operator[](qsizetype messageIndex) { return m_records[messageIndex]; }
    qsizetype append(const MessageRecord &record);
    void reserve(qsizetype rows) { m_records.reserve(rows); }

    qint32 methodIndex(const QByteArray &name);
    QByteArray methodName(qint32 index) const;
    qint32 methodCount() const { return qint32(m_methods.size()); }
    // The method a message is about: its own, or for a response its request's.
    qint32 effectiveMethod(qsizetype messageIndex) const;

    qint64 addStringId(const QByteArray &jsonText);
    // "7", "\"a1\"": the id as it was written; empty when the message has none.
    QByteArray idText(const MessageRecord &record) const;

    // Response rows: time from the request's last byte to the response's last byte, 0 when the
    // timestamps run backwards, saturated past 64 bits; -1 for other rows.
    qint64 latencyNs(qsizetype messageIndex) const;

    void addProblem(qsizetype messageIndex, ProblemKind kind);
    const QList<MessageProblem> &problems() const { return m_problems; }

private:
    QList<MessageRecord> m_records;
    QList<QByteArray> m_methods;
    QHash<QByteArray, qint32> m_methodIndex;
    QList<QByteArray> m_stringIds;
    QList<MessageProblem> m_problems;
};

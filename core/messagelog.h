#pragma once

#include "messagerecord.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QList>

// A problem found in the traffic, at a row of the message log.
struct MessageProblem
{
    qsizetype row;
    ProblemKind kind;
};

// The messages of a session in the order their last bytes arrived, with what they refer to:
// method names (each stored once), string ids, and the problems found. Filled by
// MessageDecoder; read by the message model, the exporter and the statistics.
class MessageLog
{
public:
    qsizetype count() const { return m_records.size(); }
    const MessageRecord &at(qsizetype row) const { return m_records.at(row); }
    MessageRecord &operator[](qsizetype row) { return m_records[row]; }
    qsizetype append(const MessageRecord &record);
    void reserve(qsizetype rows) { m_records.reserve(rows); }

    qint32 methodIndex(const QByteArray &name);
    QByteArray methodName(qint32 index) const;
    qint32 methodCount() const { return qint32(m_methods.size()); }
    // The method a row is about: its own, or for a response its request's.
    qint32 effectiveMethod(qsizetype row) const;

    qint64 addStringId(const QByteArray &jsonText);
    // "7", "\"a1\"": the id as it was written; empty when the row has none.
    QByteArray idText(const MessageRecord &record) const;

    // Response rows: time from the request's last byte to the response's last byte, 0 when the
    // timestamps run backwards, saturated past 64 bits; -1 for other rows.
    qint64 latencyNs(qsizetype row) const;

    void addProblem(qsizetype row, ProblemKind kind);
    const QList<MessageProblem> &problems() const { return m_problems; }

private:
    QList<MessageRecord> m_records;
    QList<QByteArray> m_methods;
    QHash<QByteArray, qint32> m_methodIndex;
    QList<QByteArray> m_stringIds;
    QList<MessageProblem> m_problems;
};

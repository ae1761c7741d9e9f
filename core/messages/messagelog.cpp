#include "messages/messagelog.h"

#include <limits>

qsizetype MessageLog::append(const MessageRecord &record)
{
    m_records.append(record);
    return m_records.size() - 1;
}

qint32 MessageLog::methodIndex(const QByteArray &name)
{
    const auto found = m_methodIndex.constFind(name);
    if (found != m_methodIndex.cend())
        return *found;
    const auto index = qint32(m_methods.size());
    m_methods.append(name);
    m_methodIndex.insert(name, index);
    return index;
}

QByteArray MessageLog::methodName(qint32 index) const
{
    return index >= 0 ? m_methods.at(index) : QByteArray();
}

qint32 MessageLog::effectiveMethod(qsizetype messageIndex) const
{
    const MessageRecord &record = m_records.at(messageIndex);
    if (record.method < 0 && record.isResponse() && record.partner >= 0)
        return m_records.at(record.partner).method;
    return record.method;
}

qint64 MessageLog::addStringId(const QByteArray &jsonText)
{
    m_stringIds.append(jsonText);
    return m_stringIds.size() - 1;
}

QByteArray MessageLog::idText(const MessageRecord &record) const
{
    switch (record.idKind) {
    case MessageRecord::IdKind::None:
        return QByteArray();
    case MessageRecord::IdKind::Number:
        return QByteArray::number(record.id);
    case MessageRecord::IdKind::String:
        return m_stringIds.at(record.id);
    }
    return QByteArray();
}

qint64 MessageLog::latencyNs(qsizetype messageIndex) const
{
    const MessageRecord &record = m_records.at(messageIndex);
    if (!record.isResponse() || record.partner < 0)
        return -1;
    // Timestamps come from files too, where a clock may have stepped back or a value be
    // anything at all: a response never comes out earlier than its request, and a difference
    // too large for 64 bits saturates.
    const qint64 requestNs = m_records.at(record.partner).timestampNs;
    if (record.timestampNs <= requestNs)
        return 0;
    const qint64 largest = std::numeric_limits<qint64>::max();
    if (requestNs < 0 && record.timestampNs > largest + requestNs)
        return largest;
    return record.timestampNs - requestNs;
}

void MessageLog::addProblem(qsizetype messageIndex, ProblemKind kind)
{
    MessageRecord &record = m_records[messageIndex];
    if (record.hasProblem(kind))
        return;
    record.addProblem(kind);
    m_problems.append(MessageProblem{messageIndex, kind});
}

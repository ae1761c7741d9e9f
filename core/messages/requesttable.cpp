#include "messages/requesttable.h"

namespace {

bool parseNumber(const QByteArray &id, qint64 *number)
{
    bool ok = false;
    *number = id.toLongLong(&ok);
    return ok;
}

} // namespace

void RequestTable::Index::insert(const QByteArray &id, qsizetype messageIndex)
{
    qint64 number = 0;
    if (parseNumber(id, &number))
        byNumber.insert(number, messageIndex);
    else
        byString.insert(id, messageIndex);
}

qsizetype RequestTable::Index::find(const QByteArray &id) const
{
    qint64 number = 0;
    if (parseNumber(id, &number))
        return byNumber.value(number, -1);
    return byString.value(id, -1);
}

qsizetype RequestTable::Index::take(const QByteArray &id)
{
    qint64 number = 0;
    if (parseNumber(id, &number)) {
        const auto found = byNumber.constFind(number);
        if (found == byNumber.cend())
            return -1;
        const qsizetype messageIndex = *found;
        byNumber.erase(found);
        return messageIndex;
    }
    const auto found = byString.constFind(id);
    if (found == byString.cend())
        return -1;
    const qsizetype messageIndex = *found;
    byString.erase(found);
    return messageIndex;
}

void RequestTable::add(const QByteArray &id, qsizetype messageIndex)
{
    m_open.insert(id, messageIndex);
}

qsizetype RequestTable::answer(const QByteArray &id)
{
    const qsizetype messageIndex = m_open.take(id);
    if (messageIndex < 0)
        return -1;
    if (m_answered.size() >= answeredMemory)
        m_answered = Index(); // forgetting old answers keeps memory flat
    m_answered.insert(id, messageIndex);
    return messageIndex;
}

qsizetype RequestTable::answered(const QByteArray &id) const
{
    return m_answered.find(id);
}

qsizetype RequestTable::open(const QByteArray &id) const
{
    return m_open.find(id);
}

QList<qsizetype> RequestTable::openRows() const
{
    QList<qsizetype> rows;
    rows.reserve(m_open.size());
    for (const qsizetype messageIndex : m_open.byNumber)
        rows.append(messageIndex);
    for (const qsizetype messageIndex : m_open.byString)
        rows.append(messageIndex);
    return rows;
}

#include "requesttable.h"

namespace {

bool parseNumber(const QByteArray &id, qint64 *number)
{
    bool ok = false;
    *number = id.toLongLong(&ok);
    return ok;
}

} // namespace

void RequestTable::Index::insert(const QByteArray &id, qsizetype row)
{
    qint64 number = 0;
    if (parseNumber(id, &number))
        byNumber.insert(number, row);
    else
        byString.insert(id, row);
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
        const qsizetype row = *found;
        byNumber.erase(found);
        return row;
    }
    const auto found = byString.constFind(id);
    if (found == byString.cend())
        return -1;
    const qsizetype row = *found;
    byString.erase(found);
    return row;
}

void RequestTable::add(const QByteArray &id, qsizetype row)
{
    m_open.insert(id, row);
}

qsizetype RequestTable::answer(const QByteArray &id)
{
    const qsizetype row = m_open.take(id);
    if (row < 0)
        return -1;
    if (m_answered.size() >= answeredMemory)
        m_answered = Index(); // forgetting old answers keeps memory flat
    m_answered.insert(id, row);
    return row;
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
    for (const qsizetype row : m_open.byNumber)
        rows.append(row);
    for (const qsizetype row : m_open.byString)
        rows.append(row);
    return rows;
}

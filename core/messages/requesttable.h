#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QList>

// The requests one side sent, by id (the JSON text of a JSON-RPC id, or a decimal DAP seq or
// msgpack msgid): open ones until they are answered, then the most recently answered ones, so
// that a second answer is noticed. Answered requests leave the open table: it stays as small as
// the number of requests in flight, which keeps pairing fast in long sessions.
class RequestTable
{
public:
    // How many answered requests are remembered for noticing a second answer.
    static constexpr qsizetype answeredMemory = 65536;

    void add(const QByteArray &id, qsizetype messageIndex);
    // The open request with this id (it is answered from now on), or -1.
    qsizetype answer(const QByteArray &id);
    // A recently answered request with this id, or -1.
    qsizetype answered(const QByteArray &id) const;
    // The open request with this id, or -1.
    qsizetype open(const QByteArray &id) const;
    QList<qsizetype> openRows() const;

private:
    // Numeric ids (by far the most common) apart, so that looking one up allocates nothing.
    struct Index
    {
        QHash<qint64, qsizetype> byNumber;
        QHash<QByteArray, qsizetype> byString;

        void insert(const QByteArray &id, qsizetype messageIndex);
        qsizetype find(const QByteArray &id) const;
        qsizetype take(const QByteArray &id);
        qsizetype size() const { return byNumber.size() + byString.size(); }
    };

    Index m_open;
    Index m_answered;
};

#pragma once

#include <QtCore/QByteArray>

// A read-only run of bytes that may be far larger than what should sit in memory at once: a
// selection of chunks, one stream of a session. Views and search read it piece by piece.
class ByteSource
{
public:
    virtual ~ByteSource() = default;
    virtual qint64 size() const = 0;
    // Up to `length` bytes from `offset` (fewer at the end).
    virtual QByteArray read(qint64 offset, qint64 length) const = 0;
};

// A ByteSource over bytes held in memory.
class MemoryByteSource final : public ByteSource
{
public:
    explicit MemoryByteSource(QByteArray bytes)
        : m_bytes(std::move(bytes))
    {
    }
    qint64 size() const override { return m_bytes.size(); }
    QByteArray read(qint64 offset, qint64 length) const override
    {
        return m_bytes.mid(qsizetype(offset), qsizetype(length));
    }

private:
    QByteArray m_bytes;
};

#include "capture/chunksequence.h"

#include "capture/capturestore.h"

#include <algorithm>

ChunkSequence::ChunkSequence(const CaptureStore *store, QList<qsizetype> recordIndices)
    : m_store(store)
    , m_records(std::move(recordIndices))
{
    m_starts.reserve(m_records.size() + 1);
    qint64 offset = 0;
    for (qsizetype index : std::as_const(m_records)) {
        m_starts.append(offset);
        offset += store->record(index).length;
    }
    m_starts.append(offset);
}

ChunkSequence ChunkSequence::forStream(const CaptureStore *store, Stream stream)
{
    QList<qsizetype> indices;
    const qsizetype count = store->count();
    for (qsizetype i = 0; i < count; ++i) {
        if (store->record(i).stream == stream)
            indices.append(i);
    }
    return ChunkSequence(store, std::move(indices));
}

void ChunkSequence::reserve(qsizetype records)
{
    m_records.reserve(records);
    m_starts.reserve(records + 1);
}

void ChunkSequence::append(qsizetype recordIndex, qint32 length)
{
    m_records.append(recordIndex);
    m_starts.append(m_starts.last() + length);
}

qint64 ChunkSequence::size() const
{
    return m_starts.last();
}

qsizetype ChunkSequence::positionAt(qint64 offset) const
{
    if (m_records.isEmpty())
        return -1;
    // The last start <= offset, among records (not the end entry).
    const auto end = m_starts.cbegin() + m_records.size();
    const auto it = std::upper_bound(m_starts.cbegin(), end, offset);
    return qMax<qsizetype>(0, (it - m_starts.cbegin()) - 1);
}

QByteArray ChunkSequence::read(qint64 offset, qint64 length) const
{
    QByteArray out;
    if (offset < 0 || length <= 0 || offset >= size())
        return out;
    length = qMin(length, size() - offset);
    out.reserve(qsizetype(length));
    for (qsizetype position = positionAt(offset);
         out.size() < length && position < m_records.size(); ++position) {
        const qint64 start = m_starts.at(position);
        const qint64 recordLength = m_starts.at(position + 1) - start;
        if (recordLength == 0)
            continue;
        const QByteArray payload = m_store->payload(m_store->record(m_records.at(position)));
        const qint64 from = qMax<qint64>(0, offset + out.size() - start);
        out.append(payload.constData() + from,
                   qsizetype(qMin<qint64>(recordLength - from, length - out.size())));
    }
    return out;
}

qsizetype ChunkSequence::positionOfRecord(qsizetype recordIndex) const
{
    const auto it = std::lower_bound(m_records.cbegin(), m_records.cend(), recordIndex);
    return it != m_records.cend() && *it == recordIndex ? it - m_records.cbegin() : -1;
}

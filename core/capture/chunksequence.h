#pragma once

#include "capture/bytesource.h"
#include "capture/stream.h"

#include <QtCore/QList>

class CaptureStore;

// The payloads of some records of a store, concatenated, as one ByteSource: a multi-row
// selection for the detail pane, or one whole stream for search (matches may straddle chunks).
// Holds the record indices and where each one starts (16 bytes per record); reads payloads from
// the store only when asked.
class ChunkSequence final : public ByteSource
{
public:
    ChunkSequence(const CaptureStore *store, QList<qsizetype> recordIndices);
    explicit ChunkSequence(const CaptureStore *store)
        : ChunkSequence(store, {})
    {
    }
    // Every record of `stream` the store holds now.
    static ChunkSequence forStream(const CaptureStore *store, Stream stream);

    // Adds the next record of a growing stream.
    void append(qsizetype recordIndex, qint32 length);
    void reserve(qsizetype records);

    qint64 size() const override;
    QByteArray read(qint64 offset, qint64 length) const override;

    qsizetype recordCount() const { return m_records.size(); }
    qsizetype recordIndex(qsizetype position) const { return m_records.at(position); }
    // Where the record at `position` starts in the sequence.
    qint64 startOf(qsizetype position) const { return m_starts.at(position); }
    // The position of the record holding byte `offset` (the last one for offset == size()).
    qsizetype positionAt(qint64 offset) const;
    // The position of the store's record `recordIndex`, or -1 when it is not in the sequence.
    qsizetype positionOfRecord(qsizetype recordIndex) const;

private:
    const CaptureStore *m_store;
    QList<qsizetype> m_records;
    QList<qint64> m_starts; // m_starts[i]: offset of record i; one more entry: the total size
};

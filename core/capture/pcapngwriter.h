#pragma once

#include "capture/stream.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QStringList>

class QIODevice;

// Writes a session as pcapng (docs/session-format.md): a Section Header Block, one Interface
// Description Block per stream (stdin, stdout, stderr, events: in that order, interface ids 0..3,
// nanosecond timestamps), then one Enhanced Packet Block per record.
//
// Blocks are collected in a buffer and handed to the device by flush() (or when the buffer grows
// past a threshold), so every block reaches the device whole and a file cut off anywhere keeps
// every complete block before the cut. Not thread-safe: one writer thread.
class PcapngWriter
{
public:
    explicit PcapngWriter(QIODevice *device);
    ~PcapngWriter();

    // Buffers the section header (shb_userappl = "pipescope VERSION", the comment as opt_comment)
    // and the interface descriptions. Call once, first.
    void writeHeader(const QString &sectionComment);

    // Buffers one record. Returns the offset of its first payload byte from the start of the
    // device (the writer starts on an empty device).
    // Each non-empty one of `comments` becomes an opt_comment of the block, in order (a lifecycle
    // event's summary, annotations). Once the writer has failed, records are dropped and -1 is
    // returned.
    qint64 writeRecord(Stream stream, qint64 timestampNs, const QByteArray &payload,
                       const QStringList &comments = {});

    // Hands the buffered blocks to the device and flushes it. False on a write error (disk full,
    // ...): errorString() says why and later calls keep failing; what was written before stays.
    bool flush();

    // Bytes written or buffered so far: the size the file will have after flush().
    qint64 size() const { return m_flushedSize + m_pending.size(); }
    qint64 flushedSize() const { return m_flushedSize; }
    qint64 pendingSize() const { return m_pending.size(); }
    bool failed() const { return !m_errorString.isEmpty(); }
    QString errorString() const { return m_errorString; }

    // Bytes of a record not yet flushed (offset >= flushedSize()).
    QByteArray pendingBytes(qint64 offset, qint64 length) const;

private:
    // Appends a block of `blockLength` bytes (a multiple of 4) to m_pending and returns where
    // its body starts, right after the type and the leading length.
    char *beginBlock(quint32 type, quint32 blockLength);
    bool writeToDevice(const char *data, qint64 size);

    QIODevice *m_device;
    QByteArray m_pending;
    qint64 m_flushedSize = 0;
    QString m_errorString;
};

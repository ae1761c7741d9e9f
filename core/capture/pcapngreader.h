#pragma once

#include "capture/annotations.h"
#include "capture/chunkrecord.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QPointer>
#include <QtCore/QString>

#include <functional>

class QFileDevice;
class QIODevice;

// Reads a pcapng session file back (docs/session-format.md). Interfaces are mapped to streams by
// their if_name ("stdin", "stdout", "stderr", "events"); timestamps are converted to nanoseconds
// from any if_tsresol. Payloads are not read during the scan: each record says where its bytes
// are, and payload() fetches them.
//
// A file cut off at any byte yields every complete block before the cut and a warning(). A file
// that is not pcapng at all fails with a one-line errorString().
//
// A file is read through a map of it where it can be. Should another process cut the file short
// while it is mapped (a truncate, a new recording to the same path), reading does not kill the
// process with SIGBUS (see guardMappedFile()): bytes past the cut read as zeros, and payload()
// and mappedPayload() give nothing for a record that reaches past it.
class PcapngReader
{
public:
    explicit PcapngReader(QIODevice *device);
    ~PcapngReader();

    // Scans the whole device from the start, calling onRecord for each record in file order
    // (seq numbers from 0). Returns false only when nothing could be read (not a pcapng file,
    // unreadable); a damaged or cut-off tail gives true with a warning().
    bool scan(const std::function<void(const ChunkRecord &)> &onRecord);

    QByteArray payload(const ChunkRecord &record) const;
    // The payload in place, without a copy, while the file is mapped (valid until the next scan()
    // or the reader's end); a null view when it is not mapped. Safe from any thread.
    QByteArrayView mappedPayload(const ChunkRecord &record) const;

    QString userApplication() const { return m_userApplication; } // shb_userappl
    QString sectionComment() const { return m_sectionComment; }   // the SHB's opt_comment
    // Marks, comments and time references: the records' comments and annotation events.
    const Annotations &annotations() const { return m_annotations; }
    QString errorString() const { return m_errorString; }
    QString warning() const { return m_warning; }

private:
    bool parse(const uchar *data, qint64 size,
               const std::function<void(const ChunkRecord &)> &onRecord);
    void unmap();
    bool isCutOff(const ChunkRecord &record) const; // reaches past where the mapped file was cut

    QIODevice *m_device;
    // The whole file while mapped (QFileDevice::map); payload() reads from here.
    QPointer<QFileDevice> m_mappedFile;
    uchar *m_map = nullptr;
    qint64 m_mapSize = 0;
    int m_mapGuard = -1; // guardMappedFile()'s handle
    // The whole content of a sequential device, which cannot be read again by position.
    QByteArray m_sequentialData;
    QString m_userApplication;
    QString m_sectionComment;
    Annotations m_annotations;
    QString m_errorString;
    QString m_warning;
};

#pragma once

#include "capture/annotations.h"
#include "capture/chunkrecord.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QPointer>
#include <QtCore/QString>

#include <functional>
#include <memory>

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
    // For a file that is still being written (a session followed as it grows): reads the blocks
    // appended since the last call (the first call starts at the beginning), calling onRecord for
    // each, seq numbers going on. A block still being written is left for a later call, not taken
    // for damage. Reads at most one piece (16 MiB, or one longer block) per call, by position:
    // the file is not mapped. False only when the device cannot be read or is not pcapng.
    bool readAppended(const std::function<void(const ChunkRecord &)> &onRecord);
    // How far the file has been read: the offset of the first block not read yet.
    qint64 parsedSize() const;

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
    struct ParseState;
    // Complete: the file ends where `data` does. Growing: more may come after it.
    enum class Tail { Complete, Growing };
    bool parse(const uchar *data, qint64 size,
               const std::function<void(const ChunkRecord &)> &onRecord, Tail tail);
    void unmap();
    bool isCutOff(const ChunkRecord &record) const; // reaches past where the mapped file was cut

    QIODevice *m_device;
    // The whole file while mapped (QFileDevice::map); payload() reads from here.
    QPointer<QFileDevice> m_mappedFile;
    uchar *m_map = nullptr;
    qint64 m_mapSize = 0;
    int m_mapGuard = -1; // guardMappedFile()'s handle
    std::unique_ptr<ParseState> m_state;
    // The whole content of a sequential device, which cannot be read again by position.
    QByteArray m_sequentialData;
    QString m_userApplication;
    QString m_sectionComment;
    Annotations m_annotations;
    QString m_errorString;
    QString m_warning;
};

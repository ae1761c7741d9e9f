#pragma once

#include "capture/annotations.h"
#include "capture/chunkrecord.h"
#include "capture/pcapngwriter.h"
#include "capture/recordingfile.h"

#include <QtCore/QFile>
#include <QtCore/QList>
#include <QtCore/QMutex>
#include <QtCore/QString>

#include <array>
#include <memory>

class PcapngReader;

// The single source of truth of a session, live or loaded: an append-only index of records in RAM
// and their payload bytes in the session file (pcapng, written through PcapngWriter).
//
// The relay thread appends; any thread may read. A record's payload is read back from the file
// (or from the writer's unflushed buffer), so RAM per record is one ChunkRecord.
//
// A write error (disk full, file removed...) stops recording but not the session: appends keep
// indexing nothing, failed() turns true, and errorString() says why. Everything written before
// stays in the file, and records indexed before the error came to light, whose bytes the file
// could not take, read back from memory (RecordingFile).
class CaptureStore
{
public:
    CaptureStore();
    ~CaptureStore();

    // Creates the session file (mode 0600) and writes its header. NewFileOnly fails if the file
    // exists (O_EXCL), for files whose name pipescope picked itself.
    bool create(const QString &path, const QString &sectionComment, PrivateFileCreation creation);

    // Opens a saved session read-only: the index comes from scanning the file (a cut-off file
    // gives what could be recovered, and warning() says so), payloads are read from a map of it.
    // False, with a one-line errorString(), when it is not a session file. Should the file be cut
    // short while it is open, the records past the cut read as empty (PcapngReader).
    bool load(const QString &path);
    QString warning() const;
    // Opens a session file that another process is still recording into (a session a monitor
    // follows): nothing is read yet; each readAppended() takes in the records that reached the
    // file since the last one. False, with errorString(), when the file cannot be opened.
    bool follow(const QString &path);
    // The number of records taken in (0: nothing new, or not following). Records still being
    // written are left for the next call; a file that is not pcapng, or turns out damaged, is
    // read no further (errorString() or warning() says why).
    qsizetype readAppended();
    bool isLive() const;
    // The file's comment on the whole session: the command line it recorded.
    QString sectionComment() const;

    // Appends one record stamped `timestampNs` (ns since the epoch) and returns its seq.
    quint64 append(Stream stream, qint64 timestampNs, const char *data, qsizetype size,
                   const QString &comment = QString());

    // Hands buffered blocks to the file's writer thread. The recorder calls this at least every
    // 200 ms. flushAndWait() also waits until they are in the file.
    bool flush();
    bool flushAndWait();

    qsizetype count() const;
    qint64 streamBytes(Stream stream) const; // payload bytes recorded on a stream so far
    ChunkRecord record(qsizetype index) const;
    QByteArray payload(const ChunkRecord &record) const;
    // A loaded session's payload in place, without a copy (valid while the store lives); a null
    // view for a live store, whose payloads payload() reads.
    QByteArrayView mappedPayload(const ChunkRecord &record) const;

    // Marks, comments and time references (annotations.h). A live store writes each change to
    // its file at once, as an annotation record (docs/session-format.md); a loaded one keeps it
    // until the session is saved.
    Annotations annotations() const;
    Annotation annotation(const AnnotationAnchor &anchor) const;
    void annotate(const AnnotationAnchor &anchor, const Annotation &annotation);
    // Changes that are in no file yet: on a loaded session, or after a write failure.
    bool hasUnsavedAnnotations() const;
    void setAnnotationsSaved();
    // When each time reference is (its record's timestamp), in order.
    QList<qint64> timeReferences() const;

    QString path() const { return m_path; }
    qint64 fileSize() const;
    bool failed() const;
    QString errorString() const;

private:
    bool openReader(const QString &path); // for load() and follow()
    QByteArray readFromFile(qint64 offset, qint64 size) const;

    mutable QMutex m_mutex;
    QString m_path;
    mutable RecordingFile m_file; // payload() may have to wait for the writer thread
    mutable QFile m_reader;       // a second handle, for payloads that reached the file
    // A loaded session's reader, which keeps its map of the whole file for payloads.
    std::unique_ptr<PcapngReader> m_loaded;
    QString m_warning;
    QString m_sectionComment;
    bool m_following = false;
    Annotations m_annotations;
    Annotations m_annotationsInFile; // a followed file's, as last read
    bool m_unsavedAnnotations = false;
    std::unique_ptr<PcapngWriter> m_writer;
    QList<ChunkRecord> m_index;
    PerStreamWithEvents<qint64> m_streamBytes;
    QString m_errorString;
};

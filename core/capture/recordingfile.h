#pragma once

#include "platform/privatefile.h"

#include <QtCore/QIODevice>
#include <QtCore/QString>

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

// The session file as the recorder writes it: an append-only device whose bytes reach the disk
// from a writer thread of its own, so that a slow disk does not stall the relay thread.
//
// Whole blocks go out with O_DIRECT where the file system allows it: a recording of many GiB
// then neither fills the page cache nor pays for fresh page-cache pages (costly on VMs, where it
// was what bounded recording throughput). The unaligned tail is written through the page cache
// on sync(), so a reader of the file sees every byte synced. Where O_DIRECT is refused (tmpfs,
// pipes, devices) every write goes through the page cache.
//
// Memory is bounded: when the queue to the writer holds `maxQueuedBytes`, appends wait.
//
// A failed write (disk full, file-size limit...) ends the file: appends fail from then on, and
// the bytes it had accepted but could not write stay in memory (at most the queue and a block),
// where copyUnwritten() finds them, so that no byte it accepted is lost to its readers.
class RecordingFile : public QIODevice
{
public:
    RecordingFile();
    ~RecordingFile() override; // syncs and closes

    // Creates the file with mode 0600 (see platform/privatefile.h) and opens it for appending.
    bool create(const QString &path, PrivateFileCreation creation);

    // Hands everything appended so far to the writer thread, which writes it out soon; returns
    // at once. False once a write has failed (errorString() says why).
    bool sync();
    // Like sync(), then waits until it is in the file.
    bool syncAndWait();

    // How much of the file a reader can see now.
    qint64 writtenSize() const;

    // After a failed write: copies the accepted bytes at [offset, offset + size) that never
    // reached the file. False when some of them are not held. Call it on the appending side (or
    // under the lock that appends take), since it reads the block being filled.
    bool copyUnwritten(qint64 offset, char *out, qint64 size) const;

    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    struct AlignedFree
    {
        void operator()(char *p) const;
    };
    using Buffer = std::unique_ptr<char, AlignedFree>;
    struct Job
    {
        Buffer buffer; // full blocks (direct) or a copy of the tail (buffered)
        qint64 size = 0;
        qint64 fileOffset = 0;
        bool direct = false;
        quint64 ticket = 0;
    };

    // False, with errorString() set, once a write has failed.
    bool noWriteFailed();
    void enqueue(Job job);
    void keepUnwritten(Job job);
    void writerLoop();
    bool writeJob(const Job &job);
    Buffer takeBuffer();
    void closeFile();

    int m_fd = -1;       // through the page cache
    int m_directFd = -1; // O_DIRECT, when available
    bool m_regularFile = false;

    // Appending side (the relay thread): the bytes of the current block run start at
    // m_bufferOffset in the file.
    Buffer m_current;
    qint64 m_currentSize = 0;
    qint64 m_bufferOffset = 0;
    quint64 m_lastTicket = 0;

    qint64 m_appendedToStream = 0; // writer thread only: bytes written to a non-regular file

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Job> m_queue;
    std::deque<Buffer> m_spare;
    qint64 m_queuedBytes = 0;
    quint64 m_doneTicket = 0;
    qint64 m_writtenSize = 0;
    bool m_stopping = false;
    QString m_error;                   // first write error, from the writer thread
    std::map<qint64, Job> m_unwritten; // after m_error: by file offset, the largest job there
    std::thread m_writer;
};

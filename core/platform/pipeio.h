#pragma once

#include <QtCore/QObject>
#include <QtCore/QString>

#include <functional>
#include <memory>

// The relay's two ends of a descriptor (a pipe, a file, a terminal or console): each tells the
// relay thread when it can go on without waiting, and then reads or writes without waiting.
//
// POSIX: the descriptor is watched by a QSocketNotifier, and reads and writes go straight to
// it. Windows, where an anonymous pipe or a console cannot be waited on with overlapped I/O: a
// thread of its own blocks in ReadFile or WriteFile, one read or one write at a time, and hands
// over what it did. Either way at most one read's worth is held beyond the relay's own buffer.

struct IoResult
{
    enum Status {
        Done,       // `bytes` were read or taken
        WouldBlock, // nothing now: wait for readyRead() or readyWrite()
        EndOfFile,  // the writer closed its end (reads)
        Broken,     // the reader went away (writes: EPIPE, ERROR_NO_DATA)
        Failed,     // any other error, described by `error`
    };
    Status status = WouldBlock;
    qint64 bytes = 0;
    QString error;
};

class PipeReader : public QObject
{
    Q_OBJECT

public:
    // The most one read takes: a session file's largest chunk (Wireshark's limit for a packet).
    static constexpr qint64 maxReadSize = 256 * 1024;

    PipeReader(int fd, QObject *parent = nullptr);
    ~PipeReader() override; // stops watching; the descriptor stays open

    // While enabled, readyRead() says when read() has something (bytes, end of file, an error).
    void setEnabled(bool enabled);
    IoResult read(char *buffer, qint64 size);
    // True where a read that finds nothing returns WouldBlock rather than waiting, so that a
    // caller may read several times per readyRead().
    bool readsNeverWait() const;

signals:
    void readyRead();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

class PipeWriter : public QObject
{
    Q_OBJECT

public:
    PipeWriter(int fd, QObject *parent = nullptr);
    ~PipeWriter() override; // stops watching; the descriptor stays open

    // While enabled, readyWrite() says when write() may take more.
    void setEnabled(bool enabled);
    IoResult write(const char *data, qint64 size);
    // What write() took that has not reached the descriptor yet (always 0 on POSIX, where
    // write() writes at once): the relay counts it against its high-water mark.
    qint64 pendingBytes() const;
    // Calls `then` (in this object's thread) once every byte write() took has reached the
    // descriptor, or failed to: at once where write() writes synchronously (POSIX).
    void whenFlushed(std::function<void()> then);

signals:
    void readyWrite();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

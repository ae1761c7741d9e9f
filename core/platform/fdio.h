#pragma once

#include <QtCore/QString>

// Small file-descriptor helpers for the relay and the recorder: POSIX descriptors, or the C
// runtime's descriptors over Windows handles (always binary: no CRLF or Ctrl+Z translation).
// Every function retries on EINTR; a failure leaves errno set (Windows errors mapped to it).
namespace fdio {

struct Pipe
{
    int readEnd = -1;
    int writeEnd = -1;
};

// A pipe whose both ends are close-on-exec. False with `error` set on failure.
bool createPipe(Pipe *pipe, QString *error);

void closeFd(int &fd);

bool setNonBlocking(int fd, bool nonBlocking);
bool isNonBlocking(int fd);
int statusFlags(int fd);
void restoreStatusFlags(int fd, int flags);

// Asks for a larger pipe buffer (Linux); a no-op where that is not possible.
void growPipe(int fd, int bytes);

bool isOpen(int fd);
bool isTerminal(int fd);

// Points `fd` at /dev/null (Windows: NUL): whoever is on the other side of what it was sees it
// closed, and the descriptor number stays taken so that nothing else (a session file...) lands on
// 0, 1 or 2.
void detachToDevNull(int fd);

// -1 with errno set on failure (EAGAIN when a non-blocking descriptor has nothing or takes
// nothing now); reads return 0 at end of file.
qint64 readSome(int fd, char *buffer, qint64 size);
qint64 writeSome(int fd, const char *data, qint64 size);
// Writes all of `data`, waiting at most `timeoutMs` in all for a non-blocking `fd` to take it.
bool writeAllWithin(int fd, const char *data, qint64 size, int timeoutMs);

// The session file's writes: all of `data`, at `offset` (a regular file) or appended (a pipe or
// a device). False with errno set (EIO for a write that took nothing).
bool writeAllAt(int fd, const char *data, qint64 size, qint64 offset);
bool writeAll(int fd, const char *data, qint64 size);
bool isRegularFile(int fd);
// A second descriptor for `path` whose writes bypass the page cache (Linux: O_DIRECT), or -1
// where that is not possible; its writes want 4096-byte aligned buffers, sizes and offsets.
int openUncached(const QString &path);
QString errorString(); // errno, as a sentence

// Windows: the C runtime's stdin, stdout and stderr in binary mode, so that what pipescope
// writes through them (an export to stdout) is not given CRLFs. Elsewhere nothing to do.
void useBinaryStandardStreams();

} // namespace fdio

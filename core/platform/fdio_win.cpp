#include "platform/fdio.h"
#include "platform/win32.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <io.h>

// The C runtime's descriptors stand for Windows handles; reads and writes go to the handles
// directly (ReadFile, WriteFile), so no text-mode translation ever applies. Windows has no
// non-blocking pipes for anonymous pipes: the relay's threads (pipeio_win.cpp) do the waiting.

namespace fdio {

namespace {

void setErrnoFromLastError()
{
    switch (GetLastError()) {
    case ERROR_BROKEN_PIPE:
    case ERROR_NO_DATA:
    case ERROR_PIPE_NOT_CONNECTED:
        errno = EPIPE;
        break;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        errno = ENOSPC;
        break;
    case ERROR_ACCESS_DENIED:
        errno = EACCES;
        break;
    case ERROR_INVALID_HANDLE:
        errno = EBADF;
        break;
    default:
        errno = EIO;
        break;
    }
}

bool writeAllTo(int fd, const char *data, qint64 size, const qint64 *offset)
{
    const HANDLE handle = handleOf(fd);
    qint64 done = 0;
    while (done < size) {
        OVERLAPPED at = {};
        if (offset) {
            const quint64 position = quint64(*offset + done);
            at.Offset = DWORD(position);
            at.OffsetHigh = DWORD(position >> 32);
        }
        DWORD n = 0;
        const DWORD chunk = DWORD(qMin<qint64>(size - done, 1 << 30));
        if (!WriteFile(handle, data + done, chunk, &n, offset ? &at : nullptr)) {
            setErrnoFromLastError();
            return false;
        }
        if (n == 0) {
            errno = EIO;
            return false;
        }
        done += n;
    }
    return true;
}

} // namespace

bool createPipe(Pipe *pipe, QString *error)
{
    int fds[2];
    // Neither end is inherited: ChildSetup hands the child its ends explicitly. 64 KiB, as a
    // Linux pipe holds.
    if (_pipe(fds, 64 * 1024, _O_BINARY | _O_NOINHERIT) != 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    pipe->readEnd = fds[0];
    pipe->writeEnd = fds[1];
    return true;
}

void closeFd(int &fd)
{
    if (fd >= 0)
        _close(fd);
    fd = -1;
}

bool setNonBlocking(int, bool nonBlocking)
{
    return !nonBlocking;
}

bool isNonBlocking(int)
{
    return false;
}

int statusFlags(int)
{
    return -1;
}

void restoreStatusFlags(int, int) {}

void growPipe(int, int) {}

bool isOpen(int fd)
{
    const HANDLE handle = handleOf(fd);
    return handle != INVALID_HANDLE_VALUE && handle != nullptr
           && reinterpret_cast<intptr_t>(handle) != -2; // -2: a standard handle with no console
}

bool isTerminal(int fd)
{
    DWORD mode = 0;
    return GetConsoleMode(handleOf(fd), &mode) != 0;
}

void detachToDevNull(int fd)
{
    const int nul = _open("NUL", _O_RDWR | _O_BINARY | _O_NOINHERIT);
    if (nul < 0) {
        _close(fd);
        return;
    }
    _dup2(nul, fd);
    _close(nul);
}

qint64 readSome(int fd, char *buffer, qint64 size)
{
    DWORD n = 0;
    if (!ReadFile(handleOf(fd), buffer, DWORD(qMin<qint64>(size, 1 << 30)), &n, nullptr)) {
        const DWORD error = GetLastError();
        if (error == ERROR_BROKEN_PIPE || error == ERROR_HANDLE_EOF)
            return 0;
        setErrnoFromLastError();
        return -1;
    }
    return n;
}

qint64 writeSome(int fd, const char *data, qint64 size)
{
    DWORD n = 0;
    if (!WriteFile(handleOf(fd), data, DWORD(qMin<qint64>(size, 1 << 30)), &n, nullptr)) {
        setErrnoFromLastError();
        return -1;
    }
    return n;
}

// Writes to a handle block on Windows: the time limit cannot be kept (a reader that stops
// reading holds the write up).
bool writeAllWithin(int fd, const char *data, qint64 size, int)
{
    return writeAllTo(fd, data, size, nullptr);
}

bool writeAllAt(int fd, const char *data, qint64 size, qint64 offset)
{
    return writeAllTo(fd, data, size, &offset);
}

bool writeAll(int fd, const char *data, qint64 size)
{
    return writeAllTo(fd, data, size, nullptr);
}

bool isRegularFile(int fd)
{
    return GetFileType(handleOf(fd)) == FILE_TYPE_DISK;
}

int openUncached(const QString &)
{
    return -1;
}

QString errorString()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

void useBinaryStandardStreams()
{
    for (int fd : {0, 1, 2})
        _setmode(fd, _O_BINARY);
}

} // namespace fdio

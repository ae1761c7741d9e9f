#include "platform/fdio.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QFile>

#include <cerrno>
#include <cstring>
#include <functional>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fdio {

bool createPipe(Pipe *pipe, QString *error)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        *error = QString::fromLocal8Bit(strerror(errno));
        return false;
    }
    pipe->readEnd = fds[0];
    pipe->writeEnd = fds[1];
    return true;
}

void closeFd(int &fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

bool setNonBlocking(int fd, bool nonBlocking)
{
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0)
        return false;
    const int wanted = nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
    return wanted == flags || ::fcntl(fd, F_SETFL, wanted) == 0;
}

bool isNonBlocking(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL);
    return flags >= 0 && (flags & O_NONBLOCK);
}

int statusFlags(int fd)
{
    return ::fcntl(fd, F_GETFL);
}

void restoreStatusFlags(int fd, int flags)
{
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags);
}

void growPipe(int fd, int bytes)
{
#ifdef F_SETPIPE_SZ
    ::fcntl(fd, F_SETPIPE_SZ, bytes);
#else
    (void)fd;
    (void)bytes;
#endif
}

bool isOpen(int fd)
{
    return ::fcntl(fd, F_GETFD) >= 0;
}

bool isTerminal(int fd)
{
    return ::isatty(fd) == 1;
}

void detachToDevNull(int fd)
{
    const int devNull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devNull < 0) {
        ::close(fd);
        return;
    }
    ::dup2(devNull, fd);
    ::close(devNull);
}

qint64 readSome(int fd, char *buffer, qint64 size)
{
    ssize_t n;
    do {
        n = ::read(fd, buffer, size_t(size));
    } while (n < 0 && errno == EINTR);
    return n;
}

qint64 writeSome(int fd, const char *data, qint64 size)
{
    ssize_t n;
    do {
        n = ::write(fd, data, size_t(size));
    } while (n < 0 && errno == EINTR);
    return n;
}

bool writeAllWithin(int fd, const char *data, qint64 size, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (size > 0) {
        const qint64 n = writeSome(fd, data, size);
        if (n > 0) {
            data += n;
            size -= n;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return false;
        pollfd pfd = {fd, POLLOUT, 0};
        if (::poll(&pfd, 1, int(deadline.remainingTime())) <= 0)
            return false;
    }
    return true;
}

namespace {

bool writeAllWith(const char *data, qint64 size,
                  const std::function<ssize_t(const char *, size_t)> &write)
{
    while (size > 0) {
        const ssize_t n = write(data, size_t(size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

} // namespace

bool writeAllAt(int fd, const char *data, qint64 size, qint64 offset)
{
    const char *start = data;
    return writeAllWith(data, size, [&](const char *from, size_t n) {
        return ::pwrite(fd, from, n, off_t(offset + (from - start)));
    });
}

bool writeAll(int fd, const char *data, qint64 size)
{
    return writeAllWith(data, size,
                        [fd](const char *from, size_t n) { return ::write(fd, from, n); });
}

bool isRegularFile(int fd)
{
    struct stat info = {};
    return ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
}

int openUncached(const QString &path)
{
#ifdef O_DIRECT
    return ::open(QFile::encodeName(path).constData(), O_WRONLY | O_DIRECT | O_CLOEXEC);
#else
    (void)path;
    return -1;
#endif
}

QString errorString()
{
    return QString::fromLocal8Bit(strerror(errno));
}

void useBinaryStandardStreams() {}

} // namespace fdio

#include "platform/fdio.h"

#include <QtCore/QDeadlineTimer>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
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

ssize_t readSome(int fd, char *buffer, size_t size)
{
    ssize_t n;
    do {
        n = ::read(fd, buffer, size);
    } while (n < 0 && errno == EINTR);
    return n;
}

ssize_t writeSome(int fd, const char *data, size_t size)
{
    ssize_t n;
    do {
        n = ::write(fd, data, size);
    } while (n < 0 && errno == EINTR);
    return n;
}

bool writeAllWithin(int fd, const char *data, size_t size, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (size > 0) {
        const ssize_t n = writeSome(fd, data, size);
        if (n > 0) {
            data += n;
            size -= size_t(n);
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

} // namespace fdio

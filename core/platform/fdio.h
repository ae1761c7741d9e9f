#pragma once

#include <QtCore/QString>

#include <sys/types.h>

// Small POSIX file-descriptor helpers for the relay. Every function retries on EINTR.
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

// Points `fd` at /dev/null: whoever is on the other side of what it was sees it closed, and the
// descriptor number stays taken so that nothing else (a session file...) lands on 0, 1 or 2.
void detachToDevNull(int fd);

ssize_t readSome(int fd, char *buffer, size_t size);
ssize_t writeSome(int fd, const char *data, size_t size);
// Writes all of `data`, waiting at most `timeoutMs` in all for a non-blocking `fd` to take it.
bool writeAllWithin(int fd, const char *data, size_t size, int timeoutMs);

} // namespace fdio

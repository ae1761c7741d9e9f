#include "platform/pipeio.h"

#include "platform/fdio.h"

#include <QtCore/QSocketNotifier>

#include <cerrno>
#include <cstring>

namespace {

QString errnoString()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

struct PipeReader::Private
{
    int fd;
    bool nonBlocking;
    QSocketNotifier notifier;
};

PipeReader::PipeReader(int fd, QObject *parent)
    : QObject(parent)
    , d(new Private{fd, fdio::isNonBlocking(fd), {qintptr(fd), QSocketNotifier::Read}})
{
    connect(&d->notifier, &QSocketNotifier::activated, this, &PipeReader::readyRead);
}

PipeReader::~PipeReader() = default;

void PipeReader::setEnabled(bool enabled)
{
    d->notifier.setEnabled(enabled);
}

IoResult PipeReader::read(char *buffer, qint64 size)
{
    const ssize_t n = fdio::readSome(d->fd, buffer, size_t(size));
    if (n > 0)
        return {IoResult::Done, qint64(n), {}};
    if (n == 0)
        return {IoResult::EndOfFile, 0, {}};
    if (errno == EAGAIN || errno == EWOULDBLOCK)
        return {IoResult::WouldBlock, 0, {}};
    return {IoResult::Failed, 0, errnoString()};
}

bool PipeReader::readsNeverWait() const
{
    return d->nonBlocking;
}

struct PipeWriter::Private
{
    int fd;
    QSocketNotifier notifier;
};

PipeWriter::PipeWriter(int fd, QObject *parent)
    : QObject(parent)
    , d(new Private{fd, {qintptr(fd), QSocketNotifier::Write}})
{
    d->notifier.setEnabled(false);
    connect(&d->notifier, &QSocketNotifier::activated, this, &PipeWriter::readyWrite);
}

PipeWriter::~PipeWriter() = default;

void PipeWriter::setEnabled(bool enabled)
{
    d->notifier.setEnabled(enabled);
}

IoResult PipeWriter::write(const char *data, qint64 size)
{
    const ssize_t n = fdio::writeSome(d->fd, data, size_t(size));
    if (n > 0)
        return {IoResult::Done, qint64(n), {}};
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return {IoResult::WouldBlock, 0, {}};
    if (n < 0 && errno == EPIPE)
        return {IoResult::Broken, 0, {}};
    return {IoResult::Failed, 0, n == 0 ? QStringLiteral("nothing written") : errnoString()};
}

qint64 PipeWriter::pendingBytes() const
{
    return 0;
}

void PipeWriter::whenFlushed(std::function<void()> then)
{
    then();
}

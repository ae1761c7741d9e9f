#include "relay/relaychannel.h"

#include "platform/fdio.h"

#include <QtCore/QLoggingCategory>
#include <QtCore/QSocketNotifier>

#include <cerrno>
#include <cstring>

Q_LOGGING_CATEGORY(lcChannel, "pipescope.relay.channel", QtWarningMsg)

namespace {
// The most a single read takes, and so the largest chunk a record holds: Wireshark's limit for
// a packet (262144 bytes). Large reads mean fewer wake-ups when a child streams.
constexpr size_t readSize = 256 * 1024;
constexpr int maxReadsPerWakeup = 16;
} // namespace

RelayChannel::RelayChannel(Stream stream, Endpoint source, Endpoint sink, qsizetype highWaterBytes,
                           ChunkHandler onChunk, QObject *parent, SourceKind sourceKind)
    : QObject(parent)
    , m_stream(stream)
    , m_source(std::move(source))
    , m_sink(std::move(sink))
    , m_highWaterBytes(highWaterBytes)
    , m_onChunk(std::move(onChunk))
    , m_pushOpen(sourceKind == SourceKind::Pushed)
    , m_buffer(size_t(highWaterBytes) + readSize)
{
}

RelayChannel::~RelayChannel()
{
    closeSource();
    closeSink();
}

void RelayChannel::start()
{
    if (m_pushOpen) {
        startSinkNotifier();
        return;
    }
    if (m_source.fd < 0 || !fdio::isOpen(m_source.fd)) {
        // Nothing to read (pipescope was started with that descriptor closed): the same as EOF.
        m_source.fd = -1;
        QMetaObject::invokeMethod(
            this,
            [this] {
                emit sourceEnded();
                if (bufferedBytes() == 0)
                    closeSink();
            },
            Qt::QueuedConnection);
        return;
    }
    m_sourceNonBlocking = fdio::isNonBlocking(m_source.fd);
    m_readNotifier = new QSocketNotifier(qintptr(m_source.fd), QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &RelayChannel::readSource);
    startSinkNotifier();
}

void RelayChannel::startSinkNotifier()
{
    if (m_sink.fd < 0)
        return;
    m_writeNotifier = new QSocketNotifier(qintptr(m_sink.fd), QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &RelayChannel::writeSink);
}

void RelayChannel::push(const QByteArray &bytes)
{
    if (!m_pushOpen)
        return;
    // Recorded in pieces no larger than a read, as if the bytes had come from a source.
    for (qsizetype done = 0; done < bytes.size(); done += qsizetype(readSize)) {
        const qsizetype piece = qMin(bytes.size() - done, qsizetype(readSize));
        m_onChunk(m_stream, bytes.constData() + done, piece);
        if (m_sink.fd < 0)
            continue;
        // What the user sends is bounded by the input bar, not by the high-water mark: the
        // buffer grows to hold it.
        if (m_buffer.size() - m_tail < size_t(piece)) {
            std::memmove(m_buffer.data(), m_buffer.data() + m_head, m_tail - m_head);
            m_tail -= m_head;
            m_head = 0;
            if (m_buffer.size() - m_tail < size_t(piece))
                m_buffer.resize(m_tail + size_t(piece));
        }
        std::memcpy(m_buffer.data() + m_tail, bytes.constData() + done, size_t(piece));
        m_tail += size_t(piece);
    }
    writeSink();
}

void RelayChannel::shutdownSource()
{
    closeSource();
    if (bufferedBytes() == 0)
        closeSink();
}

void RelayChannel::readSource()
{
    // Several reads per wake-up while the source keeps filling whole reads: a trip through the
    // event loop costs more than a read. Only on a non-blocking source, where a read never waits.
    for (int i = 0; i < maxReadsPerWakeup; ++i) {
        if (!readOnce() || !m_sourceNonBlocking || bufferedBytes() >= m_highWaterBytes)
            break;
    }
}

bool RelayChannel::readOnce()
{
    if (m_source.fd < 0)
        return false;
    if (m_buffer.size() - m_tail < readSize) {
        // Make room at the tail: move the unwritten bytes to the front.
        std::memmove(m_buffer.data(), m_buffer.data() + m_head, m_tail - m_head);
        m_tail -= m_head;
        m_head = 0;
    }
    const ssize_t n = fdio::readSome(m_source.fd, m_buffer.data() + m_tail, readSize);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return false;
    if (n <= 0) {
        if (n < 0)
            qCWarning(lcChannel) << streamName(m_stream) << "read failed:" << strerror(errno);
        closeSource();
        emit sourceEnded();
        if (bufferedBytes() == 0)
            closeSink();
        return false;
    }
    m_onChunk(m_stream, m_buffer.data() + m_tail, qsizetype(n));
    if (m_sink.fd < 0) {
        // Nobody to deliver to any more (the reader went away): record only.
        return size_t(n) == readSize;
    }
    m_tail += size_t(n);
    writeSink();
    return size_t(n) == readSize && bufferedBytes() == 0;
}

void RelayChannel::writeSink()
{
    while (m_head < m_tail && m_sink.fd >= 0) {
        const ssize_t n = fdio::writeSome(m_sink.fd, m_buffer.data() + m_head, m_tail - m_head);
        if (n > 0) {
            m_head += size_t(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        // EPIPE or another hard error: the reader is gone.
        m_head = m_tail = 0;
        closeSink();
        closeSource();
        emit sinkBroken();
        return;
    }
    if (m_head == m_tail) {
        m_head = m_tail = 0;
        if (!isSourceOpen()) {
            closeSink();
            return;
        }
    }
    updateNotifiers();
}

void RelayChannel::updateNotifiers()
{
    if (m_readNotifier)
        m_readNotifier->setEnabled(bufferedBytes() < m_highWaterBytes);
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(bufferedBytes() > 0);
}

void RelayChannel::closeSource()
{
    m_pushOpen = false;
    delete m_readNotifier;
    m_readNotifier = nullptr;
    if (m_source.fd >= 0) {
        m_source.close(m_source.fd);
        m_source.fd = -1;
    }
}

void RelayChannel::closeSink()
{
    delete m_writeNotifier;
    m_writeNotifier = nullptr;
    if (m_sink.fd >= 0) {
        m_sink.close(m_sink.fd);
        m_sink.fd = -1;
        emit sinkClosed();
    }
}

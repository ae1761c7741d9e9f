#include "relay/relaychannel.h"

#include "platform/fdio.h"
#include "platform/pipeio.h"
#include "relay/traffichandler.h"

#include <QtCore/QLoggingCategory>

#include <cstring>

Q_LOGGING_CATEGORY(lcChannel, "pipescope.relay.channel", QtWarningMsg)

namespace {
// The most a single read takes, and so the largest chunk a record holds. Large reads mean fewer
// wake-ups when a child streams.
constexpr size_t readSize = size_t(PipeReader::maxReadSize);
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
    closeSinkNow();
}

void RelayChannel::start()
{
    if (m_pushOpen) {
        startSinkWriter();
        return;
    }
    if (m_source.fd < 0 || !fdio::isOpen(m_source.fd)) {
        // Nothing to read (pipescope was started with that descriptor closed): the same as EOF.
        m_source.fd = -1;
        QMetaObject::invokeMethod(
            this,
            [this] {
                emit sourceEnded();
                sourceFinished();
            },
            Qt::QueuedConnection);
        return;
    }
    m_reader = new PipeReader(m_source.fd, this);
    connect(m_reader, &PipeReader::readyRead, this, &RelayChannel::readSource);
    m_reader->setEnabled(true);
    startSinkWriter();
}

void RelayChannel::startSinkWriter()
{
    if (m_sink.fd < 0)
        return;
    m_writer = new PipeWriter(m_sink.fd, this);
    connect(m_writer, &PipeWriter::readyWrite, this, &RelayChannel::writeSink);
}

void RelayChannel::push(const QByteArray &bytes)
{
    if (!m_pushOpen)
        return;
    // Recorded in pieces no larger than a read, as if the bytes had come from a source.
    for (qsizetype done = 0; done < bytes.size(); done += qsizetype(readSize)) {
        const qsizetype piece = qMin(bytes.size() - done, qsizetype(readSize));
        m_onChunk(m_stream, bytes.constData() + done, piece);
        if (m_handler)
            m_handler->take(m_stream, QByteArrayView(bytes).sliced(done, piece));
        else if (m_sink.fd >= 0 && !m_sinkClosing)
            append(bytes.constData() + done, size_t(piece));
    }
    writeSink();
}

void RelayChannel::deliver(const QByteArray &bytes)
{
    if (m_sink.fd >= 0 && !m_sinkClosing)
        append(bytes.constData(), size_t(bytes.size()));
    writeSink();
}

// What the user sends and what a handler delivers are bounded by the input bar and the
// handler, not by the high-water mark: the buffer grows to hold them.
void RelayChannel::append(const char *data, size_t size)
{
    makeRoom(size);
    std::memcpy(m_buffer.data() + m_tail, data, size);
    m_tail += size;
}

// Room for `size` bytes at the buffer's tail: the unwritten bytes move to the front, and the
// buffer grows only if that is not enough.
void RelayChannel::makeRoom(size_t size)
{
    if (m_buffer.size() - m_tail >= size)
        return;
    std::memmove(m_buffer.data(), m_buffer.data() + m_head, m_tail - m_head);
    m_tail -= m_head;
    m_head = 0;
    if (m_buffer.size() - m_tail < size)
        m_buffer.resize(m_tail + size);
}

void RelayChannel::shutdownSource()
{
    closeSource();
    sourceFinished();
}

void RelayChannel::sourceFinished()
{
    if (m_handler)
        m_handler->sourceEnded(m_stream); // it may deliver what it held now
    if (drained())
        closeSink();
}

bool RelayChannel::drained() const
{
    return bufferedBytes() == 0 && (!m_handler || m_handler->heldBytes(m_stream) == 0);
}

void RelayChannel::readSource()
{
    // Several reads per wake-up while the source keeps filling whole reads: a trip through the
    // event loop costs more than a read. Only where a read never waits.
    for (int i = 0; i < maxReadsPerWakeup; ++i) {
        if (!readOnce() || !m_reader || !m_reader->readsNeverWait()
            || heldBytes() >= m_highWaterBytes)
            break;
    }
}

bool RelayChannel::readOnce()
{
    if (!m_reader)
        return false;
    char *target = nullptr;
    if (m_handler) {
        // Apart: what the handler delivers while it takes a read lands at the buffer's tail.
        m_handlerReads.resize(readSize);
        target = m_handlerReads.data();
    } else {
        makeRoom(readSize);
        target = m_buffer.data() + m_tail;
    }
    const IoResult read = m_reader->read(target, qint64(readSize));
    if (read.status == IoResult::WouldBlock)
        return false;
    if (read.status != IoResult::Done) {
        if (read.status != IoResult::EndOfFile)
            qCWarning(lcChannel) << streamName(m_stream) << "read failed:" << read.error;
        closeSource();
        emit sourceEnded();
        sourceFinished();
        return false;
    }
    const size_t n = size_t(read.bytes);
    m_onChunk(m_stream, target, qsizetype(n));
    if (m_sink.fd < 0 || m_sinkClosing) {
        // Nobody to deliver to any more (the reader went away): record only.
        return n == readSize;
    }
    if (m_handler) {
        m_handler->take(m_stream, QByteArrayView(target, qsizetype(n)));
        updateNotifiers();
        return n == readSize && heldBytes() < m_highWaterBytes;
    }
    m_tail += n;
    writeSink();
    return n == readSize && bufferedBytes() == 0;
}

void RelayChannel::writeSink()
{
    while (m_head < m_tail && m_writer && !m_sinkClosing) {
        const IoResult written = m_writer->write(m_buffer.data() + m_head, qint64(m_tail - m_head));
        if (written.status == IoResult::Done) {
            m_head += size_t(written.bytes);
            continue;
        }
        if (written.status == IoResult::WouldBlock)
            break;
        // EPIPE or another hard error: the reader is gone.
        if (written.status != IoResult::Broken)
            qCWarning(lcChannel) << streamName(m_stream) << "write failed:" << written.error;
        m_head = m_tail = 0;
        closeSink();
        closeSource();
        emit sinkBroken();
        return;
    }
    if (m_head == m_tail) {
        m_head = m_tail = 0;
        if (!isSourceOpen() && drained()) {
            closeSink();
            return;
        }
    }
    updateNotifiers();
}

void RelayChannel::updateNotifiers()
{
    if (m_reader)
        m_reader->setEnabled(heldBytes() < m_highWaterBytes);
    if (m_writer && !m_sinkClosing)
        m_writer->setEnabled(bufferedBytes() > 0);
}

qsizetype RelayChannel::heldBytes() const
{
    return bufferedBytes() + (m_handler ? m_handler->heldBytes(m_stream) : 0)
           + (m_writer ? qsizetype(m_writer->pendingBytes()) : 0);
}

void RelayChannel::closeSource()
{
    m_pushOpen = false;
    // The reader goes first: it may have a read under way on the descriptor.
    delete m_reader;
    m_reader = nullptr;
    if (m_source.fd >= 0) {
        m_source.close(m_source.fd);
        m_source.fd = -1;
    }
}

void RelayChannel::closeSink()
{
    if (m_sinkClosing)
        return;
    if (!m_writer) {
        closeSinkNow();
        return;
    }
    // What the writer took goes out before the reader on the other side sees end of file.
    m_sinkClosing = true;
    m_writer->setEnabled(false);
    m_writer->whenFlushed([this] { closeSinkNow(); });
}

void RelayChannel::closeSinkNow()
{
    delete m_writer;
    m_writer = nullptr;
    m_sinkClosing = false;
    if (m_sink.fd >= 0) {
        m_sink.close(m_sink.fd);
        m_sink.fd = -1;
        emit sinkClosed();
    }
}

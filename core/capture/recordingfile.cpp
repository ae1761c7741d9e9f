#include "capture/recordingfile.h"

#include "platform/fdio.h"

#include <cstring>
#include <new>

namespace {

// O_DIRECT wants buffers, sizes and offsets aligned to the device's block size; 4096 covers
// every common one.
constexpr qint64 alignment = 4096;
constexpr qint64 bufferSize = 1024 * 1024;
// At most this much waits for the disk; then appends wait too (backpressure to the relay).
constexpr qint64 maxQueuedBytes = 8 * bufferSize;

} // namespace

void RecordingFile::AlignedFree::operator()(char *p) const
{
    ::operator delete[](p, std::align_val_t(alignment));
}

RecordingFile::RecordingFile() = default;

RecordingFile::~RecordingFile()
{
    if (isOpen())
        syncAndWait();
    closeFile();
}

bool RecordingFile::create(const QString &path, PrivateFileCreation creation)
{
    QString error;
    m_fd = createPrivateFile(path, creation, &error);
    if (m_fd < 0) {
        setErrorString(error);
        return false;
    }
    m_regularFile = fdio::isRegularFile(m_fd);
    if (m_regularFile)
        m_directFd = fdio::openUncached(path);
    m_current = takeBuffer();
    m_writer = std::thread([this] { writerLoop(); });
    return QIODevice::open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

qint64 RecordingFile::readData(char *, qint64)
{
    return -1;
}

qint64 RecordingFile::writeData(const char *data, qint64 size)
{
    if (!noWriteFailed())
        return -1;
    qint64 done = 0;
    while (done < size) {
        const qint64 n = qMin(size - done, bufferSize - m_currentSize);
        std::memcpy(m_current.get() + m_currentSize, data + done, size_t(n));
        m_currentSize += n;
        done += n;
        if (m_currentSize == bufferSize) {
            Job job;
            job.buffer = std::move(m_current);
            job.size = bufferSize;
            job.fileOffset = m_bufferOffset;
            job.direct = m_directFd >= 0;
            enqueue(std::move(job));
            m_bufferOffset += bufferSize;
            m_currentSize = 0;
            m_current = takeBuffer();
        }
    }
    return size;
}

bool RecordingFile::sync()
{
    if (!noWriteFailed())
        return false;
    if (m_currentSize > 0) {
        // The writer gets a copy of the partial block, written through the page cache. The block
        // stays in m_current and goes out again, whole, once it fills.
        Job job;
        job.buffer = takeBuffer();
        std::memcpy(job.buffer.get(), m_current.get(), size_t(m_currentSize));
        job.size = m_currentSize;
        job.fileOffset = m_bufferOffset;
        enqueue(std::move(job));
    }
    return noWriteFailed();
}

qint64 RecordingFile::writtenSize() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_writtenSize;
}

bool RecordingFile::copyUnwritten(qint64 offset, char *out, qint64 size) const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    const qint64 end = offset + size;
    while (offset < end) {
        const char *from = nullptr;
        qint64 available = 0;
        if (offset >= m_bufferOffset && offset < m_bufferOffset + m_currentSize) {
            from = m_current.get() + (offset - m_bufferOffset);
            available = m_bufferOffset + m_currentSize - offset;
        } else {
            auto job = m_unwritten.upper_bound(offset);
            if (job == m_unwritten.begin())
                return false;
            --job;
            available = job->first + job->second.size - offset;
            if (available <= 0)
                return false;
            from = job->second.buffer.get() + (offset - job->first);
        }
        const qint64 n = qMin(available, end - offset);
        std::memcpy(out, from, size_t(n));
        out += n;
        offset += n;
    }
    return true;
}

bool RecordingFile::syncAndWait()
{
    sync();
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [this] { return m_doneTicket == m_lastTicket; });
    }
    return noWriteFailed();
}

bool RecordingFile::noWriteFailed()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_error.isEmpty())
        setErrorString(m_error);
    return m_error.isEmpty();
}

void RecordingFile::enqueue(Job job)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return m_queuedBytes < maxQueuedBytes; });
    job.ticket = ++m_lastTicket;
    m_queuedBytes += job.size;
    m_queue.push_back(std::move(job));
    m_changed.notify_all();
}

RecordingFile::Buffer RecordingFile::takeBuffer()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_spare.empty()) {
            Buffer buffer = std::move(m_spare.front());
            m_spare.pop_front();
            return buffer;
        }
    }
    return Buffer(
        static_cast<char *>(::operator new[](size_t(bufferSize), std::align_val_t(alignment))));
}

void RecordingFile::writerLoop()
{
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_changed.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                return;
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        const bool failedBefore = [this] {
            std::lock_guard<std::mutex> lock(m_mutex);
            return !m_error.isEmpty();
        }();
        const bool ok = !failedBefore && writeJob(job);
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!ok && m_error.isEmpty())
            m_error = QStringLiteral("cannot write session file: ") + fdio::errorString();
        m_queuedBytes -= job.size;
        m_doneTicket = job.ticket;
        if (ok) {
            m_writtenSize = qMax(m_writtenSize, job.fileOffset + job.size);
            if (m_spare.size() < 4)
                m_spare.push_back(std::move(job.buffer));
        } else {
            keepUnwritten(std::move(job));
        }
        m_changed.notify_all();
    }
}

// Under m_mutex. A block's partial copies and the whole block start at the same offset: the
// largest holds all the others do.
void RecordingFile::keepUnwritten(Job job)
{
    Job &kept = m_unwritten[job.fileOffset];
    if (job.size > kept.size)
        kept = std::move(job);
}

bool RecordingFile::writeJob(const Job &job)
{
    if (!m_regularFile) {
        // A pipe or device: plain appends, and a tail copy must not go out twice, so only the
        // bytes past what was already written are written.
        const qint64 from = qMax<qint64>(0, m_appendedToStream - job.fileOffset);
        if (from >= job.size)
            return true;
        if (!fdio::writeAll(m_fd, job.buffer.get() + from, job.size - from))
            return false;
        m_appendedToStream = job.fileOffset + job.size;
        return true;
    }
    if (job.direct && fdio::writeAllAt(m_directFd, job.buffer.get(), job.size, job.fileOffset))
        return true;
    return fdio::writeAllAt(m_fd, job.buffer.get(), job.size, job.fileOffset);
}

void RecordingFile::closeFile()
{
    if (m_writer.joinable()) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stopping = true;
        }
        m_changed.notify_all();
        m_writer.join();
    }
    fdio::closeFd(m_fd);
    fdio::closeFd(m_directFd);
    QIODevice::close();
}

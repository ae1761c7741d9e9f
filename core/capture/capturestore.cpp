#include "capture/capturestore.h"

#include "capture/pcapngreader.h"

#include <QtCore/QDateTime>
#include <QtCore/QMutexLocker>

CaptureStore::CaptureStore() = default;

CaptureStore::~CaptureStore()
{
    flushAndWait();
}

bool CaptureStore::create(const QString &path, const QString &sectionComment,
                          PrivateFileCreation creation)
{
    QMutexLocker locker(&m_mutex);
    m_path = path;
    if (!m_file.create(path, creation)) {
        m_errorString = m_file.errorString();
        return false;
    }
    m_writer = std::make_unique<PcapngWriter>(&m_file);
    m_writer->writeHeader(sectionComment);
    m_sectionComment = sectionComment;
    // Fail now, not after the child started, when the file cannot take even its header.
    if (!m_writer->flush() || !m_file.syncAndWait()) {
        m_errorString = m_file.errorString();
        m_writer.reset();
        return false;
    }
    return true;
}

// Under m_mutex.
bool CaptureStore::openReader(const QString &path)
{
    m_path = path;
    m_reader.setFileName(path);
    if (!m_reader.open(QIODevice::ReadOnly)) {
        m_errorString = QStringLiteral("cannot open %1: %2").arg(path, m_reader.errorString());
        return false;
    }
    return true;
}

bool CaptureStore::load(const QString &path)
{
    QMutexLocker locker(&m_mutex);
    if (!openReader(path))
        return false;
    auto reader = std::make_unique<PcapngReader>(&m_reader);
    QList<ChunkRecord> index;
    if (!reader->scan([&](const ChunkRecord &record) {
            index.append(record);
            m_streamBytes[record.stream] += record.length;
        })) {
        m_errorString = path + QStringLiteral(": ") + reader->errorString();
        m_reader.close();
        return false;
    }
    m_index = std::move(index);
    m_warning = reader->warning();
    m_sectionComment = reader->sectionComment();
    // An annotation of a record the file no longer holds (cut off) has nothing to belong to.
    m_annotations = reader->annotations();
    m_annotations.removeIf(
        [this](Annotations::iterator it) { return it.key().record >= m_index.size(); });
    m_loaded = std::move(reader);
    return true;
}

bool CaptureStore::follow(const QString &path)
{
    QMutexLocker locker(&m_mutex);
    if (!openReader(path))
        return false;
    m_loaded = std::make_unique<PcapngReader>(&m_reader);
    m_following = true;
    return true;
}

qsizetype CaptureStore::readAppended()
{
    QMutexLocker locker(&m_mutex);
    if (!m_following || !m_errorString.isEmpty())
        return 0;
    const qsizetype before = m_index.size();
    if (!m_loaded->readAppended([this](const ChunkRecord &record) {
            m_index.append(record);
            m_streamBytes[record.stream] += record.length;
        })) {
        m_errorString = m_path + QStringLiteral(": ") + m_loaded->errorString();
        return 0;
    }
    m_warning = m_loaded->warning();
    m_sectionComment = m_loaded->sectionComment();
    // The recorder's marks come in as it makes them; marks made here stay, unless the recorder
    // changes the same one later.
    const Annotations &inFile = m_loaded->annotations();
    if (inFile != m_annotationsInFile) {
        for (auto it = inFile.cbegin(); it != inFile.cend(); ++it) {
            if (!(m_annotationsInFile.value(it.key()) == it.value()))
                setAnnotation(&m_annotations, it.key(), it.value());
        }
        m_annotationsInFile = inFile;
    }
    return m_index.size() - before;
}

QString CaptureStore::warning() const
{
    QMutexLocker locker(&m_mutex);
    return m_warning;
}

QString CaptureStore::sectionComment() const
{
    QMutexLocker locker(&m_mutex);
    return m_sectionComment;
}

bool CaptureStore::isLive() const
{
    QMutexLocker locker(&m_mutex);
    return m_writer != nullptr;
}

quint64 CaptureStore::append(Stream stream, qint64 timestampNs, const char *data, qsizetype size,
                             const QString &comment)
{
    QMutexLocker locker(&m_mutex);
    ChunkRecord record;
    record.seq = quint64(m_index.size());
    record.timestampNs = timestampNs;
    record.stream = stream;
    record.length = qint32(size);
    if (m_writer && !m_writer->failed()) {
        record.offset = m_writer->writeRecord(stream, timestampNs,
                                              QByteArray::fromRawData(data, size), {comment});
        // The file's own message says what failed and why ("cannot write session file:
        // REASON"); the writer's would say "cannot write session file:" twice.
        if (m_writer->failed())
            m_errorString = m_file.errorString();
    }
    if (m_errorString.isEmpty()) {
        m_index.append(record);
        m_streamBytes[stream] += size;
    }
    return record.seq;
}

bool CaptureStore::flush()
{
    QMutexLocker locker(&m_mutex);
    if (!m_writer || m_writer->failed())
        return false;
    if (!m_writer->flush() || !m_file.sync()) {
        m_errorString = m_file.errorString();
        return false;
    }
    return true;
}

bool CaptureStore::flushAndWait()
{
    if (!flush())
        return false;
    QMutexLocker locker(&m_mutex);
    if (!m_file.syncAndWait()) {
        m_errorString = m_file.errorString();
        return false;
    }
    return true;
}

qsizetype CaptureStore::count() const
{
    QMutexLocker locker(&m_mutex);
    return m_index.size();
}

qint64 CaptureStore::streamBytes(Stream stream) const
{
    QMutexLocker locker(&m_mutex);
    return m_streamBytes[stream];
}

ChunkRecord CaptureStore::record(qsizetype index) const
{
    QMutexLocker locker(&m_mutex);
    return m_index.at(index);
}

QByteArray CaptureStore::payload(const ChunkRecord &record) const
{
    QMutexLocker locker(&m_mutex);
    if (m_loaded)
        return m_loaded->payload(record);
    qint64 inFile = record.length;
    if (m_writer) {
        if (record.offset >= m_writer->flushedSize())
            return m_writer->pendingBytes(record.offset, record.length);
        // A failed file holds what it wrote; the rest of what it took is in its memory.
        if (record.offset + record.length > m_file.writtenSize() && !m_file.syncAndWait())
            inFile = qBound(qint64(0), m_file.writtenSize() - record.offset, qint64(record.length));
    }
    QByteArray bytes = readFromFile(record.offset, inFile);
    if (bytes.size() != inFile)
        return QByteArray();
    if (inFile < record.length) {
        bytes.resize(record.length);
        if (!m_file.copyUnwritten(record.offset + inFile, bytes.data() + inFile,
                                  record.length - inFile))
            return QByteArray();
    }
    return bytes;
}

// Under m_mutex.
QByteArray CaptureStore::readFromFile(qint64 offset, qint64 size) const
{
    if (size == 0)
        return QByteArray();
    if (!m_reader.isOpen()) {
        m_reader.setFileName(m_path);
        if (!m_reader.open(QIODevice::ReadOnly))
            return QByteArray();
    }
    if (!m_reader.seek(offset))
        return QByteArray();
    return m_reader.read(size);
}

QByteArrayView CaptureStore::mappedPayload(const ChunkRecord &record) const
{
    // The reader is made once, by load(), before anyone reads: no lock needed.
    return m_loaded ? m_loaded->mappedPayload(record) : QByteArrayView();
}

qint64 CaptureStore::fileSize() const
{
    QMutexLocker locker(&m_mutex);
    return m_writer ? m_writer->size() : 0;
}

bool CaptureStore::failed() const
{
    QMutexLocker locker(&m_mutex);
    return !m_errorString.isEmpty();
}

QString CaptureStore::errorString() const
{
    QMutexLocker locker(&m_mutex);
    return m_errorString;
}

Annotations CaptureStore::annotations() const
{
    QMutexLocker locker(&m_mutex);
    return m_annotations;
}

Annotation CaptureStore::annotation(const AnnotationAnchor &anchor) const
{
    QMutexLocker locker(&m_mutex);
    return m_annotations.value(anchor);
}

void CaptureStore::annotate(const AnnotationAnchor &anchor, const Annotation &annotation)
{
    QMutexLocker locker(&m_mutex);
    if (anchor.record < 0 || anchor.record >= m_index.size()
        || m_annotations.value(anchor) == annotation)
        return;
    setAnnotation(&m_annotations, anchor, annotation);
    if (!m_writer || m_writer->failed()) {
        m_unsavedAnnotations = true;
        return;
    }
    // Stamped now, but never before the last record: a file's times do not go backwards.
    const qint64 nowNs = QDateTime::currentMSecsSinceEpoch() * 1000000;
    const qint64 timestampNs = qMax(nowNs, m_index.constLast().timestampNs);
    m_writer->writeRecord(Stream::Event, timestampNs, annotationEventPayload(anchor, annotation),
                          {annotationSummary(anchor, annotation)});
    // In the file before this returns, so a window that crashes next keeps it; the recorder may
    // have stopped flushing anyway (the child ended). A person's click is rare: the wait is not.
    if (!m_writer->flush() || !m_file.syncAndWait()) {
        m_errorString = m_file.errorString();
        m_unsavedAnnotations = true;
    }
}

bool CaptureStore::hasUnsavedAnnotations() const
{
    QMutexLocker locker(&m_mutex);
    return m_unsavedAnnotations;
}

void CaptureStore::setAnnotationsSaved()
{
    QMutexLocker locker(&m_mutex);
    m_unsavedAnnotations = false;
}

QList<qint64> CaptureStore::timeReferences() const
{
    QMutexLocker locker(&m_mutex);
    return timeReferenceTimes(m_annotations, m_index);
}

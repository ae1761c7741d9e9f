#include "capture/pcapngwriter.h"

#include "version.h"

#include <QtCore/QFileDevice>
#include <QtCore/QIODevice>
#include <QtCore/QSysInfo>

#include <cstring>

// Block layout and option codes: pcapng, draft-ietf-opsawg-pcapng. Blocks are written in the
// host's byte order; the byte-order magic in the section header tells readers which one it is.
namespace {

constexpr quint32 sectionHeaderBlockType = 0x0A0D0D0A;
constexpr quint32 interfaceDescriptionBlockType = 1;
constexpr quint32 enhancedPacketBlockType = 6;
constexpr quint32 byteOrderMagic = 0x1A2B3C4D;
constexpr quint16 linkTypeUser0 = 147;

constexpr quint16 optEndOfOpt = 0;
constexpr quint16 optComment = 1;
constexpr quint16 shbOs = 3;
constexpr quint16 shbUserAppl = 4;
constexpr quint16 ifName = 2;
constexpr quint16 ifDescription = 3;
constexpr quint16 ifTsresol = 9;

constexpr quint8 nanosecondResolution = 9;

// Type, leading length, trailing length.
constexpr quint32 blockFrameSize = 12;
// Interface id, timestamp high and low, captured and original length.
constexpr quint32 enhancedPacketHeaderSize = 20;
// From the start of an Enhanced Packet Block to its first payload byte.
constexpr qint64 payloadOffsetInBlock = 8 + enhancedPacketHeaderSize;

// Payloads of at least this size are handed to the device directly rather than copied into the
// buffer first.
constexpr quint32 passThroughSize = 16 * 1024;
// Above this many buffered bytes, writeRecord() flushes by itself: memory stays bounded.
constexpr qsizetype flushThreshold = 1024 * 1024;
// Room for one more 64 KiB chunk on top of the threshold, so the buffer never reallocates.
constexpr qsizetype initialReserve = flushThreshold + 128 * 1024;

constexpr quint32 padded(quint64 size)
{
    return quint32((size + 3) & ~quint64(3));
}

// Options longer than this cannot be encoded (16-bit length); longer text is cut.
constexpr qsizetype maxOptionLength = 0xFFFC;

quint32 optionSize(qsizetype valueLength)
{
    return 4 + padded(quint64(valueLength));
}

char *put16(char *p, quint16 value)
{
    std::memcpy(p, &value, sizeof value);
    return p + sizeof value;
}

char *put32(char *p, quint32 value)
{
    std::memcpy(p, &value, sizeof value);
    return p + sizeof value;
}

char *put64(char *p, quint64 value)
{
    std::memcpy(p, &value, sizeof value);
    return p + sizeof value;
}

// Copies `size` bytes and zeroes the padding up to the next multiple of 4.
char *putPadded(char *p, const char *data, qsizetype size)
{
    if (size > 0)
        std::memcpy(p, data, size_t(size));
    const quint32 total = padded(quint64(size));
    std::memset(p + size, 0, size_t(total - quint32(size)));
    return p + total;
}

char *putOption(char *p, quint16 code, const QByteArray &value)
{
    const qsizetype length = qMin(value.size(), maxOptionLength);
    p = put16(p, code);
    p = put16(p, quint16(length));
    return putPadded(p, value.constData(), length);
}

char *putEndOfOptions(char *p)
{
    p = put16(p, optEndOfOpt);
    return put16(p, 0);
}

QByteArray optionText(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.size() > maxOptionLength) {
        // Cut at a character boundary: never leave half a UTF-8 sequence.
        qsizetype length = maxOptionLength;
        while (length > 0 && (quint8(utf8.at(length)) & 0xC0) == 0x80)
            --length;
        utf8.truncate(length);
    }
    return utf8;
}

QByteArray interfaceDescription(Stream stream)
{
    switch (stream) {
    case Stream::Stdin:
        return QByteArrayLiteral("child's standard input");
    case Stream::Stdout:
        return QByteArrayLiteral("child's standard output");
    case Stream::Stderr:
        return QByteArrayLiteral("child's standard error");
    case Stream::Event:
        return QByteArrayLiteral("pipescope lifecycle events (JSON)");
    }
    return QByteArray();
}

} // namespace

PcapngWriter::PcapngWriter(QIODevice *device)
    : m_device(device)
{
    m_pending.reserve(initialReserve);
}

PcapngWriter::~PcapngWriter() = default;

char *PcapngWriter::beginBlock(quint32 type, quint32 blockLength)
{
    const qsizetype start = m_pending.size();
    m_pending.resize(start + blockLength);
    char *p = m_pending.data() + start;
    put32(p + blockLength - 4, blockLength);
    p = put32(p, type);
    return put32(p, blockLength);
}

void PcapngWriter::writeHeader(const QString &sectionComment)
{
    const QByteArray userAppl = QByteArrayLiteral("pipescope " PIPESCOPE_VERSION);
    const QByteArray os = optionText(QSysInfo::prettyProductName());
    const QByteArray comment = optionText(sectionComment);

    quint32 optionsSize = optionSize(userAppl.size()) + 4;
    if (!os.isEmpty())
        optionsSize += optionSize(os.size());
    if (!comment.isEmpty())
        optionsSize += optionSize(comment.size());

    // Byte-order magic, major and minor version, section length: 16 bytes.
    char *p = beginBlock(sectionHeaderBlockType, blockFrameSize + 16 + optionsSize);
    p = put32(p, byteOrderMagic);
    p = put16(p, 1);
    p = put16(p, 0);
    p = put64(p, ~quint64(0)); // section length -1: not specified
    if (!comment.isEmpty())
        p = putOption(p, optComment, comment);
    if (!os.isEmpty())
        p = putOption(p, shbOs, os);
    p = putOption(p, shbUserAppl, userAppl);
    putEndOfOptions(p);

    for (const Stream stream : allStreams) {
        const QByteArray name = streamName(stream);
        const QByteArray description = interfaceDescription(stream);
        const QByteArray tsresol(1, char(nanosecondResolution));
        const quint32 size = blockFrameSize + 8 + optionSize(name.size())
                             + optionSize(description.size()) + optionSize(tsresol.size()) + 4;
        // Link type, reserved, snap length: 8 bytes.
        p = beginBlock(interfaceDescriptionBlockType, size);
        p = put16(p, linkTypeUser0);
        p = put16(p, 0);
        p = put32(p, 0); // no snap length limit
        p = putOption(p, ifName, name);
        p = putOption(p, ifDescription, description);
        p = putOption(p, ifTsresol, tsresol);
        putEndOfOptions(p);
    }
}

qint64 PcapngWriter::writeRecord(Stream stream, qint64 timestampNs, const QByteArray &payload,
                                 const QStringList &comments)
{
    if (failed())
        return -1;

    const qint64 blockStart = size();
    const auto length = quint32(payload.size());
    quint32 blockLength = blockFrameSize + enhancedPacketHeaderSize + padded(length);

    QByteArrayList commentsUtf8;
    for (const QString &comment : comments) {
        if (!comment.isEmpty()) {
            commentsUtf8.append(optionText(comment));
            blockLength += optionSize(commentsUtf8.constLast().size());
        }
    }
    if (!commentsUtf8.isEmpty())
        blockLength += 4; // opt_endofopt

    const auto timestamp = quint64(timestampNs);
    if (length >= passThroughSize && commentsUtf8.isEmpty()) {
        // A large payload goes to the device from the caller's buffer, without a copy into
        // m_pending: the block's head, the payload, and its tail (left pending) in turn.
        const qsizetype headStart = m_pending.size();
        m_pending.resize(headStart + payloadOffsetInBlock);
        char *p = m_pending.data() + headStart;
        p = put32(p, enhancedPacketBlockType);
        p = put32(p, blockLength);
        p = put32(p, quint32(stream));
        p = put32(p, quint32(timestamp >> 32));
        p = put32(p, quint32(timestamp));
        p = put32(p, length); // captured
        put32(p, length);     // original
        if (!flush() || !writeToDevice(payload.constData(), payload.size()))
            return -1;
        m_flushedSize += payload.size();
        const qsizetype padding = padded(length) - length;
        const qsizetype tailStart = m_pending.size();
        m_pending.resize(tailStart + padding + 4);
        std::memset(m_pending.data() + tailStart, 0, size_t(padding));
        put32(m_pending.data() + tailStart + padding, blockLength);
        return blockStart + payloadOffsetInBlock;
    }

    char *p = beginBlock(enhancedPacketBlockType, blockLength);
    p = put32(p, quint32(stream));
    p = put32(p, quint32(timestamp >> 32));
    p = put32(p, quint32(timestamp));
    p = put32(p, length); // captured
    p = put32(p, length); // original
    p = putPadded(p, payload.constData(), payload.size());
    for (const QByteArray &comment : std::as_const(commentsUtf8))
        p = putOption(p, optComment, comment);
    if (!commentsUtf8.isEmpty())
        putEndOfOptions(p);

    if (m_pending.size() > flushThreshold)
        flush();
    return blockStart + payloadOffsetInBlock;
}

bool PcapngWriter::writeToDevice(const char *data, qint64 size)
{
    qint64 written = 0;
    while (written < size) {
        const qint64 n = m_device->write(data + written, size - written);
        if (n <= 0) {
            m_errorString = QStringLiteral("cannot write session file: ") + m_device->errorString();
            return false;
        }
        written += n;
    }
    return true;
}

bool PcapngWriter::flush()
{
    if (failed())
        return false;
    if (!writeToDevice(m_pending.constData(), m_pending.size()))
        return false;
    m_flushedSize += m_pending.size();
    m_pending.resize(0); // keeps the reserved capacity; clear() would free it

    if (auto file = qobject_cast<QFileDevice *>(m_device); file && !file->flush())
        m_errorString = QStringLiteral("cannot write session file: ") + file->errorString();
    return !failed();
}

QByteArray PcapngWriter::pendingBytes(qint64 offset, qint64 length) const
{
    const qint64 start = offset - m_flushedSize;
    if (start < 0 || length < 0 || start + length > m_pending.size())
        return QByteArray();
    return QByteArray(m_pending.constData() + start, qsizetype(length));
}

#include "capture/pcapngreader.h"

#include "platform/mappedfileguard.h"

#include <QtCore/QFileDevice>
#include <QtCore/QIODevice>
#include <QtCore/QList>
#include <QtCore/QStringList>
#include <QtCore/QtEndian>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

// Block layout and option codes: pcapng, draft-ietf-opsawg-pcapng.
namespace {

constexpr quint32 sectionHeaderBlockType = 0x0A0D0D0A;
constexpr quint32 interfaceDescriptionBlockType = 1;
constexpr quint32 packetBlockType = 2; // obsolete, still read
constexpr quint32 simplePacketBlockType = 3;
constexpr quint32 enhancedPacketBlockType = 6;
constexpr quint32 byteOrderMagic = 0x1A2B3C4D;

constexpr quint16 optEndOfOpt = 0;
constexpr quint16 optComment = 1;
constexpr quint16 shbUserAppl = 4;
constexpr quint16 ifName = 2;
constexpr quint16 ifTsresol = 9;
constexpr quint16 ifTsoffset = 14;

// Type, leading length, trailing length.
constexpr quint32 minimumBlockSize = 12;
// Frame, byte-order magic, version, section length.
constexpr quint32 minimumSectionHeaderSize = 28;
// Frame, link type, reserved, snap length.
constexpr quint32 minimumInterfaceDescriptionSize = 20;
// Frame, interface id (and drop count), timestamp high and low, captured and original length.
constexpr quint32 minimumPacketSize = 32;
constexpr quint32 packetDataOffset = 28;
// Frame, original length.
constexpr quint32 minimumSimplePacketSize = 16;
constexpr quint32 simplePacketDataOffset = 12;

constexpr quint8 defaultTsresol = 6; // microseconds

// Packet data is padded to 4 bytes; options follow it.
constexpr qint64 padded(quint32 length)
{
    return (qint64(length) + 3) & ~qint64(3);
}

struct Interface
{
    std::optional<Stream> stream;
    quint32 snapLength = 0;
    quint8 tsresol = defaultTsresol;
    quint64 tsoffsetNs = 0;
};

// Reads numbers in the byte order of the current section.
class Decoder
{
public:
    bool swapped = false;

    quint16 u16(const uchar *p) const
    {
        quint16 value;
        std::memcpy(&value, p, sizeof value);
        return swapped ? qbswap(value) : value;
    }
    quint32 u32(const uchar *p) const
    {
        quint32 value;
        std::memcpy(&value, p, sizeof value);
        return swapped ? qbswap(value) : value;
    }
    quint64 u64(const uchar *p) const
    {
        quint64 value;
        std::memcpy(&value, p, sizeof value);
        return swapped ? qbswap(value) : value;
    }

    // Calls f(code, value, length) for each option in [p, end), up to opt_endofopt. A malformed
    // option ends the list: the block itself is intact, only its metadata is lost.
    template<typename F>
    void forEachOption(const uchar *p, const uchar *end, F f) const
    {
        while (end - p >= 4) {
            const quint16 code = u16(p);
            const quint16 length = u16(p + 2);
            const qint64 paddedLength = (qint64(length) + 3) & ~qint64(3);
            if (code == optEndOfOpt || paddedLength > end - p - 4)
                return;
            f(code, p + 4, length);
            p += 4 + paddedLength;
        }
    }
};

quint64 powerOf10(int exponent)
{
    quint64 value = 1;
    while (exponent-- > 0)
        value *= 10;
    return value;
}

// Converts a timestamp in units of if_tsresol to nanoseconds.
quint64 toNanoseconds(quint64 ticks, quint8 tsresol)
{
    if (tsresol == 9)
        return ticks;
    if (!(tsresol & 0x80)) {
        if (tsresol < 9)
            return ticks * powerOf10(9 - tsresol);
        if (tsresol - 9 > 19) // 10^20 does not fit in 64 bits: every tick is below 1 ns
            return 0;
        return ticks / powerOf10(tsresol - 9);
    }
    const int shift = tsresol & 0x7F; // units of 2^-shift seconds
#ifdef __SIZEOF_INT128__
    return quint64((static_cast<unsigned __int128>(ticks) * 1000000000u) >> shift);
#else
    return quint64(std::ldexp(double(ticks) * 1e9, -shift));
#endif
}

} // namespace

// Where parsing stands, kept between readAppended() calls.
struct PcapngReader::ParseState
{
    Decoder decoder;
    QList<Interface> interfaces;
    quint64 seq = 0;
    qint64 skipped = 0;
    bool firstSection = true;
    qint64 nextBlock = 0; // file offset of the first block not parsed yet
    bool damaged = false; // a followed file that turned out damaged is read no further
};

PcapngReader::PcapngReader(QIODevice *device)
    : m_device(device)
    , m_state(std::make_unique<ParseState>())
{
}

PcapngReader::~PcapngReader()
{
    unmap();
}

void PcapngReader::unmap()
{
    unguardMappedFile(m_mapGuard);
    m_mapGuard = -1;
    if (m_mappedFile && m_map)
        m_mappedFile->unmap(m_map);
    m_mappedFile.clear();
    m_map = nullptr;
    m_mapSize = 0;
}

bool PcapngReader::scan(const std::function<void(const ChunkRecord &)> &onRecord)
{
    unmap();
    m_sequentialData.clear();
    m_userApplication.clear();
    m_sectionComment.clear();
    m_annotations.clear();
    m_errorString.clear();
    m_warning.clear();
    *m_state = ParseState();

    if (!m_device || !m_device->isReadable()) {
        m_errorString = QStringLiteral("cannot read session file: ")
                        + (m_device ? m_device->errorString() : QStringLiteral("no device"));
        return false;
    }

    if (auto file = qobject_cast<QFileDevice *>(m_device)) {
        const qint64 size = file->size();
        if (size > 0) {
            if (uchar *map = file->map(0, size)) {
                m_mappedFile = file;
                m_map = map;
                m_mapSize = size;
                m_mapGuard = guardMappedFile(map, size);
                return parse(m_map, m_mapSize, onRecord, Tail::Complete);
            }
        }
    }

    QByteArray data;
    if (m_device->isSequential()) {
        data = m_device->readAll();
        m_sequentialData = data;
    } else {
        if (!m_device->seek(0)) {
            m_errorString = QStringLiteral("cannot read session file: ") + m_device->errorString();
            return false;
        }
        data = m_device->readAll();
    }
    return parse(reinterpret_cast<const uchar *>(data.constData()), data.size(), onRecord,
                 Tail::Complete);
}

bool PcapngReader::readAppended(const std::function<void(const ChunkRecord &)> &onRecord)
{
    if (!m_device || !m_device->isOpen() || m_device->isSequential()) {
        m_errorString = QStringLiteral("cannot read session file: ")
                        + (m_device ? m_device->errorString() : QStringLiteral("no device"));
        return false;
    }
    if (m_state->damaged)
        return true;
    // In pieces, so that catching up with a large file leaves the caller's loop a turn between
    // them; a block longer than a piece is read whole.
    constexpr qint64 pieceSize = 16 * 1024 * 1024;
    const qint64 available = m_device->size() - m_state->nextBlock;
    if (available <= 0)
        return true;
    qint64 want = qMin(available, pieceSize);
    if (want >= 8 && m_device->seek(m_state->nextBlock + 4)) {
        const QByteArray lengthField = m_device->read(4);
        if (lengthField.size() == 4) {
            quint32 length;
            std::memcpy(&length, lengthField.constData(), sizeof length);
            if (m_state->nextBlock > 0 && m_state->decoder.swapped)
                length = qbswap(length);
            if (length > want && length <= available)
                want = length;
        }
    }
    if (!m_device->seek(m_state->nextBlock)) {
        m_errorString = QStringLiteral("cannot read session file: ") + m_device->errorString();
        return false;
    }
    const QByteArray data = m_device->read(want);
    return parse(reinterpret_cast<const uchar *>(data.constData()), data.size(), onRecord,
                 Tail::Growing);
}

qint64 PcapngReader::parsedSize() const
{
    return m_state->nextBlock;
}

bool PcapngReader::parse(const uchar *data, qint64 size,
                         const std::function<void(const ChunkRecord &)> &onRecord, Tail tail)
{
    // `data` starts at the first block not parsed yet; offsets in records are the file's.
    const qint64 base = m_state->nextBlock;
    if (base == 0) {
        if (size == 0 && tail == Tail::Growing)
            return true; // not even the header yet
        if (size == 0) {
            m_errorString = QStringLiteral("file is empty");
            return false;
        }
        // The section header's type reads the same in both byte orders.
        quint32 firstType = 0;
        if (size >= 4)
            std::memcpy(&firstType, data, sizeof firstType);
        if (firstType != sectionHeaderBlockType && !(tail == Tail::Growing && size < 4)) {
            m_errorString = QStringLiteral("not a pcapng session file");
            return false;
        }
    }

    ParseState &state = *m_state;
    Decoder &decoder = state.decoder;
    QList<Interface> &interfaces = state.interfaces;
    quint64 &seq = state.seq;
    qint64 &skipped = state.skipped;
    qint64 damagedAt = -1;
    bool &firstSection = state.firstSection;

    const auto deliver = [&](quint32 interfaceId, quint64 ticks, bool hasTimestamp, qint64 offset,
                             quint32 length, const QStringList &comments) {
        if (interfaceId >= quint32(interfaces.size()) || !interfaces.at(interfaceId).stream) {
            ++skipped;
            return;
        }
        const Interface &iface = interfaces.at(interfaceId);
        const bool isEvent = *iface.stream == Stream::Event;
        if (isEvent) {
            // A live session's annotation: not a record of the session, the state of one.
            const auto annotation = annotationFromEvent(QByteArray::fromRawData(
                reinterpret_cast<const char *>(data + (offset - base)), qsizetype(length)));
            if (annotation) {
                setAnnotation(&m_annotations, annotation->first, annotation->second);
                return;
            }
        }
        // An event's first comment is its summary; the rest, and all of a chunk's, annotate it.
        for (qsizetype i = isEvent ? 1 : 0; i < comments.size(); ++i)
            readAnnotationComment(&m_annotations, qint64(seq), comments.at(i));
        ChunkRecord record;
        record.seq = seq++;
        // A time past 2262 (a damaged or foreign file) does not fit in qint64 nanoseconds: it
        // becomes the latest one that does, so that no difference of two times overflows.
        record.timestampNs
            = hasTimestamp ? qint64(std::min(toNanoseconds(ticks, iface.tsresol) + iface.tsoffsetNs,
                                             quint64(std::numeric_limits<qint64>::max())))
                           : 0;
        record.offset = offset;
        record.length = qint32(length);
        record.stream = *iface.stream;
        if (onRecord)
            onRecord(record);
    };

    qint64 pos = 0;
    while (pos < size) {
        const uchar *block = data + pos;
        const qint64 remaining = size - pos;
        if (remaining < minimumBlockSize) {
            if (tail == Tail::Complete)
                damagedAt = base + pos;
            break; // a growing file: the rest is still being written
        }
        quint32 type;
        std::memcpy(&type, block, sizeof type);
        if (type == sectionHeaderBlockType) {
            // A new section may switch byte order: its magic says which one it uses.
            quint32 magic;
            std::memcpy(&magic, block + 8, sizeof magic);
            if (magic == byteOrderMagic) {
                decoder.swapped = false;
            } else if (magic == qbswap(byteOrderMagic)) {
                decoder.swapped = true;
            } else {
                damagedAt = base + pos;
                break;
            }
        } else {
            type = decoder.u32(block);
        }

        const quint32 length = decoder.u32(block + 4);
        if (tail == Tail::Growing && length >= minimumBlockSize && length % 4 == 0
            && length > remaining)
            break; // still being written
        if (length < minimumBlockSize || length % 4 != 0 || length > remaining
            || decoder.u32(block + length - 4) != length) {
            damagedAt = base + pos;
            break;
        }
        const uchar *optionsEnd = block + length - 4;

        bool damaged = false;
        switch (type) {
        case sectionHeaderBlockType: {
            if (length < minimumSectionHeaderSize) {
                damaged = true;
                break;
            }
            if (const quint16 major = decoder.u16(block + 12); major != 1) {
                if (base + pos == 0) {
                    m_errorString = QStringLiteral("unsupported pcapng version %1.%2")
                                        .arg(major)
                                        .arg(decoder.u16(block + 14));
                    return false;
                }
                damaged = true;
                break;
            }
            interfaces.clear();
            if (!firstSection)
                break;
            firstSection = false;
            decoder.forEachOption(block + 24, optionsEnd,
                                  [this](quint16 code, const uchar *value, quint16 valueLength) {
                                      const auto text = QString::fromUtf8(
                                          reinterpret_cast<const char *>(value), valueLength);
                                      if (code == shbUserAppl)
                                          m_userApplication = text;
                                      else if (code == optComment)
                                          m_sectionComment = text;
                                  });
            break;
        }
        case interfaceDescriptionBlockType: {
            if (length < minimumInterfaceDescriptionSize) {
                damaged = true;
                break;
            }
            Interface iface;
            iface.snapLength = decoder.u32(block + 12);
            decoder.forEachOption(block + 16, optionsEnd,
                                  [&](quint16 code, const uchar *value, quint16 valueLength) {
                                      if (code == ifName) {
                                          // Some writers count a terminating NUL in the length.
                                          quint16 textLength = valueLength;
                                          while (textLength > 0 && value[textLength - 1] == 0)
                                              --textLength;
                                          iface.stream = streamFromName(QByteArray::fromRawData(
                                              reinterpret_cast<const char *>(value), textLength));
                                      } else if (code == ifTsresol && valueLength >= 1) {
                                          iface.tsresol = value[0];
                                      } else if (code == ifTsoffset && valueLength >= 8) {
                                          iface.tsoffsetNs = decoder.u64(value) * 1000000000u;
                                      }
                                  });
            interfaces.append(iface);
            break;
        }
        case enhancedPacketBlockType:
        case packetBlockType: {
            if (length < minimumPacketSize) {
                damaged = true;
                break;
            }
            const quint32 interfaceId
                = type == enhancedPacketBlockType ? decoder.u32(block + 8) : decoder.u16(block + 8);
            const quint64 ticks = quint64(decoder.u32(block + 12)) << 32 | decoder.u32(block + 16);
            const quint32 captured = decoder.u32(block + 20);
            if (captured > length - minimumPacketSize || captured > quint32(INT32_MAX)) {
                damaged = true;
                break;
            }
            QStringList comments;
            if (type == enhancedPacketBlockType) {
                decoder.forEachOption(
                    block + packetDataOffset + padded(captured), optionsEnd,
                    [&](quint16 code, const uchar *value, quint16 valueLength) {
                        if (code == optComment)
                            comments.append(QString::fromUtf8(reinterpret_cast<const char *>(value),
                                                              valueLength));
                    });
            }
            deliver(interfaceId, ticks, true, base + pos + packetDataOffset, captured, comments);
            break;
        }
        case simplePacketBlockType: {
            if (length < minimumSimplePacketSize) {
                damaged = true;
                break;
            }
            // No captured length: the original length, cut by the block and the snap length.
            quint32 captured = qMin(decoder.u32(block + 8), length - minimumSimplePacketSize);
            if (!interfaces.isEmpty() && interfaces.constFirst().snapLength != 0)
                captured = qMin(captured, interfaces.constFirst().snapLength);
            if (captured > quint32(INT32_MAX)) {
                damaged = true;
                break;
            }
            deliver(0, 0, false, base + pos + simplePacketDataOffset, captured, {});
            break;
        }
        default:
            break; // statistics, name resolution, custom...: not ours, skipped whole
        }
        if (damaged) {
            damagedAt = base + pos;
            break;
        }
        pos += length;
    }
    state.nextBlock = base + pos;
    state.damaged = damagedAt >= 0;

    if (damagedAt == 0) {
        m_errorString = QStringLiteral("session file is cut off or damaged in its section header");
        return false;
    }

    QStringList warnings;
    if (damagedAt > 0) {
        const QString recovered = seq == 1
                                      ? QStringLiteral("1 complete record recovered")
                                      : QStringLiteral("%1 complete records recovered").arg(seq);
        warnings.append(
            QStringLiteral("session file is cut off or damaged at byte %1: ").arg(damagedAt)
            + recovered);
    }
    if (skipped == 1)
        warnings.append(QStringLiteral("1 record on an unknown interface skipped"));
    else if (skipped > 1)
        warnings.append(QStringLiteral("%1 records on unknown interfaces skipped").arg(skipped));
    m_warning = warnings.join(QStringLiteral("; "));
    return true;
}

QByteArray PcapngReader::payload(const ChunkRecord &record) const
{
    if (record.offset < 0 || record.length < 0)
        return QByteArray();
    if (m_map && m_mappedFile && m_mappedFile->isOpen()) {
        if (record.offset + record.length > m_mapSize || isCutOff(record))
            return QByteArray();
        QByteArray bytes(reinterpret_cast<const char *>(m_map + record.offset), record.length);
        // The copy itself may have met the cut, and read zeros.
        return isCutOff(record) ? QByteArray() : bytes;
    }
    if (!m_device)
        return QByteArray();
    if (m_device->isSequential()) {
        if (record.offset + record.length > m_sequentialData.size())
            return QByteArray();
        return m_sequentialData.mid(record.offset, record.length);
    }
    if (record.offset + record.length > m_device->size() || !m_device->seek(record.offset))
        return QByteArray();
    return m_device->read(record.length);
}

QByteArrayView PcapngReader::mappedPayload(const ChunkRecord &record) const
{
    if (!m_map || record.offset < 0 || record.length < 0
        || record.offset + record.length > m_mapSize || isCutOff(record))
        return QByteArrayView();
    return QByteArrayView(m_map + record.offset, record.length);
}

bool PcapngReader::isCutOff(const ChunkRecord &record) const
{
    const qint64 cutAt = mappedFileCutAt(m_mapGuard);
    return cutAt >= 0 && record.offset + record.length > cutAt;
}

#include "msgpackreader.h"

#include <QtCore/QCborStreamWriter>

#include <algorithm>
#include <cstring>
#include <limits>

namespace {

enum class Kind { Nil, False, True, UInt, Int, Float32, Float64, Str, Bin, Ext, Array, Map, Never };

// What a lead byte announces. `fieldSize` big-endian bytes follow it: the value of a number, or
// the length of a str/bin/ext (its data, without the ext type byte) or the element count of an
// array/map. Without such a field, `value` holds the fixint value, the fix length or the count.
struct Head
{
    Kind kind;
    int fieldSize;
    qint64 value;
};

Head headOf(quint8 lead)
{
    if (lead <= 0x7f)
        return {Kind::UInt, 0, lead};
    if (lead <= 0x8f)
        return {Kind::Map, 0, lead & 0x0f};
    if (lead <= 0x9f)
        return {Kind::Array, 0, lead & 0x0f};
    if (lead <= 0xbf)
        return {Kind::Str, 0, lead & 0x1f};
    if (lead >= 0xe0)
        return {Kind::Int, 0, qint8(lead)};
    switch (lead) {
    case 0xc0:
        return {Kind::Nil, 0, 0};
    case 0xc2:
        return {Kind::False, 0, 0};
    case 0xc3:
        return {Kind::True, 0, 0};
    case 0xc4:
    case 0xc5:
    case 0xc6:
        return {Kind::Bin, 1 << (lead - 0xc4), 0};
    case 0xc7:
    case 0xc8:
    case 0xc9:
        return {Kind::Ext, 1 << (lead - 0xc7), 0};
    case 0xca:
        return {Kind::Float32, 4, 0};
    case 0xcb:
        return {Kind::Float64, 8, 0};
    case 0xcc:
    case 0xcd:
    case 0xce:
    case 0xcf:
        return {Kind::UInt, 1 << (lead - 0xcc), 0};
    case 0xd0:
    case 0xd1:
    case 0xd2:
    case 0xd3:
        return {Kind::Int, 1 << (lead - 0xd0), 0};
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8:
        return {Kind::Ext, 0, 1 << (lead - 0xd4)};
    case 0xd9:
    case 0xda:
    case 0xdb:
        return {Kind::Str, 1 << (lead - 0xd9), 0};
    case 0xdc:
    case 0xdd:
        return {Kind::Array, 2 << (lead - 0xdc), 0};
    case 0xde:
    case 0xdf:
        return {Kind::Map, 2 << (lead - 0xde), 0};
    }
    return {Kind::Never, 0, 0}; // 0xc1
}

bool hasLengthField(Kind kind)
{
    switch (kind) {
    case Kind::Str:
    case Kind::Bin:
    case Kind::Ext:
    case Kind::Array:
    case Kind::Map:
        return true;
    default:
        return false;
    }
}

// Writes the object as CBOR rather than building the tree directly: QCborMap::insert() looks
// the key up first, which makes a large map quadratic, while QCborValue::fromCbor() appends.
class Transcoder
{
public:
    Transcoder(QByteArrayView in, QCborStreamWriter &out)
        : m_data(reinterpret_cast<const quint8 *>(in.data()))
        , m_size(in.size())
        , m_out(out)
    {}

    bool item(int depth);
    qsizetype position() const { return m_pos; }

private:
    // Declared sizes are checked against what is left before anything is written for them.
    bool has(quint64 bytes) const { return bytes <= quint64(m_size - m_pos); }
    quint64 take(int bytes);
    const char *current() const { return reinterpret_cast<const char *>(m_data + m_pos); }

    const quint8 *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
    QCborStreamWriter &m_out;
};

quint64 Transcoder::take(int bytes)
{
    quint64 value = 0;
    for (int i = 0; i < bytes; ++i)
        value = (value << 8) | m_data[m_pos++];
    return value;
}

qint64 signExtended(quint64 field, int fieldSize)
{
    switch (fieldSize) {
    case 1:
        return qint8(field);
    case 2:
        return qint16(field);
    case 4:
        return qint32(field);
    default:
        return qint64(field);
    }
}

bool Transcoder::item(int depth)
{
    if (!has(1))
        return false;
    const Head head = headOf(m_data[m_pos++]);
    if (!has(head.fieldSize))
        return false;
    const quint64 field = head.fieldSize > 0 ? take(head.fieldSize) : quint64(head.value);
    switch (head.kind) {
    case Kind::Nil:
        m_out.append(nullptr);
        return true;
    case Kind::False:
    case Kind::True:
        m_out.append(head.kind == Kind::True);
        return true;
    case Kind::UInt:
        if (field > quint64(std::numeric_limits<qint64>::max()))
            m_out.append(double(field));
        else
            m_out.append(qint64(field));
        return true;
    case Kind::Int:
        m_out.append(signExtended(field, head.fieldSize));
        return true;
    case Kind::Float32: {
        const auto bits = quint32(field);
        float value;
        std::memcpy(&value, &bits, sizeof value);
        m_out.append(double(value));
        return true;
    }
    case Kind::Float64: {
        double value;
        std::memcpy(&value, &field, sizeof value);
        m_out.append(value);
        return true;
    }
    case Kind::Str:
        if (!has(field))
            return false;
        // QCborValue::fromCbor() rejects invalid UTF-8, which peers do send in buffer text.
        m_out.append(QString::fromUtf8(current(), qsizetype(field)));
        m_pos += qsizetype(field);
        return true;
    case Kind::Bin:
        if (!has(field))
            return false;
        m_out.appendByteString(current(), qsizetype(field));
        m_pos += qsizetype(field);
        return true;
    case Kind::Ext: {
        if (!has(field + 1))
            return false;
        const qint8 type = qint8(m_data[m_pos++]);
        m_out.startMap(2);
        m_out.append(QLatin1String("ext"));
        m_out.append(qint64(type));
        m_out.append(QLatin1String("data"));
        m_out.appendByteString(current(), qsizetype(field));
        m_out.endMap();
        m_pos += qsizetype(field);
        return true;
    }
    case Kind::Array:
    case Kind::Map: {
        // Every element takes at least one byte.
        const quint64 elements = head.kind == Kind::Map ? 2 * field : field;
        if (depth == MsgpackFramer::maxDepth || !has(elements))
            return false;
        if (head.kind == Kind::Map)
            m_out.startMap(field);
        else
            m_out.startArray(field);
        for (quint64 i = 0; i < elements; ++i) {
            if (!item(depth + 1))
                return false;
        }
        if (head.kind == Kind::Map)
            m_out.endMap();
        else
            m_out.endArray();
        return true;
    }
    case Kind::Never:
        break;
    }
    return false;
}

} // namespace

qsizetype MsgpackFramer::feed(QByteArrayView data)
{
    const auto *bytes = reinterpret_cast<const quint8 *>(data.data());
    qsizetype used = 0;
    while (used < data.size() && m_step != Step::Complete && m_step != Step::Failed) {
        switch (m_step) {
        case Step::Lead:
            if (!startItem(bytes[used])) {
                m_failedAt = m_offset + used;
                m_step = Step::Failed;
            }
            ++used;
            break;
        case Step::Length:
            m_length = (m_length << 8) | bytes[used++];
            if (--m_lengthBytes == 0)
                lengthKnown(m_length);
            break;
        case Step::Skip: {
            // Payload is never looked at, so however it is split it costs O(1) per piece.
            const auto n = qsizetype(std::min(m_skip, quint64(data.size() - used)));
            m_skip -= quint64(n);
            used += n;
            if (m_skip == 0)
                itemDone();
            break;
        }
        case Step::Complete:
        case Step::Failed:
            break;
        }
    }
    m_offset += used;
    return used;
}

void MsgpackFramer::reset()
{
    m_skip = 0;
    m_offset = 0;
    m_failedAt = -1;
    m_length = 0;
    m_depth = 0;
    m_lengthBytes = 0;
    m_lead = 0;
    m_step = Step::Lead;
}

bool MsgpackFramer::startItem(quint8 lead)
{
    const Head head = headOf(lead);
    if (head.kind == Kind::Never)
        return false;
    if ((head.kind == Kind::Array || head.kind == Kind::Map) && m_depth == maxDepth)
        return false;
    m_lead = lead;
    if (!hasLengthField(head.kind)) {
        skip(quint64(head.fieldSize));
    } else if (head.fieldSize == 0) {
        lengthKnown(quint64(head.value));
    } else {
        m_length = 0;
        m_lengthBytes = head.fieldSize;
        m_step = Step::Length;
    }
    return true;
}

void MsgpackFramer::lengthKnown(quint64 length)
{
    switch (headOf(m_lead).kind) {
    case Kind::Array:
        open(length);
        break;
    case Kind::Map:
        open(2 * length);
        break;
    case Kind::Ext:
        skip(length + 1); // the type byte
        break;
    default:
        skip(length);
        break;
    }
}

void MsgpackFramer::skip(quint64 bytes)
{
    m_skip = bytes;
    if (m_skip == 0)
        itemDone();
    else
        m_step = Step::Skip;
}

void MsgpackFramer::open(quint64 elements)
{
    if (elements == 0) {
        itemDone();
        return;
    }
    m_remaining[size_t(m_depth++)] = elements;
    m_step = Step::Lead;
}

// One element is done: it may complete its container, and that one its own, and so on.
void MsgpackFramer::itemDone()
{
    while (m_depth > 0) {
        if (--m_remaining[size_t(m_depth - 1)] > 0) {
            m_step = Step::Lead;
            return;
        }
        --m_depth;
    }
    m_step = Step::Complete;
}

QCborValue msgpackToCbor(QByteArrayView bytes, qsizetype *used)
{
    if (used)
        *used = 0;
    QByteArray cbor;
    QCborStreamWriter writer(&cbor);
    Transcoder transcoder(bytes, writer);
    if (!transcoder.item(0))
        return QCborValue(QCborValue::Invalid);
    if (used)
        *used = transcoder.position();
    return QCborValue::fromCbor(cbor);
}

#include "codec/msgpackreader.h"

#include "codec/msgpackformat.h"

#include <QtCore/QCborStreamWriter>

#include <algorithm>
#include <cstring>
#include <limits>

namespace {

using msgpack::Head;
using msgpack::headOf;
using msgpack::Kind;

// Writes the object as CBOR rather than building the tree directly: QCborMap::insert() looks
// the key up first, which makes a large map quadratic, while QCborValue::fromCbor() appends.
class Transcoder
{
public:
    Transcoder(QByteArrayView in, QCborStreamWriter &out)
        : m_data(reinterpret_cast<const quint8 *>(in.data()))
        , m_size(in.size())
        , m_out(out)
    {
    }

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
        if (depth == msgpack::maxDepth || !has(elements))
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

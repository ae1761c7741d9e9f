#include "codec/msgpackwriter.h"

#include <QtCore/QCborArray>
#include <QtCore/QCborMap>
#include <QtCore/QtEndian>

#include <cstring>

namespace {

template<typename T>
void appendBigEndian(QByteArray *out, T value)
{
    const T big = qToBigEndian(value);
    out->append(reinterpret_cast<const char *>(&big), sizeof big);
}

// A length-prefixed type: fix (when it fits) or the 8/16/32-bit form (type8 0: none).
void appendHeader(QByteArray *out, quint32 size, quint8 fixBase, quint32 fixLimit, quint8 type8,
                  quint8 type16, quint8 type32)
{
    if (size < fixLimit) {
        out->append(char(fixBase | size));
    } else if (type8 && size <= 0xff) {
        out->append(char(type8));
        out->append(char(size));
    } else if (size <= 0xffff) {
        out->append(char(type16));
        appendBigEndian(out, quint16(size));
    } else {
        out->append(char(type32));
        appendBigEndian(out, size);
    }
}

void appendInteger(QByteArray *out, qint64 value)
{
    if (value >= -32 && value <= 0x7f) { // positive and negative fixint
        out->append(char(value));
    } else if (value >= 0) {
        out->append(char(0xcf));
        appendBigEndian(out, quint64(value));
    } else {
        out->append(char(0xd3));
        appendBigEndian(out, value);
    }
}

void append(QByteArray *out, const QCborValue &value)
{
    if (value.isInteger()) {
        appendInteger(out, value.toInteger());
    } else if (value.isDouble()) {
        out->append(char(0xcb));
        const double number = value.toDouble();
        quint64 bits;
        std::memcpy(&bits, &number, sizeof bits);
        appendBigEndian(out, bits);
    } else if (value.isBool()) {
        out->append(char(value.toBool() ? 0xc3 : 0xc2));
    } else if (value.isString()) {
        const QByteArray text = value.toString().toUtf8();
        appendHeader(out, quint32(text.size()), 0xa0, 32, 0xd9, 0xda, 0xdb);
        out->append(text);
    } else if (value.isByteArray()) {
        const QByteArray bytes = value.toByteArray();
        appendHeader(out, quint32(bytes.size()), 0, 0, 0xc4, 0xc5, 0xc6);
        out->append(bytes);
    } else if (value.isArray()) {
        const QCborArray array = value.toArray();
        appendHeader(out, quint32(array.size()), 0x90, 16, 0, 0xdc, 0xdd);
        for (const QCborValue &element : array)
            append(out, element);
    } else if (value.isMap()) {
        const QCborMap map = value.toMap();
        appendHeader(out, quint32(map.size()), 0x80, 16, 0, 0xde, 0xdf);
        for (auto it = map.begin(); it != map.end(); ++it) {
            append(out, it.key());
            append(out, it.value());
        }
    } else {
        out->append(char(0xc0)); // null, undefined and anything else
    }
}

} // namespace

QByteArray cborToMsgpack(const QCborValue &value)
{
    QByteArray out;
    append(&out, value);
    return out;
}

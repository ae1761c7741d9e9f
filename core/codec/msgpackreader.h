#pragma once

#include <QtCore/QByteArrayView>
#include <QtCore/QCborValue>

// Decodes the first msgpack object of `bytes` into a tree: nil -> Null, bool, ints -> Integer
// (uint64 above qint64 max -> Double), float32/64 -> Double, str -> String (UTF-8, invalid
// sequences replaced by U+FFFD), bin -> ByteArray, array -> QCborArray, map -> QCborMap (keys
// keep their type, insertion order and repeated keys kept), ext type T -> QCborMap
// {"ext": T, "data": ByteArray} (ext -1 timestamp likewise). `used` receives the object's size.
// Truncated or invalid input, or nesting deeper than msgpack::maxDepth, gives
// QCborValue(QCborValue::Invalid) and *used = 0.
QCborValue msgpackToCbor(QByteArrayView bytes, qsizetype *used = nullptr);

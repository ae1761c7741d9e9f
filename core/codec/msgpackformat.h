#pragma once

#include <QtCore/QtGlobal>

// The msgpack wire format (https://github.com/msgpack/msgpack/blob/master/spec.md) as far as the
// framer and the reader share it: what each lead byte announces.
namespace msgpack {

// Arrays and maps nested deeper than this are refused: a hostile stream cannot exhaust memory
// or the stack of a recursive reader.
constexpr int maxDepth = 256;

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

Head headOf(quint8 lead);
// Str, bin, ext, array and map: the field after the lead byte (if any) is a length or a count.
bool hasLengthField(Kind kind);

} // namespace msgpack

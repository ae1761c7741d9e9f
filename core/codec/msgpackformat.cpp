#include "codec/msgpackformat.h"

namespace msgpack {

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

} // namespace msgpack

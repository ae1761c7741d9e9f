#pragma once

#include "codec/parseerror.h"

#include <QtCore/QByteArray>

#include <optional>

// Bytes written in hex the way people paste them: "de ad be ef", "deadbeef", "0xde, 0xad".
// Whitespace and commas separate groups; a group may start with 0x and holds an even number of
// hex digits. Used by the search bar and the input bar alike.
struct HexBytes
{
    QByteArray bytes;
    std::optional<ParseError> error; // where the problem is: "'g' is not a hex digit"
    bool isValid() const { return !error; }
};

HexBytes parseHexBytes(const QString &text);

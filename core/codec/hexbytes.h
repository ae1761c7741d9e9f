#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

// Bytes written in hex the way people paste them: "de ad be ef", "deadbeef", "0xde, 0xad".
// Whitespace and commas separate groups; a group may start with 0x and holds an even number of
// hex digits. Used by the search bar and the input bar alike.
struct HexBytes
{
    QByteArray bytes;
    QString error;              // one line, without the position: "'g' is not a hex digit"
    qsizetype errorPosition = -1; // index in the text where the problem is
    bool isValid() const { return errorPosition < 0; }
};

HexBytes parseHexBytes(const QString &text);

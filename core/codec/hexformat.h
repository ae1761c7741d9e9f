#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

// One line of a hex dump, in the shape of `hexdump -C` without the bars:
//
//   00000010  48 65 6c 6c 6f 2c 20 57  6f 72 6c 64 21 0a 00 ff  Hello, World!...
//   ^offset   ^hex: two lowercase digits a byte, one space       ^ASCII: 0x20..0x7e as they are,
//             between bytes, two after every 8th byte             every other byte as '.'
//
// Everything is counted in character columns of a monospace font; the view multiplies by the
// character width. The pieces are returned separately so that a view can place and colour them.

enum class HexArea { Offset, Hex, Ascii };

// Where the columns of a line are, for a given number of bytes per row and offset width.
struct HexLayout
{
    int bytesPerRow = 16;
    int offsetDigits = 8;

    static constexpr int GroupSize = 8; // an extra space after every GroupSize bytes
    static constexpr int Gap = 2;       // spaces between the offset, hex and ASCII parts

    int hexStart() const { return offsetDigits + Gap; }
    // Column of the first digit of byte `index` (0 <= index < bytesPerRow).
    int hexColumn(int index) const { return hexStart() + 3 * index + index / GroupSize; }
    // Width of the hex part of a full row, without trailing spaces.
    int hexWidth() const { return 3 * bytesPerRow - 1 + (bytesPerRow - 1) / GroupSize; }
    int asciiStart() const { return hexStart() + hexWidth() + Gap; }
    int asciiColumn(int index) const { return asciiStart() + index; }
    int lineWidth() const { return asciiStart() + bytesPerRow; }

    // The byte whose hex cell covers `column` (its two digits and the spaces after them), or -1
    // when the column is outside the hex part.
    int byteAtHexColumn(int column) const;
    // The byte shown at `column` of the ASCII part, or -1 when the column is outside it.
    int byteAtAsciiColumn(int column) const;
    // The part of the line a column belongs to; the gaps between parts are split in the middle,
    // columns left of the line are Offset and columns right of it Ascii.
    HexArea areaAt(int column) const;
    // The byte of `area` nearest to `column`, always in [0, bytesPerRow); 0 for the Offset area.
    // Used while dragging a selection, which stays in the area where it started.
    int nearestByte(HexArea area, int column) const;
};

struct HexLine
{
    QString offset; // at least 8 digits (HexLayout::offsetDigits), more when the offset needs them
    QString hex;    // always HexLayout::hexWidth() characters: a short row is padded with spaces
    QString ascii;  // one character per byte, not padded
};

// Number of hex digits needed to show every offset up to `maxOffset`: at least 8.
int hexOffsetDigits(qint64 maxOffset);

bool isPrintableAscii(char byte);

// The pieces of the line for `bytes` (at most layout.bytesPerRow of them) starting at `offset`.
HexLine formatHexLine(qint64 offset, const QByteArray &bytes, const HexLayout &layout);

// The whole line as text: offset, two spaces, hex part (padded so that the ASCII part of a short
// last line lines up with the full lines above), two spaces, ASCII part.
QString hexLine(qint64 offset, const QByteArray &bytes, int bytesPerRow);

// A cursor move in a hex view, by keyboard.
enum class HexMove {
    NextByte,
    PreviousByte,
    NextLine,
    PreviousLine,
    NextPage,
    PreviousPage,
    StartOfLine,
    EndOfLine,
    Start,
    End
};

// Where `move` takes a cursor at byte `cursor` of `size` bytes (size > 0), with `bytesPerRow`
// bytes a line and `pageBytes` bytes a page: always a byte in [0, size). Up from the first
// line stays put; down from the last line goes to the last byte.
qint64 hexCursorTarget(HexMove move, qint64 cursor, qint64 size, int bytesPerRow, qint64 pageBytes);

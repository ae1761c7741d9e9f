#include "codec/hexformat.h"

#include <algorithm>

namespace {

constexpr char16_t HexDigits[] = u"0123456789abcdef";

} // namespace

int HexLayout::byteAtHexColumn(int column) const
{
    const int relative = column - hexStart();
    if (relative < 0 || relative >= hexWidth())
        return -1;
    constexpr int groupWidth = 3 * GroupSize + 1;
    const int group = relative / groupWidth;
    const int inGroup = std::min((relative % groupWidth) / 3, GroupSize - 1);
    return group * GroupSize + inGroup;
}

int HexLayout::byteAtAsciiColumn(int column) const
{
    const int relative = column - asciiStart();
    return relative >= 0 && relative < bytesPerRow ? relative : -1;
}

HexArea HexLayout::areaAt(int column) const
{
    if (column < hexStart() - Gap / 2)
        return HexArea::Offset;
    if (column < asciiStart() - Gap / 2)
        return HexArea::Hex;
    return HexArea::Ascii;
}

int HexLayout::nearestByte(HexArea area, int column) const
{
    switch (area) {
    case HexArea::Offset:
        return 0;
    case HexArea::Hex:
        return byteAtHexColumn(std::clamp(column, hexStart(), hexStart() + hexWidth() - 1));
    case HexArea::Ascii:
        return std::clamp(column - asciiStart(), 0, bytesPerRow - 1);
    }
    return 0;
}

int hexOffsetDigits(qint64 maxOffset)
{
    int digits = 8;
    for (quint64 rest = quint64(maxOffset) >> 32; rest != 0; rest >>= 4)
        ++digits;
    return digits;
}

bool isPrintableAscii(char byte)
{
    return byte >= 0x20 && byte <= 0x7e;
}

HexLine formatHexLine(qint64 offset, const QByteArray &bytes, const HexLayout &layout)
{
    HexLine line;

    const int digits = std::max(layout.offsetDigits, hexOffsetDigits(offset));
    line.offset.resize(digits);
    QChar *out = line.offset.data();
    quint64 value = quint64(offset);
    for (int i = digits - 1; i >= 0; --i, value >>= 4)
        out[i] = QChar(HexDigits[value & 0xf]);

    const int count = int(std::min<qsizetype>(bytes.size(), layout.bytesPerRow));
    line.hex.fill(QLatin1Char(' '), layout.hexWidth());
    line.ascii.resize(count);
    QChar *hex = line.hex.data();
    QChar *ascii = line.ascii.data();
    const int hexStart = layout.hexStart();
    for (int i = 0; i < count; ++i) {
        const auto byte = uchar(bytes.at(i));
        QChar *cell = hex + layout.hexColumn(i) - hexStart;
        cell[0] = QChar(HexDigits[byte >> 4]);
        cell[1] = QChar(HexDigits[byte & 0xf]);
        ascii[i] = isPrintableAscii(char(byte)) ? QChar(QLatin1Char(char(byte))) : QChar(u'.');
    }
    return line;
}

QString hexLine(qint64 offset, const QByteArray &bytes, int bytesPerRow)
{
    HexLayout layout;
    layout.bytesPerRow = bytesPerRow;
    layout.offsetDigits = hexOffsetDigits(offset);
    const HexLine line = formatHexLine(offset, bytes, layout);
    const QLatin1String gap("  ");
    return line.offset + gap + line.hex + gap + line.ascii;
}

qint64 hexCursorTarget(HexMove move, qint64 cursor, qint64 size, int bytesPerRow, qint64 pageBytes)
{
    qint64 target = cursor;
    switch (move) {
    case HexMove::NextByte:
        target = cursor + 1;
        break;
    case HexMove::PreviousByte:
        target = cursor - 1;
        break;
    case HexMove::NextLine:
        target = cursor + bytesPerRow;
        break;
    case HexMove::PreviousLine:
        target = cursor >= bytesPerRow ? cursor - bytesPerRow : cursor;
        break;
    case HexMove::NextPage:
        target = cursor + pageBytes;
        break;
    case HexMove::PreviousPage:
        target = cursor - pageBytes;
        break;
    case HexMove::StartOfLine:
        target = cursor - cursor % bytesPerRow;
        break;
    case HexMove::EndOfLine:
        target = cursor - cursor % bytesPerRow + bytesPerRow - 1;
        break;
    case HexMove::Start:
        target = 0;
        break;
    case HexMove::End:
        target = size - 1;
        break;
    }
    return std::clamp<qint64>(target, 0, size - 1);
}

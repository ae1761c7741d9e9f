#include "codec/hexformat.h"

#include <QtTest/QTest>

Q_DECLARE_METATYPE(HexArea)
Q_DECLARE_METATYPE(HexMove)

namespace {

QByteArray counting(int count, int first = 0)
{
    QByteArray bytes(count, Qt::Uninitialized);
    for (int i = 0; i < count; ++i)
        bytes[i] = char(first + i);
    return bytes;
}

} // namespace

class tst_HexFormat : public QObject
{
    Q_OBJECT

private slots:
    void hexLine_data();
    void hexLine();
    void formatHexLinePieces_data();
    void formatHexLinePieces();
    void asciiLinesUpOnShortLines_data();
    void asciiLinesUpOnShortLines();
    void offsetDigits_data();
    void offsetDigits();

    void layout_data();
    void layout();
    void byteAtHexColumn_data();
    void byteAtHexColumn();
    void byteAtAsciiColumn_data();
    void byteAtAsciiColumn();
    void hitTestAgreesWithColumns_data();
    void hitTestAgreesWithColumns();
    void areaAt_data();
    void areaAt();
    void nearestByte_data();
    void nearestByte();
    void cursorTarget_data();
    void cursorTarget();
};

void tst_HexFormat::hexLine_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("bytesPerRow");
    QTest::addColumn<QString>("expected");

    QTest::newRow("full line, 16 per row")
        << qint64(0x10) << QByteArrayLiteral("Hello, World!\n\x00\xff") << 16
        << QStringLiteral("00000010  48 65 6c 6c 6f 2c 20 57  6f 72 6c 64 21 0a 00 ff  "
                          "Hello, World!...");
    QTest::newRow("short last line is padded")
        << qint64(0x20) << QByteArrayLiteral("abc") << 16
        << QString(QStringLiteral("00000020  61 62 63").leftJustified(60) + QLatin1String("abc"));
    QTest::newRow("short line past the first group")
        << qint64(0x30) << QByteArrayLiteral("0123456789") << 16
        << QString(QStringLiteral("00000030  30 31 32 33 34 35 36 37  38 39").leftJustified(60)
                   + QLatin1String("0123456789"));
    QTest::newRow("empty") << qint64(0) << QByteArray() << 16
                           << QStringLiteral("00000000").leftJustified(60);
    QTest::newRow("8 per row") << qint64(8)
                               << QByteArrayLiteral("\xde\xad\xbe\xef"
                                                    "ABCD")
                               << 8
                               << QStringLiteral("00000008  de ad be ef 41 42 43 44  ....ABCD");
    QTest::newRow("8 per row, short")
        << qint64(16) << QByteArrayLiteral("\x01") << 8
        << QString(QStringLiteral("00000010  01").leftJustified(35) + QLatin1Char('.'));
    QTest::newRow("32 per row") << qint64(0x40) << counting(32, 0x30) << 32
                                << QStringLiteral(
                                       "00000040  30 31 32 33 34 35 36 37  38 39 3a 3b 3c 3d 3e 3f"
                                       "  40 41 42 43 44 45 46 47  48 49 4a 4b 4c 4d 4e 4f  "
                                       "0123456789:;<=>?@ABCDEFGHIJKLMNO");
    QTest::newRow("32 per row, short")
        << qint64(0x60) << counting(17, 0x61) << 32
        << QString(QStringLiteral("00000060  61 62 63 64 65 66 67 68  69 6a 6b 6c 6d 6e 6f 70  71")
                       .leftJustified(110)
                   + QLatin1String("abcdefghijklmnopq"));
    QTest::newRow("non-printables")
        << qint64(0)
        << QByteArrayLiteral("\x00\x1f \x7e\x7f\x80\xa0\xff\t\r\n\x1b"
                             "a~ !")
        << 16
        << QStringLiteral("00000000  00 1f 20 7e 7f 80 a0 ff  09 0d 0a 1b 61 7e 20 21  "
                          ".. ~........a~ !");
    QTest::newRow("offset past 4 GiB")
        << qint64(0x100000000) << QByteArrayLiteral("x") << 16
        << QString(QStringLiteral("100000000  78").leftJustified(61) + QLatin1Char('x'));
    QTest::newRow("offset just below 4 GiB")
        << qint64(0xfffffff0) << QByteArrayLiteral("y") << 16
        << QString(QStringLiteral("fffffff0  79").leftJustified(60) + QLatin1Char('y'));
    QTest::newRow("offset past 1 TiB")
        << qint64(0x123456789ab0) << QByteArrayLiteral("z") << 8
        << QString(QStringLiteral("123456789ab0  7a").leftJustified(39) + QLatin1Char('z'));
}

void tst_HexFormat::hexLine()
{
    QFETCH(qint64, offset);
    QFETCH(QByteArray, bytes);
    QFETCH(int, bytesPerRow);
    QFETCH(QString, expected);

    QCOMPARE(::hexLine(offset, bytes, bytesPerRow), expected);
}

void tst_HexFormat::formatHexLinePieces_data()
{
    QTest::addColumn<int>("offsetDigits");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QString>("expectedOffset");

    QTest::newRow("layout width") << 8 << qint64(0x1234) << QStringLiteral("00001234");
    QTest::newRow("wider layout pads") << 10 << qint64(0x1234) << QStringLiteral("0000001234");
    QTest::newRow("offset wider than layout")
        << 8 << qint64(0xabcdef012) << QStringLiteral("abcdef012");
    QTest::newRow("largest offset")
        << 16 << std::numeric_limits<qint64>::max() << QStringLiteral("7fffffffffffffff");
}

void tst_HexFormat::formatHexLinePieces()
{
    QFETCH(int, offsetDigits);
    QFETCH(qint64, offset);
    QFETCH(QString, expectedOffset);

    HexLayout layout;
    layout.offsetDigits = offsetDigits;
    const HexLine line = formatHexLine(offset, QByteArrayLiteral("\xde\xad\xbe\xef"), layout);
    QCOMPARE(line.offset, expectedOffset);
    QCOMPARE(line.hex.size(), layout.hexWidth());
    QCOMPARE(line.hex.trimmed(), QStringLiteral("de ad be ef"));
    QCOMPARE(line.ascii, QStringLiteral("...."));
}

void tst_HexFormat::asciiLinesUpOnShortLines_data()
{
    QTest::addColumn<int>("bytesPerRow");
    QTest::addColumn<int>("count");

    for (int bytesPerRow : {8, 16, 32}) {
        for (int count = 0; count <= bytesPerRow; ++count) {
            QTest::addRow("%d per row, %d bytes", bytesPerRow, count) << bytesPerRow << count;
        }
    }
}

void tst_HexFormat::asciiLinesUpOnShortLines()
{
    QFETCH(int, bytesPerRow);
    QFETCH(int, count);

    HexLayout layout;
    layout.bytesPerRow = bytesPerRow;
    const QString line = ::hexLine(0, counting(count, 'A'), bytesPerRow);
    QCOMPARE(line.size(), layout.asciiStart() + count);
    QCOMPARE(line.mid(layout.asciiStart()), QString::fromLatin1(counting(count, 'A')));
    for (int i = 0; i < count; ++i) {
        const QString cell = line.mid(layout.hexColumn(i), 2);
        QCOMPARE(cell, QString::number('A' + i, 16));
    }
}

void tst_HexFormat::offsetDigits_data()
{
    QTest::addColumn<qint64>("maxOffset");
    QTest::addColumn<int>("expected");

    QTest::newRow("zero") << qint64(0) << 8;
    QTest::newRow("100 MiB") << qint64(100) * 1024 * 1024 << 8;
    QTest::newRow("4 GiB - 1") << qint64(0xffffffff) << 8;
    QTest::newRow("4 GiB") << qint64(0x100000000) << 9;
    QTest::newRow("64 GiB - 1") << qint64(0xfffffffff) << 9;
    QTest::newRow("64 GiB") << qint64(0x1000000000) << 10;
    QTest::newRow("max") << std::numeric_limits<qint64>::max() << 16;
}

void tst_HexFormat::offsetDigits()
{
    QFETCH(qint64, maxOffset);
    QFETCH(int, expected);

    QCOMPARE(hexOffsetDigits(maxOffset), expected);
}

void tst_HexFormat::layout_data()
{
    QTest::addColumn<int>("bytesPerRow");
    QTest::addColumn<int>("offsetDigits");
    QTest::addColumn<int>("hexStart");
    QTest::addColumn<int>("hexWidth");
    QTest::addColumn<int>("asciiStart");
    QTest::addColumn<int>("lineWidth");

    QTest::newRow("8") << 8 << 8 << 10 << 23 << 35 << 43;
    QTest::newRow("16") << 16 << 8 << 10 << 48 << 60 << 76;
    QTest::newRow("32") << 32 << 8 << 10 << 98 << 110 << 142;
    QTest::newRow("16, 9 digits") << 16 << 9 << 11 << 48 << 61 << 77;
}

void tst_HexFormat::layout()
{
    QFETCH(int, bytesPerRow);
    QFETCH(int, offsetDigits);
    QFETCH(int, hexStart);
    QFETCH(int, hexWidth);
    QFETCH(int, asciiStart);
    QFETCH(int, lineWidth);

    const HexLayout layout{bytesPerRow, offsetDigits};
    QCOMPARE(layout.hexStart(), hexStart);
    QCOMPARE(layout.hexWidth(), hexWidth);
    QCOMPARE(layout.asciiStart(), asciiStart);
    QCOMPARE(layout.lineWidth(), lineWidth);
    QCOMPARE(layout.hexColumn(0), hexStart);
    QCOMPARE(layout.hexColumn(bytesPerRow - 1) + 2, hexStart + hexWidth);
    QCOMPARE(layout.asciiColumn(bytesPerRow - 1) + 1, lineWidth);
}

void tst_HexFormat::byteAtHexColumn_data()
{
    QTest::addColumn<int>("bytesPerRow");
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("expected");

    // 16 per row: "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  ................"
    //              0         10        20        30        40        50        60
    QTest::newRow("offset column") << 16 << 3 << -1;
    QTest::newRow("gap before hex") << 16 << 9 << -1;
    QTest::newRow("first digit of byte 0") << 16 << 10 << 0;
    QTest::newRow("second digit of byte 0") << 16 << 11 << 0;
    QTest::newRow("space after byte 0") << 16 << 12 << 0;
    QTest::newRow("first digit of byte 1") << 16 << 13 << 1;
    QTest::newRow("byte 7") << 16 << 31 << 7;
    QTest::newRow("space after byte 7") << 16 << 33 << 7;
    QTest::newRow("group gap belongs to byte 7") << 16 << 34 << 7;
    QTest::newRow("first digit of byte 8") << 16 << 35 << 8;
    QTest::newRow("byte 15") << 16 << 56 << 15;
    QTest::newRow("last digit of byte 15") << 16 << 57 << 15;
    QTest::newRow("gap after hex") << 16 << 58 << -1;
    QTest::newRow("ASCII column") << 16 << 60 << -1;
    QTest::newRow("negative") << 16 << -5 << -1;

    QTest::newRow("8: byte 0") << 8 << 10 << 0;
    QTest::newRow("8: byte 7") << 8 << 31 << 7;
    QTest::newRow("8: last digit") << 8 << 32 << 7;
    QTest::newRow("8: after hex") << 8 << 33 << -1;

    QTest::newRow("32: byte 16") << 32 << 60 << 16;
    QTest::newRow("32: byte 24") << 32 << 85 << 24;
    QTest::newRow("32: byte 31") << 32 << 106 << 31;
    QTest::newRow("32: last digit") << 32 << 107 << 31;
    QTest::newRow("32: after hex") << 32 << 108 << -1;
}

void tst_HexFormat::byteAtHexColumn()
{
    QFETCH(int, bytesPerRow);
    QFETCH(int, column);
    QFETCH(int, expected);

    const HexLayout layout{bytesPerRow, 8};
    QCOMPARE(layout.byteAtHexColumn(column), expected);
}

void tst_HexFormat::byteAtAsciiColumn_data()
{
    QTest::addColumn<int>("bytesPerRow");
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("expected");

    QTest::newRow("hex part") << 16 << 20 << -1;
    QTest::newRow("gap before ASCII") << 16 << 59 << -1;
    QTest::newRow("first") << 16 << 60 << 0;
    QTest::newRow("middle") << 16 << 68 << 8;
    QTest::newRow("last") << 16 << 75 << 15;
    QTest::newRow("past the end") << 16 << 76 << -1;
    QTest::newRow("8: first") << 8 << 35 << 0;
    QTest::newRow("8: last") << 8 << 42 << 7;
    QTest::newRow("8: past the end") << 8 << 43 << -1;
    QTest::newRow("32: first") << 32 << 110 << 0;
    QTest::newRow("32: last") << 32 << 141 << 31;
}

void tst_HexFormat::byteAtAsciiColumn()
{
    QFETCH(int, bytesPerRow);
    QFETCH(int, column);
    QFETCH(int, expected);

    const HexLayout layout{bytesPerRow, 8};
    QCOMPARE(layout.byteAtAsciiColumn(column), expected);
}

void tst_HexFormat::hitTestAgreesWithColumns_data()
{
    QTest::addColumn<int>("bytesPerRow");
    QTest::addColumn<int>("offsetDigits");
    QTest::newRow("8") << 8 << 8;
    QTest::newRow("16") << 16 << 8;
    QTest::newRow("32") << 32 << 8;
    QTest::newRow("16, 11 digits") << 16 << 11;
}

void tst_HexFormat::hitTestAgreesWithColumns()
{
    QFETCH(int, bytesPerRow);
    QFETCH(int, offsetDigits);

    const HexLayout layout{bytesPerRow, offsetDigits};
    for (int i = 0; i < bytesPerRow; ++i) {
        QCOMPARE(layout.byteAtHexColumn(layout.hexColumn(i)), i);
        QCOMPARE(layout.byteAtHexColumn(layout.hexColumn(i) + 1), i);
        QCOMPARE(layout.byteAtAsciiColumn(layout.asciiColumn(i)), i);
        QCOMPARE(layout.areaAt(layout.hexColumn(i)), HexArea::Hex);
        QCOMPARE(layout.areaAt(layout.asciiColumn(i)), HexArea::Ascii);
        QCOMPARE(layout.nearestByte(HexArea::Hex, layout.hexColumn(i)), i);
        QCOMPARE(layout.nearestByte(HexArea::Ascii, layout.asciiColumn(i)), i);
    }
}

void tst_HexFormat::areaAt_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<HexArea>("expected");

    // 16 per row, 8 digits: offset 0..7, gap 8..9, hex 10..57, gap 58..59, ASCII 60..75.
    QTest::newRow("left of the line") << -3 << HexArea::Offset;
    QTest::newRow("offset") << 0 << HexArea::Offset;
    QTest::newRow("first gap, left half") << 8 << HexArea::Offset;
    QTest::newRow("first gap, right half") << 9 << HexArea::Hex;
    QTest::newRow("hex") << 30 << HexArea::Hex;
    QTest::newRow("second gap, left half") << 58 << HexArea::Hex;
    QTest::newRow("second gap, right half") << 59 << HexArea::Ascii;
    QTest::newRow("ASCII") << 70 << HexArea::Ascii;
    QTest::newRow("right of the line") << 200 << HexArea::Ascii;
}

void tst_HexFormat::areaAt()
{
    QFETCH(int, column);
    QFETCH(HexArea, expected);

    const HexLayout layout{16, 8};
    QCOMPARE(layout.areaAt(column), expected);
}

void tst_HexFormat::nearestByte_data()
{
    QTest::addColumn<HexArea>("area");
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("expected");

    QTest::newRow("offset area") << HexArea::Offset << 40 << 0;
    QTest::newRow("hex, left of the line") << HexArea::Hex << -10 << 0;
    QTest::newRow("hex, in the offset") << HexArea::Hex << 4 << 0;
    QTest::newRow("hex, on byte 9") << HexArea::Hex << 38 << 9;
    QTest::newRow("hex, in the ASCII part") << HexArea::Hex << 65 << 15;
    QTest::newRow("hex, far right") << HexArea::Hex << 1000 << 15;
    QTest::newRow("ASCII, in the hex part") << HexArea::Ascii << 20 << 0;
    QTest::newRow("ASCII, on byte 3") << HexArea::Ascii << 63 << 3;
    QTest::newRow("ASCII, far right") << HexArea::Ascii << 1000 << 15;
}

void tst_HexFormat::nearestByte()
{
    QFETCH(HexArea, area);
    QFETCH(int, column);
    QFETCH(int, expected);

    const HexLayout layout{16, 8};
    QCOMPARE(layout.nearestByte(area, column), expected);
}

// 100 bytes, 16 a line (the last line holds 4), a page of 3 lines (48 bytes).
void tst_HexFormat::cursorTarget_data()
{
    QTest::addColumn<HexMove>("move");
    QTest::addColumn<qint64>("cursor");
    QTest::addColumn<qint64>("target");
    QTest::newRow("next byte") << HexMove::NextByte << qint64(5) << qint64(6);
    QTest::newRow("next byte at the end stays") << HexMove::NextByte << qint64(99) << qint64(99);
    QTest::newRow("previous byte") << HexMove::PreviousByte << qint64(5) << qint64(4);
    QTest::newRow("previous byte at the start stays")
        << HexMove::PreviousByte << qint64(0) << qint64(0);
    QTest::newRow("next line") << HexMove::NextLine << qint64(5) << qint64(21);
    QTest::newRow("next line into the short last line: its last byte")
        << HexMove::NextLine << qint64(90) << qint64(99);
    QTest::newRow("previous line") << HexMove::PreviousLine << qint64(21) << qint64(5);
    QTest::newRow("previous line from the first stays")
        << HexMove::PreviousLine << qint64(5) << qint64(5);
    QTest::newRow("next page") << HexMove::NextPage << qint64(5) << qint64(53);
    QTest::newRow("next page past the end") << HexMove::NextPage << qint64(60) << qint64(99);
    QTest::newRow("previous page") << HexMove::PreviousPage << qint64(60) << qint64(12);
    QTest::newRow("previous page past the start")
        << HexMove::PreviousPage << qint64(20) << qint64(0);
    QTest::newRow("start of line") << HexMove::StartOfLine << qint64(37) << qint64(32);
    QTest::newRow("end of line") << HexMove::EndOfLine << qint64(37) << qint64(47);
    QTest::newRow("end of the short last line") << HexMove::EndOfLine << qint64(97) << qint64(99);
    QTest::newRow("start") << HexMove::Start << qint64(37) << qint64(0);
    QTest::newRow("end") << HexMove::End << qint64(37) << qint64(99);
}

void tst_HexFormat::cursorTarget()
{
    QFETCH(HexMove, move);
    QFETCH(qint64, cursor);
    QFETCH(qint64, target);
    QCOMPARE(hexCursorTarget(move, cursor, 100, 16, 48), target);
}

QTEST_APPLESS_MAIN(tst_HexFormat)

#include "tst_hexformat.moc"

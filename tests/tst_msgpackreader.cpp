#include "codec/msgpackframer.h"
#include "codec/msgpackreader.h"

#include <QtCore/QCborArray>
#include <QtCore/QCborMap>
#include <QtTest/QTest>

#include <algorithm>
#include <limits>

namespace {

// The bytes spelled by `digits` (spaces allowed), then `tail`.
QByteArray hex(const char *digits, const QByteArray &tail = {})
{
    return QByteArray::fromHex(digits) + tail;
}

// `value` as `size` big-endian bytes: the length and number fields of msgpack.
QByteArray bigEndian(quint64 value, int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (int i = size - 1; i >= 0; --i, value >>= 8)
        bytes[i] = char(value & 0xff);
    return bytes;
}

QCborValue ext(qint64 type, const QByteArray &data)
{
    return QCborMap{{QStringLiteral("ext"), type}, {QStringLiteral("data"), data}};
}

// Just enough of an encoder to write realistic msgpack-rpc messages legibly: integers from -32
// to 2^32 - 1, arrays and maps of up to 15 elements. The per-type rows spell out their bytes
// instead, to pin each format.
class Pack
{
public:
    Pack &nil() { return lead(0xc0); }
    Pack &boolean(bool value) { return lead(value ? 0xc3 : 0xc2); }
    Pack &integer(qint64 value)
    {
        if (value <= 0x7f)
            return lead(quint8(value));
        return lead(0xce, bigEndian(quint64(value), 4));
    }
    Pack &str(const QByteArray &utf8)
    {
        if (utf8.size() < 32)
            lead(quint8(0xa0 | utf8.size()));
        else
            lead(0xda, bigEndian(quint64(utf8.size()), 2));
        m_bytes.append(utf8);
        return *this;
    }
    Pack &array(int count) { return lead(quint8(0x90 | count)); }
    Pack &map(int count) { return lead(quint8(0x80 | count)); }
    // Neovim sends buffer, window and tabpage handles as ext types 0, 1 and 2.
    Pack &handle(qint8 type, quint8 id)
    {
        lead(0xd4).m_bytes.append(char(type)).append(char(id));
        return *this;
    }
    QByteArray bytes() const { return m_bytes; }

private:
    Pack &lead(quint8 byte, const QByteArray &field = {})
    {
        m_bytes.append(char(byte));
        m_bytes.append(field);
        return *this;
    }

    QByteArray m_bytes;
};

// Feeds `bytes` in pieces of `pieceSize` as a reader of a live stream would, and returns the
// stream offset at which each object ends.
QList<qint64> objectEnds(const QByteArray &bytes, qsizetype pieceSize)
{
    QList<qint64> ends;
    MsgpackFramer framer;
    qint64 consumed = 0;
    for (qsizetype start = 0; start < bytes.size(); start += pieceSize) {
        QByteArrayView piece = QByteArrayView(bytes).sliced(start);
        piece = piece.first(std::min(pieceSize, piece.size()));
        while (!piece.isEmpty()) {
            const qsizetype used = framer.feed(piece);
            piece = piece.sliced(used);
            consumed += used;
            if (framer.hasFailed())
                return ends; // the caller sees objects missing
            if (framer.isComplete()) {
                ends << consumed;
                framer.reset();
            }
        }
    }
    return ends;
}

void addRpcMessages()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QCborValue>("expected");

    const QCborValue buffer1 = ext(0, hex("01"));
    QTest::newRow("request nvim_buf_set_lines")
        << Pack()
               .array(4)
               .integer(0)
               .integer(4242)
               .str(QByteArrayLiteral("nvim_buf_set_lines"))
               .array(5)
               .handle(0, 1)
               .integer(0)
               .integer(-1)
               .boolean(false)
               .array(2)
               .str(QByteArrayLiteral("hello"))
               .str(QByteArrayLiteral("w\xc3\xb6rld"))
               .bytes()
        << QCborValue(QCborArray{
               0, 4242, QStringLiteral("nvim_buf_set_lines"),
               QCborArray{buffer1, 0, -1, false,
                          QCborArray{QStringLiteral("hello"), QStringLiteral("w\u00f6rld")}}});
    QTest::newRow("response") << Pack().array(4).integer(1).integer(4242).nil().nil().bytes()
                              << QCborValue(QCborArray{1, 4242, nullptr, nullptr});
    QTest::newRow("error response")
        << Pack()
               .array(4)
               .integer(1)
               .integer(4243)
               .array(2)
               .integer(0)
               .str(QByteArrayLiteral("Invalid buffer id: 9"))
               .nil()
               .bytes()
        << QCborValue(
               QCborArray{1, 4243, QCborArray{0, QStringLiteral("Invalid buffer id: 9")}, nullptr});
    QTest::newRow("response with a map")
        << Pack()
               .array(4)
               .integer(1)
               .integer(70000)
               .nil()
               .map(2)
               .str(QByteArrayLiteral("mode"))
               .str(QByteArrayLiteral("n"))
               .str(QByteArrayLiteral("blocking"))
               .boolean(false)
               .bytes()
        << QCborValue(QCborArray{1, 70000, nullptr,
                                 QCborMap{{QStringLiteral("mode"), QStringLiteral("n")},
                                          {QStringLiteral("blocking"), false}}});
    QTest::newRow("notification redraw")
        << Pack()
               .array(3)
               .integer(2)
               .str(QByteArrayLiteral("redraw"))
               .array(2)
               .array(2)
               .str(QByteArrayLiteral("grid_line"))
               .array(5)
               .integer(1)
               .integer(0)
               .integer(0)
               .array(2)
               .array(2)
               .str(QByteArrayLiteral("a"))
               .integer(0)
               .array(3)
               .str(QByteArrayLiteral(" "))
               .integer(0)
               .integer(3)
               .boolean(false)
               .array(1)
               .str(QByteArrayLiteral("flush"))
               .bytes()
        << QCborValue(QCborArray{
               2, QStringLiteral("redraw"),
               QCborArray{QCborArray{QStringLiteral("grid_line"),
                                     QCborArray{1, 0, 0,
                                                QCborArray{QCborArray{QStringLiteral("a"), 0},
                                                           QCborArray{QStringLiteral(" "), 0, 3}},
                                                false}},
                          QCborArray{QStringLiteral("flush")}}});
    const QByteArray longLine(300, 'x');
    QTest::newRow("notification nvim_buf_lines_event with a str16")
        << Pack()
               .array(3)
               .integer(2)
               .str(QByteArrayLiteral("nvim_buf_lines_event"))
               .array(6)
               .handle(0, 1)
               .integer(7)
               .integer(0)
               .integer(1)
               .array(1)
               .str(longLine)
               .boolean(false)
               .bytes()
        << QCborValue(QCborArray{
               2, QStringLiteral("nvim_buf_lines_event"),
               QCborArray{buffer1, 7, 0, 1, QCborArray{QString::fromLatin1(longLine)}, false}});
}

} // namespace

class tst_MsgpackReader : public QObject
{
    Q_OBJECT

private slots:
    void types_data();
    void types();

    void rpcMessageDecodes_data() { addRpcMessages(); }
    void rpcMessageDecodes();
    void rpcMessageSplitAnywhere_data() { addRpcMessages(); }
    void rpcMessageSplitAnywhere();
    void rpcMessageByteByByte_data() { addRpcMessages(); }
    void rpcMessageByteByByte();
    void rpcMessageTruncated_data() { addRpcMessages(); }
    void rpcMessageTruncated();

    void backToBack();

    void neverUsedByte_data();
    void neverUsedByte();

    void depthLimit_data();
    void depthLimit();

    void hugeDeclaredSize_data();
    void hugeDeclaredSize();
    void largeBinInPieces();

    void mapKeepsOrderTypesAndRepeats();
    void largeMapDecodes();
};

void tst_MsgpackReader::types_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QCborValue>("expected");

    const QByteArray str8(40, 'a');
    const QByteArray str16(300, 'b');
    const QByteArray str32(70000, 'c');
    QByteArray bin16(300, Qt::Uninitialized);
    for (int i = 0; i < bin16.size(); ++i)
        bin16[i] = char(i);
    const QByteArray bin32(70000, '\xc1'); // the never-used byte is ordinary payload
    QCborArray sixteen;
    QByteArray sixteenEncoded;
    QCborMap sixteenKeys;
    QByteArray sixteenKeysEncoded;
    for (int i = 0; i < 16; ++i) {
        sixteen.append(i);
        sixteenEncoded.append(char(i));
        sixteenKeys.insert(i, -i - 1);
        sixteenKeysEncoded.append(char(i)).append(char(0xff - i));
    }
    QCborArray nulls;
    for (int i = 0; i < 0x10000; ++i)
        nulls.append(nullptr);

    QTest::newRow("nil") << hex("c0") << QCborValue(nullptr);
    QTest::newRow("false") << hex("c2") << QCborValue(false);
    QTest::newRow("true") << hex("c3") << QCborValue(true);
    QTest::newRow("positive fixint 0") << hex("00") << QCborValue(0);
    QTest::newRow("positive fixint 127") << hex("7f") << QCborValue(127);
    QTest::newRow("negative fixint -1") << hex("ff") << QCborValue(-1);
    QTest::newRow("negative fixint -32") << hex("e0") << QCborValue(-32);
    QTest::newRow("uint8") << hex("cc ff") << QCborValue(255);
    QTest::newRow("uint16") << hex("cd ff fe") << QCborValue(0xfffe);
    QTest::newRow("uint32") << hex("ce ff ff ff fd") << QCborValue(qint64(0xfffffffd));
    QTest::newRow("uint64 qint64 max")
        << hex("cf 7f ff ff ff ff ff ff ff") << QCborValue(std::numeric_limits<qint64>::max());
    QTest::newRow("uint64 above qint64 max")
        << hex("cf ff ff ff ff ff ff ff ff") << QCborValue(18446744073709551616.0);
    QTest::newRow("int8") << hex("d0 80") << QCborValue(-128);
    QTest::newRow("int8 positive") << hex("d0 7f") << QCborValue(127);
    QTest::newRow("int16") << hex("d1 80 00") << QCborValue(-32768);
    QTest::newRow("int16 positive") << hex("d1 01 00") << QCborValue(256);
    QTest::newRow("int32") << hex("d2 80 00 00 00")
                           << QCborValue(std::numeric_limits<qint32>::min());
    QTest::newRow("int64") << hex("d3 80 00 00 00 00 00 00 00")
                           << QCborValue(std::numeric_limits<qint64>::min());
    QTest::newRow("int64 -2") << hex("d3 ff ff ff ff ff ff ff fe") << QCborValue(-2);
    QTest::newRow("float32") << hex("ca 3f c0 00 00") << QCborValue(1.5);
    QTest::newRow("float32 negative") << hex("ca c0 20 00 00") << QCborValue(-2.5);
    QTest::newRow("float64") << hex("cb 3f b9 99 99 99 99 99 9a") << QCborValue(0.1);
    QTest::newRow("fixstr") << hex("a5 68 65 6c 6c 6f") << QCborValue(QStringLiteral("hello"));
    QTest::newRow("fixstr empty") << hex("a0") << QCborValue(QString());
    QTest::newRow("fixstr UTF-8") << hex("a6 77 c3 b6 72 6c 64")
                                  << QCborValue(QStringLiteral("w\u00f6rld"));
    QTest::newRow("fixstr invalid UTF-8")
        << hex("a3 c1 78 ff") << QCborValue(QStringLiteral("\ufffdx\ufffd"));
    QTest::newRow("str8") << hex("d9 28", str8) << QCborValue(QString::fromLatin1(str8));
    QTest::newRow("str16") << hex("da 01 2c", str16) << QCborValue(QString::fromLatin1(str16));
    QTest::newRow("str32") << hex("db 00 01 11 70", str32)
                           << QCborValue(QString::fromLatin1(str32));
    QTest::newRow("bin8") << hex("c4 03 00 c1 ff") << QCborValue(hex("00 c1 ff"));
    QTest::newRow("bin8 empty") << hex("c4 00") << QCborValue(QByteArray());
    QTest::newRow("bin16") << hex("c5 01 2c", bin16) << QCborValue(bin16);
    QTest::newRow("bin32") << hex("c6 00 01 11 70", bin32) << QCborValue(bin32);
    QTest::newRow("fixarray") << hex("93 01 a1 78 c0")
                              << QCborValue(QCborArray{1, QStringLiteral("x"), nullptr});
    QTest::newRow("fixarray empty") << hex("90") << QCborValue(QCborArray());
    QTest::newRow("fixarray nested")
        << hex("92 91 90 90") << QCborValue(QCborArray{QCborArray{QCborArray()}, QCborArray()});
    QTest::newRow("array16") << hex("dc 00 10", sixteenEncoded) << QCborValue(sixteen);
    QTest::newRow("array32") << hex("dd 00 01 00 00", QByteArray(0x10000, '\xc0'))
                             << QCborValue(nulls);
    QTest::newRow("fixmap") << hex("82 a1 61 01 a1 62 c2")
                            << QCborValue(QCborMap{{QStringLiteral("a"), 1},
                                                   {QStringLiteral("b"), false}});
    QTest::newRow("fixmap empty") << hex("80") << QCborValue(QCborMap());
    QTest::newRow("map16") << hex("de 00 10", sixteenKeysEncoded) << QCborValue(sixteenKeys);
    // Encoders use the shortest format, but longer ones are valid and must be read alike.
    QTest::newRow("map32, not the shortest")
        << hex("df 00 00 00 02 01 90 a1 6b 80")
        << QCborValue(QCborMap{{1, QCborArray()}, {QStringLiteral("k"), QCborMap()}});
    QTest::newRow("fixext1") << hex("d4 00 07") << ext(0, hex("07"));
    QTest::newRow("fixext2") << hex("d5 01 01 02") << ext(1, hex("01 02"));
    QTest::newRow("fixext4, timestamp32")
        << hex("d6 ff 65 00 00 00") << ext(-1, hex("65 00 00 00"));
    QTest::newRow("fixext8, timestamp64")
        << hex("d7 ff 00 00 00 04 65 00 00 00") << ext(-1, hex("00 00 00 04 65 00 00 00"));
    QTest::newRow("fixext16") << hex("d8 7f 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e c1")
                              << ext(127, hex("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e c1"));
    QTest::newRow("ext8") << hex("c7 03 80 01 02 03") << ext(-128, hex("01 02 03"));
    QTest::newRow("ext8 empty") << hex("c7 00 05") << ext(5, QByteArray());
    QTest::newRow("ext8, timestamp96") << hex("c7 0c ff 00 00 00 01 00 00 00 00 00 00 00 02")
                                       << ext(-1, hex("00 00 00 01 00 00 00 00 00 00 00 02"));
    QTest::newRow("ext16") << hex("c8 01 2c 09", bin16) << ext(9, bin16);
    QTest::newRow("ext32") << hex("c9 00 01 11 70 0a", bin32) << ext(10, bin32);
}

// Decoding gives the value and the exact size; the framer finds the same size whether the bytes
// come at once or one by one; one byte short is incomplete for both.
void tst_MsgpackReader::types()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QCborValue, expected);
    const QByteArray followed = encoded + hex("c0");

    qsizetype used = -1;
    QCOMPARE(msgpackToCbor(followed, &used), expected);
    QCOMPARE(used, encoded.size());

    MsgpackFramer framer;
    QCOMPARE(framer.feed(followed), encoded.size());
    QVERIFY(framer.isComplete());
    QVERIFY(!framer.hasFailed());
    QCOMPARE(framer.failedAt(), -1);
    QCOMPARE(framer.feed(followed), 0);

    framer.reset();
    QVERIFY(!framer.isComplete());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        QVERIFY2(!framer.isComplete(), qPrintable(QStringLiteral("complete after %1").arg(i)));
        QCOMPARE(framer.feed(QByteArrayView(encoded).sliced(i, 1)), 1);
    }
    QVERIFY(framer.isComplete());

    const QByteArray shortOne = encoded.chopped(1);
    used = -1;
    QCOMPARE(msgpackToCbor(shortOne, &used), QCborValue(QCborValue::Invalid));
    QCOMPARE(used, 0);
    framer.reset();
    QCOMPARE(framer.feed(shortOne), shortOne.size());
    QVERIFY(!framer.isComplete());
    QVERIFY(!framer.hasFailed());
}

void tst_MsgpackReader::rpcMessageDecodes()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QCborValue, expected);
    qsizetype used = -1;
    QCOMPARE(msgpackToCbor(encoded, &used), expected);
    QCOMPARE(used, encoded.size());
}

// A message split across two reads, at every byte boundary.
void tst_MsgpackReader::rpcMessageSplitAnywhere()
{
    QFETCH(QByteArray, encoded);
    const QByteArray followed = encoded + Pack().array(3).integer(2).bytes();
    for (qsizetype split = 0; split <= encoded.size(); ++split) {
        const auto where = [&](const char *what) {
            return QStringLiteral("split after %1 of %2 bytes: %3")
                .arg(split)
                .arg(encoded.size())
                .arg(QLatin1String(what));
        };
        MsgpackFramer framer;
        const QByteArrayView first = QByteArrayView(followed).first(split);
        const QByteArrayView second = QByteArrayView(followed).sliced(split);
        QVERIFY2(framer.feed(first) == split, qPrintable(where("first piece not all used")));
        QVERIFY2(framer.isComplete() == (split == encoded.size()),
                 qPrintable(where("complete after the first piece")));
        QVERIFY2(framer.feed(second) == (split == encoded.size() ? 0 : encoded.size() - split),
                 qPrintable(where("second piece used wrongly")));
        QVERIFY2(framer.isComplete(), qPrintable(where("not complete")));
        QVERIFY2(!framer.hasFailed(), qPrintable(where("failed")));
    }
}

void tst_MsgpackReader::rpcMessageByteByByte()
{
    QFETCH(QByteArray, encoded);
    MsgpackFramer framer;
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        QVERIFY2(!framer.isComplete(), qPrintable(QStringLiteral("complete after %1").arg(i)));
        QCOMPARE(framer.feed(QByteArrayView(encoded).sliced(i, 1)), 1);
    }
    QVERIFY(framer.isComplete());
    QCOMPARE(framer.feed(encoded), 0);
}

void tst_MsgpackReader::rpcMessageTruncated()
{
    QFETCH(QByteArray, encoded);
    for (qsizetype size = 0; size < encoded.size(); ++size) {
        qsizetype used = -1;
        const QCborValue value = msgpackToCbor(QByteArrayView(encoded).first(size), &used);
        QVERIFY2(value.isInvalid() && used == 0,
                 qPrintable(QStringLiteral("decoded the first %1 bytes").arg(size)));
    }
}

// Objects back to back, however the stream is cut: feed() stops at each object's end, and the
// caller resets and goes on with the rest.
void tst_MsgpackReader::backToBack()
{
    QByteArray stream;
    QList<qint64> ends;
    QList<QCborValue> values;
    const QList<QByteArray> objects = {
        Pack()
            .array(4)
            .integer(0)
            .integer(1)
            .str(QByteArrayLiteral("nvim_get_mode"))
            .array(0)
            .bytes(),
        hex("c0"),
        hex("05"),
        hex("c4 02 c1 c1"),
        Pack().array(4).integer(1).integer(1).nil().map(0).bytes(),
        Pack().array(3).integer(2).str(QByteArrayLiteral("redraw")).array(0).bytes(),
    };
    for (const QByteArray &object : objects) {
        stream += object;
        ends << stream.size();
        values << msgpackToCbor(object);
    }

    for (const qsizetype pieceSize : {stream.size(), qsizetype(1), qsizetype(2), qsizetype(7)})
        QCOMPARE(objectEnds(stream, pieceSize), ends);

    qsizetype offset = 0;
    for (const QCborValue &expected : std::as_const(values)) {
        qsizetype used = 0;
        QCOMPARE(msgpackToCbor(QByteArrayView(stream).sliced(offset), &used), expected);
        offset += used;
    }
    QCOMPARE(offset, stream.size());
}

void tst_MsgpackReader::neverUsedByte_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<qint64>("failedAt");

    QTest::newRow("alone") << hex("c1") << qint64(0);
    QTest::newRow("array element") << hex("93 01 c1 02") << qint64(2);
    QTest::newRow("map key") << hex("81 c1 01") << qint64(1);
    QTest::newRow("map value") << hex("81 01 c1") << qint64(2);
    QTest::newRow("after a str8") << hex("92 d9 02 61 62 c1") << qint64(5);
    QTest::newRow("after a uint64") << hex("92 cf 00 00 00 00 00 00 00 00 c1") << qint64(10);
    QTest::newRow("after an ext8") << hex("92 c7 01 05 c1 c1") << qint64(5);
    QTest::newRow("after a closed array") << hex("92 92 01 02 c1") << qint64(4);
}

void tst_MsgpackReader::neverUsedByte()
{
    QFETCH(QByteArray, encoded);
    QFETCH(qint64, failedAt);

    qsizetype used = -1;
    QCOMPARE(msgpackToCbor(encoded, &used), QCborValue(QCborValue::Invalid));
    QCOMPARE(used, 0);

    MsgpackFramer framer;
    QCOMPARE(framer.feed(encoded), failedAt + 1);
    QVERIFY(framer.hasFailed());
    QVERIFY(!framer.isComplete());
    QCOMPARE(framer.failedAt(), failedAt);
    QCOMPARE(framer.feed(encoded), 0);

    // The offset counts from the object's first byte, across pieces.
    framer.reset();
    for (qsizetype i = 0; i < failedAt; ++i)
        QCOMPARE(framer.feed(QByteArrayView(encoded).sliced(i, 1)), 1);
    QVERIFY(!framer.hasFailed());
    QCOMPARE(framer.feed(QByteArrayView(encoded).sliced(failedAt)), 1);
    QCOMPARE(framer.failedAt(), failedAt);

    framer.reset();
    QVERIFY(!framer.hasFailed());
    QCOMPARE(framer.failedAt(), -1);
    QCOMPARE(framer.feed(hex("c0")), 1);
    QVERIFY(framer.isComplete());
}

void tst_MsgpackReader::depthLimit_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<qint64>("failedAt"); // -1 when the object is fine

    constexpr int max = MsgpackFramer::maxDepth;
    const QByteArray arrays(max, '\x91');
    QByteArray maps;
    for (int i = 0; i < max; ++i)
        maps += hex("81 c0");
    const auto nested = [](const QByteArray &outer, const char *inner) -> QByteArray {
        return outer + hex(inner);
    };

    QTest::newRow("maxDepth arrays") << nested(arrays, "c0") << qint64(-1);
    QTest::newRow("maxDepth arrays, then an empty one") << nested(arrays, "90") << qint64(max);
    QTest::newRow("maxDepth arrays, then an array16")
        << nested(arrays, "dc 00 01 c0") << qint64(max);
    QTest::newRow("maxDepth arrays, then a fixext, decoded as a map one deeper")
        << nested(arrays, "d4 00 91") << qint64(-1);
    QTest::newRow("maxDepth maps") << nested(maps, "c0") << qint64(-1);
    QTest::newRow("maxDepth maps, then an empty one") << nested(maps, "80") << qint64(2 * max);
    // Depth is freed when an array closes.
    QTest::newRow("two arrays at maxDepth in turn")
        << nested(QByteArray(max - 2, '\x91'), "92 91 c0 91 c0") << qint64(-1);
    QTest::newRow("two arrays at maxDepth in turn, the second nesting one more")
        << nested(QByteArray(max - 2, '\x91'), "92 91 c0 91 91 c0") << qint64(max + 2);
}

void tst_MsgpackReader::depthLimit()
{
    QFETCH(QByteArray, encoded);
    QFETCH(qint64, failedAt);

    MsgpackFramer framer;
    const qsizetype used = framer.feed(encoded);
    QCOMPARE(framer.isComplete(), failedAt < 0);
    QCOMPARE(framer.hasFailed(), failedAt >= 0);
    QCOMPARE(framer.failedAt(), failedAt);
    QCOMPARE(used, failedAt < 0 ? encoded.size() : failedAt + 1);

    qsizetype decodedSize = -1;
    const QCborValue value = msgpackToCbor(encoded, &decodedSize);
    QCOMPARE(value.isInvalid(), failedAt >= 0);
    QCOMPARE(decodedSize, failedAt < 0 ? encoded.size() : 0);
}

void tst_MsgpackReader::hugeDeclaredSize_data()
{
    QTest::addColumn<QByteArray>("encoded");

    QTest::newRow("str32") << hex("db ff ff ff ff 61 62 63");
    QTest::newRow("bin32") << hex("c6 ff ff ff ff 00");
    QTest::newRow("ext32") << hex("c9 ff ff ff ff 01 00");
    QTest::newRow("array32") << hex("dd ff ff ff ff c0 c0");
    QTest::newRow("map32") << hex("df ff ff ff ff c0 c0");
    QTest::newRow("array32 of str32") << hex("dd 00 00 00 02 db 7f ff ff ff 61 db 7f ff ff ff 62");
    QTest::newRow("array16 longer than the rest") << hex("dc 00 05 c0 c0 c0 c0");
    QTest::newRow("map16 longer than the rest") << hex("de 00 02 c0 c0 c0");
}

// A declared size larger than what is there is just incomplete: nothing is reserved for it.
void tst_MsgpackReader::hugeDeclaredSize()
{
    QFETCH(QByteArray, encoded);

    qsizetype used = -1;
    QCOMPARE(msgpackToCbor(encoded, &used), QCborValue(QCborValue::Invalid));
    QCOMPARE(used, 0);

    MsgpackFramer framer;
    QCOMPARE(framer.feed(encoded), encoded.size());
    QVERIFY(!framer.isComplete());
    QVERIFY(!framer.hasFailed());
}

// 64 MiB of payload in 4 KiB pieces, its length field split too: each piece is used whole and
// the object ends exactly at the last byte. Rescanning the payload would make this quadratic.
void tst_MsgpackReader::largeBinInPieces()
{
    constexpr qsizetype payload = 64 * 1024 * 1024;
    constexpr qsizetype pieceSize = 4096;
    const QByteArray piece(pieceSize, '\xc1');

    MsgpackFramer framer;
    QCOMPARE(framer.feed(hex("c6 04")), 2);
    QCOMPARE(framer.feed(hex("00 00")), 2);
    QCOMPARE(framer.feed(hex("00")), 1);
    for (qsizetype fed = 0; fed < payload; fed += pieceSize) {
        QVERIFY2(!framer.isComplete(), qPrintable(QStringLiteral("complete after %1").arg(fed)));
        QCOMPARE(framer.feed(piece), pieceSize);
    }
    QVERIFY(framer.isComplete());
    QCOMPARE(framer.feed(piece), 0);
}

// Keys keep their type and order, and a repeated key is kept as a separate entry.
void tst_MsgpackReader::mapKeepsOrderTypesAndRepeats()
{
    // {2: "a", "2": 1, bin "2": 2, -1: nil, true: 3, 2: 4}
    const QCborValue value
        = msgpackToCbor(hex("86 02 a1 61 a1 32 01 c4 01 32 02 ff c0 c3 03 02 04"));
    QVERIFY(value.isMap());
    const QCborMap map = value.toMap();
    const QList<QCborValue> expectedKeys
        = {2, QStringLiteral("2"), QByteArrayLiteral("2"), -1, true, 2};
    const QList<QCborValue> expectedValues = {QStringLiteral("a"), 1, 2, nullptr, 3, 4};
    QList<QCborValue> keys;
    QList<QCborValue> values;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        keys << it.key();
        values << it.value();
    }
    QCOMPARE(keys, expectedKeys);
    QCOMPARE(values, expectedValues);
    QCOMPARE(map.value(QStringLiteral("2")), QCborValue(1));
    QCOMPARE(map.value(QCborValue(QByteArrayLiteral("2"))), QCborValue(2));
}

// A map with many keys decodes in linear time (building it with QCborMap::insert() would not).
void tst_MsgpackReader::largeMapDecodes()
{
    constexpr quint32 count = 200000;
    QByteArray encoded = hex("df", bigEndian(count, 4));
    for (quint32 key = 0; key < count; ++key)
        encoded += hex("ce") + bigEndian(key, 4) + hex("c3");

    qsizetype used = 0;
    const QCborMap map = msgpackToCbor(encoded, &used).toMap();
    QCOMPARE(used, encoded.size());
    QCOMPARE(map.size(), qsizetype(count));
    QCOMPARE((map.constEnd() - 1).key(), QCborValue(count - 1));
    QCOMPARE(map.constBegin().key(), QCborValue(0));
}

QTEST_APPLESS_MAIN(tst_MsgpackReader)

#include "tst_msgpackreader.moc"

#include "capture/pcapngreader.h"

#include "capture/pcapngwriter.h"
#include "helpers/sequentialdevice.h"
#include "version.h"

#include <QtCore/QBuffer>
#include <QtCore/QFile>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtCore/QtEndian>
#include <QtTest/QTest>

#include <cstring>
#include <memory>

namespace {

constexpr qint64 baseTimestampNs = 1700000000000000000;

struct Expected
{
    Stream stream = Stream::Stdout;
    qint64 timestampNs = 0;
    QByteArray payload;
};

// Builds pcapng blocks by hand, in either byte order.
class Builder
{
public:
    explicit Builder(QSysInfo::Endian order = QSysInfo::LittleEndian)
        : m_order(order)
    {
    }

    QByteArray u16(quint16 value) const
    {
        value = m_order == QSysInfo::BigEndian ? qToBigEndian(value) : qToLittleEndian(value);
        return QByteArray(reinterpret_cast<const char *>(&value), sizeof value);
    }
    QByteArray u32(quint32 value) const
    {
        value = m_order == QSysInfo::BigEndian ? qToBigEndian(value) : qToLittleEndian(value);
        return QByteArray(reinterpret_cast<const char *>(&value), sizeof value);
    }
    QByteArray u64(quint64 value) const
    {
        value = m_order == QSysInfo::BigEndian ? qToBigEndian(value) : qToLittleEndian(value);
        return QByteArray(reinterpret_cast<const char *>(&value), sizeof value);
    }

    static QByteArray padded(const QByteArray &data)
    {
        return data + QByteArray((4 - data.size() % 4) % 4, '\0');
    }

    QByteArray option(quint16 code, const QByteArray &value) const
    {
        return u16(code) + u16(quint16(value.size())) + padded(value);
    }
    QByteArray endOfOptions() const { return u32(0); }

    QByteArray block(quint32 type, const QByteArray &body) const
    {
        const QByteArray paddedBody = padded(body);
        const auto length = quint32(12 + paddedBody.size());
        return u32(type) + u32(length) + paddedBody + u32(length);
    }

    QByteArray sectionHeader(const QByteArray &options = QByteArray(), quint16 major = 1) const
    {
        return block(0x0A0D0D0A,
                     u32(0x1A2B3C4D) + u16(major) + u16(0) + u64(~quint64(0)) + options);
    }

    // tsresol < 0: no if_tsresol option (microseconds).
    QByteArray interface(const QByteArray &name, int tsresol = -1, qint64 tsoffset = 0,
                         quint32 snapLength = 0) const
    {
        QByteArray options = option(2, name);
        if (tsresol >= 0)
            options += option(9, QByteArray(1, char(tsresol)));
        if (tsoffset != 0)
            options += option(14, u64(quint64(tsoffset)));
        return block(1, u16(147) + u16(0) + u32(snapLength) + options + endOfOptions());
    }

    // The four interfaces of a pipescope session, with nanosecond timestamps.
    QByteArray session() const
    {
        return sectionHeader() + interface("stdin", 9) + interface("stdout", 9)
               + interface("stderr", 9) + interface("events", 9);
    }

    QByteArray enhancedPacket(quint32 interfaceId, quint64 ticks, const QByteArray &payload) const
    {
        return block(6, u32(interfaceId) + u32(quint32(ticks >> 32)) + u32(quint32(ticks))
                            + u32(quint32(payload.size())) + u32(quint32(payload.size()))
                            + padded(payload));
    }

    QByteArray simplePacket(const QByteArray &payload) const
    {
        return block(3, u32(quint32(payload.size())) + padded(payload));
    }

    QByteArray obsoletePacket(quint16 interfaceId, quint64 ticks, const QByteArray &payload) const
    {
        return block(2, u16(interfaceId) + u16(0) + u32(quint32(ticks >> 32)) + u32(quint32(ticks))
                            + u32(quint32(payload.size())) + u32(quint32(payload.size()))
                            + padded(payload));
    }

private:
    QSysInfo::Endian m_order;
};

QByteArray randomBytes(QRandomGenerator &random, qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(random.bounded(256));
    return bytes;
}

struct ScanResult
{
    bool ok = false;
    QList<ChunkRecord> records;
    QList<QByteArray> payloads;
    QString errorString;
    QString warning;
};

ScanResult scanBytes(const QByteArray &data)
{
    QBuffer buffer;
    buffer.setData(data);
    buffer.open(QIODevice::ReadOnly);
    PcapngReader reader(&buffer);
    ScanResult result;
    result.ok = reader.scan([&](const ChunkRecord &record) { result.records.append(record); });
    for (const ChunkRecord &record : std::as_const(result.records))
        result.payloads.append(reader.payload(record));
    result.errorString = reader.errorString();
    result.warning = reader.warning();
    return result;
}

} // namespace

class tst_PcapngReader : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void cutAtEveryOffset();
    void cutFileOnDisk();
    void damaged_data();
    void damaged();
    void fuzz();
    void bigEndian();
    void timestampResolution_data();
    void timestampResolution();
    void unknownInterfaces();
    void multipleSections();
    void simpleAndObsoletePackets();
    void sequentialDevice();
    void payloadOutOfRange();
};

void tst_PcapngReader::roundTrip_data()
{
    QTest::addColumn<bool>("onDisk");
    QTest::addColumn<QString>("comment");

    QTest::newRow("buffer, no comment") << false << QString();
    QTest::newRow("buffer, comment") << false << QStringLiteral("printf 'a\\0b' | cat");
    QTest::newRow("file, utf-8 comment") << true << QStringLiteral("\u00fcber \u2713 \U0001F600");
}

void tst_PcapngReader::roundTrip()
{
    QFETCH(bool, onDisk);
    QFETCH(QString, comment);

    QRandomGenerator random(20240521);
    QList<Expected> expected;
    QList<int> sizes = {0, 1, 2, 3, 4, 5, 7, 8, 9, 50, 4095, 4096, 65535, 65536, 70000};
    for (int i = 0; i < 40; ++i)
        sizes.append(random.bounded(1, 70001));
    for (int i = 0; i < 40; ++i)
        sizes.append(random.bounded(1, 51));
    for (int i = 0; i < sizes.size(); ++i) {
        Expected record;
        record.stream = static_cast<Stream>(i % int(allStreams.size()));
        record.timestampNs = baseTimestampNs + qint64(i) * 1000003 + random.bounded(1000);
        record.payload = randomBytes(random, sizes.at(i));
        expected.append(record);
    }
    // NUL bytes and invalid UTF-8 spelled out, beyond what random bytes give.
    expected.append({Stream::Stdout, baseTimestampNs + 999999999999, QByteArray("\0\0\0", 3)});
    expected.append({Stream::Stderr, baseTimestampNs + 999999999999, "\xff\xfe\xc3\x28\xe2\x82"});
    expected.append({Stream::Event, baseTimestampNs, QByteArray()});

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("s.pcapng"));
    std::unique_ptr<QIODevice> device;
    if (onDisk) {
        device = std::make_unique<QFile>(path);
        QVERIFY(device->open(QIODevice::WriteOnly));
    } else {
        device = std::make_unique<QBuffer>();
        QVERIFY(device->open(QIODevice::ReadWrite));
    }

    QList<qint64> offsets;
    {
        PcapngWriter writer(device.get());
        writer.writeHeader(comment);
        for (int i = 0; i < expected.size(); ++i) {
            const Expected &record = expected.at(i);
            offsets.append(writer.writeRecord(record.stream, record.timestampNs, record.payload,
                                              QStringList{record.stream == Stream::Event
                                                              ? QStringLiteral("event %1").arg(i)
                                                              : QString()}));
        }
        QVERIFY(writer.flush());
    }
    if (onDisk) {
        device->close();
        QVERIFY(device->open(QIODevice::ReadOnly));
    }

    PcapngReader reader(device.get());
    QList<ChunkRecord> records;
    QVERIFY2(reader.scan([&](const ChunkRecord &record) { records.append(record); }),
             qPrintable(reader.errorString()));
    QVERIFY2(reader.warning().isEmpty(), qPrintable(reader.warning()));
    QCOMPARE(reader.userApplication(), QStringLiteral("pipescope " PIPESCOPE_VERSION));
    QCOMPARE(reader.sectionComment(), comment);
    QCOMPARE(records.size(), expected.size());
    for (int i = 0; i < records.size(); ++i) {
        const ChunkRecord &record = records.at(i);
        QCOMPARE(record.seq, quint64(i));
        QCOMPARE(record.stream, expected.at(i).stream);
        QCOMPARE(record.timestampNs, expected.at(i).timestampNs);
        QCOMPARE(record.length, expected.at(i).payload.size());
        QCOMPARE(record.offset, offsets.at(i));
        QCOMPARE(reader.payload(record), expected.at(i).payload);
    }
}

void tst_PcapngReader::cutAtEveryOffset()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    PcapngWriter writer(&buffer);
    writer.writeHeader(QStringLiteral("cut"));
    const QList<Expected> expected = {
        {Stream::Event, baseTimestampNs, R"({"event":"started"})"},
        {Stream::Stdin, baseTimestampNs + 1, QByteArray()},
        {Stream::Stdout, baseTimestampNs + 2, "x"},
        {Stream::Stderr, baseTimestampNs + 3, QByteArray("a\0b\xff\n", 5)},
        {Stream::Stdout, baseTimestampNs + 4, "thirteen byte"},
        {Stream::Stdout, baseTimestampNs + 5, QByteArray(64, 'z')},
    };
    QList<qint64> recordEnds;
    for (const Expected &record : expected) {
        writer.writeRecord(
            record.stream, record.timestampNs, record.payload,
            QStringList{record.stream == Stream::Event ? QStringLiteral("started") : QString()});
        recordEnds.append(writer.size());
    }
    QVERIFY(writer.flush());
    const QByteArray data = buffer.data();

    // Every block boundary: a cut there is a shorter, undamaged file.
    QSet<qint64> boundaries;
    qint64 sectionHeaderEnd = 0;
    for (qint64 pos = 0; pos < data.size();) {
        quint32 length;
        std::memcpy(&length, data.constData() + pos + 4, sizeof length);
        pos += length;
        if (sectionHeaderEnd == 0)
            sectionHeaderEnd = pos;
        boundaries.insert(pos);
    }

    for (qint64 cut = 0; cut <= data.size(); ++cut) {
        const ScanResult result = scanBytes(data.left(cut));
        const QByteArray where = "cut at " + QByteArray::number(cut);
        if (cut < sectionHeaderEnd) {
            QVERIFY2(!result.ok, where.constData());
            QVERIFY2(!result.errorString.isEmpty(), where.constData());
            QVERIFY2(!result.errorString.contains(QLatin1Char('\n')), where.constData());
            QVERIFY2(result.records.isEmpty(), where.constData());
            continue;
        }
        QVERIFY2(result.ok, where.constData());
        qsizetype complete = 0;
        while (complete < recordEnds.size() && recordEnds.at(complete) <= cut)
            ++complete;
        QVERIFY2(result.records.size() == complete, where.constData());
        for (qsizetype i = 0; i < complete; ++i) {
            QVERIFY2(result.records.at(i).seq == quint64(i), where.constData());
            QVERIFY2(result.records.at(i).stream == expected.at(i).stream, where.constData());
            QVERIFY2(result.records.at(i).timestampNs == expected.at(i).timestampNs,
                     where.constData());
            QVERIFY2(result.payloads.at(i) == expected.at(i).payload, where.constData());
        }
        if (boundaries.contains(cut)) {
            QVERIFY2(result.warning.isEmpty(), where.constData());
        } else {
            const QString warning = QStringLiteral("session file is cut off or damaged at byte ");
            QVERIFY2(result.warning.startsWith(warning), where.constData());
            QVERIFY2(result.warning.contains(QStringLiteral(": %1 complete record").arg(complete)),
                     qPrintable(result.warning));
        }
        QVERIFY2(result.errorString.isEmpty(), where.constData());
    }
}

void tst_PcapngReader::cutFileOnDisk()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("s.pcapng"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    PcapngWriter writer(&file);
    writer.writeHeader(QString());
    writer.writeRecord(Stream::Stdout, baseTimestampNs, "complete");
    const qint64 firstEnd = writer.size();
    writer.writeRecord(Stream::Stdout, baseTimestampNs, QByteArray(1000, 'c'));
    QVERIFY(writer.flush());
    file.close();
    QVERIFY(file.resize(firstEnd + 500)); // in the middle of the second record

    QVERIFY(file.open(QIODevice::ReadOnly));
    PcapngReader reader(&file);
    QList<ChunkRecord> records;
    QVERIFY(reader.scan([&](const ChunkRecord &record) { records.append(record); }));
    QCOMPARE(reader.warning(), QStringLiteral("session file is cut off or damaged at byte %1: "
                                              "1 complete record recovered")
                                   .arg(firstEnd));
    QCOMPARE(records.size(), 1);
    QCOMPARE(reader.payload(records.at(0)), QByteArrayLiteral("complete"));
}

void tst_PcapngReader::damaged_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("records");
    QTest::addColumn<QString>("message"); // part of errorString() or warning()

    const Builder b;
    const QByteArray session = b.session();
    const QByteArray good = b.enhancedPacket(1, 42, "good");
    const QString cut
        = QStringLiteral("cut off or damaged at byte %1").arg(session.size() + good.size());
    const QString notPcapng = QStringLiteral("not a pcapng session file");

    QTest::newRow("empty") << QByteArray() << false << 0 << QStringLiteral("file is empty");
    QTest::newRow("one byte") << QByteArray(1, '\n') << false << 0 << notPcapng;
    QTest::newRow("text") << QByteArray("this is not a capture file\n") << false << 0 << notPcapng;
    QTest::newRow("classic pcap") << (b.u32(0xA1B2C3D4) + b.u16(2) + b.u16(4)
                                      + QByteArray(16, '\0'))
                                  << false << 0 << notPcapng;
    QTest::newRow("section header type, bad magic")
        << (b.u32(0x0A0D0D0A) + b.u32(28) + b.u32(0x12345678) + QByteArray(16, '\0')) << false << 0
        << QStringLiteral("section header");
    QTest::newRow("section header cut")
        << b.sectionHeader().left(20) << false << 0 << QStringLiteral("section header");
    QTest::newRow("version 2") << b.sectionHeader(QByteArray(), 2) << false << 0
                               << QStringLiteral("unsupported pcapng version 2.0");
    QTest::newRow("section header, then garbage")
        << (b.sectionHeader() + QByteArray("garbage! garbage! garbage!")) << true << 0
        << QStringLiteral("at byte %1: 0 complete records").arg(b.sectionHeader().size());
    QTest::newRow("length past the end")
        << (session + good + b.u32(6) + b.u32(0x100) + QByteArray(32, 'x')) << true << 1 << cut;
    QTest::newRow("huge length") << (session + good + b.u32(6) + b.u32(0xFFFFFFF0)
                                     + QByteArray(64, 'x'))
                                 << true << 1 << cut;
    QTest::newRow("length below 12")
        << (session + good + b.u32(6) + b.u32(8) + good) << true << 1 << cut;
    QTest::newRow("length not a multiple of 4")
        << (session + good + b.u32(6) + b.u32(14) + QByteArray(10, 'x') + good) << true << 1 << cut;
    QByteArray badTrailer = b.enhancedPacket(1, 43, "trailer");
    badTrailer[badTrailer.size() - 4] = char(badTrailer.at(badTrailer.size() - 4) + 4);
    QTest::newRow("trailing length differs")
        << (session + good + badTrailer + good) << true << 1 << cut;
    QByteArray tooLong = b.enhancedPacket(1, 44, "short");
    tooLong.replace(20, 4, b.u32(1000));
    QTest::newRow("captured length past the block")
        << (session + good + tooLong + good) << true << 1 << cut;
    QTest::newRow("enhanced packet too small for its header")
        << (session + good + b.block(6, QByteArray(8, '\0')) + good) << true << 1 << cut;
    QTest::newRow("second section header with bad magic")
        << (session + good + b.u32(0x0A0D0D0A) + b.u32(28) + QByteArray(20, '\x55')) << true << 1
        << cut;
    QTest::newRow("two bytes after a good block")
        << (session + good + QByteArray(2, '\0')) << true << 1 << cut;
}

void tst_PcapngReader::damaged()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, ok);
    QFETCH(int, records);
    QFETCH(QString, message);

    const ScanResult result = scanBytes(data);
    QCOMPARE(result.ok, ok);
    QCOMPARE(result.records.size(), records);
    const QString text = ok ? result.warning : result.errorString;
    QVERIFY2(text.contains(message), qPrintable(text));
    QVERIFY(!text.contains(QLatin1Char('\n')));
    if (ok) {
        QVERIFY(result.errorString.isEmpty());
        if (records > 0)
            QCOMPARE(result.payloads.at(0), QByteArrayLiteral("good"));
    }
}

void tst_PcapngReader::fuzz()
{
    QRandomGenerator random(7);
    const Builder b;
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    PcapngWriter writer(&buffer);
    writer.writeHeader(QStringLiteral("fuzz"));
    for (int i = 0; i < 8; ++i)
        writer.writeRecord(static_cast<Stream>(i % int(allStreams.size())), i,
                           randomBytes(random, i * 9));
    QVERIFY(writer.flush());
    const QByteArray valid = buffer.data();

    for (int round = 0; round < 3000; ++round) {
        QByteArray data;
        if (round < 300) {
            // Random bytes, half of them behind a valid header.
            data = (round % 2 ? b.session() : QByteArray())
                   + randomBytes(random, random.bounded(0, 600));
        } else {
            // A valid file with a few bytes changed, maybe cut short.
            data = valid;
            const int changes = random.bounded(1, 5);
            for (int i = 0; i < changes; ++i)
                data[random.bounded(qsizetype(0), data.size())] = char(random.bounded(256));
            if (round % 3 == 0)
                data.truncate(random.bounded(qsizetype(0), data.size()));
        }
        const ScanResult result = scanBytes(data);
        QVERIFY(result.ok || !result.errorString.isEmpty());
        for (int i = 0; i < result.records.size(); ++i) {
            const ChunkRecord &record = result.records.at(i);
            QCOMPARE(record.seq, quint64(i));
            QVERIFY(record.offset >= 0 && record.length >= 0);
            QVERIFY(record.offset + record.length <= data.size());
            QCOMPARE(result.payloads.at(i), data.mid(record.offset, record.length));
        }
    }
}

void tst_PcapngReader::bigEndian()
{
    const Builder b(QSysInfo::BigEndian);
    const QByteArray data = b.sectionHeader(b.option(1, "made by hand")
                                            + b.option(4, "big writer 1.0") + b.endOfOptions())
                            + b.interface("stderr") + b.interface("stdout", 9)
                            + b.enhancedPacket(0, 1700000000123456ull, QByteArray("hi\0\xff!", 5))
                            + b.enhancedPacket(1, 1700000000123456789ull, "ns");

    const ScanResult result = scanBytes(data);
    QVERIFY2(result.ok, qPrintable(result.errorString));
    QVERIFY2(result.warning.isEmpty(), qPrintable(result.warning));
    QCOMPARE(result.records.size(), 2);
    QCOMPARE(result.records.at(0).stream, Stream::Stderr);
    QCOMPARE(result.records.at(0).timestampNs, 1700000000123456000);
    QCOMPARE(result.payloads.at(0), QByteArray("hi\0\xff!", 5));
    QCOMPARE(result.records.at(1).stream, Stream::Stdout);
    QCOMPARE(result.records.at(1).timestampNs, 1700000000123456789);
    QCOMPARE(result.payloads.at(1), QByteArrayLiteral("ns"));

    QBuffer buffer;
    buffer.setData(data);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    PcapngReader reader(&buffer);
    QVERIFY(reader.scan({}));
    QCOMPARE(reader.userApplication(), QStringLiteral("big writer 1.0"));
    QCOMPARE(reader.sectionComment(), QStringLiteral("made by hand"));
}

void tst_PcapngReader::timestampResolution_data()
{
    QTest::addColumn<int>("tsresol"); // -1: no if_tsresol option
    QTest::addColumn<qint64>("tsoffset");
    QTest::addColumn<quint64>("ticks");
    QTest::addColumn<qint64>("expectedNs");

    QTest::newRow("default: microseconds")
        << -1 << qint64(0) << quint64(1700000000123456) << qint64(1700000000123456000);
    QTest::newRow("microseconds") << 6 << qint64(0) << quint64(1700000000123456)
                                  << qint64(1700000000123456000);
    QTest::newRow("nanoseconds") << 9 << qint64(0) << quint64(1700000000123456789)
                                 << qint64(1700000000123456789);
    QTest::newRow("milliseconds") << 3 << qint64(0) << quint64(1700000000123)
                                  << qint64(1700000000123000000);
    QTest::newRow("seconds") << 0 << qint64(0) << quint64(1700000000)
                             << qint64(1700000000000000000);
    QTest::newRow("picoseconds") << 12 << qint64(0) << quint64(1700000000123456789)
                                 << qint64(1700000000123456);
    QTest::newRow("2^-10 s") << (0x80 | 10) << qint64(0) << quint64(5 * 1024 + 512)
                             << qint64(5500000000);
    QTest::newRow("2^-30 s") << (0x80 | 30) << qint64(0) << (quint64(3) << 30)
                             << qint64(3000000000);
    QTest::newRow("2^-64 s") << (0x80 | 64) << qint64(0) << (quint64(1) << 63) << qint64(500000000);
    QTest::newRow("nanoseconds, offset")
        << 9 << qint64(1000) << quint64(5) << qint64(1000000000005);
}

void tst_PcapngReader::timestampResolution()
{
    QFETCH(int, tsresol);
    QFETCH(qint64, tsoffset);
    QFETCH(quint64, ticks);
    QFETCH(qint64, expectedNs);

    const Builder b;
    const QByteArray data = b.sectionHeader() + b.interface("stdout", tsresol, tsoffset)
                            + b.enhancedPacket(0, ticks, "t");
    const ScanResult result = scanBytes(data);
    QVERIFY(result.ok);
    QCOMPARE(result.records.size(), 1);
    QCOMPARE(result.records.at(0).timestampNs, expectedNs);
}

void tst_PcapngReader::unknownInterfaces()
{
    const Builder b;
    const QByteArray data = b.sectionHeader() + b.interface("stdin", 9) + b.interface("eth0", 9)
                            + b.interface("stdout", 9) + b.enhancedPacket(0, 1, "in")
                            + b.enhancedPacket(1, 2, "eth") + b.enhancedPacket(1, 3, "eth")
                            + b.enhancedPacket(2, 4, "out")
                            + b.enhancedPacket(7, 5, "undefined interface");
    const ScanResult result = scanBytes(data);
    QVERIFY(result.ok);
    QCOMPARE(result.warning, QStringLiteral("3 records on unknown interfaces skipped"));
    QCOMPARE(result.records.size(), 2);
    QCOMPARE(result.records.at(0).stream, Stream::Stdin);
    QCOMPARE(result.records.at(1).stream, Stream::Stdout);
    QCOMPARE(result.records.at(1).seq, 1u);
    QCOMPARE(result.payloads.at(1), QByteArrayLiteral("out"));

    const ScanResult one
        = scanBytes(b.sectionHeader() + b.interface("lo") + b.enhancedPacket(0, 0, "x"));
    QVERIFY(one.ok);
    QCOMPARE(one.warning, QStringLiteral("1 record on an unknown interface skipped"));
}

void tst_PcapngReader::multipleSections()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    PcapngWriter writer(&buffer);
    writer.writeHeader(QStringLiteral("first"));
    writer.writeRecord(Stream::Stdout, baseTimestampNs, "one");
    writer.writeRecord(Stream::Stderr, baseTimestampNs, "two");
    QVERIFY(writer.flush());

    // A second section in the other byte order, with its own interface table.
    const Builder b(QSysInfo::BigEndian);
    const QByteArray data
        = buffer.data() + b.sectionHeader(b.option(1, "second") + b.endOfOptions())
          + b.interface("events", 9) + b.interface("stdin", 9) + b.enhancedPacket(0, 10, "three")
          + b.enhancedPacket(1, 11, "four") + b.enhancedPacket(3, 12, "stale interface id");

    QBuffer input;
    input.setData(data);
    QVERIFY(input.open(QIODevice::ReadOnly));
    PcapngReader reader(&input);
    QList<ChunkRecord> records;
    QVERIFY(reader.scan([&](const ChunkRecord &record) { records.append(record); }));
    QCOMPARE(reader.sectionComment(), QStringLiteral("first"));
    QCOMPARE(reader.warning(), QStringLiteral("1 record on an unknown interface skipped"));
    QCOMPARE(records.size(), 4);
    const QList<Stream> streams = {Stream::Stdout, Stream::Stderr, Stream::Event, Stream::Stdin};
    const QList<QByteArray> payloads = {"one", "two", "three", "four"};
    for (int i = 0; i < records.size(); ++i) {
        QCOMPARE(records.at(i).seq, quint64(i));
        QCOMPARE(records.at(i).stream, streams.at(i));
        QCOMPARE(reader.payload(records.at(i)), payloads.at(i));
    }
    QCOMPARE(records.at(3).timestampNs, 11);
}

void tst_PcapngReader::simpleAndObsoletePackets()
{
    const Builder b;
    const QByteArray data = b.sectionHeader() + b.interface("stdout", 9) + b.simplePacket("abc")
                            + b.block(4, QByteArray(12, 'n')) // name resolution
                            + b.obsoletePacket(0, 77, "defg")
                            + b.block(0x0BAD, QByteArray(20, 'c')) // custom
                            + b.enhancedPacket(0, 78, "xyz");
    ScanResult result = scanBytes(data);
    QVERIFY(result.ok);
    QVERIFY2(result.warning.isEmpty(), qPrintable(result.warning));
    QCOMPARE(result.records.size(), 3);
    QCOMPARE(result.payloads, QList<QByteArray>({"abc", "defg", "xyz"}));
    QCOMPARE(result.records.at(0).timestampNs, 0); // simple packets carry no timestamp
    QCOMPARE(result.records.at(1).timestampNs, 77);
    QCOMPARE(result.records.at(2).timestampNs, 78);

    // A simple packet is cut to the interface's snap length.
    result
        = scanBytes(b.sectionHeader() + b.interface("stderr", 9, 0, 2) + b.simplePacket("abcde"));
    QVERIFY(result.ok);
    QCOMPARE(result.records.size(), 1);
    QCOMPARE(result.payloads.at(0), QByteArrayLiteral("ab"));
}

void tst_PcapngReader::sequentialDevice()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    PcapngWriter writer(&buffer);
    writer.writeHeader(QString());
    writer.writeRecord(Stream::Stdin, baseTimestampNs, "from a pipe");
    writer.writeRecord(Stream::Event, baseTimestampNs, "{}", {QStringLiteral("c")});
    QVERIFY(writer.flush());

    SequentialDevice device(buffer.data());
    PcapngReader reader(&device);
    QList<ChunkRecord> records;
    QVERIFY(reader.scan([&](const ChunkRecord &record) { records.append(record); }));
    QCOMPARE(records.size(), 2);
    QCOMPARE(reader.payload(records.at(0)), QByteArrayLiteral("from a pipe"));
    QCOMPARE(reader.payload(records.at(1)), QByteArrayLiteral("{}"));
}

void tst_PcapngReader::payloadOutOfRange()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("s.pcapng")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    PcapngWriter writer(&file);
    writer.writeHeader(QString());
    writer.writeRecord(Stream::Stdout, baseTimestampNs, "in range");
    QVERIFY(writer.flush());
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));

    PcapngReader reader(&file);
    ChunkRecord last;
    QVERIFY(reader.scan([&](const ChunkRecord &record) { last = record; }));
    QCOMPARE(reader.payload(last), QByteArrayLiteral("in range"));
    ChunkRecord bogus = last;
    bogus.offset = writer.size() - 2;
    QVERIFY(reader.payload(bogus).isEmpty());
    bogus.offset = -5;
    QVERIFY(reader.payload(bogus).isEmpty());
    bogus = last;
    bogus.length = 1 << 30;
    QVERIFY(reader.payload(bogus).isEmpty());

    // Scanning again gives the same records.
    int count = 0;
    QVERIFY(reader.scan([&](const ChunkRecord &) { ++count; }));
    QCOMPARE(count, 1);
    QCOMPARE(reader.payload(last), QByteArrayLiteral("in range"));
}

QTEST_GUILESS_MAIN(tst_PcapngReader)
#include "tst_pcapngreader.moc"

#include "capture/pcapngwriter.h"
#include "version.h"

#include <QtCore/QBuffer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <cstring>

namespace {

constexpr quint32 sectionHeaderType = 0x0A0D0D0A;
constexpr quint32 interfaceDescriptionType = 1;
constexpr quint32 enhancedPacketType = 6;
constexpr qint64 testTimestampNs = 1700000000123456789;

quint16 u16At(const QByteArray &data, qsizetype pos)
{
    quint16 value = 0;
    if (pos >= 0 && pos + 2 <= data.size())
        std::memcpy(&value, data.constData() + pos, sizeof value);
    return value;
}

quint32 u32At(const QByteArray &data, qsizetype pos)
{
    quint32 value = 0;
    if (pos >= 0 && pos + 4 <= data.size())
        std::memcpy(&value, data.constData() + pos, sizeof value);
    return value;
}

quint64 u64At(const QByteArray &data, qsizetype pos)
{
    quint64 value = 0;
    if (pos >= 0 && pos + 8 <= data.size())
        std::memcpy(&value, data.constData() + pos, sizeof value);
    return value;
}

struct Block
{
    quint32 type = 0;
    qsizetype start = 0;
    quint32 length = 0;
};

// Splits written bytes into blocks, checking every frame: an empty list means a broken frame.
QList<Block> splitBlocks(const QByteArray &data)
{
    QList<Block> blocks;
    qsizetype pos = 0;
    while (pos < data.size()) {
        const quint32 length = u32At(data, pos + 4);
        if (length < 12 || length % 4 != 0 || pos + length > data.size()
            || u32At(data, pos + length - 4) != length)
            return {};
        blocks.append({u32At(data, pos), pos, length});
        pos += length;
    }
    return blocks;
}

struct Option
{
    quint16 code = 0;
    QByteArray value;
};

// The options in [from, to) up to opt_endofopt; `endOfOptions` is where opt_endofopt sits (-1:
// missing). Padding must be zero; a broken list sets `ok` to false.
QList<Option> readOptions(const QByteArray &data, qsizetype from, qsizetype to,
                          qsizetype *endOfOptions, bool *ok)
{
    QList<Option> options;
    *endOfOptions = -1;
    *ok = true;
    qsizetype pos = from;
    while (pos + 4 <= to) {
        const quint16 code = u16At(data, pos);
        const quint16 length = u16At(data, pos + 2);
        if (code == 0) {
            *endOfOptions = pos;
            *ok = length == 0;
            return options;
        }
        const qsizetype padded = (length + 3) & ~3;
        if (pos + 4 + padded > to) {
            *ok = false;
            return options;
        }
        for (qsizetype i = pos + 4 + length; i < pos + 4 + padded; ++i)
            *ok = *ok && data.at(i) == 0;
        options.append({code, data.mid(pos + 4, length)});
        pos += 4 + padded;
    }
    return options;
}

QByteArray optionValue(const QList<Option> &options, quint16 code, int *count = nullptr)
{
    QByteArray value;
    int found = 0;
    for (const Option &option : options) {
        if (option.code == code) {
            value = option.value;
            ++found;
        }
    }
    if (count)
        *count = found;
    return value;
}

QByteArray testPayload(qsizetype size, int seed = 0)
{
    QByteArray payload(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        payload[i] = char((i * 7 + seed * 13 + 3) & 0xFF); // includes NUL and bytes >= 0x80
    return payload;
}

// Refuses every write, like a broken disk.
class FailingDevice : public QIODevice
{
public:
    FailingDevice() { open(QIODevice::WriteOnly); }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64) override
    {
        setErrorString(QStringLiteral("Input/output error"));
        return -1;
    }
};

// Accepts at most a few bytes per write, like a pipe under pressure.
class TrickleDevice : public QIODevice
{
public:
    TrickleDevice() { open(QIODevice::WriteOnly); }
    QByteArray written;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        const qint64 n = qMin<qint64>(size, 7);
        written.append(data, n);
        return n;
    }
};

QString runTool(const QString &program, const QStringList &arguments, int *exitCode,
                QString *errors)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(60000)) {
        *exitCode = -1;
        *errors = process.errorString();
        return QString();
    }
    *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    // Wireshark's tools warn about running as root; that is about us, not the file.
    QStringList errorLines;
    const QStringList lines = QString::fromLocal8Bit(process.readAllStandardError())
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        if (!line.startsWith(QLatin1String("Running as user")))
            errorLines.append(line);
    }
    *errors = errorLines.join(QLatin1Char('\n'));
    return QString::fromLocal8Bit(process.readAllStandardOutput());
}

} // namespace

class tst_PcapngWriter : public QObject
{
    Q_OBJECT

private slots:
    void header_data();
    void header();
    void record_data();
    void record();
    void manyRecords();
    void pendingBytes();
    void flushesByItselfPastThreshold();
    void partialWrites();
    void failingDevice_data();
    void failingDevice();
    void diskFull_data();
    void diskFull();
    void flushReachesTheFile();
    void wiresharkReadsIt();
};

void tst_PcapngWriter::header_data()
{
    QTest::addColumn<QString>("comment");
    QTest::addColumn<QByteArray>("expectedComment");

    QTest::newRow("no comment") << QString() << QByteArray();
    QTest::newRow("ascii") << QStringLiteral("ls -l | pipescope")
                           << QByteArrayLiteral("ls -l | pipescope");
    QTest::newRow("length 3 mod 4") << QStringLiteral("abc") << QByteArrayLiteral("abc");
    QTest::newRow("length 0 mod 4") << QStringLiteral("abcd") << QByteArrayLiteral("abcd");
    QTest::newRow("utf-8") << QStringLiteral("Gr\u00fc\u00dfe, \u4e16\u754c")
                           << QStringLiteral("Gr\u00fc\u00dfe, \u4e16\u754c").toUtf8();
    QTest::newRow("too long for an option")
        << QString(70000, QLatin1Char('x')) << QByteArray(65532, 'x');
}

void tst_PcapngWriter::header()
{
    QFETCH(QString, comment);
    QFETCH(QByteArray, expectedComment);

    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    PcapngWriter writer(&buffer);
    writer.writeHeader(comment);
    QCOMPARE(writer.flushedSize(), 0);
    QCOMPARE(buffer.data().size(), 0);
    QVERIFY(writer.flush());
    QVERIFY(!writer.failed());
    const QByteArray data = buffer.data();
    QCOMPARE(data.size(), writer.size());
    QCOMPARE(writer.flushedSize(), writer.size());
    QCOMPARE(writer.pendingSize(), 0);

    const QList<Block> blocks = splitBlocks(data);
    QCOMPARE(blocks.size(), 1 + int(allStreams.size()));

    const Block shb = blocks.at(0);
    QCOMPARE(shb.type, sectionHeaderType);
    QCOMPARE(shb.start, 0);
    QCOMPARE(u32At(data, 8), 0x1A2B3C4Du);
    QCOMPARE(u16At(data, 12), 1); // major
    QCOMPARE(u16At(data, 14), 0); // minor
    QCOMPARE(u64At(data, 16), ~quint64(0));
    qsizetype end = 0;
    bool ok = false;
    QList<Option> options = readOptions(data, 24, shb.length - 4, &end, &ok);
    QVERIFY(ok);
    QCOMPARE(end, shb.length - 8);
    QCOMPARE(optionValue(options, 4), QByteArrayLiteral("pipescope " PIPESCOPE_VERSION));
    int comments = 0;
    QCOMPARE(optionValue(options, 1, &comments), expectedComment);
    QCOMPARE(comments, expectedComment.isEmpty() ? 0 : 1);

    for (int i = 0; i < int(allStreams.size()); ++i) {
        const Block idb = blocks.at(1 + i);
        QCOMPARE(idb.type, interfaceDescriptionType);
        QCOMPARE(u16At(data, idb.start + 8), 147); // LINKTYPE_USER0
        QCOMPARE(u16At(data, idb.start + 10), 0);
        QCOMPARE(u32At(data, idb.start + 12), 0u); // no snap length limit
        options = readOptions(data, idb.start + 16, idb.start + idb.length - 4, &end, &ok);
        QVERIFY(ok);
        QCOMPARE(end, idb.start + idb.length - 8);
        QCOMPARE(optionValue(options, 2), streamName(static_cast<Stream>(i)));
        QVERIFY(!optionValue(options, 3).isEmpty());
        QCOMPARE(optionValue(options, 9), QByteArray(1, char(9)));
    }
}

void tst_PcapngWriter::record_data()
{
    QTest::addColumn<Stream>("stream");
    QTest::addColumn<int>("payloadSize");
    QTest::addColumn<QString>("comment");

    const Stream streams[] = {Stream::Stdin, Stream::Stdout, Stream::Stderr, Stream::Event};
    for (int size = 0; size <= 9; ++size) {
        const Stream stream = streams[size % int(allStreams.size())];
        QTest::addRow("%d bytes on %s", size, streamName(stream).constData())
            << stream << size << QString();
    }
    QTest::newRow("64 KiB") << Stream::Stdout << 65536 << QString();
    QTest::newRow("odd size, comment") << Stream::Event << 37 << QStringLiteral("exited with 0");
    QTest::newRow("empty, comment") << Stream::Event << 0 << QStringLiteral("stdin closed");
    QTest::newRow("utf-8 comment") << Stream::Stderr << 5 << QStringLiteral("\u00e9t\u00e9 \u2713");
}

void tst_PcapngWriter::record()
{
    QFETCH(Stream, stream);
    QFETCH(int, payloadSize);
    QFETCH(QString, comment);

    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    PcapngWriter writer(&buffer);
    writer.writeHeader(QString());
    const qint64 blockStart = writer.size();
    const QByteArray payload = testPayload(payloadSize);
    const qint64 offset
        = writer.writeRecord(stream, testTimestampNs, payload, QStringList{comment});
    QCOMPARE(offset, blockStart + 28);
    QCOMPARE(writer.size() % 4, 0);
    QVERIFY(writer.flush());
    const QByteArray data = buffer.data();
    QCOMPARE(data.size(), writer.size());

    const QList<Block> blocks = splitBlocks(data);
    QCOMPARE(blocks.size(), 1 + int(allStreams.size()) + 1);
    const Block epb = blocks.last();
    QCOMPARE(epb.type, enhancedPacketType);
    QCOMPARE(epb.start, blockStart);
    QCOMPARE(u32At(data, epb.start + 8), quint32(stream));
    QCOMPARE(u32At(data, epb.start + 12), quint32(quint64(testTimestampNs) >> 32));
    QCOMPARE(u32At(data, epb.start + 16), quint32(quint64(testTimestampNs)));
    QCOMPARE(u32At(data, epb.start + 20), quint32(payloadSize)); // captured
    QCOMPARE(u32At(data, epb.start + 24), quint32(payloadSize)); // original
    QCOMPARE(data.mid(offset, payloadSize), payload);

    const qsizetype padded = (payloadSize + 3) & ~3;
    for (qsizetype i = offset + payloadSize; i < offset + padded; ++i)
        QCOMPARE(data.at(i), '\0');

    const qsizetype optionsStart = offset + padded;
    const qsizetype optionsEnd = epb.start + epb.length - 4;
    if (comment.isEmpty()) {
        QCOMPARE(optionsStart, optionsEnd); // no options, not even opt_endofopt
    } else {
        qsizetype end = 0;
        bool ok = false;
        const QList<Option> options = readOptions(data, optionsStart, optionsEnd, &end, &ok);
        QVERIFY(ok);
        QCOMPARE(options.size(), 1);
        QCOMPARE(options.at(0).code, 1);
        QCOMPARE(options.at(0).value, comment.toUtf8());
        QCOMPARE(end, optionsEnd - 4);
    }
}

void tst_PcapngWriter::manyRecords()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    PcapngWriter writer(&buffer);
    writer.writeHeader(QStringLiteral("many"));

    const int count = 1000;
    QList<qint64> offsets;
    QList<QByteArray> payloads;
    for (int i = 0; i < count; ++i) {
        const QByteArray payload = testPayload((i * 37) % 300, i);
        const qint64 before = writer.size();
        const auto stream = static_cast<Stream>(i % int(allStreams.size()));
        offsets.append(writer.writeRecord(
            stream, testTimestampNs + i, payload,
            QStringList{i % 10 == 0 ? QStringLiteral("note %1").arg(i) : QString()}));
        payloads.append(payload);
        QCOMPARE(offsets.last(), before + 28);
        QCOMPARE((writer.size() - before) % 4, 0);
    }
    QVERIFY(writer.flush());
    const QByteArray data = buffer.data();
    QCOMPARE(data.size(), writer.size());

    const QList<Block> blocks = splitBlocks(data);
    QCOMPARE(blocks.size(), 1 + int(allStreams.size()) + count);
    for (int i = 0; i < count; ++i) {
        const Block &block = blocks.at(1 + int(allStreams.size()) + i);
        QCOMPARE(block.type, enhancedPacketType);
        QCOMPARE(block.start + 28, offsets.at(i));
        QCOMPARE(u32At(data, block.start + 8), quint32(i % int(allStreams.size())));
        QCOMPARE(data.mid(offsets.at(i), payloads.at(i).size()), payloads.at(i));
    }
}

void tst_PcapngWriter::pendingBytes()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    PcapngWriter writer(&buffer);
    writer.writeHeader(QString());
    QVERIFY(writer.flush());
    const qint64 flushed = writer.flushedSize();

    const QByteArray first("abc\0\xff", 5);
    const qint64 firstOffset = writer.writeRecord(Stream::Stdout, testTimestampNs, first);
    const qint64 secondOffset = writer.writeRecord(Stream::Stdin, testTimestampNs, "xyz");
    QCOMPARE(writer.flushedSize(), flushed);
    QVERIFY(firstOffset >= writer.flushedSize());
    QCOMPARE(writer.pendingSize(), writer.size() - flushed);
    QCOMPARE(buffer.data().size(), flushed);

    QCOMPARE(writer.pendingBytes(firstOffset, first.size()), first);
    QCOMPARE(writer.pendingBytes(secondOffset, 3), QByteArrayLiteral("xyz"));
    QCOMPARE(writer.pendingBytes(firstOffset + 1, 2), QByteArrayLiteral("bc"));
    QVERIFY(writer.pendingBytes(flushed - 4, 2).isEmpty());       // already flushed
    QVERIFY(writer.pendingBytes(writer.size() - 2, 4).isEmpty()); // past the end

    QVERIFY(writer.flush());
    QCOMPARE(writer.pendingSize(), 0);
    QCOMPARE(writer.flushedSize(), writer.size());
    QVERIFY(writer.pendingBytes(firstOffset, first.size()).isEmpty());
    QCOMPARE(buffer.data().mid(firstOffset, first.size()), first);
}

void tst_PcapngWriter::flushesByItselfPastThreshold()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    PcapngWriter writer(&buffer);
    writer.writeHeader(QString());
    const QByteArray payload = testPayload(65536);
    QList<qint64> offsets;
    for (int i = 0; i < 40; ++i) {
        offsets.append(writer.writeRecord(Stream::Stdout, testTimestampNs, payload));
        QVERIFY(writer.pendingSize() <= 1024 * 1024 + 65536 + 64);
        QCOMPARE(buffer.data().size(), writer.flushedSize());
    }
    QVERIFY(writer.flushedSize() > 0);
    QVERIFY(writer.flush());
    const QByteArray data = buffer.data();
    QCOMPARE(splitBlocks(data).size(), 1 + int(allStreams.size()) + 40);
    for (qint64 offset : std::as_const(offsets))
        QCOMPARE(data.mid(offset, payload.size()), payload);
}

void tst_PcapngWriter::partialWrites()
{
    QBuffer reference;
    QVERIFY(reference.open(QIODevice::WriteOnly));
    TrickleDevice trickle;
    PcapngWriter referenceWriter(&reference);
    PcapngWriter trickleWriter(&trickle);
    for (PcapngWriter *writer : {&referenceWriter, &trickleWriter}) {
        writer->writeHeader(QStringLiteral("trickle"));
        for (int i = 0; i < 20; ++i)
            writer->writeRecord(static_cast<Stream>(i % int(allStreams.size())), i,
                                testPayload(i * 5, i));
        QVERIFY(writer->flush());
    }
    QCOMPARE(trickle.written, reference.data());
    QCOMPARE(trickleWriter.flushedSize(), trickle.written.size());
}

void tst_PcapngWriter::failingDevice_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("write returns -1") << QStringLiteral("failing");
    QTest::newRow("read-only file") << QStringLiteral("read-only");
}

void tst_PcapngWriter::failingDevice()
{
    QFETCH(QString, kind);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::unique_ptr<QIODevice> device;
    if (kind == QLatin1String("failing")) {
        device = std::make_unique<FailingDevice>();
    } else {
        const QString path = dir.filePath(QStringLiteral("s.pcapng"));
        QFile create(path);
        QVERIFY(create.open(QIODevice::WriteOnly));
        create.close();
        auto file = std::make_unique<QFile>(path);
        QVERIFY(file->open(QIODevice::ReadOnly));
        device = std::move(file);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("ReadOnly device")));
    }

    PcapngWriter writer(device.get());
    writer.writeHeader(QString());
    writer.writeRecord(Stream::Stdout, testTimestampNs, "hello");
    QVERIFY(!writer.failed());
    QVERIFY(!writer.flush());
    QVERIFY(writer.failed());
    const QString error = writer.errorString();
    QVERIFY2(error.startsWith(QLatin1String("cannot write session file: ")), qPrintable(error));
    QVERIFY(error.size() > int(qstrlen("cannot write session file: ")));
    QVERIFY(!error.contains(QLatin1Char('\n')));
    if (kind == QLatin1String("failing"))
        QCOMPARE(error, QStringLiteral("cannot write session file: Input/output error"));

    // Later calls keep failing without touching the device again.
    const qint64 size = writer.size();
    QCOMPARE(writer.writeRecord(Stream::Stdout, testTimestampNs, "more"), -1);
    QCOMPARE(writer.size(), size);
    QVERIFY(!writer.flush());
    QCOMPARE(writer.errorString(), error);
}

void tst_PcapngWriter::diskFull_data()
{
    QTest::addColumn<int>("payloadSize");
    QTest::newRow("small blocks (buffered by QFile)") << 10;
    QTest::newRow("large block") << 200000;
}

void tst_PcapngWriter::diskFull()
{
    QFETCH(int, payloadSize);

    QFile file(QStringLiteral("/dev/full"));
    if (!file.exists() || !file.open(QIODevice::WriteOnly))
        QSKIP("no /dev/full here");
    PcapngWriter writer(&file);
    writer.writeHeader(QString());
    writer.writeRecord(Stream::Stdout, testTimestampNs, testPayload(payloadSize));
    QVERIFY(!writer.flush());
    QCOMPARE(writer.errorString(),
             QStringLiteral("cannot write session file: No space left on device"));
}

void tst_PcapngWriter::flushReachesTheFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("s.pcapng"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    PcapngWriter writer(&file);
    writer.writeHeader(QString());
    const qint64 offset = writer.writeRecord(Stream::Stderr, testTimestampNs, "oops\n");
    QVERIFY(writer.flush());
    // Another handle sees everything: nothing stays in QFile's own buffer.
    QCOMPARE(QFileInfo(path).size(), writer.size());
    QFile reader(path);
    QVERIFY(reader.open(QIODevice::ReadOnly));
    QVERIFY(reader.seek(offset));
    QCOMPARE(reader.read(5), QByteArrayLiteral("oops\n"));
}

void tst_PcapngWriter::wiresharkReadsIt()
{
    const QString tshark = QStandardPaths::findExecutable(QStringLiteral("tshark"));
    if (tshark.isEmpty())
        QSKIP("tshark is not installed (apt-get install tshark)");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("session.pcapng"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    PcapngWriter writer(&file);
    writer.writeHeader(QStringLiteral("wireshark test: cat"));
    writer.writeRecord(Stream::Event, testTimestampNs, R"({"event":"started","pid":42})",
                       {QStringLiteral("started")});
    writer.writeRecord(Stream::Stdin, testTimestampNs + 1000, QByteArray("in\0\xff\xfe", 5));
    writer.writeRecord(Stream::Stdout, testTimestampNs + 2000, "pipescope-stdout");
    writer.writeRecord(Stream::Stdout, testTimestampNs + 3000, testPayload(65536));
    writer.writeRecord(Stream::Stderr, testTimestampNs + 4000, "warning\n");
    writer.writeRecord(Stream::Stdout, testTimestampNs + 5000, QByteArray());
    writer.writeRecord(Stream::Event, testTimestampNs + 6000, R"({"event":"exited","code":0})",
                       {QStringLiteral("exited")});
    const int packets = 7;
    const int stdoutPackets = 3;
    QVERIFY(writer.flush());
    file.close();

    int exitCode = 0;
    QString errors;
    QString output
        = runTool(tshark, {QStringLiteral("-r"), path, QStringLiteral("-x")}, &exitCode, &errors);
    QCOMPARE(exitCode, 0);
    QVERIFY2(errors.isEmpty(), qPrintable(errors));
    // "pipescope-stdout" is 16 bytes: the whole first line of its hex dump.
    QVERIFY2(
        output.contains(QLatin1String("0000  70 69 70 65 73 63 6f 70 65 2d 73 74 64 6f 75 74")),
        qPrintable(output.left(2000)));

    output = runTool(tshark,
                     {QStringLiteral("-r"), path, QStringLiteral("-Y"),
                      QStringLiteral("frame.interface_name == \"stdout\"")},
                     &exitCode, &errors);
    QCOMPARE(exitCode, 0);
    QVERIFY2(errors.isEmpty(), qPrintable(errors));
    QCOMPARE(output.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), stdoutPackets);

    const QString capinfos = QStandardPaths::findExecutable(QStringLiteral("capinfos"));
    if (capinfos.isEmpty())
        QSKIP("capinfos is not installed");
    output = runTool(capinfos, {path}, &exitCode, &errors);
    QCOMPARE(exitCode, 0);
    QVERIFY2(errors.isEmpty(), qPrintable(errors));
    const QRegularExpression packetCount(QStringLiteral("Number of packets:\\s*(\\d+)"));
    const QRegularExpressionMatch match = packetCount.match(output);
    QVERIFY2(match.hasMatch(), qPrintable(output));
    QCOMPARE(match.captured(1).toInt(), packets);
}

QTEST_GUILESS_MAIN(tst_PcapngWriter)
#include "tst_pcapngwriter.moc"

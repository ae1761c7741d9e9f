#include "cli/sessionexporter.h"

#include "capture/pcapngwriter.h"
#include "capture/sessionevent.h"
#include "codec/textescape.h"

#include <QtCore/QBuffer>
#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

Q_DECLARE_METATYPE(ExportFormat)
Q_DECLARE_METATYPE(std::optional<ExportFormat>)

namespace {

// 2023-11-14T22:13:20.123456789Z
constexpr qint64 startNs = 1700000000123456789;

struct Record
{
    Stream stream;
    qint64 elapsedNs;
    QByteArray payload;
};

const QString sectionComment = QStringLiteral("prog 'a b'");

QList<Record> sessionRecords()
{
    const QByteArray started
        = SessionEvent::started({QStringLiteral("prog"), QStringLiteral("a b")},
                                QStringLiteral("/work"), 42, startNs / 1000000)
              .toPayload();
    return {
        {Stream::Event, 0, started},
        {Stream::Stdin, 1500000, QByteArrayLiteral("hello\n")},
        {Stream::Stdout, 2000000, QByteArrayLiteral("line1\nline2\n")},
        {Stream::Stderr, 2500000, QByteArrayLiteral("caf\xc3\xa9 \xe2\x82\xac\r\n")},
        {Stream::Stdout, 3000000, QByteArrayLiteral("\x00\x01\xff\xfe\x80")},
        {Stream::Stdout, 3000001, QByteArray()},
        {Stream::Stdin, 4000000, QByteArray("a\0b", 3)},
        {Stream::Event, 5000000, SessionEvent::closed(SessionEvent::Kind::StdinClosed).toPayload()},
        // Starts with a line break and ends in the middle of a character (a read split it); its
        // time has leading zeros in the fraction of a second.
        {Stream::Stderr, 877543211, QByteArrayLiteral("\nafter\xe2\x82")},
        {Stream::Stdout, 1234567890, QByteArrayLiteral("x\ny")},
        {Stream::Event, 1300000000,
         SessionEvent::exited(SessionEvent::ExitKind::Code, 3).toPayload()},
    };
}

// The session file of sessionRecords(); `blockEnds` receives the file size after each record.
QByteArray sessionFile(QList<qint64> *blockEnds = nullptr)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    PcapngWriter writer(&buffer);
    writer.writeHeader(sectionComment);
    for (const Record &record : sessionRecords()) {
        const QString comment = record.stream == Stream::Event
                                    ? SessionEvent::fromPayload(record.payload)->summary()
                                    : QString();
        writer.writeRecord(record.stream, startNs + record.elapsedNs, record.payload,
                           QStringList{comment});
        if (blockEnds)
            blockEnds->append(writer.size());
    }
    if (!writer.flush())
        qFatal("cannot build the test session: %s", qPrintable(writer.errorString()));
    return buffer.data();
}

struct Result
{
    bool ok = false;
    QByteArray output;
    QString errorString;
    QString warning;
};

Result exportSession(const QByteArray &session, ExportFormat format,
                     std::optional<Stream> stream = std::nullopt)
{
    QByteArray input = session;
    QBuffer inputBuffer(&input);
    inputBuffer.open(QIODevice::ReadOnly);
    QBuffer outputBuffer;
    outputBuffer.open(QIODevice::WriteOnly);
    SessionExporter exporter({format, stream, std::nullopt, std::nullopt});
    Result result;
    result.ok = exporter.run(&inputBuffer, &outputBuffer);
    result.output = outputBuffer.data();
    result.errorString = exporter.errorString();
    result.warning = exporter.warning();
    return result;
}

// "2023-11-14T22:13:20.123456789Z", computed another way than the exporter does.
QString isoTime(qint64 epochNs)
{
    QString seconds = QDateTime::fromSecsSinceEpoch(epochNs / 1000000000, Qt::UTC)
                          .toString(Qt::ISODate); // ends with "Z"
    seconds.chop(1);
    return seconds + u'.' + QStringLiteral("%1").arg(epochNs % 1000000000, 9, 10, QLatin1Char('0'))
           + u'Z';
}

// Writes nothing: every write fails, as on a full disk.
class FailingDevice : public QIODevice
{
public:
    FailingDevice() { open(QIODevice::WriteOnly); }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64) override
    {
        setErrorString(QStringLiteral("simulated write failure"));
        return -1;
    }
};

// Takes the first `capacity` bytes, then fails.
class ShortDevice : public QIODevice
{
public:
    explicit ShortDevice(qint64 capacity)
        : m_capacity(capacity)
    {
        open(QIODevice::WriteOnly);
    }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 size) override
    {
        if (m_capacity == 0) {
            setErrorString(QStringLiteral("simulated short write"));
            return -1;
        }
        const qint64 n = qMin(size, m_capacity);
        m_capacity -= n;
        return n;
    }

private:
    qint64 m_capacity;
};

} // namespace

class tst_SessionExporter : public QObject
{
    Q_OBJECT

private slots:
    void jsonLines();
    void fileInput();
    void jsonLinesStreamFilter_data();
    void jsonLinesStreamFilter();
    void text();
    void textStreamFilter();
    void raw_data();
    void raw();
    void rawNeedsAStream();
    void invalidInput_data();
    void invalidInput();
    void cutOffInput();
    void cutOffAtEveryByte();
    void outputFails();
    void outputFailsPartway();
    void outputFileOnFullDevice();
    void exportFormatFromName_data();
    void exportFormatFromName();
};

void tst_SessionExporter::jsonLines()
{
    const QList<Record> records = sessionRecords();
    const Result result = exportSession(sessionFile(), ExportFormat::JsonLines);
    QVERIFY2(result.ok, qPrintable(result.errorString));
    QCOMPARE(result.warning, QString());
    QVERIFY(result.output.endsWith('\n'));

    QList<QByteArray> lines = result.output.split('\n');
    QCOMPARE(lines.takeLast(), QByteArray());
    QCOMPARE(lines.size(), records.size());
    for (int i = 0; i < lines.size(); ++i) {
        const Record &record = records.at(i);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(lines.at(i), &error);
        QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(),
                 lines.at(i).constData());
        const QJsonObject object = document.object();

        QCOMPARE(object.value(QStringLiteral("seq")).toInteger(-1), i);
        QCOMPARE(object.value(QStringLiteral("time")).toString(),
                 isoTime(startNs + record.elapsedNs));
        QCOMPARE(object.value(QStringLiteral("elapsed_ns")).toInteger(-1), record.elapsedNs);
        QCOMPARE(object.value(QStringLiteral("stream")).toString(),
                 QString::fromLatin1(streamName(record.stream)));
        QCOMPARE(object.value(QStringLiteral("length")).toInteger(-1), record.payload.size());

        // Exactly one way to carry the payload, and it gives back the exact bytes.
        const QSet<QString> common{QStringLiteral("seq"), QStringLiteral("time"),
                                   QStringLiteral("elapsed_ns"), QStringLiteral("stream"),
                                   QStringLiteral("length")};
        const QStringList keyList = object.keys();
        QSet<QString> keys(keyList.cbegin(), keyList.cend());
        QVERIFY2(keys.contains(common), lines.at(i).constData());
        keys -= common;
        QCOMPARE(keys.size(), 1);
        const QString payloadKey = *keys.cbegin();
        if (record.stream == Stream::Event) {
            QCOMPARE(payloadKey, QStringLiteral("event"));
            QCOMPARE(object.value(payloadKey).toObject(),
                     QJsonDocument::fromJson(record.payload).object());
        } else if (isValidUtf8(record.payload)) {
            QCOMPARE(payloadKey, QStringLiteral("text"));
            QCOMPARE(object.value(payloadKey).toString().toUtf8(), record.payload);
        } else {
            QCOMPARE(payloadKey, QStringLiteral("base64"));
            const auto decoded
                = QByteArray::fromBase64Encoding(object.value(payloadKey).toString().toLatin1(),
                                                 QByteArray::AbortOnBase64DecodingErrors);
            QVERIFY(decoded);
            QCOMPARE(*decoded, record.payload);
        }
    }

    // Text where the payload is valid UTF-8, base64 where it is not.
    const auto objectAt = [&](int i) { return QJsonDocument::fromJson(lines.at(i)).object(); };
    QCOMPARE(objectAt(1).value(QStringLiteral("text")).toString(), QStringLiteral("hello\n"));
    QCOMPARE(objectAt(3).value(QStringLiteral("text")).toString(),
             QStringLiteral("caf\u00e9 \u20ac\r\n"));
    QCOMPARE(objectAt(4).value(QStringLiteral("base64")).toString(), QStringLiteral("AAH//oA="));
    QCOMPARE(objectAt(5).value(QStringLiteral("text")).toString(), QString());
    QCOMPARE(objectAt(6).value(QStringLiteral("text")).toString(), QStringLiteral("a\u0000b"));
    QCOMPARE(objectAt(8).value(QStringLiteral("base64")).toString(),
             QStringLiteral("CmFmdGVy4oI="));
    QCOMPARE(objectAt(10).value(QStringLiteral("event")).toObject().value(QStringLiteral("code")),
             QJsonValue(3));
    // Spot checks of the time, independent of isoTime().
    QCOMPARE(objectAt(0).value(QStringLiteral("time")).toString(),
             QStringLiteral("2023-11-14T22:13:20.123456789Z"));
    QCOMPARE(objectAt(8).value(QStringLiteral("time")).toString(),
             QStringLiteral("2023-11-14T22:13:21.001000000Z"));
    QCOMPARE(objectAt(9).value(QStringLiteral("time")).toString(),
             QStringLiteral("2023-11-14T22:13:21.358024679Z"));
}

// A session in a file is read another way (mapped) than one in a buffer: same export.
void tst_SessionExporter::fileInput()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("session.pcapng")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(sessionFile()), sessionFile().size());
    file.close();

    for (const ExportFormat format : {ExportFormat::JsonLines, ExportFormat::Text}) {
        QVERIFY(file.open(QIODevice::ReadOnly));
        QBuffer output;
        output.open(QIODevice::WriteOnly);
        SessionExporter exporter({format, std::nullopt, std::nullopt, std::nullopt});
        QVERIFY2(exporter.run(&file, &output), qPrintable(exporter.errorString()));
        file.close();
        const QByteArray expected = exportSession(sessionFile(), format).output;
        QVERIFY(!expected.isEmpty());
        QCOMPARE(output.data(), expected);
    }
}

void tst_SessionExporter::jsonLinesStreamFilter_data()
{
    QTest::addColumn<Stream>("stream");
    QTest::addColumn<QList<qint64>>("seqs");

    QTest::newRow("stdin") << Stream::Stdin << QList<qint64>{1, 6};
    QTest::newRow("stdout") << Stream::Stdout << QList<qint64>{2, 4, 5, 9};
    QTest::newRow("stderr") << Stream::Stderr << QList<qint64>{3, 8};
    QTest::newRow("events") << Stream::Event << QList<qint64>{0, 7, 10};
}

void tst_SessionExporter::jsonLinesStreamFilter()
{
    QFETCH(Stream, stream);
    QFETCH(QList<qint64>, seqs);

    const QList<Record> records = sessionRecords();
    const Result result = exportSession(sessionFile(), ExportFormat::JsonLines, stream);
    QVERIFY2(result.ok, qPrintable(result.errorString));
    QList<QByteArray> lines = result.output.split('\n');
    QCOMPARE(lines.takeLast(), QByteArray());
    QList<qint64> exported;
    for (const QByteArray &line : std::as_const(lines)) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        QCOMPARE(object.value(QStringLiteral("stream")).toString(),
                 QString::fromLatin1(streamName(stream)));
        const qint64 seq = object.value(QStringLiteral("seq")).toInteger(-1);
        exported.append(seq);
        // Seq numbers and elapsed times stay those of the whole session.
        QVERIFY(seq >= 0 && seq < records.size());
        QCOMPARE(object.value(QStringLiteral("elapsed_ns")).toInteger(-1),
                 records.at(seq).elapsedNs);
    }
    QCOMPARE(exported, seqs);
}

void tst_SessionExporter::text()
{
    const Result result = exportSession(sessionFile(), ExportFormat::Text);
    QVERIFY2(result.ok, qPrintable(result.errorString));
    QCOMPARE(result.warning, QString());

    const QByteArray expected = "# prog 'a b'\n"
                                "+0.000000 events started pid 42: prog 'a b'\n"
                                "+0.001500 stdin  hello\\n\n"
                                "+0.002000 stdout line1\\n\n"
                                "                 line2\\n\n"
                                "+0.002500 stderr caf\xc3\xa9 \xe2\x82\xac\\r\\n\n"
                                "+0.003000 stdout \\x00\\x01\\xff\\xfe\\x80\n"
                                "+0.003000 stdout (0 bytes)\n"
                                "+0.004000 stdin  a\\x00b\n"
                                "+0.005000 events stdin closed\n"
                                "+0.877543 stderr \\n\n"
                                "                 after\\xe2\\x82\n"
                                "+1.234568 stdout x\\n\n"
                                "                 y\n"
                                "+1.300000 events exited with code 3\n";
    QCOMPARE(result.output, expected);
}

void tst_SessionExporter::textStreamFilter()
{
    const Result events = exportSession(sessionFile(), ExportFormat::Text, Stream::Event);
    QVERIFY2(events.ok, qPrintable(events.errorString));
    QCOMPARE(events.output, QByteArray("# prog 'a b'\n"
                                       "+0.000000 events started pid 42: prog 'a b'\n"
                                       "+0.005000 events stdin closed\n"
                                       "+1.300000 events exited with code 3\n"));

    // Times stay relative to the start of the session, not to the first exported record.
    const Result stderrOnly = exportSession(sessionFile(), ExportFormat::Text, Stream::Stderr);
    QVERIFY2(stderrOnly.ok, qPrintable(stderrOnly.errorString));
    QCOMPARE(stderrOnly.output, QByteArray("# prog 'a b'\n"
                                           "+0.002500 stderr caf\xc3\xa9 \xe2\x82\xac\\r\\n\n"
                                           "+0.877543 stderr \\n\n"
                                           "                 after\\xe2\\x82\n"));
}

void tst_SessionExporter::raw_data()
{
    QTest::addColumn<Stream>("stream");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("stdin") << Stream::Stdin << QByteArray("hello\na\0b", 9);
    QTest::newRow("stdout") << Stream::Stdout
                            << QByteArrayLiteral("line1\nline2\n\x00\x01\xff\xfe\x80x\ny");
    QTest::newRow("stderr") << Stream::Stderr
                            << QByteArrayLiteral("caf\xc3\xa9 \xe2\x82\xac\r\n\nafter\xe2\x82");
}

void tst_SessionExporter::raw()
{
    QFETCH(Stream, stream);
    QFETCH(QByteArray, expected);

    const Result result = exportSession(sessionFile(), ExportFormat::Raw, stream);
    QVERIFY2(result.ok, qPrintable(result.errorString));
    QCOMPARE(result.warning, QString());
    QCOMPARE(result.output, expected);
}

void tst_SessionExporter::rawNeedsAStream()
{
    const Result result = exportSession(sessionFile(), ExportFormat::Raw);
    QVERIFY(!result.ok);
    QVERIFY(!result.errorString.isEmpty());
    QVERIFY(!result.errorString.contains(u'\n'));
    QCOMPARE(result.output, QByteArray());
}

void tst_SessionExporter::invalidInput_data()
{
    QTest::addColumn<QByteArray>("input");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("text") << QByteArrayLiteral("this is not a session file\n");
    QTest::newRow("three bytes") << QByteArrayLiteral("\x0a\x0d\x0d");
    QTest::newRow("json lines") << exportSession(sessionFile(), ExportFormat::JsonLines).output;
    QTest::newRow("section header cut off") << sessionFile().left(20);
    QByteArray badMagic = sessionFile();
    badMagic[8] = 'X';
    QTest::newRow("bad byte-order magic") << badMagic;
}

void tst_SessionExporter::invalidInput()
{
    QFETCH(QByteArray, input);

    for (const ExportFormat format : {ExportFormat::JsonLines, ExportFormat::Text}) {
        const Result result = exportSession(input, format);
        QVERIFY(!result.ok);
        QVERIFY(!result.errorString.isEmpty());
        QVERIFY2(!result.errorString.contains(u'\n'), qPrintable(result.errorString));
        QCOMPARE(result.output, QByteArray());
    }
}

void tst_SessionExporter::cutOffInput()
{
    const QByteArray full = sessionFile();
    const Result complete = exportSession(full, ExportFormat::JsonLines);
    QVERIFY(complete.ok);

    // The last record (exited) loses its last 3 bytes.
    const Result cut = exportSession(full.left(full.size() - 3), ExportFormat::JsonLines);
    QVERIFY2(cut.ok, qPrintable(cut.errorString));
    QVERIFY(!cut.warning.isEmpty());
    QVERIFY2(!cut.warning.contains(u'\n'), qPrintable(cut.warning));
    QList<QByteArray> lines = complete.output.split('\n');
    lines.removeLast(); // empty
    lines.removeLast(); // exited
    QCOMPARE(cut.output, lines.join('\n') + '\n');

    const Result cutRaw
        = exportSession(full.left(full.size() - 3), ExportFormat::Raw, Stream::Stdout);
    QVERIFY(cutRaw.ok);
    QVERIFY(!cutRaw.warning.isEmpty());
    QCOMPARE(cutRaw.output, QByteArrayLiteral("line1\nline2\n\x00\x01\xff\xfe\x80x\ny"));
}

// Wherever the file is cut after its header, the export holds exactly the records whose blocks
// are complete.
void tst_SessionExporter::cutOffAtEveryByte()
{
    QList<qint64> blockEnds;
    const QByteArray full = sessionFile(&blockEnds);
    QList<QByteArray> completeLines
        = exportSession(full, ExportFormat::JsonLines).output.split('\n');
    QCOMPARE(completeLines.size(), blockEnds.size() + 1);

    // The header (section and interfaces) ends where the first record's block starts.
    QBuffer headerOnly;
    headerOnly.open(QIODevice::WriteOnly);
    PcapngWriter header(&headerOnly);
    header.writeHeader(sectionComment);
    const qint64 headerSize = header.size();

    for (qint64 size = headerSize; size <= full.size(); ++size) {
        const Result result = exportSession(full.left(size), ExportFormat::JsonLines);
        QVERIFY2(result.ok,
                 qPrintable(QStringLiteral("cut at %1: %2").arg(size).arg(result.errorString)));
        const qsizetype complete = std::count_if(blockEnds.cbegin(), blockEnds.cend(),
                                                 [&](qint64 end) { return end <= size; });
        const QByteArray expected
            = complete == 0 ? QByteArray() : completeLines.mid(0, complete).join('\n') + '\n';
        QCOMPARE(result.output, expected);
        const bool atBoundary = size == headerSize || blockEnds.contains(size);
        QVERIFY2(
            result.warning.isEmpty() == atBoundary,
            qPrintable(QStringLiteral("cut at %1: warning \"%2\"").arg(size).arg(result.warning)));
    }
}

void tst_SessionExporter::outputFails()
{
    for (const ExportFormat format : {ExportFormat::JsonLines, ExportFormat::Text}) {
        QByteArray input = sessionFile();
        QBuffer inputBuffer(&input);
        inputBuffer.open(QIODevice::ReadOnly);
        FailingDevice output;
        SessionExporter exporter({format, std::nullopt, std::nullopt, std::nullopt});
        QVERIFY(!exporter.run(&inputBuffer, &output));
        QVERIFY2(exporter.errorString().contains(QLatin1String("simulated write failure")),
                 qPrintable(exporter.errorString()));
        QVERIFY(!exporter.errorString().contains(u'\n'));
    }
}

void tst_SessionExporter::outputFailsPartway()
{
    QByteArray input = sessionFile();
    QBuffer inputBuffer(&input);
    inputBuffer.open(QIODevice::ReadOnly);
    ShortDevice output(100); // about one line and a half
    SessionExporter exporter({ExportFormat::JsonLines, std::nullopt, std::nullopt, std::nullopt});
    QVERIFY(!exporter.run(&inputBuffer, &output));
    QVERIFY(!exporter.errorString().isEmpty());
    QVERIFY(!exporter.errorString().contains(u'\n'));
}

// A file on a full disk: QFile buffers what it is given, so the failure shows only when the
// buffer is flushed.
void tst_SessionExporter::outputFileOnFullDevice()
{
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full here");
    QByteArray input = sessionFile();
    QBuffer inputBuffer(&input);
    inputBuffer.open(QIODevice::ReadOnly);
    QFile output(QStringLiteral("/dev/full"));
    QVERIFY(output.open(QIODevice::WriteOnly));
    SessionExporter exporter({ExportFormat::JsonLines, std::nullopt, std::nullopt, std::nullopt});
    const bool ok = exporter.run(&inputBuffer, &output);
    QVERIFY(!ok);
    QVERIFY(exporter.errorString().contains(QLatin1String("space")));
}

void tst_SessionExporter::exportFormatFromName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<std::optional<ExportFormat>>("format");

    QTest::newRow("jsonl") << QStringLiteral("jsonl")
                           << std::optional<ExportFormat>(ExportFormat::JsonLines);
    QTest::newRow("text") << QStringLiteral("text")
                          << std::optional<ExportFormat>(ExportFormat::Text);
    QTest::newRow("raw") << QStringLiteral("raw") << std::optional<ExportFormat>(ExportFormat::Raw);
    QTest::newRow("json") << QStringLiteral("json") << std::optional<ExportFormat>();
    QTest::newRow("upper case") << QStringLiteral("JSONL") << std::optional<ExportFormat>();
    QTest::newRow("trailing space") << QStringLiteral("raw ") << std::optional<ExportFormat>();
    QTest::newRow("empty") << QString() << std::optional<ExportFormat>();
}

void tst_SessionExporter::exportFormatFromName()
{
    QFETCH(QString, name);
    QFETCH(std::optional<ExportFormat>, format);

    const std::optional<ExportFormat> parsed = ::exportFormatFromName(name);
    QCOMPARE(parsed.has_value(), format.has_value());
    if (format)
        QCOMPARE(*parsed, *format);
}

QTEST_APPLESS_MAIN(tst_SessionExporter)

#include "tst_sessionexporter.moc"

// Marks, comments and time references: their pcapng encoding, a live session's annotation
// records (which survive a crash of the window), a saved session's comments on its records, and
// tshark's view of them.
#include "capture/annotations.h"
#include "capture/capturestore.h"
#include "cli/commandresult.h"
#include "cli/sessioncommands.h"
#include "cli/sessionexporter.h"
#include "messages/framing.h"

#include <QtCore/QBuffer>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

namespace {

constexpr qint64 baseNs = 1700000000000000000;

Annotation marked()
{
    Annotation annotation;
    annotation.marked = true;
    return annotation;
}

Annotation commented(const QString &text)
{
    Annotation annotation;
    annotation.comment = text;
    return annotation;
}

Annotation timeReference()
{
    Annotation annotation;
    annotation.timeReference = true;
    return annotation;
}

// A live store with an event, a stdin chunk holding two messages, and stdout and stderr chunks.
void record(CaptureStore *store)
{
    store->append(Stream::Event, baseNs, "{\"event\":\"started\"}", 19, QStringLiteral("started"));
    store->append(Stream::Stdin, baseNs + 1000, "{\"a\":1}\n{\"b\":2}\n", 16);
    store->append(Stream::Stdout, baseNs + 2000, "out\n", 4);
    store->append(Stream::Stderr, baseNs + 3000, "err\n", 4);
}

} // namespace

class tst_Annotations : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void commentsEncodeAndReadBack_data();
    void commentsEncodeAndReadBack();
    void foreignCommentsReadAsComments();
    void liveAnnotationsReachTheFileAtOnce();
    void aCutOffAnnotationRecordKeepsTheStateBefore();
    void saveWritesCommentsOnTheirRecords();
    void timeReferencesCountFromTheLatestBefore();
    void exportsCarryThem();
    void tsharkShowsTheComments();

private:
    QString path(const char *name) const { return m_dir->filePath(QString::fromUtf8(name)); }
    // Records record()'s session to `name`, and opens it as a saved session.
    bool recordAndOpen(const char *name, CaptureStore *opened);
    // Saves `store` as pipescope's Save As does, and loads the copy.
    bool saveAndReload(CaptureStore &store, const char *name, CaptureStore *copy);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Annotations::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

bool tst_Annotations::recordAndOpen(const char *name, CaptureStore *opened)
{
    {
        CaptureStore live;
        if (!live.create(path(name), QString(), PrivateFileCreation::NewFileOnly))
            return false;
        record(&live);
    }
    return opened->load(path(name));
}

bool tst_Annotations::saveAndReload(CaptureStore &store, const char *name, CaptureStore *copy)
{
    const CommandResult result = writeFileWhole(
        path(name), [&store](QIODevice *output) { return copySession(store, output); });
    if (!result.ok) {
        qWarning("%s", qPrintable(result.error));
        return false;
    }
    return copy->load(path(name));
}

void tst_Annotations::commentsEncodeAndReadBack_data()
{
    QTest::addColumn<Annotation>("annotation");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QStringList>("comments");

    Annotation all = commented(QStringLiteral("slow here"));
    all.marked = true;
    all.timeReference = true;
    QTest::newRow("mark") << marked() << 0 << QStringList{QStringLiteral("pipescope:mark")};
    QTest::newRow("mark inside the record")
        << marked() << 17 << QStringList{QStringLiteral("pipescope:mark@17")};
    QTest::newRow("comment") << commented(QStringLiteral("slow here")) << 0
                             << QStringList{QStringLiteral("slow here")};
    QTest::newRow("comment inside the record")
        << commented(QStringLiteral("second message")) << 8
        << QStringList{QStringLiteral("pipescope:comment@8 second message")};
    QTest::newRow("multi-line comment")
        << commented(QStringLiteral("one\ntwo")) << 0 << QStringList{QStringLiteral("one\ntwo")};
    QTest::newRow("time reference")
        << timeReference() << 0 << QStringList{QStringLiteral("pipescope:time-reference")};
    QTest::newRow("all three inside")
        << all << 3
        << QStringList{QStringLiteral("pipescope:comment@3 slow here"),
                       QStringLiteral("pipescope:mark@3"),
                       QStringLiteral("pipescope:time-reference@3")};
}

void tst_Annotations::commentsEncodeAndReadBack()
{
    QFETCH(Annotation, annotation);
    QFETCH(int, offset);
    QFETCH(QStringList, comments);

    QCOMPARE(annotationComments(annotation, offset), comments);
    Annotations read;
    for (const QString &comment : comments)
        readAnnotationComment(&read, 5, comment);
    QCOMPARE(read.size(), 1);
    QCOMPARE(read.firstKey(), (AnnotationAnchor{5, offset}));
    QVERIFY(read.first() == annotation);
}

void tst_Annotations::foreignCommentsReadAsComments()
{
    // Comments written in Wireshark, or that only look like ours, are comments on the record.
    Annotations read;
    readAnnotationComment(&read, 0, QStringLiteral("from Wireshark"));
    readAnnotationComment(&read, 0, QStringLiteral("pipescope:markers are fun"));
    readAnnotationComment(&read, 0, QStringLiteral("pipescope:mark@x"));
    QCOMPARE(read.size(), 1);
    QCOMPARE(read.first().comment,
             QStringLiteral("from Wireshark\npipescope:markers are fun\npipescope:mark@x"));
    QVERIFY(!read.first().marked);
}

void tst_Annotations::liveAnnotationsReachTheFileAtOnce()
{
    CaptureStore live;
    QVERIFY(live.create(path("live.pcapng"), QString(), PrivateFileCreation::NewFileOnly));
    record(&live);
    live.annotate({1, 8}, commented(QStringLiteral("the second message")));
    live.annotate({2, 0}, marked());
    live.annotate({0, 0}, marked());
    live.annotate({0, 0}, Annotation()); // unmarked again
    live.annotate({9, 0}, marked());     // no such record: ignored
    QVERIFY(!live.hasUnsavedAnnotations());

    // No flush by the recorder, no clean end: another reader sees them, as after a crash.
    CaptureStore reopened;
    QVERIFY(reopened.load(path("live.pcapng")));
    QCOMPARE(reopened.count(), 4); // annotation records are not records of the session
    QCOMPARE(reopened.annotations(), live.annotations());
    QCOMPARE(reopened.annotations().size(), 2);
    QCOMPARE(reopened.annotation({1, 8}).comment, QStringLiteral("the second message"));
    QVERIFY(reopened.annotation({2, 0}).marked);
    QVERIFY(reopened.annotation({0, 0}).isEmpty());
    QVERIFY(!reopened.hasUnsavedAnnotations());

    // Records appended after an annotation keep their numbers.
    live.append(Stream::Stdout, baseNs + 4000, "more\n", 5);
    QVERIFY(live.flushAndWait());
    CaptureStore again;
    QVERIFY(again.load(path("live.pcapng")));
    QCOMPARE(again.count(), 5);
    QCOMPARE(again.payload(again.record(4)), QByteArray("more\n"));
}

void tst_Annotations::aCutOffAnnotationRecordKeepsTheStateBefore()
{
    {
        CaptureStore live;
        QVERIFY(live.create(path("cut.pcapng"), QString(), PrivateFileCreation::NewFileOnly));
        record(&live);
        live.annotate({3, 0}, commented(QStringLiteral("first")));
        live.annotate({3, 0}, commented(QStringLiteral("second")));
    }
    QFile file(path("cut.pcapng"));
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.resize(file.size() - 10)); // the last annotation record, cut in half
    file.close();

    CaptureStore reopened;
    QVERIFY(reopened.load(path("cut.pcapng")));
    QCOMPARE(reopened.count(), 4);
    QCOMPARE(reopened.annotation({3, 0}).comment, QStringLiteral("first"));
    QVERIFY(reopened.warning().contains(QStringLiteral("cut off")));
}

void tst_Annotations::saveWritesCommentsOnTheirRecords()
{
    CaptureStore opened;
    QVERIFY(recordAndOpen("plain.pcapng", &opened));
    Annotation all = commented(QStringLiteral("why so slow?"));
    all.marked = true;
    opened.annotate({0, 0}, commented(QStringLiteral("on the event")));
    opened.annotate({1, 8}, all);
    opened.annotate({3, 0}, timeReference());
    QVERIFY(opened.hasUnsavedAnnotations());

    CaptureStore saved;
    QVERIFY(saveAndReload(opened, "saved.pcapng", &saved));
    QCOMPARE(saved.count(), opened.count());
    QCOMPARE(saved.annotations(), opened.annotations());
    for (qsizetype i = 0; i < saved.count(); ++i)
        QCOMPARE(saved.payload(saved.record(i)), opened.payload(opened.record(i)));

    // Removing them all and saving again leaves a file without any.
    opened.annotate({0, 0}, Annotation());
    opened.annotate({1, 8}, Annotation());
    opened.annotate({3, 0}, Annotation());
    CaptureStore cleared;
    QVERIFY(saveAndReload(opened, "cleared.pcapng", &cleared));
    QVERIFY(cleared.annotations().isEmpty());
}

void tst_Annotations::timeReferencesCountFromTheLatestBefore()
{
    CaptureStore live;
    QVERIFY(live.create(path("ref.pcapng"), QString(), PrivateFileCreation::NewFileOnly));
    record(&live);
    live.annotate({3, 0}, timeReference());
    live.annotate({1, 0}, timeReference());
    const QList<qint64> references = live.timeReferences();
    QCOMPARE(references, (QList<qint64>{baseNs + 1000, baseNs + 3000}));
    QCOMPARE(timeOrigin(references, baseNs, baseNs), baseNs);
    QCOMPARE(timeOrigin(references, baseNs + 1000, baseNs), baseNs + 1000);
    QCOMPARE(timeOrigin(references, baseNs + 2999, baseNs), baseNs + 1000);
    QCOMPARE(timeOrigin(references, baseNs + 5000, baseNs), baseNs + 3000);
}

void tst_Annotations::exportsCarryThem()
{
    // Recorded live: the annotations are records that follow what they annotate.
    CaptureStore live;
    QVERIFY(live.create(path("e.pcapng"), QString(), PrivateFileCreation::NewFileOnly));
    record(&live);
    Annotation note = commented(QStringLiteral("look"));
    note.marked = true;
    live.annotate({2, 0}, note);
    live.annotate({1, 8}, marked()); // the second message on stdin
    live.annotate({1, 0}, timeReference());
    QVERIFY(live.flushAndWait());

    const auto exportLines = [this](ExportOptions options) {
        QBuffer output;
        output.open(QIODevice::WriteOnly);
        const CommandResult result = exportSession(path("e.pcapng"), options, &output);
        if (!result.ok)
            qWarning("%s", qPrintable(result.error));
        return output.data().split('\n');
    };
    ExportOptions options;
    std::optional<ParseError> error;
    options.filter = Filter::parse(QStringLiteral("marked"), FilterTarget::Chunks, &error);
    QByteArrayList lines = exportLines(options);
    QCOMPARE(lines.size(), 2); // one line and the end
    QVERIFY(lines.at(0).contains(R"("comment":"look")"));
    QVERIFY(lines.at(0).contains(R"("marked":true)"));
    QVERIFY(lines.at(0).contains(R"("seq":2)"));

    options.filter.reset();
    lines = exportLines(options);
    QVERIFY(lines.at(1).contains(R"("time_reference":true)"));
    QVERIFY(!lines.at(1).contains(R"("marked")")); // its second message is, not the chunk

    QBuffer messagesOut;
    messagesOut.open(QIODevice::WriteOnly);
    const CommandResult result
        = exportMessages(live, SessionGrowth::Ended, FramingChoice(), &messagesOut,
                         Filter::parse(QStringLiteral("marked"), FilterTarget::Messages, &error));
    QVERIFY(result.ok);
    const QByteArrayList messageLines = messagesOut.data().split('\n');
    QCOMPARE(messageLines.size(), 3); // the second stdin message and stdout's, and the end
    QVERIFY(messageLines.at(0).contains(R"("n":3)"));
    QVERIFY(messageLines.at(0).contains(R"("marked":true)"));
    QVERIFY(messageLines.at(1).contains(R"("comment":"look")"));
}

void tst_Annotations::tsharkShowsTheComments()
{
    const QString tshark = QStandardPaths::findExecutable(QStringLiteral("tshark"));
    if (tshark.isEmpty())
        QSKIP("tshark is not installed (Debian: apt install tshark)");
    CaptureStore opened;
    QVERIFY(recordAndOpen("t.pcapng", &opened));
    Annotation note = commented(QStringLiteral("look here"));
    note.marked = true;
    opened.annotate({2, 0}, note);
    opened.annotate({1, 8}, commented(QStringLiteral("second message")));
    CaptureStore saved;
    QVERIFY(saveAndReload(opened, "saved.pcapng", &saved));

    QProcess process;
    process.start(tshark, {QStringLiteral("-r"), path("saved.pcapng"), QStringLiteral("-Y"),
                           QStringLiteral("frame.comment && !(frame.interface_name == \"events\")"),
                           QStringLiteral("-T"), QStringLiteral("fields"), QStringLiteral("-e"),
                           QStringLiteral("frame.number"), QStringLiteral("-e"),
                           QStringLiteral("frame.comment")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.readAllStandardOutput(), QByteArray("2\tpipescope:comment@8 second message\n"
                                                         "3\tlook here,pipescope:mark\n"));
}

QTEST_GUILESS_MAIN(tst_Annotations)
#include "tst_annotations.moc"

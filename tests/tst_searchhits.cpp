#include "capture/capturestore.h"
#include "search/searchhits.h"

#include <QtCore/QTemporaryDir>
#include <QtTest>

class tst_SearchHits : public QObject
{
    Q_OBJECT

private slots:
    void hitsAreInTimelineOrderAndSpanTheirRecords()
    {
        QTemporaryDir dir;
        CaptureStore store;
        QVERIFY(store.create(dir.filePath(QStringLiteral("s.pcapng")), QString(),
                             PrivateFileCreation::NewFileOnly));
        store.append(Stream::Stdin, 0, "ask hel", 7); // record 0
        store.append(Stream::Stdout, 1, "he", 2);     // record 1
        store.append(Stream::Stdin, 2, "lo", 2);      // record 2: stdin "ask hello"
        store.append(Stream::Stdout, 3, "l", 1);      // record 3
        store.append(Stream::Stdout, 4, "lo!", 3);    // record 4: stdout "hello!"
        StreamSequences sequences;
        for (const Stream stream : byteStreams)
            sequences[stream]
                = std::make_shared<const ChunkSequence>(ChunkSequence::forStream(&store, stream));

        StreamSearchResults results;
        results.streams = {{int(Stream::Stdout), {{0, 5}}, false},
                           {int(Stream::Stdin), {{4, 5}}, false},
                           {int(Stream::Stderr), {}, false}};
        const QList<SearchHit> hits = searchHits(results, sequences);
        QCOMPARE(hits.size(), 2);
        // The stdin match starts in record 0, the stdout one in record 1: stdin first.
        QCOMPARE(hits[0].stream, Stream::Stdin);
        QCOMPARE(hits[0].firstRecord, 0);
        QCOMPARE(hits[0].lastRecord, 2);
        QCOMPARE(hits[1].stream, Stream::Stdout);
        QCOMPARE(hits[1].firstRecord, 1);
        QCOMPARE(hits[1].lastRecord, 4);
        QCOMPARE(hits[1].lastPosition - hits[1].firstPosition, 2); // three stdout chunks

        // The filter keeps every record a match touches, the middle one included.
        QCOMPARE(recordsWithHits(hits, sequences), (QList<qsizetype>{0, 1, 2, 3, 4}));
    }

    void stepping_data()
    {
        QTest::addColumn<qsizetype>("count");
        QTest::addColumn<qsizetype>("current");
        QTest::addColumn<bool>("forward");
        QTest::addColumn<qsizetype>("expected");
        QTest::newRow("none") << qsizetype(0) << qsizetype(-1) << true << qsizetype(-1);
        QTest::newRow("first") << qsizetype(3) << qsizetype(-1) << true << qsizetype(0);
        QTest::newRow("last from none") << qsizetype(3) << qsizetype(-1) << false << qsizetype(2);
        QTest::newRow("next") << qsizetype(3) << qsizetype(1) << true << qsizetype(2);
        QTest::newRow("wrap forward") << qsizetype(3) << qsizetype(2) << true << qsizetype(0);
        QTest::newRow("wrap backward") << qsizetype(3) << qsizetype(0) << false << qsizetype(2);
    }
    void stepping()
    {
        QFETCH(qsizetype, count);
        QFETCH(qsizetype, current);
        QFETCH(bool, forward);
        QFETCH(qsizetype, expected);
        QCOMPARE(
            stepHit(count, current, forward ? SearchDirection::Forward : SearchDirection::Backward),
            expected);
    }
};

QTEST_GUILESS_MAIN(tst_SearchHits)
#include "tst_searchhits.moc"

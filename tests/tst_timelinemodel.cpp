#include "capture/capturestore.h"
#include "capture/sessionevent.h"
#include "models/timelinemodel.h"

#include <QAbstractItemModelTester>
#include <QtCore/QTemporaryDir>
#include <QtTest>

namespace {

constexpr qint64 startNs = 1'700'000'000'000'000'000;

struct Session
{
    QTemporaryDir dir;
    CaptureStore store;
    Session()
    {
        store.create(dir.filePath(QStringLiteral("s.pcapng")), QString(),
                     PrivateFileCreation::NewFileOnly);
    }
    void add(Stream stream, qint64 atNs, const QByteArray &bytes)
    {
        store.append(stream, startNs + atNs, bytes.constData(), bytes.size());
    }
    void addEvent(qint64 atNs, const SessionEvent &event)
    {
        const QByteArray payload = event.toPayload();
        store.append(Stream::Event, startNs + atNs, payload.constData(), payload.size());
    }
};

QString cell(const TimelineModel &model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

} // namespace

class tst_TimelineModel : public QObject
{
    Q_OBJECT

private slots:
    // The filter bar's expression over records, also those that arrive later.
    void filterExpressionSelectsRecords()
    {
        Session session;
        session.add(Stream::Stdin, 0, "ping\n");
        session.add(Stream::Stdout, 1000000, "pong\n");
        session.add(Stream::Stderr, 2000000, "a longer line on stderr\n");
        TimelineModel model(&session.store);
        model.refresh();
        QCOMPARE(model.rowCount(), 3);
        std::optional<ParseError> error;
        model.setExpression(
            Filter::parse(QStringLiteral("dir == s2c && len < 10"), FilterTarget::Chunks, &error));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.recordIndex(0), 1);
        session.add(Stream::Stdout, 3000000, "pang\n");
        session.add(Stream::Stdin, 4000000, "x\n");
        model.refresh();
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.recordIndex(1), 3);
        model.setExpression(
            Filter::parse(QStringLiteral("time >= 2ms"), FilterTarget::Chunks, &error));
        QCOMPARE(model.rowCount(), 3);
        model.setExpression(std::nullopt);
        QCOMPARE(model.rowCount(), 5);
    }

    void rowsShowEachRecord()
    {
        Session session;
        session.addEvent(
            0, SessionEvent::started({QStringLiteral("prog")}, QStringLiteral("/"), 42, 0));
        session.add(Stream::Stdin, 1'500'000, QByteArrayLiteral("hello\n"));
        session.add(Stream::Stdout, 2'000'000, QByteArray("\x1b[0m\xff", 5));
        session.add(Stream::Stderr, 3'000'000, QByteArray(500, 'x'));
        TimelineModel model(&session.store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);

        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(TimelineModel::ColumnCount));
        QCOMPARE(cell(model, 0, TimelineModel::NumberColumn), QStringLiteral("1"));
        QCOMPARE(cell(model, 0, TimelineModel::StreamColumn), QStringLiteral("• event"));
        QCOMPARE(cell(model, 0, TimelineModel::PreviewColumn),
                 QStringLiteral("started pid 42: prog"));
        QCOMPARE(cell(model, 0, TimelineModel::LengthColumn), QString());
        QCOMPARE(cell(model, 1, TimelineModel::StreamColumn), QStringLiteral("→ stdin"));
        QCOMPARE(cell(model, 1, TimelineModel::LengthColumn), QStringLiteral("6"));
        QCOMPARE(cell(model, 1, TimelineModel::PreviewColumn), QStringLiteral("hello\\n"));
        QCOMPARE(cell(model, 2, TimelineModel::StreamColumn), QStringLiteral("← stdout"));
        QCOMPARE(cell(model, 2, TimelineModel::PreviewColumn), QStringLiteral("\\x1b[0m\\xff"));
        QCOMPARE(cell(model, 3, TimelineModel::StreamColumn), QStringLiteral("← stderr"));
        const QString longPreview = cell(model, 3, TimelineModel::PreviewColumn);
        QVERIFY(longPreview.endsWith(QStringLiteral("…")));
        QVERIFY(longPreview.size() < 200);
        QCOMPARE(model.data(model.index(2, 0), TimelineModel::StreamRole).value<Stream>(),
                 Stream::Stdout);
        QCOMPARE(model.data(model.index(2, 0), TimelineModel::RecordIndexRole).value<qsizetype>(),
                 2);
        QVERIFY(!model.data(model.index(0, 0), TimelineModel::InterceptedRole).toBool());
    }

    // What a rule or breakpoint did stands out from the other events.
    void interceptedEventsAreMarked()
    {
        Session session;
        session.addEvent(
            0, SessionEvent::started({QStringLiteral("prog")}, QStringLiteral("/"), 42, 0));
        SessionEvent dropped
            = SessionEvent::intercepted(QStringLiteral("drop"), 2, QStringLiteral("to-child"));
        dropped.method = QStringLiteral("initialized");
        session.addEvent(1'000, dropped);
        session.add(Stream::Stdin, 2'000, QByteArrayLiteral("x"));
        TimelineModel model(&session.store);
        QCOMPARE(cell(model, 1, TimelineModel::PreviewColumn),
                 QStringLiteral("rule 2 drop initialized to-child"));
        const auto intercepted = [&](int row) {
            return model.data(model.index(row, 0), TimelineModel::InterceptedRole).toBool();
        };
        QVERIFY(!intercepted(0));
        QVERIFY(intercepted(1));
        QVERIFY(!intercepted(2));
    }

    void timeDisplays()
    {
        Session session;
        session.add(Stream::Stdin, 0, QByteArrayLiteral("a"));
        session.add(Stream::Stdout, 1'250'000, QByteArrayLiteral("b"));
        session.add(Stream::Stdout, 4'000'000'000, QByteArrayLiteral("c"));
        TimelineModel model(&session.store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(cell(model, 2, TimelineModel::TimeColumn), QStringLiteral("4.000000"));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setTimeDisplay(TimeDisplay::Delta);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(cell(model, 0, TimelineModel::TimeColumn), QStringLiteral("0.000000"));
        QCOMPARE(cell(model, 1, TimelineModel::TimeColumn), QStringLiteral("0.001250"));
        QCOMPARE(cell(model, 2, TimelineModel::TimeColumn), QStringLiteral("3.998750"));

        model.setTimeDisplay(TimeDisplay::WallClock);
        const QDateTime expected = QDateTime::fromMSecsSinceEpoch((startNs + 1'250'000) / 1000000);
        QCOMPARE(cell(model, 1, TimelineModel::TimeColumn),
                 expected.toString(QStringLiteral("HH:mm:ss.zzz")) + QStringLiteral("250"));
    }

    void newRecordsArriveInOneBatch()
    {
        Session session;
        session.add(Stream::Stdout, 0, QByteArrayLiteral("first"));
        TimelineModel model(&session.store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        for (int i = 0; i < 500; ++i)
            session.add(Stream::Stdout, i + 1, QByteArray::number(i));
        QCOMPARE(model.rowCount(), 1); // nothing until the model looks
        model.refresh();
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 1);
        QCOMPARE(inserted.first().at(2).toInt(), 500);
        QCOMPARE(model.rowCount(), 501);
        model.refresh(); // nothing new: no signal
        QCOMPARE(inserted.size(), 1);
    }

    void liveModelFollowsTheStore()
    {
        Session session;
        TimelineModel model(&session.store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setLive(true);
        session.add(Stream::Stdout, 0, QByteArrayLiteral("live"));
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(cell(model, 0, TimelineModel::PreviewColumn), QStringLiteral("live"));
    }

    // Sorted by length, largest first: new records join in their places, hidden streams stay
    // hidden, and number order comes back.
    void sortsByLengthWhileLive()
    {
        Session session;
        session.add(Stream::Stdout, 1, "aaaa");   // record 0
        session.add(Stream::Stdin, 2, "bb");      // record 1
        session.add(Stream::Stdout, 3, "cccccc"); // record 2
        TimelineModel model(&session.store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto order = [&model] {
            QList<qsizetype> records;
            for (int row = 0; row < model.rowCount(); ++row)
                records << model.recordIndex(row);
            return records;
        };
        model.sort(TimelineModel::LengthColumn, Qt::DescendingOrder);
        QCOMPARE(order(), QList<qsizetype>({2, 0, 1}));
        session.add(Stream::Stdout, 4, "ddddd"); // record 3
        session.add(Stream::Stdin, 5, "e");      // record 4
        model.refresh();
        QCOMPARE(order(), QList<qsizetype>({2, 3, 0, 1, 4}));
        model.setStreamVisible(Stream::Stdin, false);
        QCOMPARE(order(), QList<qsizetype>({2, 3, 0}));
        QCOMPARE(model.rowOfRecord(0), 2);
        QCOMPARE(model.rowOfRecord(1), -1);
        model.sort(TimelineModel::NumberColumn, Qt::AscendingOrder);
        QCOMPARE(order(), QList<qsizetype>({0, 2, 3}));
    }

    void streamFilter()
    {
        Session session;
        for (int i = 0; i < 9; ++i)
            session.add(static_cast<Stream>(i % 3), i, QByteArray::number(i));
        TimelineModel model(&session.store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);

        model.setStreamVisible(Stream::Stdout, false);
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.recordIndex(1), 2);
        QCOMPARE(model.rowOfRecord(1), -1);
        QCOMPARE(model.rowOfRecord(5), 3);
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(model.data(model.index(row, 0), TimelineModel::StreamRole).value<Stream>()
                    != Stream::Stdout);

        // Appends while filtered: only rows that pass, in one batch.
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        session.add(Stream::Stdout, 10, QByteArrayLiteral("hidden"));
        session.add(Stream::Stderr, 11, QByteArrayLiteral("shown"));
        session.add(Stream::Stdin, 12, QByteArrayLiteral("shown too"));
        model.refresh();
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(cell(model, 7, TimelineModel::PreviewColumn), QStringLiteral("shown too"));

        model.setStreamVisible(Stream::Stdout, true);
        QCOMPARE(model.rowCount(), 12);
        QCOMPARE(model.recordIndex(10), 10);
    }

    void loadedSessionShowsTheSameRows()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.pcapng"));
        {
            CaptureStore live;
            QVERIFY(live.create(path, QString(), PrivateFileCreation::NewFileOnly));
            live.append(Stream::Stdin, startNs, "ping\n", 5);
            live.append(Stream::Stdout, startNs + 10, "pong\n", 5);
        }
        CaptureStore loaded;
        QVERIFY(loaded.load(path));
        QVERIFY(!loaded.isLive());
        TimelineModel model(&loaded);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 1, TimelineModel::PreviewColumn), QStringLiteral("pong\\n"));
    }
};

QTEST_GUILESS_MAIN(tst_TimelineModel)
#include "tst_timelinemodel.moc"

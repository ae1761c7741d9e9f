#include "capture/capturestore.h"
#include "helpers/lsp.h"
#include "latencyplot.h"
#include "messages/sessionmessages.h"
#include "models/statisticsmodel.h"
#include "statisticspanel.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableView>

namespace {

constexpr qint64 startNs = 1'700'000'000'000'000'000;
constexpr qint64 ms = 1000000;

QByteArray request(int id, const QByteArray &method)
{
    return lsp(R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id) + R"(,"method":")" + method
               + R"("})");
}

QByteArray notification(const QByteArray &method)
{
    return lsp(R"({"jsonrpc":"2.0","method":")" + method + R"("})");
}

QByteArray response(int id)
{
    return lsp(R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id) + R"(,"result":null})");
}

QByteArray errorResponse(int id)
{
    return lsp(R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id)
               + R"(,"error":{"code":-32600,"message":"no"}})");
}

struct Session
{
    QTemporaryDir dir;
    CaptureStore store;
    SessionMessages messages{&store, FramingChoice()};

    Session()
    {
        store.create(dir.filePath(QStringLiteral("s.pcapng")), QString(),
                     PrivateFileCreation::NewFileOnly);
    }
    void add(Stream stream, qint64 atNs, const QByteArray &bytes)
    {
        store.append(stream, startNs + atNs, bytes.constData(), bytes.size());
    }
};

// Message rows: initialize 0-1, window/logMessage 2, then hover request k (k = 1..20) at
// 2k + 1 answered after k ms, shutdown 43-44 (an error after 500 µs), a hover never answered 45,
// exit 46.
constexpr qsizetype slowestHover = 41;
constexpr qsizetype firstRecords = 3; // initialize and window/logMessage

void addTraffic(Session &session)
{
    session.add(Stream::Stdin, 0, request(1, "initialize"));
    session.add(Stream::Stdout, 5 * ms, response(1));
    session.add(Stream::Stdout, 6 * ms, notification("window/logMessage"));
    for (int k = 1; k <= 20; ++k) {
        session.add(Stream::Stdin, k * 100 * ms, request(k + 1, "textDocument/hover"));
        session.add(Stream::Stdout, k * 100 * ms + k * ms, response(k + 1));
    }
    session.add(Stream::Stdin, 3000 * ms, request(100, "shutdown"));
    session.add(Stream::Stdout, 3000 * ms + 500000, errorResponse(100));
    session.add(Stream::Stdin, 3100 * ms, request(101, "textDocument/hover"));
    session.add(Stream::Stdin, 3200 * ms, notification("exit"));
}

QString text(const QAbstractItemModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

// The row's cells, "|" between them.
QString rowText(const QAbstractItemModel &model, int row)
{
    QStringList texts;
    for (int column = 0; column < model.columnCount(); ++column)
        texts.append(text(model, row, column));
    return texts.join(u'|');
}

qsizetype slowest(const QAbstractItemModel &model, int row)
{
    return model.index(row, 0).data(StatisticsModel::SlowestRequestRole).value<qsizetype>();
}

} // namespace

class tst_StatisticsModel : public QObject
{
    Q_OBJECT

private slots:
    void rowPerMethod()
    {
        Session session;
        addTraffic(session);
        session.messages.decodeAll();
        StatisticsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setMessages(&session.messages);

        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.columnCount(), int(StatisticsModel::ColumnCount));
        // Method, requests, notifications, errors, pending, min, median, p95, max.
        QCOMPARE(rowText(model, 0),
                 QStringLiteral("initialize|1|0|0|0|5.00 ms|5.00 ms|5.00 ms|5.00 ms"));
        QCOMPARE(rowText(model, 1), QStringLiteral("window/logMessage|0|1|0|0||||"));
        // Nearest rank over 1..20 ms: the median is the 10th, p95 the 19th.
        QCOMPARE(rowText(model, 2),
                 QStringLiteral("textDocument/hover|21|0|0|1|1.00 ms|10.0 ms|19.0 ms|20.0 ms"));
        QCOMPARE(rowText(model, 3),
                 QStringLiteral("shutdown|1|0|1|0|500.0 µs|500.0 µs|500.0 µs|500.0 µs"));
        QCOMPARE(rowText(model, 4), QStringLiteral("exit|0|1|0|0||||"));

        QCOMPARE(slowest(model, 0), 0);
        QCOMPARE(slowest(model, 1), -1);
        QCOMPARE(slowest(model, 2), slowestHover);
        QCOMPARE(slowest(model, 3), 43);
        QCOMPARE(session.messages.log().at(slowestHover).id, 21);

        const auto sortValue = [&](int row, int column) {
            return model.index(row, column).data(StatisticsModel::SortRole);
        };
        QCOMPARE(sortValue(2, StatisticsModel::MaxColumn).toLongLong(), 20 * ms);
        QCOMPARE(sortValue(2, StatisticsModel::P95Column).toLongLong(), 19 * ms);
        QCOMPARE(sortValue(1, StatisticsModel::MinColumn).toLongLong(), -1);
        QCOMPARE(sortValue(2, StatisticsModel::RequestsColumn).toLongLong(), 21);
        QCOMPARE(sortValue(2, StatisticsModel::MethodColumn).toString(),
                 QStringLiteral("textDocument/hover"));

        model.setMessages(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    // MCP: tools/call has a row per tool, with the latencies of that tool's calls.
    void toolCallsGroupedByTool()
    {
        Session session;
        const auto call = [&](int id, const QByteArray &tool, qint64 atMs, qint64 tookMs) {
            // (Plain literals: moc counts the braces of raw ones.)
            const QByteArray idText = QByteArray::number(id);
            const QByteArray request = "{\"jsonrpc\":\"2.0\",\"id\":" + idText
                                       + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                                       + "\",\"arguments\":{}}}\n";
            const QByteArray answer
                = "{\"jsonrpc\":\"2.0\",\"id\":" + idText + ",\"result\":{\"content\":[]}}\n";
            session.add(Stream::Stdin, atMs * ms, request);
            session.add(Stream::Stdout, (atMs + tookMs) * ms, answer);
        };
        call(1, "search", 0, 300);
        call(2, "read_file", 1000, 2);
        call(3, "search", 2000, 500);
        session.messages.decodeAll();
        StatisticsModel model;
        model.setMessages(&session.messages);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(rowText(model, 0),
                 QStringLiteral("tools/call · search|2|0|0|0|300.0 ms|300.0 ms|500.0 ms|500.0 ms"));
        QCOMPARE(rowText(model, 1),
                 QStringLiteral("tools/call · read_file|1|0|0|0|2.00 ms|2.00 ms|2.00 ms|2.00 ms"));
    }

    void growsWithoutReset()
    {
        Session session;
        addTraffic(session);
        StatisticsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMessages(&session.messages);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        session.messages.decodeMore(firstRecords);
        model.refresh();
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.size(), 1);

        session.messages.decodeMore(session.store.count());
        model.refresh();
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(inserted.size(), 2); // the three new methods in one insertion
        QCOMPARE(inserted.last().at(1).toInt(), 2);
        QCOMPARE(inserted.last().at(2).toInt(), 4);
        QVERIFY(changed.isEmpty()); // the first two methods got nothing new
        QCOMPARE(text(model, 2, StatisticsModel::MaxColumn), QStringLiteral("20.0 ms"));

        // A slower initialize (a second one, 50 ms): its row changes in place.
        session.add(Stream::Stdin, 4000 * ms, request(200, "initialize"));
        session.add(Stream::Stdout, 4050 * ms, response(200));
        session.messages.decodeMore(2);
        model.refresh();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(changed.first().at(1).value<QModelIndex>().row(), 0);
        QCOMPARE(text(model, 0, StatisticsModel::RequestsColumn), QStringLiteral("2"));
        QCOMPARE(text(model, 0, StatisticsModel::MaxColumn), QStringLiteral("50.0 ms"));
        QCOMPARE(slowest(model, 0), 47);

        model.refresh(); // nothing new: no signal
        QCOMPARE(changed.size(), 1);
        QCOMPARE(inserted.size(), 2);
        QVERIFY(reset.isEmpty());
    }

    // The latency plot beside the table: a point per answered request of the selected method,
    // at its time and latency; a click on one goes to that request.
    void latencyPlotOfTheSelectedMethod()
    {
        Session session;
        addTraffic(session);
        session.messages.decodeMore(session.store.count());
        const QList<LatencyPoint> points = latencyPoints(session.messages, "textDocument/hover");
        QCOMPARE(points.size(), 20); // the 21st hover was never answered
        QCOMPARE(points.first().latencyNs, 1 * ms);
        QCOMPARE(points.first().requestNs, startNs + 100 * ms);
        QCOMPARE(points.last().latencyNs, 20 * ms);
        QCOMPARE(points.last().requestIndex, slowestHover);
        QCOMPARE(latencyPoints(session.messages, "shutdown").size(), 1);
        QVERIFY(latencyPoints(session.messages, "exit").isEmpty());

        StatisticsPanel panel;
        panel.setMessages(&session.messages);
        panel.resize(900, 250);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto *view = panel.findChild<QTableView *>();
        auto *plot = panel.findChild<LatencyPlot *>();
        QVERIFY(plot);
        const QAbstractItemModel *model = view->model();
        int hover = 0;
        while (text(*model, hover, StatisticsModel::MethodColumn)
               != QStringLiteral("textDocument/hover"))
            ++hover;
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(model->index(hover, 0)).center());
        QCOMPARE(plot->points().size(), 20);
        // Later requests further right, slower ones higher.
        QVERIFY(plot->position(points.at(1)).x() > plot->position(points.at(0)).x());
        QVERIFY(plot->position(points.at(1)).y() < plot->position(points.at(0)).y());
        QSignalSpy activated(&panel, &StatisticsPanel::messageActivated);
        QTest::mouseClick(plot, Qt::LeftButton, {}, plot->position(points.at(5)).toPoint());
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.last().at(0).value<qsizetype>(), points.at(5).requestIndex);
    }

    void panelGoesToTheSlowestRequest()
    {
        Session session;
        addTraffic(session);
        session.messages.decodeMore(session.store.count());
        StatisticsPanel panel;
        panel.setMessages(&session.messages);
        panel.resize(800, 250);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto *view = panel.findChild<QTableView *>();
        auto *button = panel.findChild<QPushButton *>();
        const QAbstractItemModel *model = view->model();
        QSignalSpy activated(&panel, &StatisticsPanel::messageActivated);

        // Sorted by the numbers, not the text: 20 ms, 5 ms, 500 µs, then none.
        view->sortByColumn(StatisticsModel::MaxColumn, Qt::DescendingOrder);
        QCOMPARE(text(*model, 0, StatisticsModel::MethodColumn),
                 QStringLiteral("textDocument/hover"));
        QCOMPARE(text(*model, 1, StatisticsModel::MethodColumn), QStringLiteral("initialize"));
        QCOMPARE(text(*model, 2, StatisticsModel::MethodColumn), QStringLiteral("shutdown"));

        const QPoint notification
            = view->visualRect(model->index(3, StatisticsModel::MethodColumn)).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, notification);
        QCOMPARE(text(*model, view->currentIndex().row(), 0), text(*model, 3, 0));
        QVERIFY(!button->isEnabled()); // a notification has no slowest request

        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(model->index(0, StatisticsModel::MaxColumn)).center());
        QVERIFY(button->isEnabled());
        QVERIFY(activated.isEmpty());
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.last().at(0).value<qsizetype>(), slowestHover);

        // QTest's double click is only the second press: the first one comes before it.
        const QPoint initialize
            = view->visualRect(model->index(1, StatisticsModel::MedianColumn)).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, initialize);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, initialize);
        QCOMPARE(activated.size(), 2);
        QCOMPARE(activated.last().at(0).value<qsizetype>(), 0);

        // Live growth keeps the selection.
        session.add(Stream::Stdin, 5000 * ms, request(300, "textDocument/definition"));
        session.messages.decodeMore(1);
        panel.refresh();
        QCOMPARE(model->rowCount(), 6);
        QCOMPARE(text(*model, view->currentIndex().row(), 0), QStringLiteral("initialize"));
        QVERIFY(button->isEnabled());
    }
};

QTEST_MAIN(tst_StatisticsModel)
#include "tst_statisticsmodel.moc"

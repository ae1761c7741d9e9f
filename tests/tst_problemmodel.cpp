#include "capture/capturestore.h"
#include "helpers/lsp.h"
#include "messages/sessionmessages.h"
#include "models/problemmodel.h"
#include "problemspanel.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QLabel>
#include <QtWidgets/QTreeView>

namespace {

constexpr qint64 startNs = 1'700'000'000'000'000'000;

QByteArray request(const QByteArray &id, const QByteArray &method)
{
    return lsp(R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":")" + method + R"("})");
}

QByteArray response(const QByteArray &id)
{
    return lsp(R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":null})");
}

// A session file in a temporary directory, its records 1 ms apart, and its decoded messages.
struct Session
{
    QTemporaryDir dir;
    CaptureStore store;
    SessionMessages messages{&store, FramingChoice()};
    qint64 nextNs = startNs;

    Session()
    {
        store.create(dir.filePath(QStringLiteral("s.pcapng")), QString(),
                     PrivateFileCreation::NewFileOnly);
    }
    void add(Stream stream, const QByteArray &bytes)
    {
        store.append(stream, nextNs, bytes.constData(), bytes.size());
        nextNs += 1000000;
    }
};

// The traffic of the tests: a banner, stray bytes between messages, a response to no request
// and a request never answered.
const QByteArray banner = "debug: starting up\n";
const QByteArray stray = QByteArray("oops\x01 stray\n");

void addFaultyTraffic(Session &session)
{
    session.add(Stream::Stdout, banner);                        // 0
    session.add(Stream::Stdin, request("1", "initialize"));     // 1
    session.add(Stream::Stdout, response("1"));                 // 2
    session.add(Stream::Stdout, stray);                         // 3
    session.add(Stream::Stdin, request("2", "shutdown"));       // 4
    session.add(Stream::Stdout, response("9"));                 // 5
    session.add(Stream::Stdin, request("3", "textDocument/x")); // 6
    session.add(Stream::Stdout, response("3"));                 // 7
}

QString text(const QAbstractItemModel &model, int row, int column,
             const QModelIndex &parent = QModelIndex())
{
    return model.index(row, column, parent).data().toString();
}

qsizetype messageIndex(const QAbstractItemModel &model, int row, const QModelIndex &parent)
{
    return model.index(row, 0, parent).data(ProblemModel::MessageIndexRole).value<qsizetype>();
}

} // namespace

class tst_ProblemModel : public QObject
{
    Q_OBJECT

private slots:
    void emptyWithoutMessages()
    {
        ProblemModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.problemCount(), 0);
        model.refresh();
        QCOMPARE(model.rowCount(), 0);
    }

    void growsLiveWithoutReset()
    {
        Session session;
        addFaultyTraffic(session);
        ProblemModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMessages(&session.messages);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        // One record at a time, as a live session decodes slices.
        while (session.messages.decodeMore(1) > 0)
            model.refresh();
        session.messages.finish();
        model.refresh();
        QVERIFY(reset.isEmpty());
        QVERIFY(!inserted.isEmpty());

        // Kinds in ProblemKind order, whatever order they were found in.
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(text(model, 0, ProblemModel::WhatColumn), QStringLiteral("unframed bytes"));
        QCOMPARE(text(model, 1, ProblemModel::WhatColumn),
                 QStringLiteral("output before the first message"));
        QCOMPARE(text(model, 2, ProblemModel::WhatColumn),
                 QStringLiteral("response to no request"));
        QCOMPARE(text(model, 3, ProblemModel::WhatColumn),
                 QStringLiteral("request never answered"));
        for (int row = 0; row < 4; ++row) {
            QCOMPARE(text(model, row, ProblemModel::CountColumn), QStringLiteral("1"));
            QCOMPARE(model.rowCount(model.index(row, 0)), 1);
            QCOMPARE(messageIndex(model, row, QModelIndex()), -1);
        }
        QCOMPARE(model.problemCount(), 4);

        const MessageLog &log = session.messages.log();
        const QModelIndex unframed = model.index(0, 0);
        const qsizetype strayRow = messageIndex(model, 0, unframed);
        QCOMPARE(log.at(strayRow).kind, MessageKind::Unframed);
        QCOMPARE(text(model, 0, ProblemModel::WhatColumn, unframed),
                 QStringLiteral("#%1").arg(strayRow + 1));
        const qint64 strayOffset = banner.size() + response("1").size();
        QCOMPARE(text(model, 0, ProblemModel::DetailColumn, unframed),
                 QStringLiteral("stdout offset %1, 12 bytes: oops\\x01 stray\\n").arg(strayOffset));
        QCOMPARE(text(model, 0, ProblemModel::DetailColumn, model.index(1, 0)),
                 QStringLiteral("stdout offset 0, 19 bytes: debug: starting up\\n"));
        QCOMPARE(text(model, 0, ProblemModel::DetailColumn, model.index(2, 0)),
                 QStringLiteral("stdout response #9"));

        const QModelIndex neverAnswered = model.index(3, 0);
        const qsizetype requestRow = messageIndex(model, 0, neverAnswered);
        QCOMPARE(log.at(requestRow).kind, MessageKind::Request);
        QCOMPARE(log.at(requestRow).id, 2);
        QCOMPARE(text(model, 0, ProblemModel::DetailColumn, neverAnswered),
                 QStringLiteral("stdin request shutdown #2"));
        QCOMPARE(model.index(0, ProblemModel::DetailColumn, neverAnswered).data(Qt::ToolTipRole),
                 model.index(0, ProblemModel::DetailColumn, neverAnswered).data());
    }

    void countsGrowUnderAKind()
    {
        Session session;
        session.add(Stream::Stdin, request("1", "a"));
        session.add(Stream::Stdout, response("1"));
        session.add(Stream::Stdout, response("7"));
        session.messages.decodeMore(3);
        ProblemModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMessages(&session.messages);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(text(model, 0, ProblemModel::CountColumn), QStringLiteral("1"));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        session.add(Stream::Stdout, response("8"));
        session.add(Stream::Stdout, response("9"));
        session.messages.decodeMore(2);
        model.refresh();
        QCOMPARE(inserted.size(), 1); // both in one insertion under the kind
        QCOMPARE(inserted.first().at(0).value<QModelIndex>(), model.index(0, 0));
        QCOMPARE(inserted.first().at(1).toInt(), 1);
        QCOMPARE(inserted.first().at(2).toInt(), 2);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>(),
                 model.index(0, ProblemModel::CountColumn));
        QCOMPARE(text(model, 0, ProblemModel::CountColumn), QStringLiteral("3"));
        QCOMPARE(model.problemCount(), 3);

        model.setMessages(nullptr);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.problemCount(), 0);
    }

    void manyProblems()
    {
        // A server that never answers: 100,000 requests each way, found at the end.
        constexpr int requests = 100000;
        constexpr int perChunk = 1000;
        Session session;
        for (int first = 0; first < requests; first += perChunk) {
            QByteArray toServer;
            QByteArray toClient;
            for (int id = first; id < first + perChunk; ++id) {
                toServer += request(QByteArray::number(id), "textDocument/hover");
                toClient += request('"' + QByteArray::number(id) + '"', "workspace/configuration");
            }
            session.add(Stream::Stdin, toServer);
            session.add(Stream::Stdout, toClient);
        }
        ProblemModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMessages(&session.messages);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        while (session.messages.decodeMore(20) > 0)
            model.refresh();
        QCOMPARE(model.rowCount(), 0);
        session.messages.finish();
        model.refresh();
        QVERIFY(reset.isEmpty());
        QCOMPARE(model.problemCount(), 2 * requests);
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex kind = model.index(0, 0);
        QCOMPARE(model.rowCount(kind), 2 * requests);
        QCOMPARE(text(model, 0, ProblemModel::CountColumn), QString::number(2 * requests));
        // Both directions' requests, merged in message order.
        for (int row = 1; row < 2 * requests; row += 997)
            QVERIFY(messageIndex(model, row - 1, kind) < messageIndex(model, row, kind));
        QCOMPARE(
            text(model, 2 * requests - 1, ProblemModel::DetailColumn, kind),
            QStringLiteral("stdout request workspace/configuration #\"%1\"").arg(requests - 1));

        ProblemsPanel panel;
        panel.setMessages(&session.messages);
        panel.resize(700, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const auto *view = panel.findChild<QTreeView *>();
        QVERIFY(!view->isExpanded(view->model()->index(0, 0))); // too many to open by itself
        QCOMPARE(panel.findChild<QLabel *>()->text(),
                 QLocale().toString(2 * requests) + QStringLiteral(" problems"));
    }

    void panelJumpsToTheClickedProblem()
    {
        Session session;
        addFaultyTraffic(session);
        session.messages.decodeMore(4);
        ProblemsPanel panel;
        panel.setMessages(&session.messages);
        panel.resize(700, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto *summary = panel.findChild<QLabel *>();
        QCOMPARE(summary->text(), QStringLiteral("2 problems"));

        session.messages.decodeAll();
        panel.refresh();
        QCOMPARE(panel.problemCount(), 4);
        QCOMPARE(summary->text(), QStringLiteral("4 problems"));

        auto *view = panel.findChild<QTreeView *>();
        const QAbstractItemModel *model = view->model();
        QSignalSpy activated(&panel, &ProblemsPanel::messageActivated);
        // Kinds are open (few problems), also those that arrived live.
        const QModelIndex neverAnswered = model->index(3, 0);
        QVERIFY(view->isExpanded(neverAnswered));
        const QModelIndex problem = model->index(0, ProblemModel::DetailColumn, neverAnswered);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(problem).center());
        QCOMPARE(activated.size(), 1);
        const qsizetype requestRow = messageIndex(*model, 0, neverAnswered);
        QCOMPARE(activated.first().at(0).value<qsizetype>(), requestRow);

        // A kind row goes nowhere.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(model->index(0, ProblemModel::CountColumn)).center());
        QCOMPARE(activated.size(), 1);
        // Enter on a problem jumps again.
        view->setCurrentIndex(problem);
        QCOMPARE(activated.size(), 2);
        QTest::keyClick(view, Qt::Key_Return);
        QCOMPARE(activated.size(), 3);
        QCOMPARE(activated.last().at(0).value<qsizetype>(), requestRow);

        panel.setMessages(nullptr);
        QCOMPARE(summary->text(), QString());
    }

    void noProblemsFound()
    {
        Session session;
        session.add(Stream::Stdin, request("1", "a"));
        session.add(Stream::Stdout, response("1"));
        session.messages.decodeAll();
        ProblemsPanel panel;
        panel.setMessages(&session.messages);
        QCOMPARE(panel.problemCount(), 0);
        QCOMPARE(panel.findChild<QLabel *>()->text(), QStringLiteral("No problems found"));
    }
};

QTEST_MAIN(tst_ProblemModel)
#include "tst_problemmodel.moc"

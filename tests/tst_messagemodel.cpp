#include "capture/capturestore.h"
#include "capture/sessionevent.h"
#include "helpers/lsp.h"
#include "messages/sessionmessages.h"
#include "models/messagemodel.h"

#include <QAbstractItemModelTester>
#include <QtCore/QTemporaryDir>
#include <QtTest>

namespace {

constexpr qint64 startNs = 1'700'000'000'000'000'000;
constexpr qint64 ms = 1'000'000;

// JSON written with ' for ", for test data that would otherwise be all backslashes.
QByteArray json(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

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

QString cell(const MessageModel &model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

// Runs the event loop until the model has decoded all the store holds (and, unless live,
// finished).
bool waitForDecoding(MessageModel &model)
{
    QSignalSpy complete(&model, &MessageModel::decodingComplete);
    return model.isComplete() || complete.wait(5000);
}

} // namespace

class tst_MessageModel : public QObject
{
    Q_OBJECT

private slots:
    void rowsShowEachMessage()
    {
        Session session;
        session.addEvent(
            0, SessionEvent::started({QStringLiteral("server")}, QStringLiteral("/"), 7, 0));
        // One read holding a request and half of the next one: rows follow messages, not reads.
        const QByteArray first = lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})");
        const QByteArray second = lsp(R"({"jsonrpc":"2.0","id":2,"method":"shutdown"})");
        session.add(Stream::Stdin, 1 * ms, first + second.left(10));
        session.add(Stream::Stdin, 2 * ms, second.mid(10));
        session.add(Stream::Stdout, 5 * ms, lsp(R"({"jsonrpc":"2.0","id":1,"result":{}})"));
        MessageModel model(&session.store, FramingChoice());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(waitForDecoding(model));

        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(cell(model, 0, MessageModel::KindColumn), QStringLiteral("event"));
        QCOMPARE(cell(model, 0, MessageModel::SummaryColumn),
                 QStringLiteral("started pid 7: server"));
        QCOMPARE(cell(model, 1, MessageModel::StreamColumn), QStringLiteral("→ stdin"));
        QCOMPARE(cell(model, 1, MessageModel::KindColumn), QStringLiteral("request"));
        QCOMPARE(cell(model, 1, MessageModel::IdColumn), QStringLiteral("1"));
        QCOMPARE(cell(model, 1, MessageModel::MethodColumn), QStringLiteral("initialize"));
        QCOMPARE(cell(model, 1, MessageModel::SizeColumn), QString::number(first.size()));
        QCOMPARE(cell(model, 1, MessageModel::LatencyColumn), QStringLiteral("4.00 ms"));
        QCOMPARE(cell(model, 1, MessageModel::TimeColumn), QStringLiteral("0.001000"));
        QCOMPARE(cell(model, 2, MessageModel::MethodColumn), QStringLiteral("shutdown"));
        QCOMPARE(cell(model, 2, MessageModel::TimeColumn),
                 QStringLiteral("0.002000")); // its last byte
        QCOMPARE(cell(model, 2, MessageModel::LatencyColumn), QStringLiteral("never answered"));
        QCOMPARE(cell(model, 3, MessageModel::KindColumn), QStringLiteral("response"));
        QCOMPARE(cell(model, 3, MessageModel::MethodColumn),
                 QStringLiteral("initialize")); // its request's
        QCOMPARE(cell(model, 3, MessageModel::LatencyColumn), QStringLiteral("4.00 ms"));
        QVERIFY(model.data(model.index(2, 0), MessageModel::HasProblemRole).toBool());
        QVERIFY(!model.data(model.index(1, 0), MessageModel::HasProblemRole).toBool());
        QVERIFY(model.data(model.index(2, MessageModel::KindColumn), Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("never answered")));
    }

    // The Summary column says what each message is about, as Wireshark's Info column does.
    void summariesSayWhatEachMessageIsAbout()
    {
        // JSON written with ' for " (json() swaps them): moc misreads raw string literals that
        // hold "//" or unbalanced braces, and plain ones would be all backslashes.
        Session lspSession;
        qint64 at = 0;
        const auto lspAdd = [&](Stream stream, const char *body) {
            lspSession.add(stream, at += ms, lsp(json(body)));
        };
        lspAdd(Stream::Stdin, "{'jsonrpc':'2.0','id':1,'method':'textDocument/hover','params':"
                              "{'textDocument':{'uri':'file:///src/main.cpp'},"
                              "'position':{'line':11,'character':4}}}");
        lspAdd(Stream::Stdout, "{'jsonrpc':'2.0','id':1,'result':{'contents':'int x'}}");
        lspAdd(Stream::Stdout,
               "{'jsonrpc':'2.0','method':'textDocument/publishDiagnostics','params':"
               "{'uri':'file:///src/main.cpp','diagnostics':[{'message':'a'},{'message':'b'}]}}");
        lspAdd(Stream::Stdout, "{'jsonrpc':'2.0','method':'window/logMessage','params':"
                               "{'type':3,'message':'indexing\\ndone'}}");
        lspAdd(Stream::Stdin, "{'jsonrpc':'2.0','id':2,'method':'workspace/executeCommand',"
                              "'params':{'command':'clangd.applyFix','arguments':[]}}");
        lspAdd(Stream::Stdout, "{'jsonrpc':'2.0','id':2,'error':{'code':-32601,"
                               "'message':'no such command'}}");
        lspSession.add(Stream::Stderr, at += ms, "I[10:00] clangd version 14\n");
        MessageModel lspModel(&lspSession.store, FramingChoice());
        QVERIFY(waitForDecoding(lspModel));
        QCOMPARE(lspModel.rowCount(), 7);
        const auto summaries = [](const MessageModel &model) {
            QStringList texts;
            for (int row = 0; row < model.rowCount(); ++row)
                texts << cell(model, row, MessageModel::SummaryColumn);
            return texts;
        };
        QCOMPARE(summaries(lspModel), QStringList({
                                          QStringLiteral("main.cpp:12:5"),
                                          QStringLiteral("main.cpp:12:5"), // its request's
                                          QStringLiteral("main.cpp · 2 diagnostics"),
                                          QStringLiteral("indexing\\ndone"),
                                          QStringLiteral("clangd.applyFix"),
                                          QStringLiteral("error -32601: no such command"),
                                          QStringLiteral("I[10:00] clangd version 14\\n"),
                                      }));

        Session mcpSession;
        at = 0;
        const auto mcpAdd = [&](Stream stream, const char *line) {
            mcpSession.add(stream, at += ms, json(line) + '\n');
        };
        mcpAdd(Stream::Stdin, "{'jsonrpc':'2.0','id':0,'method':'initialize','params':"
                              "{'clientInfo':{'name':'editor','version':'2.1'}}}");
        mcpAdd(Stream::Stdout, "{'jsonrpc':'2.0','id':0,'result':"
                               "{'serverInfo':{'name':'weather','version':'0.3'}}}");
        mcpAdd(Stream::Stdin, "{'jsonrpc':'2.0','id':1,'method':'tools/call','params':"
                              "{'name':'get_weather','arguments':{'city':'Oslo'}}}");
        mcpAdd(Stream::Stdout, "{'jsonrpc':'2.0','id':1,'result':{'content':[]}}");
        mcpAdd(Stream::Stdin, "{'jsonrpc':'2.0','id':2,'method':'resources/read','params':"
                              "{'uri':'file:///notes.md'}}");
        mcpAdd(Stream::Stdin,
               "{'jsonrpc':'2.0','id':3,'method':'tools/list','params':{'cursor':'abc'}}");
        MessageModel mcpModel(&mcpSession.store, FramingChoice());
        QVERIFY(waitForDecoding(mcpModel));
        QCOMPARE(summaries(mcpModel), QStringList({
                                          QStringLiteral("editor 2.1"),
                                          QStringLiteral("weather 0.3"), // from serverInfo
                                          QStringLiteral("get_weather"),
                                          QStringLiteral("get_weather"),
                                          QStringLiteral("file:///notes.md"),
                                          QString::fromLatin1(json("{'cursor':'abc'}")),
                                      }));
    }

    void followsALiveStore()
    {
        Session session;
        MessageModel model(&session.store, FramingChoice());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setLive(true);
        session.add(Stream::Stdin, 1 * ms, lsp(R"({"jsonrpc":"2.0","id":1,"method":"a"})"));
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(cell(model, 0, MessageModel::LatencyColumn), QStringLiteral("pending"));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        session.add(Stream::Stdout, 3 * ms, lsp(R"({"jsonrpc":"2.0","id":1,"result":1})"));
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, MessageModel::LatencyColumn), QStringLiteral("2.00 ms"));
        QCOMPARE(reset.count(), 0); // rows are inserted, never reset, while live
        // The session ends right after a last request: it is decoded before the streams end,
        // and, never answered, says so.
        session.add(Stream::Stdin, 4 * ms, lsp(R"({"jsonrpc":"2.0","id":2,"method":"b"})"));
        model.setLive(false);
        QVERIFY(waitForDecoding(model));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 2, MessageModel::LatencyColumn), QStringLiteral("never answered"));
    }

    // The filter bar's expression holds for messages that arrive after it was applied, and
    // works with the toggles (both must pass).
    void filterExpressionFollowsALiveSession()
    {
        Session session;
        MessageModel model(&session.store, FramingChoice());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setLive(true);
        session.add(Stream::Stdin, 1 * ms, lsp(R"({"jsonrpc":"2.0","id":1,"method":"slow"})"));
        session.add(Stream::Stdin, 2 * ms, lsp(R"({"jsonrpc":"2.0","id":2,"method":"fast"})"));
        QTRY_COMPARE(model.rowCount(), 2);

        std::optional<ParseError> error;
        MessageFilter filter;
        filter.expression = Filter::parse(QStringLiteral("method == slow || latency > 100ms"),
                                          FilterTarget::Messages, &error);
        QVERIFY(filter.expression);
        model.setFilter(filter);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.messageIndex(0), 0);

        // "fast" answered fast stays hidden; a slow answer to "slow" shows, as its method is
        // its request's.
        session.add(Stream::Stdout, 3 * ms, lsp(R"({"jsonrpc":"2.0","id":2,"result":1})"));
        session.add(Stream::Stdout, 500 * ms, lsp(R"({"jsonrpc":"2.0","id":1,"result":1})"));
        QTRY_COMPARE(model.publishedCount(), 4);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.messageIndex(1), 3);

        // With a toggle too: only requests that pass the expression.
        filter.kind = MessageKind::Request;
        model.setFilter(filter);
        QCOMPARE(model.rowCount(), 1);
        filter.expression.reset();
        model.setFilter(filter);
        QCOMPARE(model.rowCount(), 2);
    }

    // A large finished session is filtered in the background: the rows stay as they were until
    // the matches are in, a newer filter replaces one still running, and the selection's
    // persistent indexes survive.
    void filtersALargeSessionInTheBackground()
    {
        Session session;
        constexpr int pairs = 30000;
        for (int id = 0; id < pairs; ++id) {
            const QByteArray method = id % 1000 == 0 ? "rare" : "common";
            session.add(Stream::Stdin, id * 2 * ms,
                        lsp(R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id) + R"(,"method":")"
                            + method + R"(","params":{"n":)" + QByteArray::number(id) + "}}"));
            session.add(
                Stream::Stdout, (id * 2 + 1) * ms,
                lsp(R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id) + R"(,"result":null})"));
        }
        MessageModel model(&session.store, FramingChoice());
        QVERIFY(waitForDecoding(model));
        QCOMPARE(model.rowCount(), 2 * pairs);

        const auto filterOf = [](const char *expression) {
            std::optional<ParseError> error;
            MessageFilter filter;
            filter.expression
                = Filter::parse(QString::fromUtf8(expression), FilterTarget::Messages, &error);
            return filter;
        };
        QSignalSpy changed(&model, &MessageModel::filteringChanged);
        model.setFilter(filterOf("params.n >= 100"));
        QVERIFY(model.isFiltering());
        QCOMPARE(model.filter().expression->expression(), QStringLiteral("params.n >= 100"));
        model.setFilter(filterOf("method == rare")); // replaces the run still going
        QVERIFY(model.isFiltering());
        QCOMPARE(model.rowCount(), 2 * pairs); // unchanged until the matches are in
        QTRY_VERIFY(!model.isFiltering());
        QCOMPARE(model.rowCount(), pairs / 1000 * 2); // each rare request and its response
        QCOMPARE(model.filter().expression->expression(), QStringLiteral("method == rare"));
        QCOMPARE(changed.last().first().toBool(), false);

        // A toggle over the same expression needs no new run.
        MessageFilter requests = model.filter();
        requests.kind = MessageKind::Request;
        model.setFilter(requests);
        QVERIFY(!model.isFiltering());
        QCOMPARE(model.rowCount(), pairs / 1000);

        // A model that goes while its filter runs first stops the thread reading its messages
        // (the sanitizers see to it).
        {
            MessageModel doomed(&session.store, FramingChoice());
            QVERIFY(waitForDecoding(doomed));
            doomed.setFilter(filterOf("params.n >= 7"));
            QVERIFY(doomed.isFiltering());
        }
    }

    // Clicking a column sorts: by size, by latency (unanswered last, either way), by method
    // name; the selection stays on its messages, and live messages join in their places.
    void sortsByColumn()
    {
        Session session;
        const auto request = [&](qint64 atMs, int id, const char *method, int padding) {
            session.add(Stream::Stdin, atMs * ms,
                        lsp(json("{'jsonrpc':'2.0','id':") + QByteArray::number(id)
                            + json(",'method':'") + method + json("','params':'")
                            + QByteArray(padding, 'x') + json("'}")));
        };
        const auto answer = [&](qint64 atMs, int id) {
            session.add(Stream::Stdout, atMs * ms,
                        lsp(json("{'jsonrpc':'2.0','id':") + QByteArray::number(id)
                            + json(",'result':null}")));
        };
        request(1, 1, "zeta", 50);  // message 0, answered after 9 ms
        request(2, 2, "alpha", 10); // message 1, never answered
        request(3, 3, "mid", 30);   // message 2, answered after 2 ms
        answer(5, 3);               // message 3
        answer(10, 1);              // message 4
        MessageModel model(&session.store, FramingChoice());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setLive(true);
        QTRY_COMPARE(model.rowCount(), 5);
        const auto order = [&model] {
            QList<qsizetype> messages;
            for (int row = 0; row < model.rowCount(); ++row)
                messages << model.messageIndex(row);
            return messages;
        };
        const QPersistentModelIndex selected = model.index(2, 0); // message 2

        model.sort(MessageModel::SizeColumn, Qt::DescendingOrder);
        QCOMPARE(order(), QList<qsizetype>({0, 2, 1, 3, 4}));
        QCOMPARE(selected.row(), 1);
        model.sort(MessageModel::LatencyColumn, Qt::AscendingOrder);
        QCOMPARE(order(), QList<qsizetype>({2, 3, 0, 4, 1}));
        model.sort(MessageModel::LatencyColumn, Qt::DescendingOrder);
        QCOMPARE(order(), QList<qsizetype>({0, 4, 2, 3, 1}));
        model.sort(MessageModel::MethodColumn, Qt::AscendingOrder); // responses: their request's
        QCOMPARE(order(), QList<qsizetype>({1, 2, 3, 0, 4}));
        QCOMPARE(model.rowOfMessage(2), 1);

        // Live: the answer to "alpha" gives it a latency, and it takes its place.
        model.sort(MessageModel::LatencyColumn, Qt::AscendingOrder);
        answer(20, 2); // message 5: alpha after 18 ms
        QTRY_COMPARE(model.rowCount(), 6);
        QCOMPARE(order(), QList<qsizetype>({2, 3, 0, 4, 1, 5}));
        QCOMPARE(model.messageIndex(selected.row()), 2);

        model.sort(MessageModel::NumberColumn, Qt::AscendingOrder);
        QCOMPARE(order(), QList<qsizetype>({0, 1, 2, 3, 4, 5}));
    }

    void filters()
    {
        Session session;
        session.add(Stream::Stdin, 1 * ms, lsp(R"({"jsonrpc":"2.0","id":1,"method":"a"})"));
        session.add(Stream::Stdin, 2 * ms, lsp(R"({"jsonrpc":"2.0","id":2,"method":"b"})"));
        session.add(Stream::Stdout, 3 * ms, lsp(R"({"jsonrpc":"2.0","id":1,"error":{"code":1}})"));
        session.add(Stream::Stdout, 4 * ms, lsp(R"({"jsonrpc":"2.0","method":"log"})"));
        session.add(Stream::Stderr, 5 * ms, "warning\n");
        MessageModel model(&session.store, FramingChoice());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(waitForDecoding(model));
        QCOMPARE(model.rowCount(), 5);

        const MessageLog &log = model.messages().log();
        MessageFilter byMethod;
        for (qint32 method = 0; method < log.methodCount(); ++method) {
            if (log.methodName(method) == "a")
                byMethod.method = method;
        }
        model.setFilter(byMethod);
        QCOMPARE(model.rowCount(), 2); // the request and its (error) response
        QCOMPARE(model.messageIndex(1), 2);
        QCOMPARE(model.rowOfMessage(2), 1);
        QCOMPARE(model.rowOfMessage(1), -1);

        MessageFilter errors;
        errors.errorsOnly = true;
        model.setFilter(errors);
        QCOMPARE(model.rowCount(), 2); // the error response, and "b" never answered
        QCOMPARE(cell(model, 0, MessageModel::KindColumn), QStringLiteral("request ⚠"));
        QCOMPARE(cell(model, 1, MessageModel::KindColumn), QStringLiteral("error response"));

        MessageFilter notifications;
        notifications.kind = MessageKind::Notification;
        model.setFilter(notifications);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(cell(model, 0, MessageModel::MethodColumn), QStringLiteral("log"));

        MessageFilter rows;
        rows.rows = QList<qsizetype>{0, 4};
        model.setFilter(rows);
        model.setStreamVisible(Stream::Stderr, false);
        QCOMPARE(model.rowCount(), 1);
        model.setFilter(MessageFilter());
        QCOMPARE(model.rowCount(), 4);
    }

    void framingChoiceDecodesAgain()
    {
        Session session;
        session.add(Stream::Stdout, 1 * ms, "one\ntwo\n");
        MessageModel model(&session.store, FramingChoice());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(waitForDecoding(model));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.messages().framing(Stream::Stdout), Framing::Lines);
        FramingChoice raw;
        raw.streams = PerStream<Framing>(Framing::Raw);
        model.setFramingChoice(raw);
        QVERIFY(waitForDecoding(model));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.messages().framing(Stream::Stdout), Framing::Raw);
    }

    void messagesMapToTheirChunksAndBack()
    {
        Session session;
        const QByteArray message = lsp(R"({"jsonrpc":"2.0","method":"x"})");
        session.add(Stream::Stdout, 1 * ms, message.left(5));
        session.add(Stream::Stderr, 2 * ms, "log\n");
        session.add(Stream::Stdout, 3 * ms, message.mid(5) + "Content-Length: 2\r\n\r\n{}");
        SessionMessages messages(&session.store, FramingChoice());
        messages.decodeAll();
        QCOMPARE(messages.log().count(), 3);
        const qsizetype row = 1; // the stderr line is complete first (2 ms)
        QCOMPARE(messages.log().at(row).stream, Stream::Stdout);
        QCOMPARE(messages.bytes(row), message);
        QCOMPARE(messages.header(row), QByteArray("Content-Length: 30\r\n\r\n"));
        QCOMPARE(messages.body(row), QByteArray(R"({"jsonrpc":"2.0","method":"x"})"));
        QCOMPARE(messages.recordsOf(row), QList<qsizetype>({0, 2}));
        QCOMPARE(messages.recordsOf(2), QList<qsizetype>({2}));
        QCOMPARE(messages.messagesTouching(Stream::Stdout, 0, 1), QList<qsizetype>({1}));
        QCOMPARE(messages.messagesTouching(Stream::Stdout, 50, 60), QList<qsizetype>({1, 2}));
        QCOMPARE(messages.messagesTouching(Stream::Stderr, 0, 4), QList<qsizetype>({0}));
    }
};

QTEST_MAIN(tst_MessageModel)
#include "tst_messagemodel.moc"

// Replay and verify (docs/replay.md): the comparison rules on their own, then sessions of
// tests/helpers/protocolserver recorded through pipescope and replayed by the pipescope binary in
// either role, as a server's CI or an editor would use it.
#include "helpers/lsp.h"
#include "helpers/pipescoperun.h"
#include "helpers/recordsession.h"
#include "replay/comparisonprofile.h"
#include "replay/messageids.h"
#include "replay/replaymasks.h"
#include "replay/replayreport.h"
#include "replay/valuediff.h"
#include "testconfig.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

namespace {

QJsonValue json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray("[") + text + "]").array().at(0);
}

QStringList paths(const QList<ValueDifference> &differences)
{
    QStringList texts;
    for (const ValueDifference &difference : differences)
        texts.append(treePathText(difference.path));
    return texts;
}

MethodComparison rules(const QByteArray &profile, const QByteArray &method)
{
    ComparisonProfile comparison;
    QString error;
    if (!comparison.extend(profile, &error))
        qWarning("profile: %s", qPrintable(error));
    return comparison.forMethod(method);
}

// The golden session's client: initialize (answering the server's own request), a hover, shutdown
// and exit, in workspace /tmp/proj.
const QByteArray initialize = lsp(
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":1234,"rootUri":"file:///tmp/proj"}})");
const QByteArray hover = lsp(
    R"({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/proj/a.c"},"position":{"line":3,"character":4}}})");

QList<Step> lspClientSteps()
{
    return {{initialize, "window/logMessage"},
            {lsp(R"({"jsonrpc":"2.0","id":"s1","result":null})")
                 + lsp(R"({"jsonrpc":"2.0","method":"initialized","params":{}})"),
             {}},
            {hover, R"("echo":"textDocument/hover")"},
            {lsp(R"({"jsonrpc":"2.0","id":3,"method":"shutdown"})"), R"("echo":"shutdown")"},
            {lsp(R"({"jsonrpc":"2.0","method":"exit"})"), {}}};
}

// Reads one Content-Length message's body from `process`'s stdout.
QJsonObject readLspMessage(QProcess &process, QByteArray *buffer)
{
    for (;;) {
        const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
        if (headerEnd >= 0) {
            const qsizetype length = buffer->mid(16, headerEnd - 16).trimmed().toLongLong();
            if (buffer->size() >= headerEnd + 4 + length) {
                const QByteArray body = buffer->mid(headerEnd + 4, length);
                buffer->remove(0, headerEnd + 4 + length);
                return QJsonDocument::fromJson(body).object();
            }
        }
        if (!process.waitForReadyRead(10000))
            return QJsonObject();
        *buffer += process.readAllStandardOutput();
    }
}

// A DAP client: initialize, launch (answering the adapter's runInTerminal), disconnect.
QList<Step> dapClientSteps()
{
    return {
        {lsp(R"({"seq":1,"type":"request","command":"initialize","arguments":{"adapterID":"x"}})"),
         R"("event":"initialized")"},
        {lsp(R"({"seq":2,"type":"request","command":"launch","arguments":{"program":"a"}})"),
         "runInTerminal"},
        {lsp(R"({"seq":3,"type":"response","request_seq":4,"success":true,"command":"runInTerminal","body":{}})"),
         {}},
        {lsp(R"({"seq":4,"type":"request","command":"disconnect"})"), R"("command":"disconnect")"}};
}

QStringList clientReplay(const QString &session, const QStringList &server)
{
    return QStringList{QStringLiteral("replay"), QStringLiteral("--as"),
                       QStringLiteral("client"), session,
                       QStringLiteral("--"),     QStringLiteral(PROTOCOLSERVER_BINARY)}
           + server;
}

QString errorMessage(const QJsonObject &response)
{
    return response.value(QLatin1String("error"))
        .toObject()
        .value(QLatin1String("message"))
        .toString();
}

} // namespace

class tst_Replay : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    // The comparison rules
    void unorderedArraysMatchByKey();
    void subsetAllowsMoreItems();
    void numbersWithinTolerance();
    void lspCompletionDefaults();
    void badProfileIsNamed();
    void masksIdsRootsAndTimes();
    void lineMasksAreRegularExpressions();
    void answersTakeTheLiveId();
    void differenceInSomeRunsIsFlaky();

    // pipescope replay --as client
    void sameBuildPasses();
    void changedAnswerFailsNamingMethodAndPath();
    void varyingFieldPassesWithIgnore();
    void serverRequestsAreAnswered();
    void updateMakesTheRunGolden();
    void linesReplayInOrder();
    void dapAndNdjsonReplay();
    void msgpackAndRawReplay();
    void usageErrorsExitWith2();

    // pipescope replay --as server
    void serverPlaysRecordedAnswersInOrder();
    void msgpackServerAnswersWithLiveMsgid();
    void dapServerAnswersWithLiveRequestSeq();
    void recordedTimingKeepsTheDelays();

    // pipescope diff
    void diffComparesBothSides();

private:
    QString golden();

    QTemporaryDir m_dir;
};

void tst_Replay::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("XDG_CACHE_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("cache"))));
    QVERIFY(recordSession(golden(), {QStringLiteral("lsp")}, lspClientSteps()));
}

QString tst_Replay::golden()
{
    return m_dir.filePath(QStringLiteral("golden.pcapng"));
}

void tst_Replay::unorderedArraysMatchByKey()
{
    const MethodComparison unordered
        = rules(R"({"m": {"arrays": {"result.items": "unordered by label"}}})", "m");
    const QJsonValue expected = json(R"({"items":[{"label":"a","k":1},{"label":"b","k":2}]})");
    QVERIFY(compareTrees(expected, json(R"({"items":[{"label":"b","k":2},{"label":"a","k":1}]})"),
                         rules(R"({"m": {"arrays": {"items": "unordered by label"}}})", "m"))
                .isEmpty());
    // Ordered (the default): the same items swapped differ at both places.
    QCOMPARE(
        paths(compareTrees(expected, json(R"({"items":[{"label":"b","k":2},{"label":"a","k":1}]})"),
                           MethodComparison())),
        QStringList({QStringLiteral("items[0].k"), QStringLiteral("items[0].label"),
                     QStringLiteral("items[1].k"), QStringLiteral("items[1].label")}));
    // By key: a changed item is named by its label, a missing and an extra one too.
    const QList<ValueDifference> differences = compareTrees(
        json(R"({"result":{"items":[{"label":"a","k":1},{"label":"b","k":2}]}})"),
        json(R"({"result":{"items":[{"label":"c","k":3},{"label":"a","k":5}]}})"), unordered);
    QCOMPARE(paths(differences), QStringList({QStringLiteral("result.items[label=a].k"),
                                              QStringLiteral("result.items[label=b]"),
                                              QStringLiteral("result.items[label=c]")}));
    QCOMPARE(valueText(differences.at(1).actual), QStringLiteral("(absent)"));
    QCOMPARE(valueText(differences.at(2).actual), QStringLiteral(R"({"k":3,"label":"c"})"));
}

void tst_Replay::subsetAllowsMoreItems()
{
    const MethodComparison subset = rules(R"({"m": {"arrays": {"r": "subset by name"}}})", "m");
    QVERIFY(compareTrees(json(R"({"r":[{"name":"x"}]})"),
                         json(R"({"r":[{"name":"y"},{"name":"x"}]})"), subset)
                .isEmpty());
    QCOMPARE(paths(compareTrees(json(R"({"r":[{"name":"x"},{"name":"z"}]})"),
                                json(R"({"r":[{"name":"x"}]})"), subset)),
             QStringList{QStringLiteral("r[name=z]")});
    // Whole elements, in any order, when no key is given.
    QVERIFY(compareTrees(json(R"({"a":[1,2,2]})"), json(R"({"a":[2,1,2]})"),
                         rules(R"({"m": {"arrays": {"a": "unordered"}}})", "m"))
                .isEmpty());
}

void tst_Replay::numbersWithinTolerance()
{
    const MethodComparison close = rules(R"({"*": {"tolerance": 0.01}})", "any");
    QVERIFY(compareTrees(json(R"({"x":1.000})"), json(R"({"x":1.005})"), close).isEmpty());
    QCOMPARE(paths(compareTrees(json(R"({"x":1.0})"), json(R"({"x":1.02})"), close)),
             QStringList{QStringLiteral("x")});
}

void tst_Replay::lspCompletionDefaults()
{
    // As clangd answers the same completion twice: another order, other scores.
    const MethodComparison completion
        = ComparisonProfile::defaults(ReplayProtocol::JsonRpc).forMethod("textDocument/completion");
    QVERIFY(
        compareTrees(
            json(
                R"({"result":{"isIncomplete":false,"items":[{"label":"printf","score":1.5,"sortText":"a"},{"label":"puts","score":0.5,"sortText":"b"}]}})"),
            json(
                R"({"result":{"isIncomplete":false,"items":[{"label":"puts","score":0.9,"sortText":"a"},{"label":"printf","score":1.1,"sortText":"b"}]}})"),
            completion)
            .isEmpty());
    // A lost item still fails, named by its label.
    QCOMPARE(paths(compareTrees(json(R"({"result":[{"label":"printf"},{"label":"puts"}]})"),
                                json(R"({"result":[{"label":"printf"}]})"), completion)),
             QStringList{QStringLiteral("result[label=puts]")});
    // Other methods keep their order.
    QVERIFY(!compareTrees(json(R"({"result":[1,2]})"), json(R"({"result":[2,1]})"),
                          ComparisonProfile::defaults(ReplayProtocol::JsonRpc)
                              .forMethod("textDocument/references"))
                 .isEmpty());
}

void tst_Replay::badProfileIsNamed()
{
    ComparisonProfile profile;
    QString error;
    QVERIFY(!profile.extend(R"({"m": {"arrays": {"result": "sideways"}}})", &error));
    QCOMPARE(error, QStringLiteral("m: arrays: result: 'sideways' is not ordered, unordered [by "
                                   "KEY] or subset [by KEY]"));
    QVERIFY(!profile.extend("{", &error));
    QVERIFY(error.startsWith(QStringLiteral("not JSON at offset 1")));
    QVERIFY(!profile.extend(R"({"m": {"ignored": []}})", &error));
    QVERIFY(error.startsWith(QStringLiteral("m: ignored: expected")));
}

void tst_Replay::masksIdsRootsAndTimes()
{
    ReplayMasks masks = ReplayMasks::defaults(ReplayProtocol::JsonRpc);
    QString error;
    QVERIFY(masks.addIgnore(QStringLiteral("**.nonce"), &error));
    const QJsonValue recorded = masks.apply(
        json(
            R"({"id":1,"params":{"processId":77,"textDocument":{"uri":"file:///tmp/proj/a.c","version":3},"at":"2026-12-01T10:00:00.123Z","deep":{"nonce":5}}})"),
        QStringLiteral("/tmp/proj"));
    const QJsonValue live = masks.apply(
        json(
            R"({"id":9,"params":{"processId":88,"textDocument":{"uri":"file:///home/me/proj/a.c","version":1},"at":"2026-12-05T08:00:00Z","deep":{"nonce":6}}})"),
        QStringLiteral("/home/me/proj"));
    QCOMPARE(recorded, live);
    QCOMPARE(recorded.toObject()
                 .value(QLatin1String("params"))
                 .toObject()
                 .value(QLatin1String("textDocument"))
                 .toObject()
                 .value(QLatin1String("uri"))
                 .toString(),
             QStringLiteral("${root}/a.c"));
    // What is not masked still counts.
    QVERIFY(masks.apply(json(R"({"params":{"line":1}})"), QString())
            != masks.apply(json(R"({"params":{"line":2}})"), QString()));
}

void tst_Replay::lineMasksAreRegularExpressions()
{
    ReplayMasks masks = ReplayMasks::defaults(ReplayProtocol::Lines);
    QString error;
    QVERIFY(masks.addIgnore(QStringLiteral("time \\d+"), &error));
    QCOMPARE(masks.applyToLine("info depth 5 time 123 nodes 9"),
             QByteArray("info depth 5 <masked> nodes 9"));
    QVERIFY(!masks.addIgnore(QStringLiteral("time ("), &error));
    QVERIFY(error.startsWith(QStringLiteral("'time (' is not a regular expression")));
}

void tst_Replay::answersTakeTheLiveId()
{
    QCOMPARE(withRequestId(ReplayProtocol::JsonRpc, R"({"jsonrpc":"2.0","result":{"id":7},"id":7})",
                           "\"c-12\""),
             QByteArray(R"({"jsonrpc":"2.0","result":{"id":7},"id":"c-12"})"));
    QCOMPARE(withRequestId(ReplayProtocol::Dap,
                           R"({"seq":4,"type":"response","request_seq":2,"success":true})", "40"),
             QByteArray(R"({"seq":4,"type":"response","request_seq":40,"success":true})"));
    // [1, 5, nil, "ok"] answering msgid 300 (uint16 in msgpack).
    QCOMPARE(
        withRequestId(ReplayProtocol::MsgpackRpc, QByteArray::fromHex("940105c0a26f6b"), "300"),
        QByteArray::fromHex("9401cd012cc0a26f6b"));
}

void tst_Replay::differenceInSomeRunsIsFlaky()
{
    MessageDifference changed;
    changed.message = QStringLiteral("response to textDocument/completion #1");
    changed.method = "textDocument/completion";
    changed.differences.append({TreePath{QStringLiteral("result")}, 1, 2});
    MessageDifference always = changed;
    always.message = QStringLiteral("response to textDocument/hover #1");
    ReplayReport report;
    report.addRun(QStringLiteral("a"), {changed, always}, 10);
    report.addRun(QStringLiteral("b"), {always}, 10);
    report.addRun(QStringLiteral("c"), {always}, 10);
    QCOMPARE(report.failures.size(), 1);
    QCOMPARE(report.failures.first().message, always.message);
    QCOMPARE(report.flaky.size(), 1);
    QCOMPARE(report.flakyCounts.first(), 1);
    QVERIFY(report.text().contains(QStringLiteral("flaky (differed in 1 of 3 runs):\n  response "
                                                  "to textDocument/completion #1")));
    QVERIFY(!report.passed());
}

void tst_Replay::sameBuildPasses()
{
    const PipescopeRun run = runPipescope(
        {QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("client"), golden(),
         QStringLiteral("--"), QStringLiteral(PROTOCOLSERVER_BINARY), QStringLiteral("lsp")});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, QByteArray("PASS: 5 messages as recorded\n"));
}

void tst_Replay::changedAnswerFailsNamingMethodAndPath()
{
    const QString report = m_dir.filePath(QStringLiteral("report.json"));
    const PipescopeRun run
        = runPipescope({QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("client"),
                        golden(), QStringLiteral("--report"), report, QStringLiteral("--"),
                        QStringLiteral(PROTOCOLSERVER_BINARY), QStringLiteral("lsp"),
                        QStringLiteral("--alter"), QStringLiteral("textDocument/hover")});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.startsWith("FAIL: 1 of 5 messages differs from the recording\n"
                                "  response to textDocument/hover #1 (server): differs"),
             run.out.constData());
    QVERIFY(run.out.contains("    result.altered: expected (absent), got true\n"));
    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(json.value(QLatin1String("passed")).toBool(true), false);
    const QJsonObject failure = json.value(QLatin1String("failures")).toArray().at(0).toObject();
    QCOMPARE(failure.value(QLatin1String("method")).toString(),
             QStringLiteral("textDocument/hover"));
    QCOMPARE(failure.value(QLatin1String("status")).toString(), QStringLiteral("changed"));
    QCOMPARE(failure.value(QLatin1String("differences"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QLatin1String("path"))
                 .toString(),
             QStringLiteral("result.altered"));
}

void tst_Replay::varyingFieldPassesWithIgnore()
{
    const QString pidGolden = m_dir.filePath(QStringLiteral("pid.pcapng"));
    QVERIFY(recordSession(pidGolden, {QStringLiteral("lsp"), QStringLiteral("--pid")},
                          lspClientSteps()));
    const QStringList program{QStringLiteral("--"), QStringLiteral(PROTOCOLSERVER_BINARY),
                              QStringLiteral("lsp"), QStringLiteral("--pid")};
    const PipescopeRun strict
        = runPipescope(QStringList{QStringLiteral("replay"), QStringLiteral("--as"),
                                   QStringLiteral("client"), pidGolden}
                       + program);
    QCOMPARE(strict.code, 1);
    QVERIFY(strict.out.contains("  response to initialize #1 (server): differs"));
    QVERIFY(strict.out.contains("    result.pid: expected "));
    const PipescopeRun masked = runPipescope(
        QStringList{QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("client"),
                    pidGolden, QStringLiteral("--ignore"), QStringLiteral("result.pid")}
        + program);
    QCOMPARE(masked.code, 0);
    // A field that differs in every run fails every run: not flaky.
    const PipescopeRun runs = runPipescope(
        QStringList{QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("client"),
                    pidGolden, QStringLiteral("--runs"), QStringLiteral("2")}
        + program);
    QCOMPARE(runs.code, 1);
    QVERIFY(runs.out.startsWith(
        "FAIL: 1 of 5 messages differs from the recording in each of 2 runs\n"));
}

void tst_Replay::serverRequestsAreAnswered()
{
    // The server's window/workDoneProgress/create is answered as the recorded client did; the
    // replay's own session shows it on stdin, paired.
    const QString replayed = m_dir.filePath(QStringLiteral("replayed.pcapng"));
    const PipescopeRun run
        = runPipescope({QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("client"),
                        golden(), QStringLiteral("--record"), replayed, QStringLiteral("--"),
                        QStringLiteral(PROTOCOLSERVER_BINARY), QStringLiteral("lsp")});
    QCOMPARE(run.code, 0);
    const PipescopeRun exported = runPipescope(
        {QStringLiteral("export"), QStringLiteral("--messages"), QStringLiteral("--filter"),
         QStringLiteral("stream == stdin && kind == response"), replayed});
    const QJsonObject answer = QJsonDocument::fromJson(exported.out.split('\n').first()).object();
    QCOMPARE(answer.value(QLatin1String("id")).toString(), QStringLiteral("s1"));
    QCOMPARE(answer.value(QLatin1String("method")).toString(),
             QStringLiteral("window/workDoneProgress/create"));
    // The server logged that it got the answer, in its order.
    const PipescopeRun stderrBytes
        = runPipescope({QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("raw"),
                        QStringLiteral("--stream"), QStringLiteral("stderr"), replayed});
    QVERIFY2(
        stderrBytes.out.contains("got response \"s1\"\ngot initialized\ngot textDocument/hover\n"),
        stderrBytes.out.constData());
}

void tst_Replay::updateMakesTheRunGolden()
{
    const QString copy = m_dir.filePath(QStringLiteral("update.pcapng"));
    QFile::remove(copy);
    QVERIFY(QFile::copy(golden(), copy));
    const QStringList altered{QStringLiteral("--"), QStringLiteral(PROTOCOLSERVER_BINARY),
                              QStringLiteral("lsp"), QStringLiteral("--alter"),
                              QStringLiteral("shutdown")};
    const QStringList replay{QStringLiteral("replay"), QStringLiteral("--as"),
                             QStringLiteral("client"), copy};
    QCOMPARE(runPipescope(replay + altered).code, 1);
    const PipescopeRun update
        = runPipescope(replay + QStringList{QStringLiteral("--update")} + altered);
    QCOMPARE(update.code, 0);
    QVERIFY(update.out.contains(QByteArray(QByteArray("updated ") + copy.toUtf8())));
    QCOMPARE(runPipescope(replay + altered).code, 0);
    // and the old build now differs from the new golden session
    QCOMPARE(runPipescope(replay
                          + QStringList{QStringLiteral("--"), QStringLiteral(PROTOCOLSERVER_BINARY),
                                        QStringLiteral("lsp")})
                 .code,
             1);
}

void tst_Replay::linesReplayInOrder()
{
    const QString uci = m_dir.filePath(QStringLiteral("uci.pcapng"));
    QVERIFY(recordSession(uci, {QStringLiteral("uci")},
                          {{"uci\n", "uciok\n"}, {"isready\n", "readyok\n"}, {"quit\n", {}}}));
    const QStringList replay{QStringLiteral("replay"), QStringLiteral("--as"),
                             QStringLiteral("client"), uci};
    const QStringList server{QStringLiteral("--"), QStringLiteral(PROTOCOLSERVER_BINARY),
                             QStringLiteral("uci")};
    const PipescopeRun same = runPipescope(replay + server);
    QCOMPARE(same.code, 0);
    QCOMPARE(same.out, QByteArray("PASS: 3 messages as recorded\n"));
    // A build whose line differs: named by its place; a regular expression masks it.
    const QStringList altered
        = server + QStringList{QStringLiteral("--alter"), QStringLiteral("uci")};
    const PipescopeRun other = runPipescope(replay + altered);
    QCOMPARE(other.code, 1);
    // (Session rows count stderr's lines too, which come when they come.)
    QVERIFY2(other.out.contains("  line 1 (server): differs (message "), other.out.constData());
    QVERIFY2(other.out.contains("    (body): expected \"id name protocolserver\", got \"id name "
                                "protocolserver-altered\"\n"),
             other.out.constData());
    const PipescopeRun masked = runPipescope(
        replay + QStringList{QStringLiteral("--ignore"), QStringLiteral("protocolserver\\S*")}
        + altered);
    QCOMPARE(masked.code, 0);
}

void tst_Replay::dapAndNdjsonReplay()
{
    const QString dap = m_dir.filePath(QStringLiteral("dap.pcapng"));
    QVERIFY(recordSession(dap, {QStringLiteral("dap")}, dapClientSteps()));
    const PipescopeRun same = runPipescope(clientReplay(dap, {QStringLiteral("dap")}));
    QCOMPARE(same.code, 0);
    // initialize, initialized, launch, runInTerminal (answered from the recording), disconnect
    QCOMPARE(same.out, QByteArray("PASS: 5 messages as recorded\n"));
    const PipescopeRun altered = runPipescope(clientReplay(
        dap, {QStringLiteral("dap"), QStringLiteral("--alter"), QStringLiteral("launch")}));
    QCOMPARE(altered.code, 1);
    QVERIFY2(altered.out.contains("  response to launch #1 (server): differs")
                 && altered.out.contains("    body.altered: expected (absent), got true\n"),
             altered.out.constData());

    const QString mcp = m_dir.filePath(QStringLiteral("mcp.pcapng"));
    QVERIFY(recordSession(mcp, {QStringLiteral("ndjson")},
                          {{R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})"
                            "\n",
                            "initialize"},
                           {R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
                            "\n"
                            R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})"
                            "\n",
                            "tools/list"}}));
    QCOMPARE(runPipescope(clientReplay(mcp, {QStringLiteral("ndjson")})).out,
             QByteArray("PASS: 4 messages as recorded\n"));
}

void tst_Replay::msgpackAndRawReplay()
{
    const QString msgpack = m_dir.filePath(QStringLiteral("msgpack-client.pcapng"));
    QVERIFY(recordSession(msgpack, {QStringLiteral("msgpack")},
                          {{QByteArray::fromHex("94 00 05 aa 6e76696d5f696e707574 90"), "ok"}}));
    const PipescopeRun decoded = runPipescope(clientReplay(msgpack, {QStringLiteral("msgpack")}));
    QCOMPARE(decoded.code, 0);
    QCOMPARE(decoded.out, QByteArray("PASS: 2 messages as recorded\n")); // redraw, the answer

    // A session read as raw bytes: no messages, the bytes compared whole.
    const QString uci = m_dir.filePath(QStringLiteral("uci-raw.pcapng"));
    QVERIFY(recordSession(uci, {QStringLiteral("uci")},
                          {{"uci\n", "uciok\n"}, {"isready\n", "readyok\n"}, {"quit\n", {}}}));
    const QStringList raw{QStringLiteral("replay"), QStringLiteral("--framing"),
                          QStringLiteral("raw"), uci};
    const QStringList server{QStringLiteral("--"), QStringLiteral(PROTOCOLSERVER_BINARY),
                             QStringLiteral("uci")};
    const PipescopeRun same = runPipescope(
        raw + QStringList{QStringLiteral("--as"), QStringLiteral("client")} + server);
    QCOMPARE(same.code, 0);
    QCOMPARE(same.out, QByteArray("PASS: 1 message as recorded\n"));
    const PipescopeRun other
        = runPipescope(raw + QStringList{QStringLiteral("--as"), QStringLiteral("client")} + server
                       + QStringList{QStringLiteral("--alter"), QStringLiteral("uci")});
    QCOMPARE(other.code, 1);
    QVERIFY2(other.out.contains("  message 1 (server): differs"), other.out.constData());
    // As the server: the recorded output, whatever comes in.
    const PipescopeRun played = runPipescope(
        raw
        + QStringList{QStringLiteral("--as"), QStringLiteral("server"), QStringLiteral("--record"),
                      m_dir.filePath(QStringLiteral("raw-played.pcapng"))});
    QCOMPARE(played.code, 0);
    QCOMPARE(played.out, QByteArray("id name protocolserver\nuciok\nreadyok\n"));
}

void tst_Replay::usageErrorsExitWith2()
{
    const PipescopeRun noRole = runPipescope({QStringLiteral("replay"), golden()});
    QCOMPARE(noRole.code, 2);
    QCOMPARE(noRole.err, QByteArray("pipescope: replay needs --as server or --as client (see "
                                    "pipescope --help)\n"));
    const PipescopeRun noProgram = runPipescope(
        {QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("client"), golden()});
    QCOMPARE(noProgram.code, 2);
    const PipescopeRun missing
        = runPipescope({QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("client"),
                        m_dir.filePath(QStringLiteral("nothing.pcapng")), QStringLiteral("--"),
                        QStringLiteral(PROTOCOLSERVER_BINARY), QStringLiteral("lsp")});
    QCOMPARE(missing.code, 2);
    QVERIFY(missing.out.contains("nothing.pcapng"));
    const PipescopeRun badProfile = runPipescope(
        {QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("client"), golden(),
         QStringLiteral("--profile"), m_dir.filePath(QStringLiteral("none.json")),
         QStringLiteral("--"), QStringLiteral(PROTOCOLSERVER_BINARY), QStringLiteral("lsp")});
    QCOMPARE(badProfile.code, 2);
    QVERIFY(badProfile.out.startsWith("pipescope: --profile: cannot read "));
    const PipescopeRun cannotStart = runPipescope(
        {QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("client"), golden(),
         QStringLiteral("--"), m_dir.filePath(QStringLiteral("no-such-server"))});
    QCOMPARE(cannotStart.code, 2);
    QVERIFY(cannotStart.out.contains("cannot start"));
}

void tst_Replay::serverPlaysRecordedAnswersInOrder()
{
    const QString replayed = m_dir.filePath(QStringLiteral("server.pcapng"));
    QProcess replay;
    replay.start(QStringLiteral(PIPESCOPE_BINARY),
                 {QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("server"),
                  golden(), QStringLiteral("--record"), replayed});
    QVERIFY(replay.waitForStarted());
    QByteArray buffer;
    // Another editor: its own ids, process id and workspace.
    replay.write(lsp(
        R"({"jsonrpc":"2.0","id":10,"method":"initialize","params":{"processId":999,"rootUri":"file:///home/me/proj"}})"));
    const QJsonObject initialized = readLspMessage(replay, &buffer);
    QCOMPARE(initialized.value(QLatin1String("id")).toInt(), 10);
    QCOMPARE(initialized.value(QLatin1String("result"))
                 .toObject()
                 .value(QLatin1String("echo"))
                 .toString(),
             QStringLiteral("initialize"));
    // What the server sent on its own after initialize, in the recorded order.
    QCOMPARE(readLspMessage(replay, &buffer).value(QLatin1String("method")).toString(),
             QStringLiteral("window/workDoneProgress/create"));
    QCOMPARE(readLspMessage(replay, &buffer).value(QLatin1String("method")).toString(),
             QStringLiteral("window/logMessage"));
    replay.write(lsp(R"({"jsonrpc":"2.0","id":"s1","result":null})")
                 + lsp(R"({"jsonrpc":"2.0","method":"initialized","params":{"other":1}})"));
    replay.write(lsp(
        R"({"jsonrpc":"2.0","id":11,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///home/me/proj/a.c"},"position":{"line":3,"character":4}}})"));
    const QJsonObject hovered = readLspMessage(replay, &buffer);
    QCOMPARE(hovered.value(QLatin1String("id")).toInt(), 11);
    QCOMPARE(
        hovered.value(QLatin1String("result")).toObject().value(QLatin1String("echo")).toString(),
        QStringLiteral("textDocument/hover"));
    // The same request again, elsewhere: the recorded one is used up; the error names it.
    replay.write(lsp(
        R"({"jsonrpc":"2.0","id":12,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///home/me/proj/a.c"},"position":{"line":8,"character":4}}})"));
    const QJsonObject unmatched = readLspMessage(replay, &buffer);
    QCOMPARE(unmatched.value(QLatin1String("id")).toInt(), 12);
    QCOMPARE(
        unmatched.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt(),
        -32603);
    // (Rows of the golden session: where stderr's lines fell decides their numbers.)
    const QString closest = errorMessage(unmatched);
    QVERIFY2(closest.startsWith(QStringLiteral("pipescope replay: no recorded request matches; "
                                               "closest: request textDocument/hover (message "))
                 && closest.endsWith(QStringLiteral("), already used, differs at "
                                                    "params.position.line: expected 3, got 8")),
             qPrintable(closest));
    replay.write(
        lsp(R"({"jsonrpc":"2.0","id":13,"method":"textDocument/definition","params":{}})"));
    const QJsonObject unknown = readLspMessage(replay, &buffer);
    QCOMPARE(unknown.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt(),
             -32601);
    QVERIFY2(errorMessage(unknown).contains(QStringLiteral("no textDocument/definition request was "
                                                           "recorded; the next recorded request is "
                                                           "request shutdown (message ")),
             qPrintable(errorMessage(unknown)));
    replay.write(lsp(R"({"jsonrpc":"2.0","id":14,"method":"shutdown"})"));
    QCOMPARE(readLspMessage(replay, &buffer).value(QLatin1String("id")).toInt(), 14);
    replay.write(lsp(R"({"jsonrpc":"2.0","method":"exit"})"));
    replay.closeWriteChannel();
    QVERIFY(replay.waitForFinished(10000));
    QCOMPARE(replay.exitCode(), 1);
    const QByteArray report = replay.readAllStandardError();
    QVERIFY2(report.contains("replay: textDocument/definition: no recorded request matches"),
             report.constData());
    // A notification that differs stands in for the recorded one, and is reported.
    QVERIFY2(report.contains("replay: initialized: differs from the recorded one (message "),
             report.constData());
    QVERIFY(report.contains("params.other: expected (absent), got 1\n"));
    // Each unmatched request is a problem row of the replay's own session.
    const PipescopeRun stats = runPipescope({QStringLiteral("stats"), replayed});
    QVERIFY2(stats.out.contains("differs from the recording"), stats.out.constData());
}

void tst_Replay::msgpackServerAnswersWithLiveMsgid()
{
    const QString recorded = m_dir.filePath(QStringLiteral("msgpack.pcapng"));
    const QByteArray request
        = QByteArray::fromHex("94 00 05 aa 6e76696d5f696e707574 90"); // [0,5,"nvim_input",[]]
    QVERIFY(recordSession(recorded, {QStringLiteral("msgpack")}, {{request, QByteArray("ok")}}));
    QProcess replay;
    replay.start(QStringLiteral(PIPESCOPE_BINARY),
                 {QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("server"),
                  recorded, QStringLiteral("--record"),
                  m_dir.filePath(QStringLiteral("m.pcapng"))});
    QVERIFY(replay.waitForStarted());
    // The redraw notification the server sent first, then the answer with the live msgid.
    replay.write(QByteArray::fromHex("94 00 2a aa 6e76696d5f696e707574 90")); // msgid 42
    QByteArray out;
    while (out.size() < 17 && replay.waitForReadyRead(10000))
        out += replay.readAllStandardOutput();
    QCOMPARE(out, QByteArray::fromHex("9302a6726564726177 90" // [2, "redraw", []]
                                      "94 01 2a c0 a26f6b")); // [1, 42, nil, "ok"]
    replay.closeWriteChannel();
    QVERIFY(replay.waitForFinished(10000));
    QCOMPARE(replay.exitCode(), 0);
}

void tst_Replay::dapServerAnswersWithLiveRequestSeq()
{
    const QString recorded = m_dir.filePath(QStringLiteral("dap-server.pcapng"));
    QVERIFY(recordSession(recorded, {QStringLiteral("dap")}, dapClientSteps()));
    QProcess replay;
    replay.start(QStringLiteral(PIPESCOPE_BINARY),
                 {QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("server"),
                  recorded, QStringLiteral("--record"),
                  m_dir.filePath(QStringLiteral("dap-replayed.pcapng"))});
    QVERIFY(replay.waitForStarted());
    QByteArray buffer;
    replay.write(lsp(
        R"({"seq":100,"type":"request","command":"initialize","arguments":{"adapterID":"x"}})"));
    const QJsonObject response = readLspMessage(replay, &buffer);
    QCOMPARE(response.value(QLatin1String("request_seq")).toInt(), 100);
    QCOMPARE(response.value(QLatin1String("command")).toString(), QStringLiteral("initialize"));
    QCOMPARE(readLspMessage(replay, &buffer).value(QLatin1String("event")).toString(),
             QStringLiteral("initialized"));
    replay.write(lsp(R"({"seq":101,"type":"request","command":"evaluate","arguments":{}})"));
    const QJsonObject refused = readLspMessage(replay, &buffer);
    QCOMPARE(refused.value(QLatin1String("request_seq")).toInt(), 101);
    QCOMPARE(refused.value(QLatin1String("success")).toBool(true), false);
    QVERIFY(refused.value(QLatin1String("message"))
                .toString()
                .contains(QStringLiteral("no evaluate request was recorded")));
    replay.closeWriteChannel();
    QVERIFY(replay.waitForFinished(10000));
    QCOMPARE(replay.exitCode(), 1);
    QVERIFY(replay.readAllStandardError().contains(
        "replay: 3 recorded client message(s) never came, the first: request launch"));
}

void tst_Replay::recordedTimingKeepsTheDelays()
{
    // The recorded server took 300 ms over the hover; --timing recorded takes as long.
    const QString slow = m_dir.filePath(QStringLiteral("slow.pcapng"));
    QVERIFY(recordSession(
        slow,
        {QStringLiteral("lsp"), QStringLiteral("--slow"), QStringLiteral("textDocument/hover")},
        lspClientSteps()));
    const QString replayed = m_dir.filePath(QStringLiteral("slow-replayed.pcapng"));
    QProcess replay;
    replay.start(QStringLiteral(PIPESCOPE_BINARY),
                 {QStringLiteral("replay"), QStringLiteral("--as"), QStringLiteral("server"), slow,
                  QStringLiteral("--timing"), QStringLiteral("recorded"),
                  QStringLiteral("--record"), replayed});
    QVERIFY(replay.waitForStarted());
    QByteArray buffer;
    replay.write(initialize);
    for (int i = 0; i < 3; ++i)
        readLspMessage(replay, &buffer);
    replay.write(hover);
    QCOMPARE(readLspMessage(replay, &buffer).value(QLatin1String("id")).toInt(), 2);
    replay.closeWriteChannel();
    QVERIFY(replay.waitForFinished(10000));
    const PipescopeRun exported = runPipescope(
        {QStringLiteral("export"), QStringLiteral("--messages"), QStringLiteral("--filter"),
         QStringLiteral("method == \"textDocument/hover\" && kind == response"), replayed});
    const QJsonObject answer = QJsonDocument::fromJson(exported.out.split('\n').first()).object();
    QVERIFY2(answer.value(QLatin1String("latency_ns")).toDouble() >= 250e6,
             exported.out.constData());
}

void tst_Replay::diffComparesBothSides()
{
    const QString altered = m_dir.filePath(QStringLiteral("altered.pcapng"));
    QVERIFY(recordSession(
        altered,
        {QStringLiteral("lsp"), QStringLiteral("--alter"), QStringLiteral("textDocument/hover")},
        lspClientSteps()));
    const PipescopeRun same = runPipescope({QStringLiteral("diff"), golden(), golden()});
    QCOMPARE(same.code, 0);
    QCOMPARE(same.out, QByteArray("PASS: 11 messages as recorded\n"));
    const PipescopeRun differ = runPipescope({QStringLiteral("diff"), golden(), altered});
    QCOMPARE(differ.code, 1);
    QVERIFY2(differ.out.contains("  response to textDocument/hover #1 (server): differs")
                 && differ.out.contains("    result.altered: expected (absent), got true\n"),
             differ.out.constData());
    QCOMPARE(runPipescope({QStringLiteral("diff"), golden()}).code, 2);
}

QTEST_GUILESS_MAIN(tst_Replay)
#include "tst_replay.moc"

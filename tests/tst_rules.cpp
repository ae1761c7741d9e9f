// --rules end to end: the pipescope binary between a client (the test) and protocolserver, with a
// rules file that delays, drops, answers and breaks messages; what each side gets, and what the
// session file says was done.
#include "capture/capturestore.h"
#include "capture/sessionevent.h"
#include "codec/msgpackreader.h"
#include "helpers/intercepted.h"
#include "helpers/lsp.h"
#include "helpers/pipescoperun.h"
#include "intercept/interceptrule.h"
#include "testconfig.h"

#include <QtCore/QCborArray>
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

namespace {

const QByteArray initialize = lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})");
const QByteArray initializeResult
    = lsp(R"({"jsonrpc":"2.0","id":1,"result":{"echo":"initialize"}})");
const QByteArray initialized = lsp(R"({"jsonrpc":"2.0","method":"initialized"})");
const QByteArray shutdownAndExit = lsp(R"({"jsonrpc":"2.0","id":99,"method":"shutdown"})")
                                   + lsp(R"({"jsonrpc":"2.0","method":"exit"})");

QByteArray hover(int id)
{
    return lsp(R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id)
               + R"(,"method":"textDocument/hover","params":{"position":{"line":3}}})");
}

// pipescope --no-gui --rules between the test (the parent) and protocolserver MODE.
class RulesRun
{
public:
    RulesRun(const QTemporaryDir &dir, const QByteArray &rules, const QString &mode)
        : m_session(dir.filePath(QStringLiteral("session.pcapng")))
    {
        const QString rulesPath = dir.filePath(QStringLiteral("rules.json"));
        QFile file(rulesPath);
        if (file.open(QIODevice::WriteOnly))
            file.write(rules);
        file.close();
        m_process.start(QStringLiteral(PIPESCOPE_BINARY),
                        {QStringLiteral("--no-gui"), QStringLiteral("--record"), m_session,
                         QStringLiteral("--rules"), rulesPath, QStringLiteral("--"),
                         QStringLiteral(PROTOCOLSERVER_BINARY), mode});
        m_process.waitForStarted();
    }

    void write(const QByteArray &bytes) { m_process.write(bytes); }

    // True once the child's stdout, as the test received it, holds `expected`.
    bool receive(const QByteArray &expected, int timeoutMs = 10000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!m_out.contains(expected)) {
            if (deadline.hasExpired() || !m_process.waitForReadyRead(int(deadline.remainingTime())))
                return false;
            m_out += m_process.readAllStandardOutput();
        }
        return true;
    }

    // Closes the child's stdin and waits for pipescope to end like it.
    bool finish()
    {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(20000))
            return false;
        m_out += m_process.readAllStandardOutput();
        m_err = m_process.readAllStandardError();
        return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
    }

    QString session() const { return m_session; }
    QByteArray out() const { return m_out; }
    QByteArray err() const { return m_err; } // the server's log: "got METHOD" per message

    // The session's intercepted events, in order.
    QList<SessionEvent> events() const
    {
        CaptureStore store;
        return store.load(m_session) ? interceptedEvents(store) : QList<SessionEvent>();
    }

private:
    QString m_session;
    QProcess m_process;
    QByteArray m_out;
    QByteArray m_err;
};

} // namespace

// The rules files are raw strings over several lines, which moc misreads inside a class: the
// tests are defined after it.
class tst_Rules : public QObject
{
    Q_OBJECT

private slots:
    void errorAnswersTheSender();
    void delayHoldsTheMessage();
    void dropOnlyAsOftenAsAsked();
    void splitMessageIsReassembled();
    void wrongLengthReachesTheReceiver();
    void strayBytesGoFirst();
    // NDJSON (MCP): a result from a template with the request's id, method and params.
    void respondFillsTheTemplate();
    // msgpack-rpc (Neovim): the error answer is [1, msgid, [code, message], nil].
    void msgpackRequestAnsweredWithError();
    // A probability with a seed acts on the same matches in every run.
    void probabilityIsRepeatable();
    void lineProtocolIsFramedAtOnce();
    void longMessageGoesOnUnheld();
    void badRulesFileIsRefused_data();
    void badRulesFileIsRefused();
};

void tst_Rules::errorAnswersTheSender()
{
    QTemporaryDir dir;
    RulesRun run(dir, R"({"rules": [
        {"match": "method == \"textDocument/hover\"", "direction": "to-child",
         "action": "error", "code": -32803, "message": "injected failure"}]})",
                 QStringLiteral("lsp"));
    run.write(initialize);
    QVERIFY(run.receive(initializeResult));
    run.write(hover(2));
    const QByteArray error
        = lsp(R"({"error":{"code":-32803,"message":"injected failure"},"id":2,"jsonrpc":"2.0"})");
    QVERIFY2(run.receive(error), run.out().constData());
    run.write(shutdownAndExit);
    QVERIFY(run.finish());
    QVERIFY2(!run.err().contains("textDocument/hover"), run.err().constData()); // never got it
    const QList<SessionEvent> events = run.events();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).summary(),
             QStringLiteral("rule 1 error textDocument/hover #2 to-child: answered with "
                            "error -32803: injected failure"));
    QCOMPARE(events.at(0).delivered, error);

    // Answered, by the rule: not pending, and counted.
    const PipescopeRun statsRun = runPipescope({QStringLiteral("stats"), run.session()});
    QCOMPARE(statsRun.code, 0);
    const QByteArray stats = statsRun.out;
    const QString report = QString::fromUtf8(stats);
    QVERIFY2(
        report.contains(QRegularExpression(QStringLiteral(R"(textDocument/hover +1 +0 +0 +0)"))),
        qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("rules acted 1 time:\n  rule 1 error ")),
             qPrintable(report));
}

void tst_Rules::delayHoldsTheMessage()
{
    QTemporaryDir dir;
    RulesRun run(dir, R"({"rules": [
        {"match": "method == \"initialize\" && kind == response", "direction": "to-parent",
         "action": "delay", "ms": 300}]})",
                 QStringLiteral("lsp"));
    QElapsedTimer timer;
    timer.start();
    run.write(initialize);
    QVERIFY(run.receive(initializeResult));
    QVERIFY2(timer.elapsed() >= 300, qPrintable(QString::number(timer.elapsed())));
    // Held at its boundary: nothing the server sent after it came before it.
    QVERIFY(run.out().startsWith(initializeResult));
    run.write(shutdownAndExit);
    QVERIFY(run.finish());
    QCOMPARE(run.events().at(0).summary(),
             QStringLiteral("rule 1 delay initialize #1 to-parent: 300 ms"));
}

void tst_Rules::dropOnlyAsOftenAsAsked()
{
    QTemporaryDir dir;
    RulesRun run(dir, R"({"rules": [
        {"match": "method == \"initialized\"", "direction": "to-child", "action": "drop",
         "times": 1}]})",
                 QStringLiteral("lsp"));
    run.write(initialize + initialized + initialized + shutdownAndExit);
    QVERIFY(run.finish());
    QCOMPARE(run.err().count("got initialized\n"), 1);
    QCOMPARE(run.events().size(), 1);
}

void tst_Rules::splitMessageIsReassembled()
{
    QTemporaryDir dir;
    RulesRun run(dir, R"({"rules": [
        {"match": "method == \"initialize\"", "direction": "to-child", "action": "split",
         "writes": 3, "pauseMs": 50}]})",
                 QStringLiteral("lsp"));
    run.write(initialize);
    QVERIFY(run.receive(initializeResult));
    run.write(shutdownAndExit);
    QVERIFY(run.finish());
    QCOMPARE(run.events().at(0).detail, QStringLiteral("3 writes, 50 ms apart"));
}

void tst_Rules::wrongLengthReachesTheReceiver()
{
    QTemporaryDir dir;
    RulesRun run(dir, R"({"rules": [
        {"match": "method == \"initialize\" && kind == response", "direction": "to-parent",
         "action": "wrong-length", "by": 5}]})",
                 QStringLiteral("lsp"));
    run.write(initialize);
    const QByteArray body = R"({"jsonrpc":"2.0","id":1,"result":{"echo":"initialize"}})";
    QVERIFY(
        run.receive("Content-Length: " + QByteArray::number(body.size() + 5) + "\r\n\r\n" + body));
    run.write(shutdownAndExit);
    QVERIFY(run.finish());
    // The server's answer was fine; what the client got is flagged, on the rule's row.
    const PipescopeRun statsRun = runPipescope({QStringLiteral("stats"), run.session()});
    QCOMPARE(statsRun.code, 0);
    const QByteArray stats = statsRun.out;
    // (The test, as a client, never answers the server's own request: that one is the other.)
    QVERIFY2(stats.contains("2 problems:"), stats.constData());
    QVERIFY2(stats.contains("truncated message           1"), stats.constData());
    QVERIFY2(stats.contains("rule 1 wrong-length initialize #1 to-parent: Content-Length off by "
                            "5; delivered 77 bytes: Content-Length: 60"),
             stats.constData());
}

void tst_Rules::strayBytesGoFirst()
{
    QTemporaryDir dir;
    RulesRun run(dir, R"({"rules": [
        {"match": "method == \"initialize\" && kind == response", "direction": "to-parent",
         "action": "stray-bytes", "bytes": "oops\\r\\n"}]})",
                 QStringLiteral("lsp"));
    run.write(initialize);
    QVERIFY(run.receive("oops\r\n" + initializeResult));
    run.write(shutdownAndExit);
    QVERIFY(run.finish());
    const PipescopeRun statsRun = runPipescope({QStringLiteral("stats"), run.session()});
    QCOMPARE(statsRun.code, 0);
    const QByteArray stats = statsRun.out;
    QVERIFY2(stats.contains("2 problems:") && stats.contains("unframed bytes              1"),
             stats.constData());
}

// NDJSON (MCP): a result from a template with the request's id, method and params.
void tst_Rules::respondFillsTheTemplate()
{
    QTemporaryDir dir;
    RulesRun run(dir, R"({"rules": [
        {"match": "method == \"tools/list\"", "direction": "to-child", "action": "respond",
         "result": {"tools": [], "for": "${method} #${id}", "cursor": "${params.cursor}"}}]})",
                 QStringLiteral("ndjson"));
    run.write(R"({"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":"c1"}})"
              "\n");
    const QByteArray answer
        = R"({"id":7,"jsonrpc":"2.0","result":{"cursor":"c1","for":"tools/list #7","tools":[]}})"
          "\n";
    QVERIFY2(run.receive(answer), run.out().constData());
    QVERIFY(run.finish());
}

// msgpack-rpc (Neovim): the error answer is [1, msgid, [code, message], nil].
void tst_Rules::msgpackRequestAnsweredWithError()
{
    QTemporaryDir dir;
    RulesRun run(dir, R"({"rules": [
        {"match": "method == \"ping\"", "action": "error", "code": 3, "message": "no"}]})",
                 QStringLiteral("msgpack"));
    run.write(QByteArray("\x94\x00\x05\xa4ping\x90", 9));
    QVERIFY(run.receive("no"));
    run.finish();
    // After the server's own notification: the answer, decoded.
    const QByteArray out = run.out();
    const qsizetype start = out.indexOf(char(0x94));
    QVERIFY(start >= 0);
    const QCborArray answer = msgpackToCbor(QByteArrayView(out).sliced(start)).toArray();
    QCOMPARE(answer.size(), 4);
    QCOMPARE(answer.at(0).toInteger(), 1);
    QCOMPARE(answer.at(1).toInteger(), 5);
    QCOMPARE(answer.at(2).toArray().at(0).toInteger(), 3);
    QCOMPARE(answer.at(2).toArray().at(1).toString(), QStringLiteral("no"));
    QVERIFY(answer.at(3).isNull());
}

// A probability with a seed acts on the same matches in every run.
void tst_Rules::probabilityIsRepeatable()
{
    const auto answeredIds = [] {
        QTemporaryDir dir;
        RulesRun run(dir, R"({"rules": [
            {"match": "method == \"textDocument/hover\"", "action": "error", "code": 1,
             "message": "x", "probability": 0.5, "seed": 7}]})",
                     QStringLiteral("lsp"));
        run.write(initialize);
        for (int id = 2; id <= 21; ++id)
            run.write(hover(id));
        run.write(shutdownAndExit);
        run.finish();
        QStringList ids;
        for (const SessionEvent &event : run.events())
            ids << event.messageId;
        return ids;
    };
    const QStringList first = answeredIds();
    QVERIFY2(first.size() > 0 && first.size() < 20, qPrintable(first.join(u' ')));
    QCOMPARE(answeredIds(), first);
}

// UCI: the first command is a message at its newline, not after fifteen more lines.
void tst_Rules::lineProtocolIsFramedAtOnce()
{
    QTemporaryDir dir;
    RulesRun run(dir, R"({"rules": [
        {"match": "data contains \"isready\"", "direction": "to-child", "action": "delay",
         "ms": 200}]})",
                 QStringLiteral("uci"));
    run.write("uci\n");
    QVERIFY(run.receive("uciok\n"));
    QElapsedTimer timer;
    timer.start();
    run.write("isready\n");
    QVERIFY(run.receive("readyok\n"));
    QVERIFY2(timer.elapsed() >= 200, qPrintable(QString::number(timer.elapsed())));
    run.write("quit\n");
    QVERIFY(run.finish());
}

// A message longer than a direction may hold goes on as it comes: no rule acts on it, and the
// sender is never stuck waiting for room.
void tst_Rules::longMessageGoesOnUnheld()
{
    QTemporaryDir dir;
    RulesRun run(dir, R"({"rules": [
        {"match": "method == \"big\"", "direction": "to-child", "action": "drop"}]})",
                 QStringLiteral("lsp"));
    const QByteArray padding(3 * 1024 * 1024, 'x');
    run.write(lsp(R"({"jsonrpc":"2.0","id":5,"method":"big","params":")" + padding + R"("})"));
    QVERIFY(run.receive(lsp(R"({"jsonrpc":"2.0","id":5,"result":{"echo":"big"}})"), 30000));
    run.write(shutdownAndExit);
    QVERIFY(run.finish());
    QVERIFY(run.events().isEmpty());
}

void tst_Rules::badRulesFileIsRefused_data()
{
    QTest::addColumn<QByteArray>("rules");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("{\"rules\": [") << QStringLiteral("not JSON");
    QTest::newRow("bad filter") << QByteArray(
        R"({"rules": [{"match": "method == \"a\"", "action": "drop"},
                                   {"match": "method ==", "action": "drop"}]})")
                                << QStringLiteral("rule 2: \"match\": ");
    QTest::newRow("unknown action")
        << QByteArray(R"({"rules": [{"match": "kind == request", "action": "slow"}]})")
        << QStringLiteral("rule 1: \"action\" must be one of");
    QTest::newRow("member of another action")
        << QByteArray(R"({"rules": [{"match": "kind == request", "action": "drop",
                                    "ms": 5}]})")
        << QStringLiteral("rule 1: \"ms\" is not a member of a drop rule");
    QTest::newRow("bad range")
        << QByteArray(R"({"rules": [{"match": "kind == request", "action": "delay",
                                    "ms": [9, 3]}]})")
        << QStringLiteral("rule 1: \"ms\" must be milliseconds or [min, max]");
}

void tst_Rules::badRulesFileIsRefused()
{
    QFETCH(QByteArray, rules);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(rules);
    file.close();
    const PipescopeRun refused = runPipescope(
        {QStringLiteral("--no-gui"), QStringLiteral("--rules"), path, QStringLiteral("--"),
         QStringLiteral(PROTOCOLSERVER_BINARY), QStringLiteral("lsp")});
    QCOMPARE(refused.code, 2);
    QVERIFY(refused.out.isEmpty()); // stdout is the child's alone
    const QByteArray &err = refused.err;
    QCOMPARE(err.count('\n'), 1); // one line
    QVERIFY2(err.startsWith("pipescope: --rules: bad.json: "), err.constData());
    QVERIFY2(QString::fromUtf8(err).contains(message), err.constData());
}

QTEST_GUILESS_MAIN(tst_Rules)
#include "tst_rules.moc"

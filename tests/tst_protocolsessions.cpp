// End to end: real traffic of each protocol, produced by tests/helpers/protocolserver through the
// pipescope binary, then read back by `pipescope stats` and `pipescope export --messages`.
#include "helpers/lsp.h"
#include "helpers/pipescoperun.h"
#include "helpers/recordsession.h"
#include "testconfig.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

namespace {

QList<QJsonObject> exportedMessages(const QString &path, const QStringList &options = {})
{
    const PipescopeRun run
        = runPipescope(QStringList{QStringLiteral("export"), QStringLiteral("--messages")} + options
                       + QStringList{path});
    QList<QJsonObject> messages;
    for (const QByteArray &line : run.out.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError)
            qWarning("not JSON: %s", line.constData());
        messages.append(document.object());
    }
    return messages;
}

QList<QJsonObject> withStream(const QList<QJsonObject> &messages, const QString &stream)
{
    QList<QJsonObject> found;
    for (const QJsonObject &message : messages) {
        if (message.value(QLatin1String("stream")).toString() == stream)
            found.append(message);
    }
    return found;
}

QStringList summaries(const QList<QJsonObject> &messages)
{
    QStringList lines;
    for (const QJsonObject &message : messages) {
        QString line = message.value(QLatin1String("kind")).toString();
        if (message.contains(QLatin1String("method")))
            line += u' ' + message.value(QLatin1String("method")).toString();
        lines.append(line);
    }
    return lines;
}

} // namespace

Q_DECLARE_METATYPE(Recorder)

class tst_ProtocolSessions : public QObject
{
    Q_OBJECT

private slots:
    void languageServerWithABanner_data() { recorders(); }
    void languageServerWithABanner();
    void mcpServerSpeakingNdjson_data() { recorders(); }
    void mcpServerSpeakingNdjson();
    void lineProtocol();
    void filteredExportAndStats();
    void msgpackRpc();
    void framingChosenOnTheCommandLine();
    void statsOfABadFileIsOneLine();

private:
    static void recorders()
    {
        QTest::addColumn<Recorder>("recorder");
        QTest::newRow("headless") << Recorder::Headless;
        QTest::newRow("with the window") << Recorder::WithWindow;
    }

    QTemporaryDir m_dir;
};

void tst_ProtocolSessions::languageServerWithABanner()
{
    QFETCH(Recorder, recorder);
    const QString path = m_dir.filePath(QStringLiteral("lsp.pcapng"));
    QVERIFY(recordSession(
        path, {QStringLiteral("lsp"), QStringLiteral("--banner")},
        {{lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})"),
          "window/logMessage"},
         {lsp(R"({"jsonrpc":"2.0","id":"s1","result":null})")
              + lsp(R"({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{}})"),
          "\"id\":2"},
         {lsp(R"({"jsonrpc":"2.0","id":3,"method":"shutdown"})"), "\"id\":3"},
         {lsp(R"({"jsonrpc":"2.0","method":"exit"})"), QByteArray()}},
        recorder));

    const PipescopeRun stats = runPipescope({QStringLiteral("stats"), path});
    QCOMPARE(stats.code, 0);
    QVERIFY2(stats.out.contains("framing: stdin content-length stdout content-length stderr lines"),
             stats.out.constData());
    QVERIFY2(stats.out.contains("1 problem:"), stats.out.constData());
    QVERIFY2(stats.out.contains("output before the first message"), stats.out.constData());
    QVERIFY2(stats.out.contains("stdout offset 0, 19 bytes: debug: starting up\\n"),
             stats.out.constData());
    for (const char *method : {"initialize", "textDocument/hover", "shutdown", "exit",
                               "window/workDoneProgress/create", "window/logMessage"}) {
        QVERIFY2(stats.out.contains(QByteArray(QByteArray("\n") + method + ' ')), method);
    }

    const QList<QJsonObject> messages = exportedMessages(path);
    QCOMPARE(
        summaries(withStream(messages, QStringLiteral("stdin"))),
        QStringList({QStringLiteral("request initialize"),
                     QStringLiteral("response window/workDoneProgress/create"),
                     QStringLiteral("request textDocument/hover"),
                     QStringLiteral("request shutdown"), QStringLiteral("notification exit")}));
    QCOMPARE(summaries(withStream(messages, QStringLiteral("stdout"))),
             QStringList({QStringLiteral("unframed"), QStringLiteral("response initialize"),
                          QStringLiteral("request window/workDoneProgress/create"),
                          QStringLiteral("notification window/logMessage"),
                          QStringLiteral("response textDocument/hover"),
                          QStringLiteral("response shutdown")}));

    const QJsonObject initialize = withStream(messages, QStringLiteral("stdin")).first();
    const QJsonObject response
        = messages.at(initialize.value(QLatin1String("response")).toInt() - 1);
    QCOMPARE(response.value(QLatin1String("request")).toInt(),
             initialize.value(QLatin1String("n")).toInt());
    QVERIFY(response.value(QLatin1String("latency_ns")).toDouble() > 0);
    QCOMPARE(response.value(QLatin1String("body"))
                 .toObject()
                 .value(QLatin1String("result"))
                 .toObject()
                 .value(QLatin1String("echo"))
                 .toString(),
             QStringLiteral("initialize"));
    QCOMPARE(response.value(QLatin1String("headers")).toString(),
             QStringLiteral("Content-Length: 55\r\n\r\n"));
    const QJsonObject banner = withStream(messages, QStringLiteral("stdout")).first();
    QCOMPARE(banner.value(QLatin1String("text")).toString(),
             QStringLiteral("debug: starting up\n"));
    QCOMPARE(banner.value(QLatin1String("problems")).toArray().first().toString(),
             QStringLiteral("output before the first message"));
}

void tst_ProtocolSessions::mcpServerSpeakingNdjson()
{
    QFETCH(Recorder, recorder);
    const QString path = m_dir.filePath(QStringLiteral("mcp.pcapng"));
    QVERIFY(recordSession(path, {QStringLiteral("ndjson")},
                          {{R"({"jsonrpc":"2.0","id":0,"method":"initialize"})"
                            "\n",
                            "window/logMessage"},
                           {R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})"
                            "\n",
                            "\"id\":1"}},
                          recorder));
    const PipescopeRun stats = runPipescope({QStringLiteral("stats"), path});
    QVERIFY2(stats.out.contains("framing: stdin ndjson stdout ndjson"), stats.out.constData());
    // The server's own request is never answered by this client.
    QVERIFY2(stats.out.contains("request never answered"), stats.out.constData());
    const QList<QJsonObject> messages = exportedMessages(path);
    QCOMPARE(summaries(withStream(messages, QStringLiteral("stdout"))),
             QStringList({QStringLiteral("response initialize"),
                          QStringLiteral("request window/workDoneProgress/create"),
                          QStringLiteral("notification window/logMessage"),
                          QStringLiteral("response tools/list")}));
}

void tst_ProtocolSessions::lineProtocol()
{
    const QString path = m_dir.filePath(QStringLiteral("uci.pcapng"));
    QVERIFY(recordSession(path, {QStringLiteral("uci")},
                          {{"uci\n", "uciok\n"}, {"isready\n", "readyok\n"}, {"quit\n", {}}}));
    const QList<QJsonObject> output = withStream(exportedMessages(path), QStringLiteral("stdout"));
    QCOMPARE(output.size(), 3);
    QCOMPARE(output.at(0).value(QLatin1String("text")).toString(),
             QStringLiteral("id name protocolserver\n"));
    QCOMPARE(output.at(1).value(QLatin1String("text")).toString(), QStringLiteral("uciok\n"));
    QCOMPARE(output.at(2).value(QLatin1String("kind")).toString(), QStringLiteral("data"));
    const PipescopeRun stats = runPipescope({QStringLiteral("stats"), path});
    QVERIFY2(stats.out.contains("framing: stdin lines stdout lines stderr lines"),
             stats.out.constData());
    QVERIFY2(stats.out.contains("no problems"), stats.out.constData());
}

void tst_ProtocolSessions::filteredExportAndStats()
{
    const QString path = m_dir.filePath(QStringLiteral("filtered.pcapng"));
    QVERIFY(recordSession(
        path, {QStringLiteral("lsp"), QStringLiteral("--banner")},
        {{lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})"),
          "window/logMessage"},
         {lsp(R"({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{}})"), "\"id\":2"},
         {lsp(R"({"jsonrpc":"2.0","id":3,"method":"shutdown"})"), "\"id\":3"},
         {lsp(R"({"jsonrpc":"2.0","method":"exit"})"), QByteArray()}}));

    const QList<QJsonObject> hover = exportedMessages(
        path, {QStringLiteral("--filter"), QStringLiteral("method == textDocument/hover")});
    QCOMPARE(summaries(hover), QStringList({QStringLiteral("request textDocument/hover"),
                                            QStringLiteral("response textDocument/hover")}));
    QCOMPARE(summaries(exportedMessages(
                 path, {QStringLiteral("--filter"), QStringLiteral("dir == c2s && id >= 2")})),
             QStringList({QStringLiteral("request textDocument/hover"),
                          QStringLiteral("request shutdown")}));

    // Records: only stdout's that name the hover request, as JSON Lines of records.
    const PipescopeRun records
        = runPipescope({QStringLiteral("export"), QStringLiteral("--filter"),
                        QStringLiteral("stream == stdout && data contains \"hover\""), path});
    QCOMPARE(records.code, 0);
    const QList<QByteArray> lines = records.out.trimmed().split('\n');
    QVERIFY2(!lines.isEmpty() && !records.out.isEmpty(), records.err.constData());
    for (const QByteArray &line : lines) {
        const QJsonObject record = QJsonDocument::fromJson(line).object();
        QCOMPARE(record.value(QLatin1String("stream")).toString(), QStringLiteral("stdout"));
    }

    const PipescopeRun stats
        = runPipescope({QStringLiteral("stats"), QStringLiteral("--filter"),
                        QStringLiteral("method in {initialize shutdown}"), path});
    QCOMPARE(stats.code, 0);
    QVERIFY2(stats.out.contains("4 of "), stats.out.constData());
    QVERIFY2(stats.out.contains("\ninitialize "), stats.out.constData());
    QVERIFY2(stats.out.contains("\nshutdown "), stats.out.constData());
    QVERIFY2(!stats.out.contains("hover"), stats.out.constData());
    // The banner's problem belongs to a message the filter leaves out.
    QVERIFY2(stats.out.contains("no problems"), stats.out.constData());

    // A wrong expression: one line, exit 2, nothing on stdout.
    const PipescopeRun wrong = runPipescope(
        {QStringLiteral("stats"), QStringLiteral("--filter"), QStringLiteral("latency >"), path});
    QCOMPARE(wrong.code, 2);
    QCOMPARE(wrong.out, QByteArray());
    QCOMPARE(wrong.err,
             QByteArray("pipescope: --filter: expected a value to compare latency "
                        "with, found the end of the filter at column 10 (see pipescope --help)\n"));
}

void tst_ProtocolSessions::msgpackRpc()
{
    const QString path = m_dir.filePath(QStringLiteral("msgpack.pcapng"));
    const QByteArray request
        = QByteArray::fromHex("94 00 05 aa 6e76696d5f696e707574 90"); // [0,5,"nvim_input",[]]
    QVERIFY(recordSession(path, {QStringLiteral("msgpack")}, {{request, QByteArray("ok")}}));
    const QList<QJsonObject> messages = exportedMessages(path);
    QCOMPARE(summaries(withStream(messages, QStringLiteral("stdin"))),
             QStringList({QStringLiteral("request nvim_input")}));
    QCOMPARE(summaries(withStream(messages, QStringLiteral("stdout"))),
             QStringList(
                 {QStringLiteral("notification redraw"), QStringLiteral("response nvim_input")}));
    const QJsonObject sent = withStream(messages, QStringLiteral("stdin")).first();
    QCOMPARE(
        QJsonDocument(sent.value(QLatin1String("body")).toArray()).toJson(QJsonDocument::Compact),
        QByteArray(R"([0,5,"nvim_input",[]])"));
    QCOMPARE(sent.value(QLatin1String("id")).toInt(), 5);
    QVERIFY(sent.contains(QLatin1String("response")));
}

void tst_ProtocolSessions::framingChosenOnTheCommandLine()
{
    const QString path = m_dir.filePath(QStringLiteral("uci.pcapng"));
    QVERIFY(QFile::exists(path));
    const QList<QJsonObject> raw
        = exportedMessages(path, {QStringLiteral("--framing"), QStringLiteral("stdout=raw")});
    // One message per chunk read: the server wrote "id name...\nuciok\n" in one write.
    QCOMPARE(
        withStream(raw, QStringLiteral("stdout")).first().value(QLatin1String("text")).toString(),
        QStringLiteral("id name protocolserver\nuciok\n"));
    const PipescopeRun bad = runPipescope(
        {QStringLiteral("stats"), QStringLiteral("--framing"), QStringLiteral("morse"), path});
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.startsWith("pipescope: --framing: unknown framing 'morse'"),
             bad.err.constData());
    QCOMPARE(bad.err.count('\n'), 1);
}

void tst_ProtocolSessions::statsOfABadFileIsOneLine()
{
    const QString path = m_dir.filePath(QStringLiteral("junk.pcapng"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a session\n");
    file.close();
    const PipescopeRun run = runPipescope({QStringLiteral("stats"), path});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.out, QByteArray());
    QCOMPARE(run.err, QByteArray("pipescope: " + path.toUtf8() + ": not a pcapng session file\n"));
    const PipescopeRun messages
        = runPipescope({QStringLiteral("export"), QStringLiteral("--messages"), path});
    QCOMPARE(messages.code, 1);
    QCOMPARE(messages.err, run.err);
}

QTEST_GUILESS_MAIN(tst_ProtocolSessions)
#include "helpers/lsp.h"
#include "tst_protocolsessions.moc"

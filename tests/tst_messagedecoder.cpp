#include "capture/sessionevent.h"
#include "helpers/lsp.h"
#include "messages/messagedecoder.h"

#include <QtTest/QTest>

#include <limits>
#include <optional>

namespace {

// Feeds a scripted session into a decoder, one chunk per call, 1 ms apart.
class Session
{
public:
    explicit Session(const FramingChoice &choice = FramingChoice())
        : m_decoder(&log, choice)
    {
    }
    // At the chunk's sequence number in ms, or at timestampNs when one is given.
    Session &send(Stream stream, const QByteArray &bytes, std::optional<qint64> timestampNs = {})
    {
        ChunkRecord record;
        record.seq = m_seq;
        record.stream = stream;
        record.timestampNs = timestampNs.value_or(qint64(m_seq) * 1000000);
        record.length = qint32(bytes.size());
        m_decoder.feed(record, qsizetype(m_seq), bytes);
        ++m_seq;
        return *this;
    }
    Session &event(SessionEvent::Kind kind)
    {
        return send(Stream::Event, SessionEvent::closed(kind).toPayload());
    }
    Session &idle(qint64 nowNs)
    {
        m_decoder.idle(nowNs);
        return *this;
    }
    Session &finish()
    {
        m_decoder.finish();
        return *this;
    }
    std::optional<Framing> framing(Stream stream) const { return m_decoder.framing(stream); }

    // "stdin request initialize #1" and the like, one per row.
    QByteArrayList rows() const
    {
        QByteArrayList rows;
        for (qsizetype row = 0; row < log.count(); ++row) {
            const MessageRecord &record = log.at(row);
            QByteArray text = streamName(record.stream) + ' ' + messageKindName(record.kind);
            const QByteArray method = log.methodName(log.effectiveMethod(row));
            if (!method.isEmpty())
                text += ' ' + method;
            const QByteArray id = log.idText(record);
            if (!id.isEmpty())
                text += " #" + id;
            if (record.partner >= 0)
                text += " ->" + QByteArray::number(record.partner);
            for (int problem = 0; problem < problemKindCount; ++problem) {
                if (record.hasProblem(ProblemKind(problem)))
                    text += QByteArray(" [") + problemName(ProblemKind(problem)) + ']';
            }
            rows.append(text);
        }
        return rows;
    }

    MessageLog log;

private:
    MessageDecoder m_decoder;
    quint64 m_seq = 0;
};

} // namespace

class tst_MessageDecoder : public QObject
{
    Q_OBJECT

private slots:
    void pairsLspRequestsBothWays();
    void bannerBeforeContentLengthFramesIsAProblem();
    void detectsFramingOfEachProtocol_data();
    void detectsFramingOfEachProtocol();
    void waitsForEvidenceBeforeDecidingLines();
    void chosenFramingOverridesDetection();
    void pairsDebugAdapterSeqs();
    void pairsMsgpackRpc();
    void linksCancellations();
    void flagsPairingProblems();
    void flagsInvalidJsonAndMissingNewline();
    void flagsOutputAfterStdinClosed();
    void promptWithoutNewlineIsAMessage();
    void latencyIsTimeFromRequestToResponse();
    void latencyIsNeverNegativeWhenTimestampsRunBackwards();
    void lifecycleEventsAreRows();
};

void tst_MessageDecoder::pairsLspRequestsBothWays()
{
    Session session;
    session
        .send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})"))
        .send(Stream::Stdout,
              lsp(R"({"jsonrpc":"2.0","id":"s1","method":"window/workDoneProgress/create"})"))
        .send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","id":"s1","result":null})"))
        .send(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","id":1,"result":{"capabilities":{}}})"))
        .send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","method":"initialized","params":{}})"))
        .finish();
    QCOMPARE(session.rows(), QByteArrayList({
                                 "stdin request initialize #1 ->3",
                                 "stdout request window/workDoneProgress/create #\"s1\" ->2",
                                 "stdin response window/workDoneProgress/create #\"s1\" ->1",
                                 "stdout response initialize #1 ->0",
                                 "stdin notification initialized",
                             }));
    QCOMPARE(session.framing(Stream::Stdin), Framing::ContentLength);
    QCOMPARE(session.framing(Stream::Stdout), Framing::ContentLength);
    QVERIFY(session.log.problems().isEmpty());
}

void tst_MessageDecoder::bannerBeforeContentLengthFramesIsAProblem()
{
    // The server prints a banner before the client has said anything: its stream is detected as
    // Content-Length framing from the client's frames, and the banner becomes a problem row.
    Session session;
    session.send(Stream::Stdout, "debug: starting up\n")
        .send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})"))
        .send(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","id":1,"result":{}})"))
        .finish();
    QCOMPARE(session.framing(Stream::Stdout), Framing::ContentLength);
    QCOMPARE(session.rows(), QByteArrayList({
                                 "stdout unframed [output before the first message]",
                                 "stdin request initialize #1 ->2",
                                 "stdout response initialize #1 ->1",
                             }));
    const MessageRecord &banner = session.log.at(0);
    QCOMPARE(banner.begin, 0);
    QCOMPARE(banner.end, 19);
    QCOMPARE(session.log.problems().size(), 1);
}

void tst_MessageDecoder::detectsFramingOfEachProtocol_data()
{
    QTest::addColumn<QByteArray>("clientBytes");
    QTest::addColumn<QByteArray>("serverBytes");
    QTest::addColumn<Framing>("expected");

    QTest::newRow("LSP") << lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})")
                         << lsp(R"({"jsonrpc":"2.0","id":1,"result":{}})")
                         << Framing::ContentLength;
    QTest::newRow("MCP (NDJSON)") << QByteArray(R"({"jsonrpc":"2.0","id":0,"method":"initialize"})"
                                                "\n")
                                  << QByteArray(R"({"jsonrpc":"2.0","id":0,"result":{}})"
                                                "\n")
                                  << Framing::JsonLines;
    QTest::newRow("UCI (lines)") << QByteArray("uci\n")
                                 << QByteArray("id name Engine\nid author Someone\nuciok\n")
                                 << Framing::Lines;
    QTest::newRow("msgpack-rpc") << QByteArray::fromHex("9400 01 a4 74657374 90")
                                 << QByteArray::fromHex("9401 01 c0 a26f6b") << Framing::MsgpackRpc;
    QTest::newRow("binary") << QByteArray::fromHex("00ff10204060")
                            << QByteArray::fromHex("0000fffe8081") << Framing::Raw;
}

void tst_MessageDecoder::detectsFramingOfEachProtocol()
{
    QFETCH(QByteArray, clientBytes);
    QFETCH(QByteArray, serverBytes);
    QFETCH(Framing, expected);

    Session session;
    session.send(Stream::Stdin, clientBytes).send(Stream::Stdout, serverBytes).finish();
    QCOMPARE(session.framing(Stream::Stdin), expected);
    QCOMPARE(session.framing(Stream::Stdout), expected);
}

void tst_MessageDecoder::waitsForEvidenceBeforeDecidingLines()
{
    Session session;
    session.send(Stream::Stdout, "Server v1.0\n");
    QCOMPARE(session.framing(Stream::Stdout), std::nullopt); // a banner alone does not decide
    QCOMPARE(session.log.count(), 0);
    session.send(Stream::Stderr, "log line\n");
    QCOMPARE(session.framing(Stream::Stderr), Framing::Lines); // stderr: lines, unless clearly not
    session.send(Stream::Stdin, "help\n");
    QCOMPARE(session.framing(Stream::Stdin), Framing::Lines);
    QCOMPARE(session.framing(Stream::Stdout), Framing::Lines);
    QCOMPARE(session.rows(), QByteArrayList({"stderr data", "stdout data", "stdin data"}));
}

void tst_MessageDecoder::chosenFramingOverridesDetection()
{
    FramingChoice choice;
    choice.streams = PerStream<Framing>(Framing::Lines);
    Session session(choice);
    session.send(Stream::Stdin, lsp("{}")).finish();
    QCOMPARE(session.framing(Stream::Stdin), Framing::Lines);
    QCOMPARE(session.log.count(), 3); // header line, blank line, body without newline
}

void tst_MessageDecoder::pairsDebugAdapterSeqs()
{
    Session session;
    session
        .send(Stream::Stdin,
              lsp(R"({"seq":1,"type":"request","command":"initialize","arguments":{}})"))
        .send(
            Stream::Stdout,
            lsp(R"({"seq":1,"type":"response","request_seq":1,"success":true,"command":"initialize"})"))
        .send(Stream::Stdout, lsp(R"({"seq":2,"type":"event","event":"initialized"})"))
        .send(Stream::Stdin, lsp(R"({"seq":2,"type":"request","command":"launch"})"))
        .send(
            Stream::Stdout,
            lsp(R"({"seq":3,"type":"response","request_seq":2,"success":false,"command":"launch","message":"no program"})"))
        .finish();
    QCOMPARE(session.rows(), QByteArrayList({
                                 "stdin request initialize #1 ->1",
                                 "stdout response initialize #1 ->0",
                                 "stdout notification initialized",
                                 "stdin request launch #2 ->4",
                                 "stdout error response launch #2 ->3",
                             }));
}

void tst_MessageDecoder::pairsMsgpackRpc()
{
    Session session;
    session
        .send(Stream::Stdin, QByteArray::fromHex(
                                 "94 00 07 a8 6e76696d5f636d64 91 a1 71")) // [0,7,"nvim_cmd",["q"]]
        .send(Stream::Stdout, QByteArray::fromHex("93 02 a6 726564726177 90")) // [2,"redraw",[]]
        .send(Stream::Stdout,
              QByteArray::fromHex("94 01 07 92 00 a3 626164 c0")) // [1,7,[0,"bad"],nil]
        .finish();
    QCOMPARE(session.rows(), QByteArrayList({
                                 "stdin request nvim_cmd #7 ->2",
                                 "stdout notification redraw",
                                 "stdout error response nvim_cmd #7 ->0",
                             }));
}

void tst_MessageDecoder::linksCancellations()
{
    Session session;
    session.send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","id":5,"method":"textDocument/hover"})"))
        .send(Stream::Stdin,
              lsp(R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":5}})"))
        .send(Stream::Stdout, QByteArray())
        .send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","id":"t","method":"tools/call"})"))
        .send(
            Stream::Stdin,
            lsp(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"t"}})"))
        .finish();
    QCOMPARE(session.rows(), QByteArrayList({
                                 "stdin request textDocument/hover #5",
                                 "stdin notification $/cancelRequest ->0",
                                 "stdin request tools/call #\"t\"",
                                 "stdin notification notifications/cancelled ->2",
                             }));
    QVERIFY(session.log.at(0).cancelled);
    QVERIFY(session.log.problems().isEmpty()); // cancelled requests need no answer
}

void tst_MessageDecoder::flagsPairingProblems()
{
    Session session;
    session.send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","id":1,"method":"a"})"))
        .send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","id":2,"method":"b"})"))
        .send(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","id":1,"result":1})"))
        .send(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","id":1,"result":2})"))
        .send(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","id":9,"error":{"code":1,"message":"x"}})"))
        .finish();
    QCOMPARE(session.rows(), QByteArrayList({
                                 "stdin request a #1 ->2",
                                 "stdin request b #2 [request never answered]",
                                 "stdout response a #1 ->0",
                                 "stdout response a #1 ->0 [request answered twice]",
                                 "stdout error response #9 [response to no request]",
                             }));
}

void tst_MessageDecoder::flagsInvalidJsonAndMissingNewline()
{
    Session session;
    session
        .send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","method":"x",})"))
        // Cut off, with a Content-Length that is right: only the JSON is wrong.
        .send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","method":"x","params":{"a":)"))
        .send(Stream::Stdout, QByteArray(R"({"jsonrpc":"2.0","method":"log"})"
                                         "\n"))
        .send(Stream::Stdout, QByteArray(R"({"jsonrpc":"2.0","method":"log"})"))
        .finish();
    QCOMPARE(session.framing(Stream::Stdout), Framing::JsonLines);
    QCOMPARE(session.rows(), QByteArrayList({
                                 "stdin data [invalid JSON]",
                                 "stdin data [invalid JSON]",
                                 "stdout notification log",
                                 "stdout notification log [missing final newline]",
                             }));
}

// Python's ">>> " waits for the user, not for a newline: once it has waited longer than the
// idle gap it is a message of its own, live (idle) and when decoded again from the file alike.
void tst_MessageDecoder::promptWithoutNewlineIsAMessage()
{
    constexpr qint64 ms = 1'000'000;
    const auto decode = [](bool live) {
        Session session;
        session.send(Stream::Stderr, "Python 3.11.2\n>>> ", 0);
        if (live) {
            session.idle(50 * ms); // not yet: a line may come in pieces
            if (session.log.count() != 1)
                return QByteArrayList({"a prompt cut before the gap"});
            session.idle(150 * ms);
        }
        session.send(Stream::Stdin, "1+1\n", 2000 * ms)
            .send(Stream::Stderr, ">", 2010 * ms) // a line in two pieces 1 ms apart stays whole
            .send(Stream::Stderr, ">> ", 2011 * ms)
            .finish();
        return session.rows();
    };
    const QByteArrayList expected = {
        "stderr data", "stderr data", "stdin data",
        "stderr data", // ">>> " whole, at the end of the stream (a problem for NDJSON only)
    };
    QCOMPARE(decode(false), expected);
    QCOMPARE(decode(true), expected);

    // With no banner (python3 -q) stderr holds no line yet: the waiting prompt decides that it
    // carries lines, and takes its place in time, live and decoded again alike.
    const auto quiet = [](bool live) {
        Session session;
        session.send(Stream::Stderr, ">>> ", 0);
        if (live) {
            session.idle(150 * ms);
            if (session.log.count() != 1)
                return QByteArrayList({"the prompt is not a message yet"});
        }
        session.send(Stream::Stdin, "1+1\n", 1000 * ms)
            .send(Stream::Stdout, "2\n", 1001 * ms)
            .send(Stream::Stderr, ">>> ", 1002 * ms)
            .finish();
        return session.rows();
    };
    const QByteArrayList inTimeOrder = {"stderr data", "stdin data", "stdout data", "stderr data"};
    QCOMPARE(quiet(false), inTimeOrder);
    QCOMPARE(quiet(true), inTimeOrder);
}

void tst_MessageDecoder::flagsOutputAfterStdinClosed()
{
    Session session;
    session.send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","id":1,"method":"shutdown"})"))
        .event(SessionEvent::Kind::StdinClosed)
        .send(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","id":1,"result":null})"))
        .send(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","method":"window/logMessage"})"))
        .finish();
    QCOMPARE(session.rows(),
             QByteArrayList({
                 "stdin request shutdown #1 ->2",
                 "events event",
                 "stdout response shutdown #1 ->0",
                 "stdout notification window/logMessage [output after stdin was closed]",
             }));
}

void tst_MessageDecoder::latencyIsTimeFromRequestToResponse()
{
    Session session;
    session
        .send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","id":1,"method":"a"})")) // at 0 ms
        .send(Stream::Stderr, "thinking\n")                                   // 1 ms
        .send(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","id":1,"result":1})")); // 2 ms
    QCOMPARE(session.log.latencyNs(2), 2000000);
    QCOMPARE(session.log.latencyNs(0), -1); // requests have none
}

void tst_MessageDecoder::latencyIsNeverNegativeWhenTimestampsRunBackwards()
{
    // A session file may hold any timestamps: a clock stepped back, or values at the extremes.
    const qint64 extreme = std::numeric_limits<qint64>::max();
    Session session;
    session.send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","id":1,"method":"a"})"), 5000000)
        .send(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","id":1,"result":1})"), 2000000)
        .send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","id":2,"method":"b"})"), extreme)
        .send(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","id":2,"result":1})"), -extreme)
        .send(Stream::Stdin, lsp(R"({"jsonrpc":"2.0","id":3,"method":"c"})"), -extreme)
        .send(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","id":3,"result":1})"), extreme);
    QCOMPARE(session.log.latencyNs(1), 0);
    QCOMPARE(session.log.latencyNs(3), 0);
    QCOMPARE(session.log.latencyNs(5), extreme); // the true difference does not fit in 64 bits
}

void tst_MessageDecoder::lifecycleEventsAreRows()
{
    Session session;
    session.send(Stream::Stdout, "a line\n")
        .event(SessionEvent::Kind::StdoutClosed)
        .send(Stream::Event, SessionEvent::exited(SessionEvent::ExitKind::Code, 0).toPayload())
        .finish();
    QCOMPARE(session.rows(), QByteArrayList({"stdout data", "events event", "events event"}));
    QCOMPARE(session.log.at(1).eventRecord, 1);
}

QTEST_APPLESS_MAIN(tst_MessageDecoder)
#include "tst_messagedecoder.moc"

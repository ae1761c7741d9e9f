#include "messages/decoders/framedecoder.h"

#include "helpers/lsp.h"

#include <QtTest/QTest>

namespace {

struct CollectedFrame
{
    Frame frame;
    QByteArray body;
};

class CollectingSink final : public FrameSink
{
public:
    void frame(const Frame &frame, QByteArrayView body) override
    {
        frames.append(CollectedFrame{frame, body.toByteArray()});
    }
    QList<CollectedFrame> frames;
};

const char *flawName(FrameFlaw flaw)
{
    switch (flaw) {
    case FrameFlaw::None:
        return "ok";
    case FrameFlaw::Unframed:
        return "unframed";
    case FrameFlaw::BadHeader:
        return "bad-header";
    case FrameFlaw::LengthMismatch:
        return "length-mismatch";
    case FrameFlaw::Truncated:
        return "truncated";
    case FrameFlaw::MissingNewline:
        return "no-newline";
    }
    return "?";
}

// Decodes `input` fed in pieces cut at `cuts`, and describes the frames as
// "begin-end flaw [h=header length]" joined by "; ". Runs of unframed bytes that the cuts split
// are merged: how many frames junk makes depends on how it arrives, which bytes it covers does
// not.
QByteArray decode(Framing framing, const QByteArray &input, const QList<qsizetype> &cuts,
                  QList<CollectedFrame> *framesOut = nullptr)
{
    CollectingSink sink;
    const auto decoder = makeFrameDecoder(framing, &sink, FramingChoice::defaultIdleGapMs);
    qsizetype position = 0;
    QList<qsizetype> ends = cuts;
    ends.append(input.size());
    for (const qsizetype end : std::as_const(ends)) {
        decoder->feed(QByteArrayView(input).sliced(position, end - position), position, 0);
        position = end;
    }
    decoder->finish();

    QList<CollectedFrame> merged;
    for (const CollectedFrame &frame : std::as_const(sink.frames)) {
        if (!merged.isEmpty() && frame.frame.flaw == FrameFlaw::Unframed
            && merged.last().frame.flaw == FrameFlaw::Unframed
            && merged.last().frame.end == frame.frame.begin) {
            merged.last().frame.end = frame.frame.end;
            merged.last().body += frame.body;
        } else {
            merged.append(frame);
        }
    }
    QByteArrayList parts;
    for (const CollectedFrame &frame : std::as_const(merged)) {
        QByteArray part = QByteArray::number(frame.frame.begin) + '-'
                          + QByteArray::number(frame.frame.end) + ' ' + flawName(frame.frame.flaw);
        if (frame.frame.headerLength > 0)
            part += " h=" + QByteArray::number(frame.frame.headerLength);
        parts.append(part);
    }
    if (framesOut)
        *framesOut = merged;
    return parts.join("; ");
}

} // namespace

class tst_FrameDecoder : public QObject
{
    Q_OBJECT

private slots:
    void framesAtEverySplit_data();
    void framesAtEverySplit();
    void bodiesAreTheBytesAfterTheHeader();
    void unframedBytesArePassedOn();
    void idleGapEndsPacketsOnPauses();
    void idleGapEndsTheLastPacketWhenIdle();
};

void tst_FrameDecoder::framesAtEverySplit_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray body = R"({"jsonrpc":"2.0","id":1,"method":"initialize"})"; // 46 bytes
    const QByteArray message = lsp(body); // 68 bytes: a 22-byte header

    QTest::newRow("content-length: one message")
        << Framing::ContentLength << message << QByteArray("0-68 ok h=22");
    QTest::newRow("content-length: three messages in one chunk")
        << Framing::ContentLength << message + message + message
        << QByteArray("0-68 ok h=22; 68-136 ok h=22; 136-204 ok h=22");
    QTest::newRow("content-length: header in lower case, Content-Type after")
        << Framing::ContentLength
        << "content-length: 46\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
               + body
        << QByteArray("0-125 ok h=79");
    QTest::newRow("content-length: Content-Type first, odd case")
        << Framing::ContentLength
        << "CONTENT-TYPE: application/json\r\nContent-LENGTH:46\r\n\r\n" + body
        << QByteArray("0-99 ok h=53");
    QTest::newRow("content-length: LF line ends")
        << Framing::ContentLength << "Content-Length: 46\n\n" + body << QByteArray("0-66 ok h=20");
    QTest::newRow("content-length: UTF-8 body, length in bytes")
        << Framing::ContentLength
        << lsp(QByteArray("{\"text\":\"h\xc3\xa9llo \xe2\x82\xac\"}")) + message
        << QByteArray("0-43 ok h=22; 43-111 ok h=22");
    QTest::newRow("content-length: zero length")
        << Framing::ContentLength << QByteArray("Content-Length: 0\r\n\r\n") + message
        << QByteArray("0-21 ok h=21; 21-89 ok h=22");
    QTest::newRow("content-length: banner before the first header")
        << Framing::ContentLength << "debug: starting up\n" + message
        << QByteArray("0-19 unframed; 19-87 ok h=22");
    QTest::newRow("content-length: a print between messages")
        << Framing::ContentLength << message + "hello\n" + message
        << QByteArray("0-68 ok h=22; 68-74 unframed; 74-142 ok h=22");
    QTest::newRow("content-length: junk without a newline before a header")
        << Framing::ContentLength << message + "xyz" + message
        << QByteArray("0-68 ok h=22; 68-71 unframed; 71-139 ok h=22");
    QTest::newRow("content-length: negative length")
        << Framing::ContentLength << QByteArray("Content-Length: -5\r\n\r\nabcde") + message
        << QByteArray("0-22 bad-header h=22; 22-27 unframed; 27-95 ok h=22");
    QTest::newRow("content-length: huge length")
        << Framing::ContentLength << QByteArray("Content-Length: 99999999999999\r\n\r\n") + message
        << QByteArray("0-34 bad-header h=34; 34-102 ok h=22");
    QTest::newRow("content-length: no length, only a type")
        << Framing::ContentLength << QByteArray("Content-Type: x\r\n\r\n") + message
        << QByteArray("0-19 bad-header h=19; 19-87 ok h=22");
    QTest::newRow("content-length: length not a number")
        << Framing::ContentLength << QByteArray("Content-Length: 4x\r\n\r\n{}") + message
        << QByteArray("0-22 bad-header h=22; 22-24 unframed; 24-92 ok h=22");
    QTest::newRow("content-length: declared too long, resynchronised")
        << Framing::ContentLength << "Content-Length: 57\r\n\r\n" + body + message
        << QByteArray("0-68 length-mismatch h=22; 68-136 ok h=22");
    // Nothing in the first 40 bytes says the length is wrong: they are invalid JSON (flagged
    // when classified), and the rest of the JSON is unframed.
    QTest::newRow("content-length: declared too short")
        << Framing::ContentLength << "Content-Length: 40\r\n\r\n" + body + message
        << QByteArray("0-62 ok h=22; 62-68 unframed; 68-136 ok h=22");
    QTest::newRow("content-length: cut off in the body")
        << Framing::ContentLength << message + message.left(40)
        << QByteArray("0-68 ok h=22; 68-108 truncated h=22");
    QTest::newRow("content-length: cut off in the header")
        << Framing::ContentLength << message + "Content-Length: 4"
        << QByteArray("0-68 ok h=22; 68-85 truncated h=17");

    QTest::newRow("lines: LF") << Framing::Lines << QByteArray("uci\nisready\n")
                               << QByteArray("0-4 ok; 4-12 ok");
    QTest::newRow("lines: CRLF") << Framing::Lines << QByteArray("a\r\nbc\r\n")
                                 << QByteArray("0-3 ok; 3-7 ok");
    QTest::newRow("lines: empty lines")
        << Framing::Lines << QByteArray("\n\nx\n") << QByteArray("0-1 ok; 1-2 ok; 2-4 ok");
    QTest::newRow("lines: no final newline")
        << Framing::Lines << QByteArray("a\nprompt> ") << QByteArray("0-2 ok; 2-10 no-newline");
    QTest::newRow("ndjson: two messages")
        << Framing::JsonLines << QByteArray("{\"id\":1}\n{\"id\":2}\n")
        << QByteArray("0-9 ok; 9-18 ok");

    const QByteArray request = QByteArray::fromHex("9400 01 a4 74657374 90"); // [0,1,"test",[]]
    const QByteArray response = QByteArray::fromHex("9401 01 c0 a26f6b");     // [1,1,nil,"ok"]
    const QByteArray notification = QByteArray::fromHex("9302 a3 65 76 74 91 2a"); // [2,"evt",[42]]
    QTest::newRow("msgpack-rpc: request, response, notification")
        << Framing::MsgpackRpc << request + response + notification
        << QByteArray("0-9 ok; 9-16 ok; 16-24 ok");
    QTest::newRow("msgpack-rpc: text before the first message")
        << Framing::MsgpackRpc << QByteArray("log\n") + request
        << QByteArray("0-4 unframed; 4-13 ok");
    QTest::newRow("msgpack-rpc: 0xc1 inside a message")
        << Framing::MsgpackRpc << QByteArray::fromHex("9400 c1") + request
        << QByteArray("0-3 unframed; 3-12 ok");
    QTest::newRow("msgpack-rpc: cut off") << Framing::MsgpackRpc << request + response.left(4)
                                          << QByteArray("0-9 ok; 9-13 truncated");
    QTest::newRow("msgpack-rpc: str32 bigger than the stream")
        << Framing::MsgpackRpc << QByteArray::fromHex("9400 01 dbffffffff 61")
        << QByteArray("0-9 truncated");

    QTest::newRow("raw: whole input is one chunk")
        << Framing::Raw << QByteArray("abc") << QByteArray("0-3 ok");
}

void tst_FrameDecoder::framesAtEverySplit()
{
    QFETCH(Framing, framing);
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);

    QCOMPARE(decode(framing, input, {}), expected);
    if (framing == Framing::Raw)
        return; // a frame per chunk by definition
    QList<CollectedFrame> whole;
    decode(framing, input, {}, &whole);
    for (qsizetype cut = 1; cut < input.size(); ++cut) {
        QList<CollectedFrame> frames;
        const QByteArray result = decode(framing, input, {cut}, &frames);
        QVERIFY2(result == expected,
                 qPrintable(QStringLiteral("split at %1: %2").arg(cut).arg(QLatin1String(result))));
        for (qsizetype i = 0; i < frames.size(); ++i)
            QCOMPARE(frames.at(i).body, whole.at(i).body);
    }
    QList<qsizetype> everyByte;
    for (qsizetype cut = 1; cut < input.size(); ++cut)
        everyByte.append(cut);
    QCOMPARE(decode(framing, input, everyByte), expected);
}

void tst_FrameDecoder::bodiesAreTheBytesAfterTheHeader()
{
    const QByteArray body = "{\"text\":\"h\xc3\xa9llo\"}";
    QList<CollectedFrame> frames;
    decode(Framing::ContentLength, "Content-Type: x\r\n" + lsp(body) + lsp("{}"), {30}, &frames);
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames.at(0).body, body);
    QCOMPARE(frames.at(1).body, QByteArray("{}"));

    decode(Framing::Lines, "one\r\ntwo", {2}, &frames);
    QCOMPARE(frames.at(0).body, QByteArray("one\r\n"));
    QCOMPARE(frames.at(1).body, QByteArray("two"));
}

void tst_FrameDecoder::unframedBytesArePassedOn()
{
    QList<CollectedFrame> frames;
    decode(Framing::ContentLength, "Server ready\r\n" + lsp("{}"), {5}, &frames);
    QCOMPARE(frames.first().frame.flaw, FrameFlaw::Unframed);
    QCOMPARE(frames.first().body, QByteArray("Server ready\r\n"));
}

void tst_FrameDecoder::idleGapEndsPacketsOnPauses()
{
    CollectingSink sink;
    const auto decoder = makeFrameDecoder(Framing::IdleGap, &sink, 50);
    const qint64 ms = 1000000;
    decoder->feed("AT", 0, 0);
    decoder->feed("+X\r", 2, 20 * ms); // within the gap: same packet
    decoder->feed("OK", 5, 100 * ms);  // 80 ms later: a new packet
    decoder->finish();
    QCOMPARE(sink.frames.size(), 2);
    QCOMPARE(sink.frames.at(0).frame.begin, 0);
    QCOMPARE(sink.frames.at(0).frame.end, 5);
    QCOMPARE(sink.frames.at(0).frame.timestampNs, 20 * ms);
    QCOMPARE(sink.frames.at(0).body, QByteArray("AT+X\r"));
    QCOMPARE(sink.frames.at(1).body, QByteArray("OK"));
}

void tst_FrameDecoder::idleGapEndsTheLastPacketWhenIdle()
{
    CollectingSink sink;
    const auto decoder = makeFrameDecoder(Framing::IdleGap, &sink, 50);
    const qint64 ms = 1000000;
    decoder->feed("ready", 0, 10 * ms);
    decoder->idle(40 * ms);
    QCOMPARE(sink.frames.size(), 0);
    decoder->idle(61 * ms);
    QCOMPARE(sink.frames.size(), 1);
    QCOMPARE(sink.frames.at(0).body, QByteArray("ready"));
}

QTEST_APPLESS_MAIN(tst_FrameDecoder)
#include "helpers/lsp.h"
#include "tst_framedecoder.moc"

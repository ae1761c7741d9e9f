#include "jsonscanner.h"

#include <QtCore/QByteArrayList>
#include <QtCore/QJsonDocument>
#include <QtTest/QTest>

class tst_JsonScanner : public QObject {
    Q_OBJECT

private slots:
    void isValidJson_data();
    void isValidJson();
    void nestingLimit_data();
    void nestingLimit();
    void everyCutOfAMessageIsIncomplete();
    void agreesWithQJsonDocument_data();
    void agreesWithQJsonDocument();

    void jsonValueEnd_data();
    void jsonValueEnd();

    void scanRpcFields_data();
    void scanRpcFields();

    void tokenizer();
    void stringValue_data();
    void stringValue();
};

namespace {

QByteArray nested(int depth, QByteArrayView open, QByteArrayView inner, QByteArrayView close)
{
    return open.toByteArray().repeated(depth) + inner.toByteArray()
        + close.toByteArray().repeated(depth);
}

const QByteArray lspRequest = QByteArrayLiteral(
    R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":)"
    R"({"textDocument":{"uri":"file:///a.cpp"},"position":{"line":3,"character":14}}})");

} // namespace

void tst_JsonScanner::isValidJson_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");

    // Values of every kind, at the top level too (RFC 8259 allows any value there).
    QTest::newRow("empty object") << QByteArrayLiteral("{}") << true;
    QTest::newRow("empty array") << QByteArrayLiteral("[]") << true;
    QTest::newRow("top-level string") << QByteArrayLiteral(R"("a")") << true;
    QTest::newRow("top-level number") << QByteArrayLiteral("12") << true;
    QTest::newRow("top-level true") << QByteArrayLiteral("true") << true;
    QTest::newRow("top-level null") << QByteArrayLiteral("null") << true;
    QTest::newRow("LSP request") << lspRequest << true;
    QTest::newRow("every kind of value")
        << QByteArrayLiteral(R"({"a":[1,-2.5,3e10,"s",true,false,null,{},[]],"b":{"c":{}}})")
        << true;
    QTest::newRow("whitespace everywhere")
        << QByteArrayLiteral(" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" :\n{ } }\r\n ") << true;
    QTest::newRow("duplicate keys") << QByteArrayLiteral(R"({"a":1,"a":2})") << true;
    QTest::newRow("empty key") << QByteArrayLiteral(R"({"":1})") << true;

    // Structure
    QTest::newRow("empty input") << QByteArray() << false;
    QTest::newRow("whitespace only") << QByteArrayLiteral(" \n\t ") << false;
    QTest::newRow("two values") << QByteArrayLiteral("{} {}") << false;
    QTest::newRow("two numbers") << QByteArrayLiteral("1 2") << false;
    QTest::newRow("garbage after the value") << QByteArrayLiteral("[1]x") << false;
    QTest::newRow("trailing comma in array") << QByteArrayLiteral("[1,]") << false;
    QTest::newRow("trailing comma in object") << QByteArrayLiteral(R"({"a":1,})") << false;
    QTest::newRow("leading comma") << QByteArrayLiteral("[,1]") << false;
    QTest::newRow("double comma") << QByteArrayLiteral("[1,,2]") << false;
    QTest::newRow("missing comma") << QByteArrayLiteral("[1 2]") << false;
    QTest::newRow("missing comma between members")
        << QByteArrayLiteral(R"({"a":1 "b":2})") << false;
    QTest::newRow("missing colon") << QByteArrayLiteral(R"({"a" 1})") << false;
    QTest::newRow("missing value") << QByteArrayLiteral(R"({"a":})") << false;
    QTest::newRow("key without value") << QByteArrayLiteral(R"({"a"})") << false;
    QTest::newRow("number as key") << QByteArrayLiteral("{1:2}") << false;
    QTest::newRow("unquoted key") << QByteArrayLiteral("{a:2}") << false;
    QTest::newRow("single quotes") << QByteArrayLiteral("['a']") << false;
    QTest::newRow("mismatched brackets") << QByteArrayLiteral("[}") << false;
    QTest::newRow("mismatched braces") << QByteArrayLiteral(R"({"a":1])") << false;
    QTest::newRow("stray closer") << QByteArrayLiteral("]") << false;
    QTest::newRow("extra closer") << QByteArrayLiteral("[]]") << false;
    QTest::newRow("unterminated object") << QByteArrayLiteral(R"({"a":1)") << false;
    QTest::newRow("unterminated array") << QByteArrayLiteral("[1,2") << false;
    QTest::newRow("unterminated string") << QByteArrayLiteral(R"(["abc)") << false;
    QTest::newRow("unterminated key") << QByteArrayLiteral(R"({"abc)") << false;
    QTest::newRow("comment") << QByteArrayLiteral("[1 /* c */]") << false;
    QTest::newRow("byte order mark") << QByteArrayLiteral("\xef\xbb\xbf[1]") << false;
    QTest::newRow("form feed is not whitespace") << QByteArrayLiteral("[\f1]") << false;
    QTest::newRow("NUL after the value") << QByteArray("[1]\0", 4) << false;

    // Numbers
    QTest::newRow("zero") << QByteArrayLiteral("[0]") << true;
    QTest::newRow("minus zero") << QByteArrayLiteral("[-0]") << true;
    QTest::newRow("fraction and exponent")
        << QByteArrayLiteral("[1.50e+3,1E-3,0.5,-0.0e0,10e2]") << true;
    QTest::newRow("big integer") << QByteArrayLiteral("[123456789012345678901234567890]") << true;
    QTest::newRow("huge exponent") << QByteArrayLiteral("[1e400]") << true;
    QTest::newRow("leading zero") << QByteArrayLiteral("[01]") << false;
    QTest::newRow("leading zeros") << QByteArrayLiteral("[00]") << false;
    QTest::newRow("negative leading zero") << QByteArrayLiteral("[-01]") << false;
    QTest::newRow("top-level leading zero") << QByteArrayLiteral("01") << false;
    QTest::newRow("plus sign") << QByteArrayLiteral("[+1]") << false;
    QTest::newRow("minus alone") << QByteArrayLiteral("[-]") << false;
    QTest::newRow("point without fraction") << QByteArrayLiteral("[1.]") << false;
    QTest::newRow("fraction without integer") << QByteArrayLiteral("[.5]") << false;
    QTest::newRow("exponent without digits") << QByteArrayLiteral("[1e]") << false;
    QTest::newRow("exponent sign without digits") << QByteArrayLiteral("[1e+]") << false;
    QTest::newRow("hexadecimal") << QByteArrayLiteral("[0x10]") << false;
    QTest::newRow("NaN") << QByteArrayLiteral("[NaN]") << false;
    QTest::newRow("Infinity") << QByteArrayLiteral("[Infinity]") << false;
    QTest::newRow("-Infinity") << QByteArrayLiteral("[-Infinity]") << false;
    QTest::newRow("number cut at the end") << QByteArrayLiteral("1.") << false;

    // Literals
    QTest::newRow("literals") << QByteArrayLiteral("[true,false,null]") << true;
    QTest::newRow("capitalised True") << QByteArrayLiteral("[True]") << false;
    QTest::newRow("cut literal") << QByteArrayLiteral("[tru]") << false;
    QTest::newRow("cut literal at the end") << QByteArrayLiteral("nul") << false;
    QTest::newRow("literal with a tail") << QByteArrayLiteral("[nulls]") << false;
    QTest::newRow("undefined") << QByteArrayLiteral("[undefined]") << false;

    // Strings
    QTest::newRow("every escape") << QByteArrayLiteral(
        R"(["\" \\ \/ \b \f \n \r \t \u00e9 \uD83D\uDE00 \uABCD"])")
                                  << true;
    QTest::newRow("lone surrogate escape") << QByteArrayLiteral(R"(["\uD800"])") << true;
    QTest::newRow("escaped NUL") << QByteArrayLiteral(R"(["\u0000"])") << true;
    QTest::newRow("UTF-8 text") << QByteArrayLiteral(
        "[\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"]")
                                << true;
    QTest::newRow("bytes that are not UTF-8 are not checked")
        << QByteArrayLiteral("[\"\xff\xc3\"]") << true;
    QTest::newRow("DEL is allowed") << QByteArrayLiteral("[\"\x7f\"]") << true;
    QTest::newRow("long plain string") << QByteArray("[\"" + QByteArray(1000, 'x') + "\"]") << true;
    QTest::newRow("escape at every offset of a word")
        << QByteArrayLiteral(R"(["\n1234567\n123456\n12345\n1234\n123\n12\n1\n\n"])") << true;
    QTest::newRow("unknown escape") << QByteArrayLiteral(R"(["\x41"])") << false;
    QTest::newRow("escaped single quote") << QByteArrayLiteral(R"(["\'"])") << false;
    QTest::newRow("short unicode escape") << QByteArrayLiteral(R"(["\u12"])") << false;
    QTest::newRow("non-hex unicode escape") << QByteArrayLiteral(R"(["\u12G4"])") << false;
    QTest::newRow("uppercase U escape") << QByteArrayLiteral(R"(["\U0041"])") << false;
    QTest::newRow("backslash at the end") << QByteArrayLiteral(R"(["\)") << false;
    QTest::newRow("unicode escape cut at the end") << QByteArrayLiteral(R"(["\u00)") << false;
    QTest::newRow("escaped closing quote only") << QByteArrayLiteral(R"(["abc\"])") << false;
    QTest::newRow("raw tab") << QByteArrayLiteral("[\"a\tb\"]") << false;
    QTest::newRow("raw newline") << QByteArrayLiteral("[\"a\nb\"]") << false;
    QTest::newRow("raw NUL") << QByteArray("[\"a\0b\"]", 7) << false;
    QTest::newRow("raw 0x1f after 8 plain bytes")
        << QByteArrayLiteral("[\"12345678\x1f\"]") << false;
    QTest::newRow("raw control char in a key") << QByteArrayLiteral("{\"a\x01\":1}") << false;
}

void tst_JsonScanner::isValidJson()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QCOMPARE(::isValidJson(text), valid);
    QCOMPARE(::scanRpcFields(text).valid, valid);
    // A valid text's value ends where its trailing whitespace starts.
    if (valid) {
        qsizetype end = text.size();
        while (end > 0 && QByteArrayView(" \t\r\n").contains(text.at(end - 1)))
            --end;
        QCOMPARE(::jsonValueEnd(text), end);
    }
}

void tst_JsonScanner::nestingLimit_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");

    const int limit = JsonTokenizer::MaxDepth;
    QCOMPARE(limit, 512);
    QTest::newRow("arrays at the limit") << nested(limit, "[", "", "]") << true;
    QTest::newRow("arrays beyond the limit") << nested(limit + 1, "[", "", "]") << false;
    QTest::newRow("objects at the limit") << nested(limit, R"({"a":)", "1", "}") << true;
    QTest::newRow("objects beyond the limit") << nested(limit + 1, R"({"a":)", "1", "}") << false;
    QTest::newRow("mixed at the limit") << nested(limit / 2, R"({"a":[)", "", "]}") << true;
    QTest::newRow("mixed beyond the limit") << nested(limit / 2, R"({"a":[)", "{}", "]}") << false;
    QTest::newRow("far beyond, unterminated") << QByteArray(1000000, '[') << false;
    QTest::newRow("siblings do not add up") << QByteArray(
        "[" + nested(limit - 1, "[", "", "]") + "," + nested(limit - 1, "[", "", "]") + "]")
                                            << true;
}

void tst_JsonScanner::nestingLimit()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QCOMPARE(::isValidJson(text), valid);
    QCOMPARE(::jsonValueEnd(text) >= 0, valid);
}

// A message cut anywhere is no value yet: the check a relay needs when a Content-Length is too
// short (the same idea as a parser row for every split point).
void tst_JsonScanner::everyCutOfAMessageIsIncomplete()
{
    for (qsizetype cut = 0; cut < lspRequest.size(); ++cut) {
        const QByteArrayView head = QByteArrayView(lspRequest).first(cut);
        QVERIFY2(!::isValidJson(head), qPrintable(QString::number(cut)));
        QCOMPARE(::jsonValueEnd(head), -1);
    }
    QCOMPARE(::jsonValueEnd(lspRequest), lspRequest.size());
}

void tst_JsonScanner::agreesWithQJsonDocument_data()
{
    QTest::addColumn<QByteArray>("text");

    // Only inputs on which QJsonDocument follows RFC 8259. It departs from it elsewhere, so those
    // are left out: it rejects top-level scalars, accepts "1." and ".5", raw control characters
    // and unknown escapes such as "\x" in strings, and a leading byte order mark; it rejects
    // bytes that are not UTF-8 and numbers beyond double (both allowed here), and nests to 1024.
    const char *const texts[] = {
        R"({"jsonrpc":"2.0","id":1,"result":{"contents":[]}})",
        R"([1,-0,0.5,1e3,1E+3,1e-3,-1.5e-7])",
        R"(["\" \\ \/ \b \f \n \r \t \u00e9 \uD83D\uDE00"])",
        R"({"a":[{"b":[{"c":null}]}],"d":true,"e":false})",
        " [ 1 , { \"a\" : 2 } ] ",
        "[1,]",
        R"({"a":1,})",
        "[01]",
        "[-01]",
        "[+1]",
        "[-]",
        "[1e]",
        "[NaN]",
        "[Infinity]",
        "[tru]",
        "[True]",
        "[1,2",
        R"({"a"})",
        R"({"a" 1})",
        "{1:2}",
        "[1 2]",
        "[1] [2]",
        "[1] x",
        R"(["\u12"])",
        R"(["abc)",
        "[0x10]",
        "",
        "   ",
    };
    for (const char *text : texts)
        QTest::addRow("<%s>", text) << QByteArray(text);
}

void tst_JsonScanner::agreesWithQJsonDocument()
{
    QFETCH(QByteArray, text);
    QJsonParseError error;
    QJsonDocument::fromJson(text, &error);
    QCOMPARE(::isValidJson(text), error.error == QJsonParseError::NoError);
}

void tst_JsonScanner::jsonValueEnd_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qsizetype>("end");

    QTest::newRow("exactly one value") << QByteArrayLiteral(R"({"a":1})") << qsizetype(7);
    QTest::newRow("value shorter than the text")
        << QByteArrayLiteral(R"({"a":1}Content-Length: 2)") << qsizetype(7);
    QTest::newRow("followed by the next message")
        << QByteArrayLiteral(R"({"id":1}{"id":2})") << qsizetype(8);
    QTest::newRow("trailing whitespace is not part of the value")
        << QByteArrayLiteral("[1]  \r\n") << qsizetype(3);
    QTest::newRow("leading whitespace") << QByteArrayLiteral("\r\n  [1]") << qsizetype(7);
    QTest::newRow("string") << QByteArrayLiteral(R"("a\"b" rest)") << qsizetype(6);
    QTest::newRow("number at the end of the text") << QByteArrayLiteral(" -12.5e3") << qsizetype(8);
    QTest::newRow("number followed by garbage") << QByteArrayLiteral("12abc") << qsizetype(2);
    QTest::newRow("number with a cut fraction") << QByteArrayLiteral("1.x") << qsizetype(1);
    QTest::newRow("number with a cut exponent") << QByteArrayLiteral("2e+") << qsizetype(1);
    QTest::newRow("number with a leading zero") << QByteArrayLiteral("01") << qsizetype(1);
    QTest::newRow("minus alone") << QByteArrayLiteral("-") << qsizetype(-1);
    QTest::newRow("literal") << QByteArrayLiteral("null,") << qsizetype(4);
    QTest::newRow("cut literal") << QByteArrayLiteral("tru") << qsizetype(-1);
    QTest::newRow("incomplete object") << QByteArrayLiteral(R"({"a":1)") << qsizetype(-1);
    QTest::newRow("incomplete string") << QByteArrayLiteral(R"({"a":"xy)") << qsizetype(-1);
    QTest::newRow("invalid inside") << QByteArrayLiteral(R"({"a":01})") << qsizetype(-1);
    QTest::newRow("empty") << QByteArray() << qsizetype(-1);
    QTest::newRow("whitespace only") << QByteArrayLiteral("  ") << qsizetype(-1);
}

void tst_JsonScanner::jsonValueEnd()
{
    QFETCH(QByteArray, text);
    QFETCH(qsizetype, end);
    QCOMPARE(::jsonValueEnd(text), end);
}

namespace {

// The fields that differ from a default RpcFields, one word each, so that rows stay short and a
// failure shows every field at once.
QByteArray describe(const RpcFields &fields)
{
    QByteArrayList words;
    if (!fields.valid)
        words << QByteArrayLiteral("invalid");
    if (fields.isObject)
        words << QByteArrayLiteral("object");
    if (!fields.id.isEmpty())
        words << "id=" + fields.id;
    if (fields.hasMethod)
        words << "method=" + fields.method;
    if (fields.hasResult)
        words << QByteArrayLiteral("result");
    if (fields.hasError)
        words << QByteArrayLiteral("error");
    if (!fields.type.isEmpty())
        words << "type=" + fields.type;
    if (fields.seq != -1)
        words << "seq=" + QByteArray::number(fields.seq);
    if (fields.requestSeq != -1)
        words << "request_seq=" + QByteArray::number(fields.requestSeq);
    if (!fields.command.isEmpty())
        words << "command=" + fields.command;
    if (!fields.event.isEmpty())
        words << "event=" + fields.event;
    if (fields.hasSuccess)
        words << (fields.success ? QByteArrayLiteral("success=true")
                                 : QByteArrayLiteral("success=false"));
    if (!fields.paramsId.isEmpty())
        words << "params.id=" + fields.paramsId;
    return words.join(' ');
}

} // namespace

void tst_JsonScanner::scanRpcFields_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("fields");

    // LSP and MCP (JSON-RPC 2.0)
    QTest::newRow("LSP request") << lspRequest
                                 << QByteArrayLiteral("object id=1 method=textDocument/hover");
    QTest::newRow("response with result")
        << QByteArrayLiteral(R"({"jsonrpc":"2.0","id":1,"result":{"contents":"int x"}})")
        << QByteArrayLiteral("object id=1 result");
    QTest::newRow("response with null result")
        << QByteArrayLiteral(R"({"jsonrpc":"2.0","id":2,"result":null})")
        << QByteArrayLiteral("object id=2 result");
    QTest::newRow("error response") << QByteArrayLiteral(
        R"({"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"not found"}})")
                                    << QByteArrayLiteral("object id=3 error");
    QTest::newRow("notification") << QByteArrayLiteral(
        R"({"jsonrpc":"2.0","method":"initialized","params":{}})")
                                  << QByteArrayLiteral("object method=initialized");
    QTest::newRow("id as string") << QByteArrayLiteral(
        R"({"jsonrpc":"2.0","id":"a1","method":"shutdown"})")
                                  << QByteArrayLiteral(R"(object id="a1" method=shutdown)");
    QTest::newRow("id as string with escapes, kept as written")
        << QByteArrayLiteral(R"({"id":"a\"1"})") << QByteArrayLiteral(R"(object id="a\"1")");
    QTest::newRow("id null") << QByteArrayLiteral(R"({"jsonrpc":"2.0","id":null,"error":{}})")
                             << QByteArrayLiteral("object id=null error");
    QTest::newRow("id as an object, kept as written")
        << QByteArrayLiteral(R"({"id":{"a":[1, 2]},"result":0})")
        << QByteArrayLiteral(R"(object id={"a":[1, 2]} result)");
    QTest::newRow("$/cancelRequest")
        << QByteArrayLiteral(R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":17}})")
        << QByteArrayLiteral("object method=$/cancelRequest params.id=17");
    QTest::newRow("MCP notifications/cancelled")
        << QByteArrayLiteral(R"({"jsonrpc":"2.0","method":"notifications/cancelled",)"
                             R"("params":{"requestId":"r-9","reason":"user"}})")
        << QByteArrayLiteral(R"(object method=notifications/cancelled params.id="r-9")");
    QTest::newRow("params before method")
        << QByteArrayLiteral(R"({"params":{"id":4},"method":"$/cancelRequest"})")
        << QByteArrayLiteral("object method=$/cancelRequest params.id=4");
    QTest::newRow("nested id and method keys are not top-level")
        << QByteArrayLiteral(R"({"jsonrpc":"2.0","method":"x","params":{"method":"y","a":)"
                             R"({"id":5,"result":1,"params":{"id":6}},"b":[{"id":7}]}})")
        << QByteArrayLiteral("object method=x");
    QTest::newRow("id inside a params array is not params.id")
        << QByteArrayLiteral(R"({"method":"m","params":[{"id":1}]})")
        << QByteArrayLiteral("object method=m");
    QTest::newRow("params.id of a params that is not top-level")
        << QByteArrayLiteral(R"({"result":{"params":{"id":1}}})")
        << QByteArrayLiteral("object result");
    QTest::newRow("method with escapes") << QByteArrayLiteral(R"({"method":"a\/b\u0041"})")
                                         << QByteArrayLiteral("object method=a/bA");
    QTest::newRow("method with UTF-8 text")
        << QByteArrayLiteral("{\"method\":\"caf\xc3\xa9/\xf0\x9f\x98\x80\"}")
        << QByteArrayLiteral("object method=caf\xc3\xa9/\xf0\x9f\x98\x80");
    QTest::newRow("method with an escaped surrogate pair")
        << QByteArrayLiteral(R"({"method":"\u00e9\uD83D\uDE00"})")
        << QByteArrayLiteral("object method=\xc3\xa9\xf0\x9f\x98\x80");
    QTest::newRow("UTF-8 text elsewhere")
        << QByteArrayLiteral("{\"id\":1,\"params\":{\"text\":\"\xe2\x82\xac \\\"\xc3\xa9\\\"\"}}")
        << QByteArrayLiteral("object id=1");
    QTest::newRow("method that is not a string")
        << QByteArrayLiteral(R"({"method":42})") << QByteArrayLiteral("object method=");
    QTest::newRow("a key with escapes does not match")
        << QByteArrayLiteral(R"({"\u0069d":1,"meth\u006fd":"m"})") << QByteArrayLiteral("object");
    QTest::newRow("the last of repeated keys wins")
        << QByteArrayLiteral(R"({"id":1,"method":"a","id":"two","method":"b"})")
        << QByteArrayLiteral(R"(object id="two" method=b)");
    QTest::newRow("a repeated key of another type clears the field")
        << QByteArrayLiteral(R"({"method":"a","method":null,"seq":1,"seq":1.5})")
        << QByteArrayLiteral("object method=");
    QTest::newRow("a repeated params clears params.id")
        << QByteArrayLiteral(R"({"params":{"id":1},"params":{}})") << QByteArrayLiteral("object");
    QTest::newRow("whitespace around members")
        << QByteArrayLiteral(" {\n  \"id\" : 8 ,\n  \"method\" : \"m\"\n}\n")
        << QByteArrayLiteral("object id=8 method=m");

    // Debug Adapter Protocol
    QTest::newRow("DAP request") << QByteArrayLiteral(
        R"({"seq":153,"type":"request","command":"next",)"
        R"("arguments":{"threadId":3}})")
                                 << QByteArrayLiteral("object type=request seq=153 command=next");
    QTest::newRow("DAP response, success false")
        << QByteArrayLiteral(R"({"seq":154,"type":"response","request_seq":153,)"
                             R"("success":false,"command":"next","message":"cancelled"})")
        << QByteArrayLiteral(
               "object type=response seq=154 request_seq=153 command=next success=false");
    QTest::newRow("DAP response, success true")
        << QByteArrayLiteral(R"({"seq":2,"type":"response","request_seq":1,"success":true,)"
                             R"("command":"initialize","body":{}})")
        << QByteArrayLiteral(
               "object type=response seq=2 request_seq=1 command=initialize success=true");
    QTest::newRow("DAP event") << QByteArrayLiteral(
        R"({"seq":7,"type":"event","event":"stopped",)"
        R"("body":{"reason":"breakpoint","threadId":1,"seq":99}})")
                               << QByteArrayLiteral("object type=event seq=7 event=stopped");
    QTest::newRow("seq that is not an integer")
        << QByteArrayLiteral(R"({"seq":1.0,"request_seq":1e2,"type":"event"})")
        << QByteArrayLiteral("object type=event");
    QTest::newRow("seq beyond qint64")
        << QByteArrayLiteral(R"({"seq":9223372036854775808,"request_seq":9223372036854775807})")
        << QByteArrayLiteral("object request_seq=9223372036854775807");
    QTest::newRow("seq as a string")
        << QByteArrayLiteral(R"({"seq":"1"})") << QByteArrayLiteral("object");
    QTest::newRow("success that is not a boolean")
        << QByteArrayLiteral(R"({"success":"true"})") << QByteArrayLiteral("object");

    // Not an object, or not valid
    QTest::newRow("array") << QByteArrayLiteral(R"([{"id":1}])") << QByteArray();
    QTest::newRow("string") << QByteArrayLiteral(R"("id")") << QByteArray();
    QTest::newRow("invalid after the fields")
        << QByteArrayLiteral(R"({"id":1,"method":"m",})") << QByteArrayLiteral("invalid");
    QTest::newRow("two messages") << QByteArrayLiteral(R"({"id":1}{"id":2})")
                                  << QByteArrayLiteral("invalid");
    QTest::newRow("empty body") << QByteArray() << QByteArrayLiteral("invalid");
}

void tst_JsonScanner::scanRpcFields()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, fields);
    const RpcFields scanned = ::scanRpcFields(body);
    // An invalid body's fields may be partly filled: only `valid` counts.
    if (fields == "invalid")
        QVERIFY(!scanned.valid);
    else
        QCOMPARE(describe(scanned), fields);
}

void tst_JsonScanner::tokenizer()
{
    using Token = JsonTokenizer::Token;
    const QByteArray text = QByteArrayLiteral(R"( {"a" : [1, "x\n"], "b":{}} )");
    JsonTokenizer tokenizer(text);
    const struct {
        Token token;
        const char *text;
        int depth;
    } expected[] = {
        {Token::BeginObject, "{", 1},
        {Token::Key, R"("a")", 1},
        {Token::BeginArray, "[", 2},
        {Token::Number, "1", 2},
        {Token::String, R"("x\n")", 2},
        {Token::EndArray, "]", 1},
        {Token::Key, R"("b")", 1},
        {Token::BeginObject, "{", 2},
        {Token::EndObject, "}", 1},
        {Token::EndObject, "}", 0},
        {Token::End, "", 0},
        {Token::End, "", 0},
    };
    for (const auto &e : expected) {
        QCOMPARE(tokenizer.next(), e.token);
        QCOMPARE(tokenizer.tokenText().toByteArray(), QByteArray(e.text));
        QCOMPARE(tokenizer.depth(), e.depth);
    }
    QCOMPARE(tokenizer.tokenStart(), text.size() - 1);
    QVERIFY(tokenizer.restIsWhitespace());

    JsonTokenizer invalid(QByteArrayView("[1 2]"));
    QCOMPARE(invalid.next(), Token::BeginArray);
    QCOMPARE(invalid.next(), Token::Number);
    QCOMPARE(invalid.next(), Token::Error);
    QCOMPARE(invalid.next(), Token::Error);
}

void tst_JsonScanner::stringValue_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("plain") << QByteArrayLiteral(R"("abc")") << QByteArrayLiteral("abc");
    QTest::newRow("empty") << QByteArrayLiteral(R"("")") << QByteArray();
    QTest::newRow("short escapes")
        << QByteArrayLiteral(R"("\"\\\/\b\f\n\r\t")") << QByteArrayLiteral("\"\\/\b\f\n\r\t");
    QTest::newRow("escapes between text")
        << QByteArrayLiteral(R"("a\nbc\td")") << QByteArrayLiteral("a\nbc\td");
    QTest::newRow("NUL") << QByteArrayLiteral(R"("a\u0000b")") << QByteArray("a\0b", 3);
    QTest::newRow("2-byte UTF-8") << QByteArrayLiteral(R"("\u00E9")")
                                  << QByteArrayLiteral("\xc3\xa9");
    QTest::newRow("3-byte UTF-8") << QByteArrayLiteral(R"("\u20ac")")
                                  << QByteArrayLiteral("\xe2\x82\xac");
    QTest::newRow("surrogate pair")
        << QByteArrayLiteral(R"("\uD83D\uDE00")") << QByteArrayLiteral("\xf0\x9f\x98\x80");
    QTest::newRow("highest surrogate pair")
        << QByteArrayLiteral(R"("\udbff\udfff")") << QByteArrayLiteral("\xf4\x8f\xbf\xbf");
    QTest::newRow("lone high surrogate")
        << QByteArrayLiteral(R"("\uD83Dx")") << QByteArrayLiteral("\xef\xbf\xbdx");
    QTest::newRow("lone low surrogate")
        << QByteArrayLiteral(R"("\uDE00")") << QByteArrayLiteral("\xef\xbf\xbd");
    QTest::newRow("high surrogate, then no low one") << QByteArrayLiteral(R"("\uD83D\u0041")")
                                                     << QByteArrayLiteral("\xef\xbf\xbd"
                                                                          "A");
    QTest::newRow("raw UTF-8 kept")
        << QByteArrayLiteral("\"\xc3\xa9\\n\"") << QByteArrayLiteral("\xc3\xa9\n");
}

void tst_JsonScanner::stringValue()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, value);
    JsonTokenizer tokenizer(json);
    QCOMPARE(tokenizer.next(), JsonTokenizer::Token::String);
    QCOMPARE(tokenizer.stringValue(), value);
}

QTEST_APPLESS_MAIN(tst_JsonScanner)

#include "tst_jsonscanner.moc"

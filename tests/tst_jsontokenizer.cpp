#include "codec/jsontokenizer.h"
#include "messages/rpcfields.h"

#include <QtCore/QByteArrayList>
#include <QtCore/QJsonDocument>
#include <QtTest/QTest>

class tst_JsonTokenizer : public QObject
{
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

void tst_JsonTokenizer::isValidJson_data()
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

void tst_JsonTokenizer::isValidJson()
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

void tst_JsonTokenizer::nestingLimit_data()
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

void tst_JsonTokenizer::nestingLimit()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QCOMPARE(::isValidJson(text), valid);
    QCOMPARE(::jsonValueEnd(text) >= 0, valid);
}

// A message cut anywhere is no value yet: the check a relay needs when a Content-Length is too
// short (the same idea as a parser row for every split point).
void tst_JsonTokenizer::everyCutOfAMessageIsIncomplete()
{
    for (qsizetype cut = 0; cut < lspRequest.size(); ++cut) {
        const QByteArrayView head = QByteArrayView(lspRequest).first(cut);
        QVERIFY2(!::isValidJson(head), qPrintable(QString::number(cut)));
        QCOMPARE(::jsonValueEnd(head), -1);
    }
    QCOMPARE(::jsonValueEnd(lspRequest), lspRequest.size());
}

void tst_JsonTokenizer::agreesWithQJsonDocument_data()
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

void tst_JsonTokenizer::agreesWithQJsonDocument()
{
    QFETCH(QByteArray, text);
    QJsonParseError error;
    QJsonDocument::fromJson(text, &error);
    QCOMPARE(::isValidJson(text), error.error == QJsonParseError::NoError);
}

void tst_JsonTokenizer::jsonValueEnd_data()
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

void tst_JsonTokenizer::jsonValueEnd()
{
    QFETCH(QByteArray, text);
    QFETCH(qsizetype, end);
    QCOMPARE(::jsonValueEnd(text), end);
}

void tst_JsonTokenizer::tokenizer()
{
    using Token = JsonTokenizer::Token;
    const QByteArray text = QByteArrayLiteral(R"( {"a" : [1, "x\n"], "b":{}} )");
    JsonTokenizer tokenizer(text);
    const struct
    {
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

void tst_JsonTokenizer::stringValue_data()
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

void tst_JsonTokenizer::stringValue()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, value);
    JsonTokenizer tokenizer(json);
    QCOMPARE(tokenizer.next(), JsonTokenizer::Token::String);
    QCOMPARE(tokenizer.stringValue(), value);
}

QTEST_APPLESS_MAIN(tst_JsonTokenizer)

#include "tst_jsontokenizer.moc"

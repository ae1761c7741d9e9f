#include "codec/jsonformat.h"

#include <QtCore/QByteArrayList>
#include <QtCore/QCborArray>
#include <QtCore/QCborMap>
#include <QtTest/QTest>

#include <cmath>
#include <limits>

class tst_JsonFormat : public QObject
{
    Q_OBJECT

private slots:
    void prettyJson_data();
    void prettyJson();
    void prettyJsonTokens_data();
    void prettyJsonTokens();
    void prettyJsonInvalid_data();
    void prettyJsonInvalid();
    void prettyMsgpack_data();
    void prettyMsgpack();

    void minifiedJson_data();
    void minifiedJson();

    void jsonToCbor_data();
    void jsonToCbor();
    void jsonToCborNumbers_data();
    void jsonToCborNumbers();
    void jsonToCborStrings_data();
    void jsonToCborStrings();
    void jsonToCborKeepsMemberOrder();
    void jsonToCborInvalid_data();
    void jsonToCborInvalid();
};

namespace {

// The tokens as `kind text` words: K key, S string, N number, W keyword, P punctuation.
QByteArray describeTokens(const PrettyJson &pretty)
{
    static const char kinds[] = {'K', 'S', 'N', 'W', 'P'};
    QByteArrayList words;
    for (const JsonToken &token : pretty.tokens)
        words << QByteArray(1, kinds[int(token.kind)])
                     + pretty.text.mid(token.offset, token.length);
    return words.join(' ');
}

} // namespace

void tst_JsonFormat::prettyJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("indent");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("empty object") << QByteArrayLiteral("{}") << 2 << QByteArrayLiteral("{}");
    QTest::newRow("empty array with space inside")
        << QByteArrayLiteral("[ \n ]") << 2 << QByteArrayLiteral("[]");
    QTest::newRow("scalar with whitespace around")
        << QByteArrayLiteral("  42 \n") << 2 << QByteArrayLiteral("42");
    QTest::newRow("flat object") << QByteArrayLiteral(R"({"a":1,"b":"x"})") << 2
                                 << QByteArrayLiteral("{\n  \"a\": 1,\n  \"b\": \"x\"\n}");
    QTest::newRow("flat array") << QByteArrayLiteral("[1,true,null]") << 2
                                << QByteArrayLiteral("[\n  1,\n  true,\n  null\n]");
    QTest::newRow("nested") << QByteArrayLiteral(R"({"a":{"b":[1,{"c":false}]},"d":[]})") << 2
                            << QByteArrayLiteral("{\n"
                                                 "  \"a\": {\n"
                                                 "    \"b\": [\n"
                                                 "      1,\n"
                                                 "      {\n"
                                                 "        \"c\": false\n"
                                                 "      }\n"
                                                 "    ]\n"
                                                 "  },\n"
                                                 "  \"d\": []\n"
                                                 "}");
    QTest::newRow("empty containers as members and elements")
        << QByteArrayLiteral(R"({"o":{},"a":[[],{}]})") << 2
        << QByteArrayLiteral("{\n  \"o\": {},\n  \"a\": [\n    [],\n    {}\n  ]\n}");
    QTest::newRow("member order kept")
        << QByteArrayLiteral(R"({"z":1,"a":2,"m":3})") << 2
        << QByteArrayLiteral("{\n  \"z\": 1,\n  \"a\": 2,\n  \"m\": 3\n}");
    QTest::newRow("strings with braces, commas, quotes and escapes")
        << QByteArrayLiteral(R"(["{a}, [b]: \"c\"",  "\\\n\u00e9\/"])") << 2
        << QByteArrayLiteral("[\n  \"{a}, [b]: \\\"c\\\"\",\n  \"\\\\\\n\\u00e9\\/\"\n]");
    QTest::newRow("key with braces and a colon")
        << QByteArrayLiteral(R"({"{:}":0})") << 2 << QByteArrayLiteral("{\n  \"{:}\": 0\n}");
    QTest::newRow("numbers kept as written")
        << QByteArrayLiteral("[1.50e+3,-0,0.10,1E2,123456789012345678901234567890]") << 2
        << QByteArrayLiteral(
               "[\n  1.50e+3,\n  -0,\n  0.10,\n  1E2,\n  123456789012345678901234567890\n]");
    QTest::newRow("UTF-8 kept") << QByteArrayLiteral("[\"caf\xc3\xa9\"]") << 2
                                << QByteArrayLiteral("[\n  \"caf\xc3\xa9\"\n]");
    QTest::newRow("already pretty") << QByteArrayLiteral("{\n  \"a\": [\n    1\n  ]\n}") << 2
                                    << QByteArrayLiteral("{\n  \"a\": [\n    1\n  ]\n}");
    QTest::newRow("indent 4") << QByteArrayLiteral(R"({"a":[1]})") << 4
                              << QByteArrayLiteral("{\n    \"a\": [\n        1\n    ]\n}");
    QTest::newRow("indent 0") << QByteArrayLiteral(R"({"a":[1]})") << 0
                              << QByteArrayLiteral("{\n\"a\": [\n1\n]\n}");
}

void tst_JsonFormat::prettyJson()
{
    QFETCH(QByteArray, json);
    QFETCH(int, indent);
    QFETCH(QByteArray, expected);
    const PrettyJson pretty = ::prettyJson(json, indent);
    QCOMPARE(pretty.text, expected);

    // The tokens are in order and cover every byte but the added whitespace: together they spell
    // the minified value.
    QByteArray spelled;
    qsizetype previousEnd = 0;
    for (const JsonToken &token : pretty.tokens) {
        QVERIFY(token.offset >= previousEnd);
        QVERIFY(token.length > 0);
        for (qsizetype i = previousEnd; i < token.offset; ++i)
            QVERIFY(pretty.text.at(i) == ' ' || pretty.text.at(i) == '\n');
        spelled += pretty.text.mid(token.offset, token.length);
        previousEnd = token.offset + token.length;
    }
    QCOMPARE(previousEnd, pretty.text.size());
    QCOMPARE(spelled, ::minifiedJson(json));
}

void tst_JsonFormat::prettyJsonTokens_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("tokens");

    QTest::newRow("object") << QByteArrayLiteral(R"({"a":1,"b":"x"})")
                            << QByteArrayLiteral(R"(P{ K"a" P: N1 P, K"b" P: S"x" P})");
    QTest::newRow("keywords") << QByteArrayLiteral("[true,false,null]")
                              << QByteArrayLiteral("P[ Wtrue P, Wfalse P, Wnull P]");
    QTest::newRow("empty containers")
        << QByteArrayLiteral(R"({"a":[],"b":{}})")
        << QByteArrayLiteral(R"(P{ K"a" P: P[ P] P, K"b" P: P{ P} P})");
    QTest::newRow("a string value that looks like a key")
        << QByteArrayLiteral(R"({"k":"v:"})") << QByteArrayLiteral(R"(P{ K"k" P: S"v:" P})");
    QTest::newRow("string with escapes is one token")
        << QByteArrayLiteral(R"(["a\"b\\"])") << QByteArrayLiteral(R"(P[ S"a\"b\\" P])");
    QTest::newRow("number as written")
        << QByteArrayLiteral("-1.50e+3") << QByteArrayLiteral("N-1.50e+3");
    QTest::newRow("keys of nested objects")
        << QByteArrayLiteral(R"([{"a":{"b":0}}])")
        << QByteArrayLiteral(R"(P[ P{ K"a" P: P{ K"b" P: N0 P} P} P])");
}

void tst_JsonFormat::prettyJsonTokens()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, tokens);
    QCOMPARE(describeTokens(::prettyJson(json)), tokens);
}

void tst_JsonFormat::prettyJsonInvalid_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("trailing comma") << QByteArrayLiteral(R"({"a":1,})");
    QTest::newRow("unterminated") << QByteArrayLiteral(R"({"a":[1,2)");
    QTest::newRow("two values") << QByteArrayLiteral("{} []");
    QTest::newRow("leading zero") << QByteArrayLiteral("[01]");
    QTest::newRow("raw newline in a string") << QByteArrayLiteral("[\"a\nb\"]");
    QTest::newRow("not JSON at all") << QByteArrayLiteral("Content-Length: 12\r\n");
}

void tst_JsonFormat::prettyJsonInvalid()
{
    QFETCH(QByteArray, json);
    const PrettyJson pretty = ::prettyJson(json);
    QCOMPARE(pretty.text, json);
    QVERIFY(pretty.tokens.isEmpty());
    QCOMPARE(::minifiedJson(json), json);
}

void tst_JsonFormat::prettyMsgpack_data()
{
    QTest::addColumn<QCborValue>("value");
    QTest::addColumn<int>("indent");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QByteArray>("tokens");

    QTest::newRow("map in insertion order, nested array")
        << QCborValue(
               QCborMap{{QStringLiteral("b"), 1}, {QStringLiteral("a"), QCborArray{true, nullptr}}})
        << 2 << QByteArrayLiteral("{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null\n  ]\n}")
        << QByteArrayLiteral(R"(P{ K"b" P: N1 P, K"a" P: P[ Wtrue P, Wnull P] P})");
    QTest::newRow("empty containers")
        << QCborValue(QCborArray{QCborMap(), QCborArray()}) << 2
        << QByteArrayLiteral("[\n  {},\n  []\n]") << QByteArrayLiteral("P[ P{ P} P, P[ P] P]");
    QTest::newRow("binary strings as hex")
        << QCborValue(QCborArray{QByteArray("\x0a\x1b"), QByteArray()}) << 2
        << QByteArrayLiteral("[\n  <hex 0a 1b>,\n  <hex>\n]")
        << QByteArrayLiteral("P[ S<hex 0a 1b> P, S<hex> P]");
    QTest::newRow("integers and floats")
        << QCborValue(QCborArray{-5, std::numeric_limits<qint64>::max(), 1.0, 0.1, 1e300}) << 0
        << QByteArrayLiteral("[\n-5,\n9223372036854775807,\n1.0,\n0.1,\n1e+300\n]")
        << QByteArrayLiteral("P[ N-5 P, N9223372036854775807 P, N1.0 P, N0.1 P, N1e+300 P]");
    QTest::newRow("NaN and infinities")
        << QCborValue(QCborArray{qQNaN(), qInf(), -qInf()}) << 2
        << QByteArrayLiteral("[\n  NaN,\n  Infinity,\n  -Infinity\n]")
        << QByteArrayLiteral("P[ NNaN P, NInfinity P, N-Infinity P]");
    QTest::newRow("string escapes, UTF-8 kept")
        << QCborValue(QString::fromUtf8("a\"b\\c\n\tcaf\xc3\xa9\x01\x1f")) << 2
        << QByteArrayLiteral("\"a\\\"b\\\\c\\n\\tcaf\xc3\xa9\\u0001\\u001f\"")
        << QByteArrayLiteral("S\"a\\\"b\\\\c\\n\\tcaf\xc3\xa9\\u0001\\u001f\"");
    QTest::newRow("keys that are not strings on one line")
        << QCborValue(QCborMap{{1, QStringLiteral("x")}, {QCborArray{1, QCborMap()}, false}}) << 4
        << QByteArrayLiteral("{\n    1: \"x\",\n    [1,{}]: false\n}")
        << QByteArrayLiteral(R"(P{ K1 P: S"x" P, K[1,{}] P: Wfalse P})");
}

void tst_JsonFormat::prettyMsgpack()
{
    QFETCH(QCborValue, value);
    QFETCH(int, indent);
    QFETCH(QByteArray, expected);
    QFETCH(QByteArray, tokens);
    const PrettyJson pretty = ::prettyMsgpack(value, indent);
    QCOMPARE(pretty.text, expected);
    QCOMPARE(describeTokens(pretty), tokens);
}

void tst_JsonFormat::minifiedJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("already minified")
        << QByteArrayLiteral(R"({"a":[1,2],"b":{}})") << QByteArrayLiteral(R"({"a":[1,2],"b":{}})");
    QTest::newRow("pretty") << QByteArrayLiteral(
        "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}")
                            << QByteArrayLiteral(R"({"a":[1,2],"b":{}})");
    QTest::newRow("all kinds of whitespace")
        << QByteArrayLiteral(" \r\n\t[ 1 ,\t\"a\" ,\r\nnull ] \n")
        << QByteArrayLiteral(R"([1,"a",null])");
    QTest::newRow("whitespace inside strings kept") << QByteArrayLiteral(R"({ "a b" : " x , y " })")
                                                    << QByteArrayLiteral(R"({"a b":" x , y "})");
    QTest::newRow("escapes and numbers as written")
        << QByteArrayLiteral(R"([ "\" \n\u00e9" , 1.50e+3 ])")
        << QByteArrayLiteral(R"(["\" \n\u00e9",1.50e+3])");
    QTest::newRow("scalar") << QByteArrayLiteral(" true ") << QByteArrayLiteral("true");
}

void tst_JsonFormat::minifiedJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, expected);
    QCOMPARE(::minifiedJson(json), expected);
    // Pretty and minified forms convert into each other.
    QCOMPARE(::minifiedJson(::prettyJson(json).text), expected);
}

void tst_JsonFormat::jsonToCbor_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("diagnostic");

    QTest::newRow("member order kept")
        << QByteArrayLiteral(R"({"b":1,"a":2})") << QStringLiteral(R"({"b": 1, "a": 2})");
    QTest::newRow("nested") << QByteArrayLiteral(R"({"x":[1,{"y":[]},{}],"z":"s"})")
                            << QStringLiteral(R"({"x": [1, {"y": []}, {}], "z": "s"})");
    QTest::newRow("keywords") << QByteArrayLiteral("[true,false,null]")
                              << QStringLiteral("[true, false, null]");
    QTest::newRow("integer and double")
        << QByteArrayLiteral("[1,1.0,1e0,-7,1.5]") << QStringLiteral("[1, 1.0, 1.0, -7, 1.5]");
    QTest::newRow("escaped key") << QByteArrayLiteral(R"({"a\u0062":0})")
                                 << QStringLiteral(R"({"ab": 0})");
    QTest::newRow("repeated key: first position, last value")
        << QByteArrayLiteral(R"({"a":1,"b":2,"a":3})") << QStringLiteral(R"({"a": 3, "b": 2})");
    QTest::newRow("scalar") << QByteArrayLiteral(" \"s\" ") << QStringLiteral(R"("s")");
    QTest::newRow("deep") << QByteArray(QByteArray(512, '[') + QByteArray(512, ']'))
                          << QString(QString(512, u'[') + QString(512, u']'));
}

void tst_JsonFormat::jsonToCbor()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, diagnostic);
    QCOMPARE(::jsonToCbor(json).toDiagnosticNotation(), diagnostic);
}

void tst_JsonFormat::jsonToCborNumbers_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QCborValue>("expected");

    QTest::newRow("zero") << QByteArrayLiteral("0") << QCborValue(0);
    QTest::newRow("minus zero integer") << QByteArrayLiteral("-0") << QCborValue(0);
    QTest::newRow("integer") << QByteArrayLiteral("42") << QCborValue(42);
    QTest::newRow("largest qint64") << QByteArrayLiteral("9223372036854775807")
                                    << QCborValue(std::numeric_limits<qint64>::max());
    QTest::newRow("smallest qint64") << QByteArrayLiteral("-9223372036854775808")
                                     << QCborValue(std::numeric_limits<qint64>::min());
    QTest::newRow("beyond qint64 becomes a double")
        << QByteArrayLiteral("9223372036854775808") << QCborValue(9223372036854775808.0);
    QTest::newRow("below qint64 becomes a double")
        << QByteArrayLiteral("-9223372036854775809") << QCborValue(-9223372036854775808.0);
    QTest::newRow("integral fraction is a double") << QByteArrayLiteral("2.0") << QCborValue(2.0);
    QTest::newRow("exponent is a double") << QByteArrayLiteral("1.50e+3") << QCborValue(1500.0);
    QTest::newRow("negative exponent") << QByteArrayLiteral("-25E-1") << QCborValue(-2.5);
    QTest::newRow("largest double")
        << QByteArrayLiteral("1.7976931348623157e308") << QCborValue(1.7976931348623157e308);
    QTest::newRow("overflow") << QByteArrayLiteral("1e400")
                              << QCborValue(std::numeric_limits<double>::infinity());
    QTest::newRow("negative overflow")
        << QByteArrayLiteral("-1e400") << QCborValue(-std::numeric_limits<double>::infinity());
    QTest::newRow("overflow by digits") << QByteArray("1" + QByteArray(400, '0') + ".5e-10")
                                        << QCborValue(std::numeric_limits<double>::infinity());
    QTest::newRow("overflow by a huge exponent")
        << QByteArrayLiteral("1e99999999999999999999")
        << QCborValue(std::numeric_limits<double>::infinity());
    QTest::newRow("underflow") << QByteArrayLiteral("1e-400") << QCborValue(0.0);
    QTest::newRow("underflow with a large mantissa")
        << QByteArray("0.000" + QByteArray(30, '9') + "e-330") << QCborValue(0.0);
}

void tst_JsonFormat::jsonToCborNumbers()
{
    QFETCH(QByteArray, json);
    QFETCH(QCborValue, expected);
    const QCborValue value = ::jsonToCbor(json);
    QCOMPARE(value.type(), expected.type());
    QCOMPARE(value, expected);
}

void tst_JsonFormat::jsonToCborStrings_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << QByteArrayLiteral(R"("abc")") << QStringLiteral("abc");
    QTest::newRow("short escapes")
        << QByteArrayLiteral(R"("\"\\\/\b\f\n\r\t")") << QStringLiteral("\"\\/\b\f\n\r\t");
    QTest::newRow("BMP escape") << QByteArrayLiteral(R"("caf\u00e9 \u20AC")")
                                << QString::fromUtf8("caf\xc3\xa9 \xe2\x82\xac");
    QTest::newRow("surrogate pair")
        << QByteArrayLiteral(R"("\uD83D\uDE00!")") << QString::fromUtf8("\xf0\x9f\x98\x80!");
    QTest::newRow("raw UTF-8") << QByteArrayLiteral("\"\xf0\x9f\x98\x80\"")
                               << QString::fromUtf8("\xf0\x9f\x98\x80");
    QTest::newRow("lone surrogate") << QByteArrayLiteral(R"("\uDE00")") << QStringLiteral("\uFFFD");
    QTest::newRow("NUL") << QByteArrayLiteral(R"("a\u0000")")
                         << QString(QStringLiteral("a") + QChar());
}

void tst_JsonFormat::jsonToCborStrings()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const QCborValue value = ::jsonToCbor(json);
    QVERIFY(value.isString());
    QCOMPARE(value.toString(), expected);
}

void tst_JsonFormat::jsonToCborKeepsMemberOrder()
{
    const QCborValue value = ::jsonToCbor(R"({"b":{"y":1,"x":2},"a":[3,"4"]})");
    QVERIFY(value.isMap());
    const QCborMap map = value.toMap();
    QCOMPARE(map.keys(), QList<QCborValue>({QStringLiteral("b"), QStringLiteral("a")}));
    QCOMPARE(map.value(QStringLiteral("b")).toMap().keys(),
             QList<QCborValue>({QStringLiteral("y"), QStringLiteral("x")}));
    QCOMPARE(map.value(QStringLiteral("a")).toArray(), QCborArray({3, QStringLiteral("4")}));
}

void tst_JsonFormat::jsonToCborInvalid_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("trailing comma") << QByteArrayLiteral("[1,]");
    QTest::newRow("two values") << QByteArrayLiteral("{} {}");
    QTest::newRow("invalid after a complete member") << QByteArrayLiteral(R"({"a":{"b":1},x})");
    QTest::newRow("too deep") << QByteArray(QByteArray(513, '[') + QByteArray(513, ']'));
}

void tst_JsonFormat::jsonToCborInvalid()
{
    QFETCH(QByteArray, json);
    const QCborValue value = ::jsonToCbor(json);
    QVERIFY(value.isInvalid());
    QCOMPARE(value.type(), QCborValue::Invalid);
}

QTEST_APPLESS_MAIN(tst_JsonFormat)

#include "tst_jsonformat.moc"

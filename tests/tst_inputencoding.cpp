#include "codec/inputencoding.h"

#include <QtTest/QTest>

class tst_InputEncoding : public QObject
{
    Q_OBJECT

private slots:
    void text_data();
    void text();
    void escaped_data();
    void escaped();
    void hex_data();
    void hex();
    void lineEnding_data();
    void lineEnding();
    void errors_data();
    void errors();
    void messages_data();
    void messages();
};

void tst_InputEncoding::text_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("empty") << QString() << QByteArray();
    QTest::newRow("ascii") << QStringLiteral("hello world") << QByteArrayLiteral("hello world");
    QTest::newRow("backslashes stay")
        << QStringLiteral("a\\nb\\x41") << QByteArrayLiteral("a\\nb\\x41");
    QTest::newRow("hex-looking text stays")
        << QStringLiteral("0x41 zz") << QByteArrayLiteral("0x41 zz");
    QTest::newRow("e-acute") << QString::fromUtf8("caf\xc3\xa9")
                             << QByteArrayLiteral("caf\xc3\xa9");
    QTest::newRow("euro") << QString::fromUtf8("\xe2\x82\xac") << QByteArrayLiteral("\xe2\x82\xac");
    QTest::newRow("emoji, a surrogate pair")
        << QString::fromUtf8("\xf0\x9f\x98\x80") << QByteArrayLiteral("\xf0\x9f\x98\x80");
    QTest::newRow("tab typed or pasted") << QStringLiteral("a\tb") << QByteArrayLiteral("a\tb");
}

void tst_InputEncoding::text()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    const EncodedInput result = encodeInput(text, InputFormat::Text, LineEnding::None);
    QVERIFY2(result.isValid(), qPrintable(result.error ? result.error->text() : QString()));
    QVERIFY(!result.error);
    QCOMPARE(result.bytes, expected);
}

void tst_InputEncoding::escaped_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("empty") << QString() << QByteArray();
    QTest::newRow("no escapes") << QStringLiteral("plain") << QByteArrayLiteral("plain");

    // Every simple escape, alone and between text.
    QTest::newRow("\\n") << QStringLiteral("\\n") << QByteArrayLiteral("\n");
    QTest::newRow("\\r") << QStringLiteral("\\r") << QByteArrayLiteral("\r");
    QTest::newRow("\\t") << QStringLiteral("\\t") << QByteArrayLiteral("\t");
    QTest::newRow("\\0") << QStringLiteral("\\0") << QByteArray(1, '\0');
    QTest::newRow("\\\\") << QStringLiteral("\\\\") << QByteArrayLiteral("\\");
    QTest::newRow("\\\"") << QStringLiteral("\\\"") << QByteArrayLiteral("\"");
    QTest::newRow("\\'") << QStringLiteral("\\'") << QByteArrayLiteral("'");
    QTest::newRow("\\?") << QStringLiteral("\\?") << QByteArrayLiteral("?");
    QTest::newRow("\\a") << QStringLiteral("\\a") << QByteArrayLiteral("\x07");
    QTest::newRow("\\b") << QStringLiteral("\\b") << QByteArrayLiteral("\x08");
    QTest::newRow("\\f") << QStringLiteral("\\f") << QByteArrayLiteral("\x0c");
    QTest::newRow("\\v") << QStringLiteral("\\v") << QByteArrayLiteral("\x0b");
    QTest::newRow("\\e") << QStringLiteral("\\e") << QByteArrayLiteral("\x1b");
    QTest::newRow("between text") << QStringLiteral("a\\tb\\nc") << QByteArrayLiteral("a\tb\nc");
    QTest::newRow("escaped backslash before n")
        << QStringLiteral("\\\\n") << QByteArrayLiteral("\\n");
    QTest::newRow("ANSI colour") << QStringLiteral("\\e[31mred\\e[0m")
                                 << QByteArrayLiteral("\x1b[31mred\x1b[0m");
    QTest::newRow("JSON quote") << QStringLiteral("{\\\"a\\\":1}")
                                << QByteArrayLiteral("{\"a\":1}");
    QTest::newRow("unescaped quotes are fine")
        << QStringLiteral("\"it's\"") << QByteArrayLiteral("\"it's\"");

    // \x: one or two hex digits, either case.
    QTest::newRow("\\x two digits") << QStringLiteral("\\x41") << QByteArrayLiteral("A");
    QTest::newRow("\\x one digit") << QStringLiteral("\\x7") << QByteArrayLiteral("\x07");
    QTest::newRow("\\x one digit then text")
        << QStringLiteral("\\x7z") << QByteArrayLiteral("\x07z");
    QTest::newRow("\\x stops after two digits")
        << QStringLiteral("\\x4142") << QByteArrayLiteral("A42");
    QTest::newRow("\\x upper case") << QStringLiteral("\\xFF") << QByteArrayLiteral("\xff");
    QTest::newRow("\\x lower case") << QStringLiteral("\\xfe") << QByteArrayLiteral("\xfe");
    QTest::newRow("\\x00") << QStringLiteral("a\\x00b") << QByteArray("a\0b", 3);

    // Octal: up to three digits, at most \377.
    QTest::newRow("octal one digit") << QStringLiteral("\\7") << QByteArrayLiteral("\x07");
    QTest::newRow("octal two digits") << QStringLiteral("\\12") << QByteArrayLiteral("\n");
    QTest::newRow("octal three digits") << QStringLiteral("\\101") << QByteArrayLiteral("A");
    QTest::newRow("octal \\377") << QStringLiteral("\\377") << QByteArrayLiteral("\xff");
    QTest::newRow("octal stops after three digits")
        << QStringLiteral("\\1234") << QByteArrayLiteral("S4");
    QTest::newRow("octal stops at 8") << QStringLiteral("\\08")
                                      << QByteArray("\0"
                                                    "8",
                                                    2);
    QTest::newRow("\\012 is a newline") << QStringLiteral("\\012") << QByteArrayLiteral("\n");
    QTest::newRow("\\000") << QStringLiteral("\\000") << QByteArray(1, '\0');

    // Unicode escapes give UTF-8.
    QTest::newRow("\\u ascii") << QStringLiteral("\\u0041") << QByteArrayLiteral("A");
    QTest::newRow("\\u0000") << QStringLiteral("\\u0000") << QByteArray(1, '\0');
    QTest::newRow("\\u e-acute") << QStringLiteral("\\u00e9") << QByteArrayLiteral("\xc3\xa9");
    QTest::newRow("\\u euro upper case")
        << QStringLiteral("\\u20AC") << QByteArrayLiteral("\xe2\x82\xac");
    QTest::newRow("\\u then digits") << QStringLiteral("\\u00411") << QByteArrayLiteral("A1");
    QTest::newRow("\\u surrogate pair")
        << QStringLiteral("\\ud83d\\ude00") << QByteArrayLiteral("\xf0\x9f\x98\x80");
    QTest::newRow("\\U emoji") << QStringLiteral("\\U0001F600")
                               << QByteArrayLiteral("\xf0\x9f\x98\x80");
    QTest::newRow("\\U highest") << QStringLiteral("\\U0010FFFF")
                                 << QByteArrayLiteral("\xf4\x8f\xbf\xbf");

    // Text around escapes is UTF-8.
    QTest::newRow("non-ascii text around escapes")
        << QString::fromUtf8("\xc3\xa9\\n\xf0\x9f\x98\x80")
        << QByteArrayLiteral("\xc3\xa9\n\xf0\x9f\x98\x80");
}

void tst_InputEncoding::escaped()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    const EncodedInput result = encodeInput(text, InputFormat::Escaped, LineEnding::None);
    QVERIFY2(result.isValid(), qPrintable(result.error ? result.error->text() : QString()));
    QVERIFY(!result.error);
    QCOMPARE(result.bytes, expected);
}

void tst_InputEncoding::hex_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("empty") << QString() << QByteArray();
    QTest::newRow("only spaces") << QStringLiteral("   ") << QByteArray();
    QTest::newRow("one byte") << QStringLiteral("41") << QByteArrayLiteral("A");
    QTest::newRow("run of pairs") << QStringLiteral("48656c6c6f") << QByteArrayLiteral("Hello");
    QTest::newRow("spaced pairs") << QStringLiteral("48 65 6c 6c 6f") << QByteArrayLiteral("Hello");
    QTest::newRow("upper and mixed case")
        << QStringLiteral("DEadBeEF") << QByteArrayLiteral("\xde\xad\xbe\xef");
    QTest::newRow("groups of four")
        << QStringLiteral("dead beef") << QByteArrayLiteral("\xde\xad\xbe\xef");
    QTest::newRow("commas") << QStringLiteral("01,02,03") << QByteArrayLiteral("\x01\x02\x03");
    QTest::newRow("C array") << QStringLiteral("0x01, 0x02, 0xFF")
                             << QByteArrayLiteral("\x01\x02\xff");
    QTest::newRow("upper-case 0X") << QStringLiteral("0X0a") << QByteArrayLiteral("\n");
    QTest::newRow("0x before several bytes")
        << QStringLiteral("0xdeadbeef") << QByteArrayLiteral("\xde\xad\xbe\xef");
    QTest::newRow("00 is a byte, not a prefix") << QStringLiteral("00") << QByteArray(1, '\0');
    QTest::newRow("0x00") << QStringLiteral("0x00") << QByteArray(1, '\0');
    QTest::newRow("leading and trailing space, tabs")
        << QStringLiteral(" \t0a\t0d ") << QByteArrayLiteral("\n\r");
    QTest::newRow("every byte value ends")
        << QStringLiteral("00 7f 80 ff") << QByteArray("\x00\x7f\x80\xff", 4);
}

void tst_InputEncoding::hex()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    const EncodedInput result = encodeInput(text, InputFormat::Hex, LineEnding::None);
    QVERIFY2(result.isValid(), qPrintable(result.error ? result.error->text() : QString()));
    QVERIFY(!result.error);
    QCOMPARE(result.bytes, expected);
}

void tst_InputEncoding::lineEnding_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<InputFormat>("format");
    QTest::addColumn<LineEnding>("ending");
    QTest::addColumn<QByteArray>("expected");

    const struct
    {
        const char *name;
        InputFormat format;
        QString text;
    } formats[] = {
        {"text", InputFormat::Text, QStringLiteral("ab")},
        {"escaped", InputFormat::Escaped, QStringLiteral("a\\x62")},
        {"hex", InputFormat::Hex, QStringLiteral("61 62")},
    };
    for (const auto &format : formats) {
        QTest::addRow("%s, none", format.name)
            << format.text << format.format << LineEnding::None << QByteArrayLiteral("ab");
        QTest::addRow("%s, LF", format.name)
            << format.text << format.format << LineEnding::Lf << QByteArrayLiteral("ab\n");
        QTest::addRow("%s, CRLF", format.name)
            << format.text << format.format << LineEnding::CrLf << QByteArrayLiteral("ab\r\n");
        // Empty input sends just the line ending.
        QTest::addRow("%s, empty, none", format.name)
            << QString() << format.format << LineEnding::None << QByteArray();
        QTest::addRow("%s, empty, LF", format.name)
            << QString() << format.format << LineEnding::Lf << QByteArrayLiteral("\n");
        QTest::addRow("%s, empty, CRLF", format.name)
            << QString() << format.format << LineEnding::CrLf << QByteArrayLiteral("\r\n");
    }
    QTest::newRow("escaped newline, then LF") << QStringLiteral("a\\n") << InputFormat::Escaped
                                              << LineEnding::Lf << QByteArrayLiteral("a\n\n");
}

void tst_InputEncoding::lineEnding()
{
    QFETCH(QString, text);
    QFETCH(InputFormat, format);
    QFETCH(LineEnding, ending);
    QFETCH(QByteArray, expected);
    const EncodedInput result = encodeInput(text, format, ending);
    QVERIFY2(result.isValid(), qPrintable(result.error ? result.error->text() : QString()));
    QCOMPARE(result.bytes, expected);
    QCOMPARE(lineEndingBytes(ending), expected.right(lineEndingBytes(ending).size()));
}

void tst_InputEncoding::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<InputFormat>("format");
    QTest::addColumn<qsizetype>("position");
    QTest::addColumn<QString>("message");

    const auto escaped = InputFormat::Escaped;
    QTest::newRow("trailing backslash")
        << QStringLiteral("abc\\") << escaped << qsizetype(3)
        << QStringLiteral("Trailing backslash (write \\\\ for a backslash) at column 4");
    QTest::newRow("only a backslash")
        << QStringLiteral("\\") << escaped << qsizetype(0)
        << QStringLiteral("Trailing backslash (write \\\\ for a backslash) at column 1");
    QTest::newRow("three backslashes")
        << QStringLiteral("\\\\\\") << escaped << qsizetype(2)
        << QStringLiteral("Trailing backslash (write \\\\ for a backslash) at column 3");
    QTest::newRow("unknown escape \\q") << QStringLiteral("ab\\qc") << escaped << qsizetype(2)
                                        << QStringLiteral("Unknown escape \\q at column 3");
    QTest::newRow("unknown escape \\8") << QStringLiteral("\\8") << escaped << qsizetype(0)
                                        << QStringLiteral("Unknown escape \\8 at column 1");
    QTest::newRow("unknown escape \\%") << QStringLiteral("x\\%") << escaped << qsizetype(1)
                                        << QStringLiteral("Unknown escape \\% at column 2");
    QTest::newRow("unknown escape \\N") << QStringLiteral("\\N") << escaped << qsizetype(0)
                                        << QStringLiteral("Unknown escape \\N at column 1");
    QTest::newRow("error after a good escape")
        << QStringLiteral("\\n\\z") << escaped << qsizetype(2)
        << QStringLiteral("Unknown escape \\z at column 3");
    QTest::newRow("\\x without digits") << QStringLiteral("a\\xg") << escaped << qsizetype(1)
                                        << QStringLiteral("\\x without hex digits at column 2");
    QTest::newRow("\\x at the end") << QStringLiteral("\\x") << escaped << qsizetype(0)
                                    << QStringLiteral("\\x without hex digits at column 1");
    QTest::newRow("octal above \\377") << QStringLiteral("\\400") << escaped << qsizetype(0)
                                       << QStringLiteral("Octal escape above \\377 at column 1");
    QTest::newRow("octal \\777") << QStringLiteral("ok\\777") << escaped << qsizetype(2)
                                 << QStringLiteral("Octal escape above \\377 at column 3");
    QTest::newRow("\\u with three digits") << QStringLiteral("\\u123") << escaped << qsizetype(0)
                                           << QStringLiteral("\\u needs 4 hex digits at column 1");
    QTest::newRow("\\u with a bad digit") << QStringLiteral("\\u12g4") << escaped << qsizetype(0)
                                          << QStringLiteral("\\u needs 4 hex digits at column 1");
    QTest::newRow("\\U with four digits") << QStringLiteral("\\U1234") << escaped << qsizetype(0)
                                          << QStringLiteral("\\U needs 8 hex digits at column 1");
    QTest::newRow("\\U beyond U+10FFFF") << QStringLiteral("\\U00110000") << escaped << qsizetype(0)
                                         << QStringLiteral("\\U beyond U+10FFFF at column 1");
    QTest::newRow("lone high surrogate") << QStringLiteral("\\ud83dx") << escaped << qsizetype(0)
                                         << QStringLiteral("Unpaired surrogate at column 1");
    QTest::newRow("high surrogate at the end")
        << QStringLiteral("a\\ud83d") << escaped << qsizetype(1)
        << QStringLiteral("Unpaired surrogate at column 2");
    QTest::newRow("two high surrogates")
        << QStringLiteral("\\ud83d\\ud83d") << escaped << qsizetype(0)
        << QStringLiteral("Unpaired surrogate at column 1");
    QTest::newRow("lone low surrogate") << QStringLiteral("\\ude00") << escaped << qsizetype(0)
                                        << QStringLiteral("Unpaired surrogate at column 1");
    QTest::newRow("surrogate in \\U") << QStringLiteral("\\U0000d800") << escaped << qsizetype(0)
                                      << QStringLiteral("Unpaired surrogate at column 1");

    const auto hex = InputFormat::Hex;
    QTest::newRow("hex: one digit") << QStringLiteral("a") << hex << qsizetype(0)
                                    << QStringLiteral("odd number of hex digits in 'a'");
    QTest::newRow("hex: three digits") << QStringLiteral("41 abc") << hex << qsizetype(3)
                                       << QStringLiteral("odd number of hex digits in 'abc'");
    QTest::newRow("hex: single digits spaced") << QStringLiteral("1 2") << hex << qsizetype(0)
                                               << QStringLiteral("odd number of hex digits in '1'");
    QTest::newRow("hex: 0x with one digit") << QStringLiteral("0x1") << hex << qsizetype(0)
                                            << QStringLiteral("odd number of hex digits in '0x1'");
    QTest::newRow("hex: bad character") << QStringLiteral("41 4g") << hex << qsizetype(4)
                                        << QStringLiteral("'g' is not a hex digit at column 5");
    QTest::newRow("hex: x in the middle") << QStringLiteral("410x42") << hex << qsizetype(3)
                                          << QStringLiteral("'x' is not a hex digit at column 4");
    QTest::newRow("hex: semicolon") << QStringLiteral("41;42") << hex << qsizetype(2)
                                    << QStringLiteral("';' is not a hex digit at column 3");
    QTest::newRow("hex: bad character before odd count")
        << QStringLiteral("4z4") << hex << qsizetype(1)
        << QStringLiteral("'z' is not a hex digit at column 2");
    QTest::newRow("hex: 0x alone") << QStringLiteral("41 0x") << hex << qsizetype(3)
                                   << QStringLiteral("'0x' without hex digits at column 4");
    QTest::newRow("hex: 0x before a comma")
        << QStringLiteral("0x,41") << hex << qsizetype(0)
        << QStringLiteral("'0x' without hex digits at column 1");
    QTest::newRow("hex: double prefix") << QStringLiteral("0x0x41") << hex << qsizetype(3)
                                        << QStringLiteral("'x' is not a hex digit at column 4");
}

void tst_InputEncoding::errors()
{
    QFETCH(QString, text);
    QFETCH(InputFormat, format);
    QFETCH(qsizetype, position);
    QFETCH(QString, message);
    for (const LineEnding ending : {LineEnding::None, LineEnding::Lf, LineEnding::CrLf}) {
        const EncodedInput result = encodeInput(text, format, ending);
        QVERIFY(!result.isValid());
        QVERIFY(result.error);
        const QString text = result.error->text();
        QVERIFY2(text.startsWith(message), qPrintable(text));
        QVERIFY(!text.contains(u'\n'));
        QCOMPARE(result.error->position, position);
        QVERIFY(result.bytes.isEmpty()); // nothing to send, not even the line ending
    }
}

void tst_InputEncoding::messages_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<InputFormat>("format");
    QTest::addColumn<QByteArray>("expected");

    // One line of JSON after its header, whatever the line ending chosen; the length counts
    // UTF-8 bytes.
    QTest::newRow("content-length")
        << QStringLiteral("{\"id\": 1,\n \"method\": \"x\"}") << InputFormat::ContentLength
        << QByteArrayLiteral("Content-Length: 21\r\n\r\n{\"id\":1,\"method\":\"x\"}");
    QTest::newRow("content-length, not ASCII")
        << QStringLiteral("{\"a\": \"\u00e9\"}") << InputFormat::ContentLength
        << QByteArray("Content-Length: 10\r\n\r\n{\"a\":\"\xc3\xa9\"}");
    QTest::newRow("msgpack-rpc request")
        << QStringLiteral("[0, 1, \"nvim_get_mode\", []]") << InputFormat::Msgpack
        << QByteArray("\x94\x00\x01\xadnvim_get_mode\x90", 18);
    QTest::newRow("msgpack map") << QStringLiteral("{\"a\": -1}") << InputFormat::Msgpack
                                 << QByteArray("\x81\xa1\x61\xff");
}

void tst_InputEncoding::messages()
{
    QFETCH(QString, text);
    QFETCH(InputFormat, format);
    QFETCH(QByteArray, expected);
    QVERIFY(!takesLineEnding(format));
    for (const LineEnding ending : {LineEnding::None, LineEnding::Lf, LineEnding::CrLf}) {
        const EncodedInput result = encodeInput(text, format, ending);
        QVERIFY2(result.isValid(), qPrintable(result.error ? result.error->text() : QString()));
        QCOMPARE(result.bytes, expected);
    }

    // What is not JSON is not sent, and the error says where.
    const EncodedInput broken
        = encodeInput(QStringLiteral("{\"\u00e9\": 1,, 2}"), format, LineEnding::Lf);
    QVERIFY(!broken.isValid());
    QVERIFY2(broken.error->text().startsWith(QStringLiteral("not JSON: ")),
             qPrintable(broken.error->text()));
    QVERIFY(broken.error->position >= 7 && broken.error->position <= 9);
    QVERIFY(broken.bytes.isEmpty());
    QCOMPARE(encodeInput(QString(), format, LineEnding::Lf).error->text(),
             QStringLiteral("type a JSON message to send"));
}

QTEST_APPLESS_MAIN(tst_InputEncoding)

#include "tst_inputencoding.moc"

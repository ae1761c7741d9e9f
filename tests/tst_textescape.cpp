#include "codec/textescape.h"

#include <QtCore/QStringDecoder>
#include <QtTest/QTest>

#include <algorithm>

class tst_TextEscape : public QObject
{
    Q_OBJECT

private slots:
    void escapedText_data();
    void escapedText();
    void escapedTextIsValidUtf8_data();
    void escapedTextIsValidUtf8();

    void isValidUtf8_data();
    void isValidUtf8();
    void isValidUtf8AgreesWithQtDecoder();

    void utf8SequenceLength_data();
    void utf8SequenceLength();
};

void tst_TextEscape::escapedText_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("printable ascii") << QByteArrayLiteral("Hello, World! ~{}[]'\"`$%&*()0129")
                                     << QByteArrayLiteral("Hello, World! ~{}[]'\"`$%&*()0129");
    QTest::newRow("space and tilde, the ends of printable")
        << QByteArrayLiteral(" ~") << QByteArrayLiteral(" ~");
    QTest::newRow("newline") << QByteArrayLiteral("a\nb") << QByteArrayLiteral("a\\nb");
    QTest::newRow("carriage return") << QByteArrayLiteral("a\r\n") << QByteArrayLiteral("a\\r\\n");
    QTest::newRow("tab") << QByteArrayLiteral("\tx") << QByteArrayLiteral("\\tx");
    QTest::newRow("backslash") << QByteArrayLiteral("a\\b") << QByteArrayLiteral("a\\\\b");
    QTest::newRow("escape-looking text")
        << QByteArrayLiteral("\\x00") << QByteArrayLiteral("\\\\x00");
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArrayLiteral("a\\x00b");
    QTest::newRow("only NUL") << QByteArray(1, '\0') << QByteArrayLiteral("\\x00");
    QTest::newRow("ESC") << QByteArrayLiteral("\x1b[31mred") << QByteArrayLiteral("\\x1b[31mred");
    QTest::newRow("other C0 controls") << QByteArrayLiteral("\x01\x07\x08\x0b\x0c\x1f")
                                       << QByteArrayLiteral("\\x01\\x07\\x08\\x0b\\x0c\\x1f");
    QTest::newRow("DEL") << QByteArrayLiteral("\x7f") << QByteArrayLiteral("\\x7f");

    // Valid UTF-8 stays as it is.
    QTest::newRow("2-byte e-acute")
        << QByteArrayLiteral("caf\xc3\xa9") << QByteArrayLiteral("caf\xc3\xa9");
    QTest::newRow("2-byte lowest U+0080")
        << QByteArrayLiteral("\xc2\x80") << QByteArrayLiteral("\xc2\x80");
    QTest::newRow("3-byte euro") << QByteArrayLiteral("\xe2\x82\xac 5")
                                 << QByteArrayLiteral("\xe2\x82\xac 5");
    QTest::newRow("3-byte lowest U+0800")
        << QByteArrayLiteral("\xe0\xa0\x80") << QByteArrayLiteral("\xe0\xa0\x80");
    QTest::newRow("3-byte U+FFFF")
        << QByteArrayLiteral("\xef\xbf\xbf") << QByteArrayLiteral("\xef\xbf\xbf");
    QTest::newRow("3-byte after surrogates U+E000")
        << QByteArrayLiteral("\xee\x80\x80") << QByteArrayLiteral("\xee\x80\x80");
    QTest::newRow("4-byte emoji") << QByteArrayLiteral("\xf0\x9f\x98\x80!")
                                  << QByteArrayLiteral("\xf0\x9f\x98\x80!");
    QTest::newRow("4-byte highest U+10FFFF")
        << QByteArrayLiteral("\xf4\x8f\xbf\xbf") << QByteArrayLiteral("\xf4\x8f\xbf\xbf");

    // Invalid bytes are escaped one by one; what follows them is read afresh.
    QTest::newRow("0xff") << QByteArrayLiteral("a\xff"
                                               "b")
                          << QByteArrayLiteral("a\\xffb");
    QTest::newRow("0xfe") << QByteArrayLiteral("\xfe") << QByteArrayLiteral("\\xfe");
    QTest::newRow("lone continuation 0x80")
        << QByteArrayLiteral("\x80") << QByteArrayLiteral("\\x80");
    QTest::newRow("lone continuation 0xbf after text")
        << QByteArrayLiteral("x\xbf") << QByteArrayLiteral("x\\xbf");
    QTest::newRow("truncated 3-byte at the end")
        << QByteArrayLiteral("a\xe2\x82") << QByteArrayLiteral("a\\xe2\\x82");
    QTest::newRow("truncated 4-byte at the end")
        << QByteArrayLiteral("\xf0\x9f\x98") << QByteArrayLiteral("\\xf0\\x9f\\x98");
    QTest::newRow("truncated 2-byte at the end")
        << QByteArrayLiteral("\xc3") << QByteArrayLiteral("\\xc3");
    QTest::newRow("truncated sequence, then a valid one")
        << QByteArrayLiteral("\xe2\x82\xe2\x82\xac") << QByteArrayLiteral("\\xe2\\x82\xe2\x82\xac");
    QTest::newRow("lead byte followed by ascii") << QByteArrayLiteral("\xc3"
                                                                      "A")
                                                 << QByteArrayLiteral("\\xc3A");
    QTest::newRow("overlong C0 80")
        << QByteArrayLiteral("\xc0\x80") << QByteArrayLiteral("\\xc0\\x80");
    QTest::newRow("overlong C1 BF")
        << QByteArrayLiteral("\xc1\xbf") << QByteArrayLiteral("\\xc1\\xbf");
    QTest::newRow("overlong 3-byte E0 80 80")
        << QByteArrayLiteral("\xe0\x80\x80") << QByteArrayLiteral("\\xe0\\x80\\x80");
    QTest::newRow("overlong 4-byte F0 8F BF BF")
        << QByteArrayLiteral("\xf0\x8f\xbf\xbf") << QByteArrayLiteral("\\xf0\\x8f\\xbf\\xbf");
    QTest::newRow("surrogate ED A0 80")
        << QByteArrayLiteral("\xed\xa0\x80") << QByteArrayLiteral("\\xed\\xa0\\x80");
    QTest::newRow("surrogate ED BF BF")
        << QByteArrayLiteral("\xed\xbf\xbf") << QByteArrayLiteral("\\xed\\xbf\\xbf");
    QTest::newRow("beyond U+10FFFF F4 90 80 80")
        << QByteArrayLiteral("\xf4\x90\x80\x80") << QByteArrayLiteral("\\xf4\\x90\\x80\\x80");
    QTest::newRow("F5 lead") << QByteArrayLiteral("\xf5\x80\x80\x80")
                             << QByteArrayLiteral("\\xf5\\x80\\x80\\x80");
    QTest::newRow("mixed") << QByteArray("ok \xc3\xa9\t\0\xff\n", 9)
                           << QByteArrayLiteral("ok \xc3\xa9\\t\\x00\\xff\\n");
}

void tst_TextEscape::escapedText()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QCOMPARE(::escapedText(input), expected);
}

void tst_TextEscape::escapedTextIsValidUtf8_data()
{
    QTest::addColumn<QByteArray>("input");

    QByteArray allBytes;
    for (int i = 0; i < 256; ++i)
        allBytes.append(char(i));
    QTest::newRow("every byte value") << allBytes;
    QByteArray backwards = allBytes;
    std::reverse(backwards.begin(), backwards.end());
    QTest::newRow("every byte value, backwards") << backwards;
    QTest::newRow("cut sequences") << QByteArrayLiteral("\xf0\x9f\xe2\x82\xc3\xed\xa0");
}

// Whatever the input, the result is one line of valid UTF-8 without control characters.
void tst_TextEscape::escapedTextIsValidUtf8()
{
    QFETCH(QByteArray, input);
    const QByteArray escaped = ::escapedText(input);
    QVERIFY(::isValidUtf8(escaped));
    for (const char c : escaped) {
        const auto byte = quint8(c);
        QVERIFY2(byte >= 0x80 || (byte >= 0x20 && byte < 0x7f),
                 qPrintable(QStringLiteral("control byte 0x%1 in the result").arg(byte, 2, 16)));
    }
}

void tst_TextEscape::isValidUtf8_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("valid");

    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("ascii") << QByteArrayLiteral("hello\n") << true;
    QTest::newRow("NUL and controls") << QByteArray("\0\x1b\x7f", 3) << true;
    QTest::newRow("2-byte") << QByteArrayLiteral("\xc3\xa9") << true;
    QTest::newRow("3-byte") << QByteArrayLiteral("\xe2\x82\xac") << true;
    QTest::newRow("4-byte") << QByteArrayLiteral("\xf0\x9f\x98\x80") << true;
    QTest::newRow("U+10FFFF") << QByteArrayLiteral("\xf4\x8f\xbf\xbf") << true;
    QTest::newRow("U+D7FF, just below surrogates") << QByteArrayLiteral("\xed\x9f\xbf") << true;
    QTest::newRow("0xff") << QByteArrayLiteral("abc\xff") << false;
    QTest::newRow("lone continuation") << QByteArrayLiteral("\x80") << false;
    QTest::newRow("truncated at the end") << QByteArrayLiteral("abc\xe2\x82") << false;
    QTest::newRow("truncated in the middle") << QByteArrayLiteral("\xe2\x82 abc") << false;
    QTest::newRow("overlong C0 80") << QByteArrayLiteral("\xc0\x80") << false;
    QTest::newRow("overlong E0 9F BF") << QByteArrayLiteral("\xe0\x9f\xbf") << false;
    QTest::newRow("surrogate ED A0 80") << QByteArrayLiteral("\xed\xa0\x80") << false;
    QTest::newRow("beyond U+10FFFF") << QByteArrayLiteral("\xf4\x90\x80\x80") << false;
    QTest::newRow("one extra continuation") << QByteArrayLiteral("\xc3\xa9\xa9") << false;
}

void tst_TextEscape::isValidUtf8()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, valid);
    QCOMPARE(::isValidUtf8(input), valid);
}

// Qt's own UTF-8 decoder is strict too (no overlongs, surrogates or code points beyond
// U+10FFFF): on every input that starts with any two bytes, both must agree.
void tst_TextEscape::isValidUtf8AgreesWithQtDecoder()
{
    const QByteArray tails[] = {QByteArray(),
                                QByteArrayLiteral("\x80"),
                                QByteArrayLiteral("\x80\x80"),
                                QByteArrayLiteral("\xbf\xbf"),
                                QByteArrayLiteral("\x8f\x80"),
                                QByteArrayLiteral("A")};
    int mismatches = 0;
    QByteArray firstMismatch;
    for (int first = 0; first < 256; ++first) {
        for (int second = -1; second < 256; ++second) {
            QByteArray head(1, char(first));
            if (second >= 0)
                head.append(char(second));
            for (const QByteArray &tail : tails) {
                const QByteArray input = head + tail;
                QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
                const QString decoded = decoder(input);
                Q_UNUSED(decoded)
                if (::isValidUtf8(input) == decoder.hasError()) {
                    if (mismatches++ == 0)
                        firstMismatch = input;
                }
            }
        }
    }
    QVERIFY2(mismatches == 0, qPrintable(QStringLiteral("%1 mismatches, the first on %2")
                                             .arg(mismatches)
                                             .arg(QString::fromLatin1(firstMismatch.toHex(' ')))));
}

void tst_TextEscape::utf8SequenceLength_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("expected");

    QTest::newRow("ascii is not a multi-byte sequence") << QByteArrayLiteral("A\xc3\xa9") << 0;
    QTest::newRow("2-byte") << QByteArrayLiteral("\xc3\xa9") << 2;
    QTest::newRow("2-byte, more follows") << QByteArrayLiteral("\xc3\xa9\xc3\xa9") << 2;
    QTest::newRow("3-byte") << QByteArrayLiteral("\xe2\x82\xac") << 3;
    QTest::newRow("3-byte, more follows") << QByteArrayLiteral("\xe2\x82\xac"
                                                               "abc")
                                          << 3;
    QTest::newRow("4-byte") << QByteArrayLiteral("\xf0\x9f\x98\x80") << 4;
    QTest::newRow("4-byte, more follows") << QByteArrayLiteral("\xf0\x9f\x98\x80\x80") << 4;
    QTest::newRow("continuation byte") << QByteArrayLiteral("\x80\x80") << 0;
    QTest::newRow("0xff") << QByteArrayLiteral("\xff\x80\x80\x80") << 0;
    QTest::newRow("truncated 2-byte") << QByteArrayLiteral("\xc3") << 0;
    QTest::newRow("truncated 3-byte") << QByteArrayLiteral("\xe2\x82") << 0;
    QTest::newRow("truncated 4-byte") << QByteArrayLiteral("\xf0\x9f\x98") << 0;
    QTest::newRow("3-byte with a non-continuation third byte") << QByteArrayLiteral("\xe2\x82"
                                                                                    "A")
                                                               << 0;
    QTest::newRow("overlong C0 80") << QByteArrayLiteral("\xc0\x80") << 0;
    QTest::newRow("overlong E0 80 80") << QByteArrayLiteral("\xe0\x80\x80") << 0;
    QTest::newRow("overlong F0 80 80 80") << QByteArrayLiteral("\xf0\x80\x80\x80") << 0;
    QTest::newRow("surrogate ED A0 80") << QByteArrayLiteral("\xed\xa0\x80") << 0;
    QTest::newRow("beyond U+10FFFF") << QByteArrayLiteral("\xf4\x90\x80\x80") << 0;
    QTest::newRow("F5 lead") << QByteArrayLiteral("\xf5\x80\x80\x80") << 0;
}

void tst_TextEscape::utf8SequenceLength()
{
    QFETCH(QByteArray, input);
    QFETCH(int, expected);
    QCOMPARE(::utf8SequenceLength(input.constData(), input.size()), expected);

    // Only the first `size` bytes count: the same bytes, one short, never make a sequence.
    if (expected > 0)
        QCOMPARE(::utf8SequenceLength(input.constData(), expected - 1), 0);
}

QTEST_APPLESS_MAIN(tst_TextEscape)

#include "tst_textescape.moc"

#include "search/searchpattern.h"

#include <QtTest/QTest>

Q_DECLARE_METATYPE(SearchMode)

namespace {

QString latin1(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes);
}

} // namespace

class TestSearchPattern : public QObject
{
    Q_OBJECT

private slots:
    void literal_data();
    void literal();
    void errors_data();
    void errors();
    void empty_data();
    void empty();
    void regularExpression_data();
    void regularExpression();
    void maxMatchLength();
};

void TestSearchPattern::literal_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<SearchMode>("mode");
    QTest::addColumn<Qt::CaseSensitivity>("caseSensitivity");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Qt::CaseSensitivity>("effectiveCase");

    const auto cs = Qt::CaseSensitive;
    const auto ci = Qt::CaseInsensitive;
    QTest::newRow("text") << QStringLiteral("Hello") << SearchMode::Text << cs
                          << QByteArrayLiteral("Hello") << cs;
    QTest::newRow("text, case-insensitive")
        << QStringLiteral("Hello") << SearchMode::Text << ci << QByteArrayLiteral("Hello") << ci;
    QTest::newRow("text, spaces kept")
        << QStringLiteral(" a b ") << SearchMode::Text << cs << QByteArrayLiteral(" a b ") << cs;
    QTest::newRow("text, UTF-8") << QStringLiteral("Grüße €") << SearchMode::Text << cs
                                 << QByteArray("Gr\xc3\xbc\xc3\x9f"
                                               "e \xe2\x82\xac")
                                 << cs;
    QTest::newRow("text, hex-looking")
        << QStringLiteral("de ad") << SearchMode::Text << cs << QByteArrayLiteral("de ad") << cs;
    // As the timeline shows bytes: "ready\n" finds the newline, "\x1b[" an escape sequence.
    QTest::newRow("escaped, as shown")
        << QStringLiteral("ready\\n") << SearchMode::Escaped << cs << QByteArray("ready\n") << cs;
    QTest::newRow("escaped, hex and NUL") << QStringLiteral("\\x1b[\\0") << SearchMode::Escaped
                                          << cs << QByteArray("\x1b[\0", 3) << cs;
    QTest::newRow("escaped, case-insensitive")
        << QStringLiteral("Ok\\r\\n") << SearchMode::Escaped << ci << QByteArray("Ok\r\n") << ci;
    QTest::newRow("hex, spaced") << QStringLiteral("de ad be ef") << SearchMode::Hex << cs
                                 << QByteArray("\xde\xad\xbe\xef") << cs;
    QTest::newRow("hex, packed") << QStringLiteral("deadbeef") << SearchMode::Hex << cs
                                 << QByteArray("\xde\xad\xbe\xef") << cs;
    QTest::newRow("hex, words") << QStringLiteral("dead beef") << SearchMode::Hex << cs
                                << QByteArray("\xde\xad\xbe\xef") << cs;
    QTest::newRow("hex, 0x") << QStringLiteral("0xde 0xad") << SearchMode::Hex << cs
                             << QByteArray("\xde\xad") << cs;
    QTest::newRow("hex, 0X and commas") << QStringLiteral("0XDE,0xAd, 00") << SearchMode::Hex << cs
                                        << QByteArray("\xde\xad\x00", 3) << cs;
    QTest::newRow("hex, 0x word") << QStringLiteral("0xdead") << SearchMode::Hex << cs
                                  << QByteArray("\xde\xad") << cs;
    QTest::newRow("hex, tabs and newlines")
        << QStringLiteral("\t0a\n0d  ") << SearchMode::Hex << cs << QByteArray("\n\r") << cs;
    QTest::newRow("hex, NUL") << QStringLiteral("00") << SearchMode::Hex << cs
                              << QByteArray(1, '\0') << cs;
    QTest::newRow("hex ignores the case flag")
        << QStringLiteral("41") << SearchMode::Hex << ci << QByteArrayLiteral("A") << cs;
}

void TestSearchPattern::literal()
{
    QFETCH(QString, input);
    QFETCH(SearchMode, mode);
    QFETCH(Qt::CaseSensitivity, caseSensitivity);
    QFETCH(QByteArray, bytes);
    QFETCH(Qt::CaseSensitivity, effectiveCase);

    std::optional<ParseError> error = ParseError{QStringLiteral("stale"), 0};
    const std::optional<SearchPattern> pattern
        = SearchPattern::parse(input, mode, caseSensitivity, &error);
    QVERIFY2(pattern.has_value(), qPrintable(error ? error->text() : QString()));
    QVERIFY(!error);
    QCOMPARE(pattern->mode(), mode);
    QVERIFY(pattern->isLiteral());
    QCOMPARE(pattern->bytes(), bytes);
    QCOMPARE(pattern->caseSensitivity(), effectiveCase);
    QCOMPARE(pattern->maxMatchLength(), bytes.size());
}

void TestSearchPattern::errors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<SearchMode>("mode");
    QTest::addColumn<QString>("error"); // exact, or Qt's message and then the rest ("...")

    QTest::newRow("escaped, bad hex escape")
        << QStringLiteral("ab\\xg") << SearchMode::Escaped
        << QStringLiteral("\\x without hex digits at column 3");
    QTest::newRow("hex, odd")
        << QStringLiteral("dea") << SearchMode::Hex
        << QStringLiteral("odd number of hex digits in 'dea' (a byte is two digits) at column 1");
    QTest::newRow("hex, odd second group")
        << QStringLiteral("de a") << SearchMode::Hex
        << QStringLiteral("odd number of hex digits in 'a' (a byte is two digits) at column 4");
    QTest::newRow("hex, single digits")
        << QStringLiteral("d e") << SearchMode::Hex
        << QStringLiteral("odd number of hex digits in 'd' (a byte is two digits) at column 1");
    QTest::newRow("hex, odd after 0x")
        << QStringLiteral("  0xabc") << SearchMode::Hex
        << QStringLiteral("odd number of hex digits in '0xabc' (a byte is two digits) at column 3");
    QTest::newRow("hex, not a digit") << QStringLiteral("dg") << SearchMode::Hex
                                      << QStringLiteral("'g' is not a hex digit at column 2");
    QTest::newRow("hex, dash") << QStringLiteral("de-ad") << SearchMode::Hex
                               << QStringLiteral("'-' is not a hex digit at column 3");
    QTest::newRow("hex, 0x glued") << QStringLiteral("0xde0xad") << SearchMode::Hex
                                   << QStringLiteral("'x' is not a hex digit at column 6");
    QTest::newRow("hex, non-ASCII") << QStringLiteral("aa é") << SearchMode::Hex
                                    << QStringLiteral("'é' is not a hex digit at column 4");
    QTest::newRow("hex, 0x alone") << QStringLiteral("de 0x") << SearchMode::Hex
                                   << QStringLiteral("'0x' without hex digits at column 4");
    QTest::newRow("regex, open group") << QStringLiteral("ab(c") << SearchMode::RegularExpression
                                       << QStringLiteral("... at column 5");
    QTest::newRow("regex, stray paren") << QStringLiteral("ab)") << SearchMode::RegularExpression
                                        << QStringLiteral("... at column 3");
    QTest::newRow("regex, bad quantifier")
        << QStringLiteral("a{2,1}") << SearchMode::RegularExpression
        << QStringLiteral("... at column 6");
    // The rewritten pattern is longer than the input: positions still name the user's character.
    QTest::newRow("regex, error after non-ASCII")
        << QStringLiteral("éé(x") << SearchMode::RegularExpression
        << QStringLiteral("... at column 5");
    QTest::newRow("regex, non-ASCII in class")
        << QStringLiteral("a[xé]") << SearchMode::RegularExpression
        << QStringLiteral(
               "'é' inside [...]: a class matches one byte, write (?:é|...) at column 4");
}

void TestSearchPattern::errors()
{
    QFETCH(QString, input);
    QFETCH(SearchMode, mode);
    QFETCH(QString, error);

    for (const Qt::CaseSensitivity cs : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        std::optional<ParseError> parseError;
        QVERIFY(!SearchPattern::parse(input, mode, cs, &parseError).has_value());
        QVERIFY(parseError);
        const QString actual = parseError->text();
        QVERIFY(!actual.contains(u'\n'));
        if (error.startsWith(QLatin1String("..."))) {
            const QString suffix = error.mid(3);
            QVERIFY2(actual.endsWith(suffix), qPrintable(actual));
            QVERIFY2(actual.size() > suffix.size() + 3, qPrintable(actual)); // with Qt's message
        } else {
            QCOMPARE(actual, error);
        }
        QVERIFY(!SearchPattern::parse(input, mode, cs).has_value()); // without an error string
    }
}

void TestSearchPattern::empty_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<SearchMode>("mode");

    QTest::newRow("text") << QString() << SearchMode::Text;
    QTest::newRow("text, empty not null") << QStringLiteral("") << SearchMode::Text;
    QTest::newRow("escaped") << QString() << SearchMode::Escaped;
    QTest::newRow("hex") << QString() << SearchMode::Hex;
    QTest::newRow("hex, separators only") << QStringLiteral(" ,\t ") << SearchMode::Hex;
    QTest::newRow("regex") << QString() << SearchMode::RegularExpression;
}

void TestSearchPattern::empty()
{
    QFETCH(QString, input);
    QFETCH(SearchMode, mode);

    std::optional<ParseError> error = ParseError{QStringLiteral("stale"), 0};
    QVERIFY(!SearchPattern::parse(input, mode, Qt::CaseInsensitive, &error).has_value());
    QVERIFY(!error);
}

void TestSearchPattern::regularExpression_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<Qt::CaseSensitivity>("caseSensitivity");
    QTest::addColumn<QString>("rewritten");
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<int>("matchStart"); // first match in subject, -1 for none
    QTest::addColumn<int>("matchLength");

    const auto cs = Qt::CaseSensitive;
    const auto ci = Qt::CaseInsensitive;
    QTest::newRow("plain") << QStringLiteral("fo+") << cs << QStringLiteral("fo+")
                           << QByteArrayLiteral("xfooo") << 1 << 4;
    QTest::newRow("case-sensitive") << QStringLiteral("foo") << cs << QStringLiteral("foo")
                                    << QByteArrayLiteral("FOO") << -1 << 0;
    QTest::newRow("case-insensitive") << QStringLiteral("foo") << ci << QStringLiteral("foo")
                                      << QByteArrayLiteral("xFoO") << 1 << 3;
    QTest::newRow("byte escape") << QStringLiteral("\\x00\\xff") << cs
                                 << QStringLiteral("\\x00\\xff") << QByteArray("a\0\xff", 3) << 1
                                 << 2;
    QTest::newRow("dot is any byte but newline")
        << QStringLiteral("a.c") << cs << QStringLiteral("a.c")
        << QByteArray("a\nc a\x80"
                      "c")
        << 4 << 3;
    QTest::newRow("multiline anchors") << QStringLiteral("^bar$") << cs << QStringLiteral("^bar$")
                                       << QByteArrayLiteral("foo\nbar\nbaz") << 4 << 3;
    // \w is ASCII: the bytes of "é" are not word characters, so "éxé" holds the word "x".
    QTest::newRow("word boundary is ASCII")
        << QStringLiteral("\\bx\\b") << cs << QStringLiteral("\\bx\\b")
        << QByteArray("ax \xc3\xa9x\xc3\xa9") << 5 << 1;
    QTest::newRow("non-ASCII is its UTF-8 bytes")
        << QStringLiteral("é+") << cs << latin1("(?:\xc3\xa9)+")
        << QByteArray("caf\xc3\xa9\xc3\xa9!") << 3 << 4;
    QTest::newRow("non-ASCII, case-insensitive")
        << QStringLiteral("É") << ci << latin1("(?-i:\xc3\x89)") << QByteArray("\xc3\xa9 \xc3\x89")
        << 3 << 2;
    QTest::newRow("non-ASCII, not its Latin-1 byte")
        << QStringLiteral("é") << cs << latin1("(?:\xc3\xa9)") << QByteArray("caf\xe9") << -1 << 0;
    QTest::newRow("astral character") << QStringLiteral("😀") << cs << latin1("(?:\xf0\x9f\x98\x80)")
                                      << QByteArray("a\xf0\x9f\x98\x80") << 1 << 4;
    QTest::newRow("escaped non-ASCII") << QStringLiteral("\\é") << cs << latin1("(?:\xc3\xa9)")
                                       << QByteArray("\xc3\xa9") << 0 << 2;
    QTest::newRow("class, leading bracket") << QStringLiteral("[]é]") << cs << QString() // error
                                            << QByteArray() << -1 << 0;
    QTest::newRow("class, then non-ASCII")
        << QStringLiteral("[]a]é") << cs << latin1("[]a](?:\xc3\xa9)") << QByteArray("]\xc3\xa9")
        << 0 << 3;
    QTest::newRow("posix class") << QStringLiteral("[[:digit:]]+é") << cs
                                 << latin1("[[:digit:]]+(?:\xc3\xa9)") << QByteArray("x12\xc3\xa9")
                                 << 1 << 4;
    QTest::newRow("quoted") << QStringLiteral("\\Qa+é\\E") << cs << latin1("\\Qa+\xc3\xa9\\E")
                            << QByteArray("aa+\xc3\xa9") << 1 << 4;
    QTest::newRow("comment") << QStringLiteral("a(?#é)b") << cs << QStringLiteral("a(?#é)b")
                             << QByteArrayLiteral("ab") << 0 << 2;
    QTest::newRow("backreference") << QStringLiteral("(.)\\1") << cs << QStringLiteral("(.)\\1")
                                   << QByteArrayLiteral("abccd") << 2 << 2;
}

void TestSearchPattern::regularExpression()
{
    QFETCH(QString, input);
    QFETCH(Qt::CaseSensitivity, caseSensitivity);
    QFETCH(QString, rewritten);
    QFETCH(QByteArray, subject);
    QFETCH(int, matchStart);
    QFETCH(int, matchLength);

    std::optional<ParseError> error;
    const std::optional<SearchPattern> pattern
        = SearchPattern::parse(input, SearchMode::RegularExpression, caseSensitivity, &error);
    if (rewritten.isNull()) {
        QVERIFY(!pattern.has_value());
        QVERIFY(error);
        return;
    }
    QVERIFY2(pattern.has_value(), qPrintable(error->text()));
    QVERIFY(!error);
    QCOMPARE(pattern->mode(), SearchMode::RegularExpression);
    QVERIFY(!pattern->isLiteral());
    QCOMPARE(pattern->caseSensitivity(), caseSensitivity);
    QVERIFY(pattern->bytes().isEmpty());
    QCOMPARE(pattern->maxMatchLength(), SearchPattern::defaultMaxMatchLength);
    const QRegularExpression expression = pattern->regularExpression();
    QCOMPARE(expression.pattern(), rewritten);
    const QRegularExpressionMatch match = expression.match(QString::fromLatin1(subject));
    QCOMPARE(match.hasMatch() ? int(match.capturedStart()) : -1, matchStart);
    if (matchStart >= 0)
        QCOMPARE(int(match.capturedLength()), matchLength);
}

void TestSearchPattern::maxMatchLength()
{
    std::optional<SearchPattern> expression = SearchPattern::parse(
        QStringLiteral("a+"), SearchMode::RegularExpression, Qt::CaseSensitive);
    QVERIFY(expression.has_value());
    expression->setMaxMatchLength(8);
    QCOMPARE(expression->maxMatchLength(), 8);
    expression->setMaxMatchLength(0);
    QCOMPARE(expression->maxMatchLength(), 1);

    std::optional<SearchPattern> text
        = SearchPattern::parse(QStringLiteral("abc"), SearchMode::Text, Qt::CaseSensitive);
    QVERIFY(text.has_value());
    text->setMaxMatchLength(100);
    QCOMPARE(text->maxMatchLength(), 3);
}

QTEST_GUILESS_MAIN(TestSearchPattern)
#include "tst_searchpattern.moc"

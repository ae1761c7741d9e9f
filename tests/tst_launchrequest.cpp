#include "capture/sessionevent.h"
#include "codec/shellwords.h"
#include "relay/launchrequest.h"

#include <QtTest/QTest>

Q_DECLARE_METATYPE(LaunchRequest)

namespace {

LaunchRequest fullRequest()
{
    LaunchRequest request;
    request.program = QStringLiteral("/usr/bin/clangd");
    request.arguments = {QStringLiteral("--log=verbose"), QStringLiteral("a b"), QString(),
                         QStringLiteral("caf\u00e9 'q' \"x\"")};
    request.workingDirectory = QStringLiteral("/home/user/project dir");
    request.environment = {QStringLiteral("CLANGD_FLAGS=-j=4"), QStringLiteral("EMPTY=")};
    return request;
}

LaunchRequest numbered(int n)
{
    LaunchRequest request;
    request.program = QStringLiteral("prog%1").arg(n);
    return request;
}

} // namespace

class tst_LaunchRequest : public QObject
{
    Q_OBJECT

private slots:
    void splitCommandLine_data();
    void splitCommandLine();
    void splitCommandLineErrors_data();
    void splitCommandLineErrors();
    void splitCommandLineClearsError();
    void roundTripWithJoinedCommandLine_data();
    void roundTripWithJoinedCommandLine();
    void variantMapRoundTrip_data();
    void variantMapRoundTrip();
    void environmentValuesAreNotKept();
    void fromVariantMapRejects_data();
    void fromVariantMapRejects();
    void equality();
    void displayText_data();
    void displayText();
    void validateEnvironmentEntry_data();
    void validateEnvironmentEntry();
    void historyWith_data();
    void historyWith();
};

void tst_LaunchRequest::splitCommandLine_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("words");

    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("only blanks") << QStringLiteral(" \t  \n ") << QStringList();
    QTest::newRow("one word") << QStringLiteral("--verbose")
                              << QStringList{QStringLiteral("--verbose")};
    QTest::newRow("plain") << QStringLiteral(
        "a b c") << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    QTest::newRow("multiple spaces")
        << QStringLiteral("  a   b  ") << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("tabs and line breaks")
        << QStringLiteral("a\tb\t\tc\nd\r\ne")
        << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                       QStringLiteral("d"), QStringLiteral("e")};
    QTest::newRow("single quotes")
        << QStringLiteral("'a b' c") << QStringList{QStringLiteral("a b"), QStringLiteral("c")};
    QTest::newRow("single quotes keep backslashes and double quotes")
        << QStringLiteral(R"('a\b "c" \' )") << QStringList{QStringLiteral(R"(a\b "c" \)")};
    QTest::newRow("single quotes keep dollar and backtick")
        << QStringLiteral("'$HOME `x`'") << QStringList{QStringLiteral("$HOME `x`")};
    QTest::newRow("double quotes")
        << QStringLiteral(R"("a b" c)") << QStringList{QStringLiteral("a b"), QStringLiteral("c")};
    QTest::newRow("double quotes escape quote and backslash")
        << QStringLiteral(R"("say \"hi\" \\ there")")
        << QStringList{QStringLiteral(R"(say "hi" \ there)")};
    QTest::newRow("double quotes escape dollar and backtick")
        << QStringLiteral(R"("\$HOME \`x\`")") << QStringList{QStringLiteral("$HOME `x`")};
    QTest::newRow("double quotes keep other backslashes")
        << QStringLiteral(R"("a\nb\'c\d")") << QStringList{QStringLiteral(R"(a\nb\'c\d)")};
    QTest::newRow("double quotes drop an escaped line break")
        << QStringLiteral("\"a\\\nb\"") << QStringList{QStringLiteral("ab")};
    QTest::newRow("double quotes keep a line break")
        << QStringLiteral("\"a\nb\"") << QStringList{QStringLiteral("a\nb")};
    QTest::newRow("double quotes keep single quotes")
        << QStringLiteral(R"("it's")") << QStringList{QStringLiteral("it's")};
    QTest::newRow("double quotes keep dollar")
        << QStringLiteral(R"("$HOME")") << QStringList{QStringLiteral("$HOME")};
    QTest::newRow("backslash escapes a space")
        << QStringLiteral(R"(a\ b c)") << QStringList{QStringLiteral("a b"), QStringLiteral("c")};
    QTest::newRow("backslash escapes quotes")
        << QStringLiteral(R"(\"a\' \\)")
        << QStringList{QStringLiteral(R"("a')"), QStringLiteral(R"(\)")};
    QTest::newRow("backslash escapes a letter")
        << QStringLiteral(R"(\n\t)") << QStringList{QStringLiteral("nt")};
    QTest::newRow("escaped line break disappears")
        << QStringLiteral("a\\\nb \\\n c")
        << QStringList{QStringLiteral("ab"), QStringLiteral("c")};
    QTest::newRow("escaped line break alone") << QStringLiteral("\\\n") << QStringList();
    QTest::newRow("joined parts") << QStringLiteral(R"(a"b"'c')")
                                  << QStringList{QStringLiteral("abc")};
    QTest::newRow("joined parts with blanks inside")
        << QStringLiteral(R"(--name="a b"'c d'\ e)")
        << QStringList{QStringLiteral("--name=a bc d e")};
    QTest::newRow("quoted quote") << QStringLiteral(R"('it'\''s')")
                                  << QStringList{QStringLiteral("it's")};
    QTest::newRow("empty double quotes") << QStringLiteral(R"("")") << QStringList{QString()};
    QTest::newRow("empty single quotes") << QStringLiteral("''") << QStringList{QString()};
    QTest::newRow("empty arguments between words")
        << QStringLiteral(R"(a "" '' b)")
        << QStringList{QStringLiteral("a"), QString(), QString(), QStringLiteral("b")};
    QTest::newRow("empty quotes join a word")
        << QStringLiteral(R"(a""b '')") << QStringList{QStringLiteral("ab"), QString()};
    QTest::newRow("no expansion") << QStringLiteral("$HOME ~ *.txt `ls` $(ls) a;b | c")
                                  << QStringList{QStringLiteral("$HOME"), QStringLiteral("~"),
                                                 QStringLiteral("*.txt"), QStringLiteral("`ls`"),
                                                 QStringLiteral("$(ls)"), QStringLiteral("a;b"),
                                                 QStringLiteral("|"),     QStringLiteral("c")};
    QTest::newRow("unicode") << QStringLiteral("caf\u00e9 '\u65e5\u672c' \"\U0001F600 x\"")
                             << QStringList{QStringLiteral("caf\u00e9"),
                                            QStringLiteral("\u65e5\u672c"),
                                            QStringLiteral("\U0001F600 x")};
    QTest::newRow("non-breaking space is not a blank")
        << QStringLiteral("a\u00a0b") << QStringList{QStringLiteral("a\u00a0b")};
}

void tst_LaunchRequest::splitCommandLine()
{
    QFETCH(QString, text);
    QFETCH(QStringList, words);

    QString error = QStringLiteral("not cleared");
    QCOMPARE(::splitCommandLine(text, &error), words);
    QCOMPARE(error, QString());
    QCOMPARE(::splitCommandLine(text), words); // without an error pointer
}

void tst_LaunchRequest::splitCommandLineErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");

    QTest::newRow("unterminated single quote")
        << QStringLiteral("a 'b c")
        << QStringLiteral("unterminated single quote (opened at column 3)");
    QTest::newRow("unterminated single quote alone")
        << QStringLiteral("'") << QStringLiteral("unterminated single quote (opened at column 1)");
    QTest::newRow("unterminated double quote")
        << QStringLiteral("ab \"cd")
        << QStringLiteral("unterminated double quote (opened at column 4)");
    QTest::newRow("double quote ending in an escaped quote")
        << QStringLiteral(R"("a\")")
        << QStringLiteral("unterminated double quote (opened at column 1)");
    QTest::newRow("double quote ending in a backslash")
        << QStringLiteral(R"(x "a\)")
        << QStringLiteral("unterminated double quote (opened at column 3)");
    QTest::newRow("second quote unterminated")
        << QStringLiteral(R"('a' "b" 'c)")
        << QStringLiteral("unterminated single quote (opened at column 9)");
    QTest::newRow("column counts characters, not UTF-16 units")
        << QStringLiteral("\U0001F600 '")
        << QStringLiteral("unterminated single quote (opened at column 3)");
    QTest::newRow("trailing backslash")
        << QStringLiteral(R"(a b\)") << QStringLiteral("backslash at column 4 escapes nothing");
    QTest::newRow("backslash alone")
        << QStringLiteral(R"(\)") << QStringLiteral("backslash at column 1 escapes nothing");
}

void tst_LaunchRequest::splitCommandLineErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, error);

    QString actualError;
    QCOMPARE(::splitCommandLine(text, &actualError), QStringList());
    QCOMPARE(actualError, error);
    QVERIFY(!actualError.contains(u'\n'));
    QCOMPARE(::splitCommandLine(text), QStringList()); // without an error pointer
}

void tst_LaunchRequest::splitCommandLineClearsError()
{
    QString error;
    ::splitCommandLine(QStringLiteral("'"), &error);
    QVERIFY(!error.isEmpty());
    ::splitCommandLine(QStringLiteral("a"), &error);
    QCOMPARE(error, QString());
}

void tst_LaunchRequest::roundTripWithJoinedCommandLine_data()
{
    QTest::addColumn<QStringList>("arguments");

    QTest::newRow("none") << QStringList();
    QTest::newRow("plain") << QStringList{QStringLiteral("clangd"),
                                          QStringLiteral("--log=verbose")};
    QTest::newRow("empty") << QStringList{QString()};
    QTest::newRow("empties") << QStringList{QString(), QStringLiteral("a"), QString()};
    QTest::newRow("blanks") << QStringList{QStringLiteral("a b"), QStringLiteral(" "),
                                           QStringLiteral("  lead"), QStringLiteral("trail  ")};
    QTest::newRow("quotes") << QStringList{QStringLiteral("it's"), QStringLiteral("\"q\""),
                                           QStringLiteral("''"), QStringLiteral("'\"'\"")};
    QTest::newRow("backslashes") << QStringList{QStringLiteral(R"(\)"), QStringLiteral(R"(a\b)"),
                                                QStringLiteral(R"(\\)"), QStringLiteral(R"(\')")};
    QTest::newRow("shell characters")
        << QStringList{QStringLiteral("$HOME"), QStringLiteral("`ls`"), QStringLiteral("a;b"),
                       QStringLiteral("*"),     QStringLiteral("~"),    QStringLiteral("#x"),
                       QStringLiteral("a|b&c"), QStringLiteral("(x)"),  QStringLiteral("<in>")};
    QTest::newRow("unicode") << QStringList{
        QStringLiteral("caf\u00e9"), QStringLiteral("\u65e5 \u672c"), QStringLiteral("\U0001F600"),
        QStringLiteral("a\u00a0b")};
}

void tst_LaunchRequest::roundTripWithJoinedCommandLine()
{
    QFETCH(QStringList, arguments);

    const QString joined = joinedCommandLine(arguments);
    QString error;
    QCOMPARE(::splitCommandLine(joined, &error), arguments);
    QCOMPARE(error, QString());
}

void tst_LaunchRequest::variantMapRoundTrip_data()
{
    QTest::addColumn<LaunchRequest>("request");

    QTest::newRow("full") << fullRequest();
    LaunchRequest programOnly;
    programOnly.program = QStringLiteral("cat");
    QTest::newRow("program only") << programOnly;
    LaunchRequest emptyArgument = programOnly;
    emptyArgument.arguments = {QString()};
    QTest::newRow("one empty argument") << emptyArgument;
}

void tst_LaunchRequest::variantMapRoundTrip()
{
    QFETCH(LaunchRequest, request);

    // The history keeps environment variables by name: values are often secrets.
    const LaunchRequest kept = request.withoutEnvironmentValues();
    const QVariantMap map = request.toVariantMap();
    const std::optional<LaunchRequest> back = LaunchRequest::fromVariantMap(map);
    QVERIFY(back);
    QCOMPARE(*back, kept);
    QCOMPARE(map.value(QStringLiteral("program")).toString(), request.program);
    QVERIFY(!map.contains(QStringLiteral("environment")));
    QCOMPARE(map.value(QStringLiteral("environmentNames")).toStringList(),
             request.environmentNames());

    // Through QVariant as QSettings keeps it.
    const QVariant stored = QVariantList{map};
    const auto fromStored = LaunchRequest::fromVariantMap(stored.toList().first().toMap());
    QVERIFY(fromStored);
    QCOMPARE(*fromStored, kept);
}

void tst_LaunchRequest::environmentValuesAreNotKept()
{
    const LaunchRequest request = fullRequest();
    QCOMPARE(request.environmentNames(),
             QStringList({QStringLiteral("CLANGD_FLAGS"), QStringLiteral("EMPTY")}));
    QCOMPARE(request.withoutEnvironmentValues().environment,
             QStringList({QStringLiteral("CLANGD_FLAGS="), QStringLiteral("EMPTY=")}));
    // An earlier version stored NAME=VALUE entries: they are read back without the values.
    QVariantMap legacy;
    legacy.insert(QStringLiteral("program"), QStringLiteral("server"));
    legacy.insert(QStringLiteral("environment"),
                  QStringList({QStringLiteral("TOKEN=s3cret"), QStringLiteral("DEBUG=1")}));
    const auto back = LaunchRequest::fromVariantMap(legacy);
    QVERIFY(back);
    QCOMPARE(back->environment, QStringList({QStringLiteral("TOKEN="), QStringLiteral("DEBUG=")}));
    QVERIFY(!back->toVariantMap().contains(QStringLiteral("environment")));
}

void tst_LaunchRequest::fromVariantMapRejects_data()
{
    QTest::addColumn<QVariantMap>("map");

    QTest::newRow("empty map") << QVariantMap();
    QTest::newRow("empty program")
        << QVariantMap{{QStringLiteral("program"), QString()},
                       {QStringLiteral("arguments"), QStringList{QStringLiteral("a")}}};
    QTest::newRow("no program") << QVariantMap{
        {QStringLiteral("arguments"), QStringList{QStringLiteral("a")}}};
}

void tst_LaunchRequest::fromVariantMapRejects()
{
    QFETCH(QVariantMap, map);
    QVERIFY(!LaunchRequest::fromVariantMap(map));
}

void tst_LaunchRequest::equality()
{
    const LaunchRequest request = fullRequest();
    QVERIFY(request == fullRequest());
    QVERIFY(!(request != fullRequest()));

    LaunchRequest other = request;
    other.program += u'x';
    QVERIFY(request != other);
    other = request;
    other.arguments.removeLast();
    QVERIFY(request != other);
    other = request;
    other.workingDirectory.clear();
    QVERIFY(request != other);
    other = request;
    other.environment.append(QStringLiteral("X=1"));
    QVERIFY(request != other);
}

void tst_LaunchRequest::displayText_data()
{
    QTest::addColumn<LaunchRequest>("request");
    QTest::addColumn<QString>("text");

    LaunchRequest plain;
    plain.program = QStringLiteral("clangd");
    plain.arguments = {QStringLiteral("--log=verbose")};
    QTest::newRow("plain") << plain << QStringLiteral("clangd --log=verbose");

    LaunchRequest programOnly;
    programOnly.program = QStringLiteral("cat");
    QTest::newRow("program only") << programOnly << QStringLiteral("cat");

    LaunchRequest quoted;
    quoted.program = QStringLiteral("/opt/my tools/server");
    quoted.arguments = {QStringLiteral("a b"), QString(), QStringLiteral("it's")};
    QTest::newRow("quoted") << quoted
                            << QStringLiteral(R"('/opt/my tools/server' 'a b' '' 'it'\''s')");

    LaunchRequest inDirectory = plain;
    inDirectory.workingDirectory = QStringLiteral("/home/user/project dir");
    inDirectory.environment = {QStringLiteral("SECRET=hidden")};
    QTest::newRow("working directory, environment left out")
        << inDirectory << QStringLiteral("clangd --log=verbose (in /home/user/project dir)");
}

void tst_LaunchRequest::displayText()
{
    QFETCH(LaunchRequest, request);
    QFETCH(QString, text);

    QCOMPARE(request.displayText(), text);
    QVERIFY(!request.displayText().contains(u'\n'));
}

void tst_LaunchRequest::validateEnvironmentEntry_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("error"); // empty: valid

    QTest::newRow("simple") << QStringLiteral("FOO=bar") << QString();
    QTest::newRow("empty value") << QStringLiteral("FOO=") << QString();
    QTest::newRow("underscore and digits") << QStringLiteral("_a_9Z=1") << QString();
    QTest::newRow("single underscore") << QStringLiteral("_=x") << QString();
    QTest::newRow("equals in value") << QStringLiteral("OPTS=a=b==c") << QString();
    QTest::newRow("blanks and quotes in value")
        << QStringLiteral("MSG= 'hello world' \"x\" ") << QString();
    QTest::newRow("unicode value") << QStringLiteral("NAME=caf\u00e9 \U0001F600") << QString();

    QTest::newRow("no equals") << QStringLiteral("FOO")
                               << QStringLiteral(R"("FOO" is not NAME=VALUE)");
    QTest::newRow("empty line") << QString() << QStringLiteral(R"("" is not NAME=VALUE)");
    QTest::newRow("no name") << QStringLiteral("=bar")
                             << QStringLiteral("the name before '=' is missing");
    const QString badName = QStringLiteral(
        "\"%1\" is not a valid variable name (letters, digits and _, not starting with a digit)");
    QTest::newRow("leading digit")
        << QStringLiteral("1FOO=x") << badName.arg(QStringLiteral("1FOO"));
    QTest::newRow("dash") << QStringLiteral("MY-VAR=x") << badName.arg(QStringLiteral("MY-VAR"));
    QTest::newRow("dot") << QStringLiteral("a.b=x") << badName.arg(QStringLiteral("a.b"));
    QTest::newRow("space in name")
        << QStringLiteral("MY VAR=x") << badName.arg(QStringLiteral("MY VAR"));
    QTest::newRow("leading space")
        << QStringLiteral(" FOO=x") << badName.arg(QStringLiteral(" FOO"));
    QTest::newRow("space before equals")
        << QStringLiteral("FOO =x") << badName.arg(QStringLiteral("FOO "));
    QTest::newRow("non-ASCII letter")
        << QStringLiteral("CAF\u00c9=x") << badName.arg(QStringLiteral("CAF\u00c9"));
    QTest::newRow("line break in value")
        << QStringLiteral("FOO=a\nb") << QStringLiteral("the value of FOO holds a line break");
    QTest::newRow("NUL in value") << QStringLiteral("FOO=a") + QChar(u'\0') + QStringLiteral("b")
                                  << QStringLiteral("the value of FOO holds a NUL character");
}

void tst_LaunchRequest::validateEnvironmentEntry()
{
    QFETCH(QString, line);
    QFETCH(QString, error);

    QCOMPARE(::validateEnvironmentEntry(line), error);
}

void tst_LaunchRequest::historyWith_data()
{
    QTest::addColumn<QList<LaunchRequest>>("history");
    QTest::addColumn<LaunchRequest>("request");
    QTest::addColumn<int>("maxSize");
    QTest::addColumn<QList<LaunchRequest>>("expected");

    QTest::newRow("empty") << QList<LaunchRequest>() << numbered(1) << 20
                           << QList<LaunchRequest>{numbered(1)};
    QTest::newRow("new goes in front")
        << QList<LaunchRequest>{numbered(1), numbered(2)} << numbered(3) << 20
        << QList<LaunchRequest>{numbered(3), numbered(1), numbered(2)};
    QTest::newRow("already first") << QList<LaunchRequest>{numbered(1), numbered(2)} << numbered(1)
                                   << 20 << QList<LaunchRequest>{numbered(1), numbered(2)};
    QTest::newRow("duplicate moves to front")
        << QList<LaunchRequest>{numbered(1), numbered(2), numbered(3)} << numbered(3) << 20
        << QList<LaunchRequest>{numbered(3), numbered(1), numbered(2)};
    QTest::newRow("cut to size") << QList<LaunchRequest>{numbered(1), numbered(2), numbered(3)}
                                 << numbered(4) << 3
                                 << QList<LaunchRequest>{numbered(4), numbered(1), numbered(2)};
    QTest::newRow("duplicate at the end of a full list")
        << QList<LaunchRequest>{numbered(1), numbered(2), numbered(3)} << numbered(3) << 3
        << QList<LaunchRequest>{numbered(3), numbered(1), numbered(2)};
    LaunchRequest withEnvironment = numbered(1);
    withEnvironment.environment = {QStringLiteral("A=1")};
    QTest::newRow("differs in environment only")
        << QList<LaunchRequest>{numbered(1)} << withEnvironment << 20
        << QList<LaunchRequest>{withEnvironment, numbered(1)};

    QList<LaunchRequest> full;
    QList<LaunchRequest> fullAfter{numbered(100)};
    for (int i = 0; i < maxLaunchHistory; ++i) {
        full.append(numbered(i));
        if (i < maxLaunchHistory - 1)
            fullAfter.append(numbered(i));
    }
    QTest::newRow("default size") << full << numbered(100) << maxLaunchHistory << fullAfter;
}

void tst_LaunchRequest::historyWith()
{
    QFETCH(QList<LaunchRequest>, history);
    QFETCH(LaunchRequest, request);
    QFETCH(int, maxSize);
    QFETCH(QList<LaunchRequest>, expected);

    const QList<LaunchRequest> result = ::historyWith(history, request, maxSize);
    QCOMPARE(result.size(), expected.size());
    for (qsizetype i = 0; i < result.size(); ++i)
        QCOMPARE(result.at(i).program, expected.at(i).program);
    QVERIFY(result == expected);
}

QTEST_GUILESS_MAIN(tst_LaunchRequest)

#include "tst_launchrequest.moc"

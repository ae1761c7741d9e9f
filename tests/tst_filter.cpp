// The filter language (docs/filters.md): what each operator, unit and field selects in a small
// LSP session, and the one-line reason, with its column, for each kind of mistake.
#include "capture/capturestore.h"
#include "filter/filter.h"
#include "filter/filtersubject.h"
#include "helpers/lsp.h"
#include "messages/sessionmessages.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

namespace {

constexpr qint64 startNs = 1'700'000'000'000'000'000;
constexpr qint64 ms = 1000000;

// The session every matching test looks at; each message's index is its row in this list.
struct Session
{
    QTemporaryDir dir;
    CaptureStore store;
    SessionMessages messages{&store, FramingChoice()};

    Session()
    {
        store.create(dir.filePath(QStringLiteral("s.pcapng")), QString(),
                     PrivateFileCreation::NewFileOnly);
        // 0
        add(Stream::Stdin, 0,
            lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file:///p"}})"));
        // 1
        add(Stream::Stdout, 5 * ms,
            lsp(R"({"jsonrpc":"2.0","id":1,"result":{"capabilities":{"hoverProvider":true}}})"));
        // 2
        add(Stream::Stderr, 6 * ms, "log: ready\n");
        // 3
        add(Stream::Stdin, 100 * ms,
            lsp(R"({"jsonrpc":"2.0","id":2,"method":"textDocument/completion",)"
                R"("params":{"textDocument":{"uri":"file:///a.cpp"},"position":{"line":3}}})"));
        // 4
        add(Stream::Stdout, 150 * ms,
            lsp(R"({"jsonrpc":"2.0","method":"textDocument/publishDiagnostics",)"
                R"("params":{"uri":"file:///a.cpp","diagnostics":[]}})"));
        // 5
        add(Stream::Stdout, 350 * ms,
            lsp(R"({"jsonrpc":"2.0","id":2,"result":{"items":[{"label":"foo"},{"label":"bar"}]}})"));
        // 6
        add(Stream::Stdin, 400 * ms, lsp(R"({"jsonrpc":"2.0","id":"s1","method":"shutdown"})"));
        // 7
        add(Stream::Stdout, 401 * ms,
            lsp(R"({"jsonrpc":"2.0","id":"s1","error":{"code":-32601,"message":"no"}})"));
        // 8: never answered once the session ends
        add(Stream::Stdin, 2000 * ms,
            lsp(R"({"jsonrpc":"2.0","id":3,"method":"textDocument/hover"})"));
        messages.decodeAll();
    }

    void add(Stream stream, qint64 atNs, const QByteArray &bytes)
    {
        store.append(stream, startNs + atNs, bytes.constData(), bytes.size());
    }

    QList<int> matching(const Filter &filter) const
    {
        const std::function<bool(qsizetype)> passes = messagePredicate(filter, messages);
        QList<int> found;
        for (qsizetype i = 0; i < messages.log().count(); ++i) {
            if (passes(i))
                found.append(int(i));
        }
        return found;
    }

    QList<int> matchingChunks(const Filter &filter) const
    {
        const std::function<bool(qsizetype)> passes = chunkPredicate(filter, store);
        QList<int> found;
        for (qsizetype i = 0; i < store.count(); ++i) {
            if (passes(i))
                found.append(int(i));
        }
        return found;
    }
};

} // namespace

class tst_Filter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void messages_data();
    void messages();
    void chunks_data();
    void chunks();
    void errors_data();
    void errors();
    void timeReference();
    void marksAndComments();
    void msgpackBodiesReadAsJsonRpc();

private:
    std::unique_ptr<Session> m_session;
};

void tst_Filter::initTestCase()
{
    m_session = std::make_unique<Session>();
    QCOMPARE(m_session->messages.log().count(), 9);
}

void tst_Filter::messages_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QList<int>>("expected");

    const auto row = [](const char *expression, QList<int> expected) {
        QTest::newRow(expression) << QString::fromUtf8(expression) << expected;
    };
    // Fields
    row("stream == stdin", {0, 3, 6, 8});
    row("stream == stderr", {2});
    row("dir == s2c", {1, 2, 4, 5, 7});
    row("dir == c2s", {0, 3, 6, 8});
    row("method == initialize", {0, 1});
    row(R"(method == "textDocument/completion")", {3, 5});
    row("method == textDocument/completion", {3, 5});
    row("kind == request", {0, 3, 6, 8});
    row("kind == response", {1, 5, 7});
    row("kind == error", {7});
    row("kind == response && !error", {1, 5});
    row("kind == notification", {4});
    row("kind == data", {2});
    row("id == 2", {3, 5});
    row(R"(id == "s1")", {6, 7});
    row("id", {0, 1, 3, 5, 6, 7, 8});
    row("framing == content-length", {0, 1, 3, 4, 5, 6, 7, 8});
    row("framing == lines", {2});
    row("problem", {8});
    row("problem == never_answered", {8});
    row("problem == truncated", {});
    // Units and comparisons
    row("latency > 200ms", {5});
    row("latency >= 5ms", {1, 5});
    row("latency < 0.002", {7});
    row("latency <= 1ms", {7});
    row("latency > 1min", {});
    row("time > 1s", {8});
    row("time >= 350ms && time < 401ms", {5, 6});
    row("size > 120", {3, 4});
    row("size < 0.07KB", {2, 6});
    row("size <= 1KiB && len > 98B", {0, 3, 4, 5});
    row("size == 101", {0});
    // Bodies
    row(R"(params.textDocument.uri == "file:///a.cpp")", {3});
    row(R"(params.uri contains "a.cpp")", {4});
    row("params.position.line == 3", {3});
    row("params.position.line > 2", {3});
    row("error.code == -32601", {7});
    row("error", {7});
    row("result", {1, 5});
    row("result.capabilities.hoverProvider == true", {1});
    row("result.capabilities.hoverProvider == false", {});
    row(R"(result.items[1].label == "bar")", {5});
    row("result.items[2]", {});
    row(R"(result.items contains "foo")", {}); // its elements are objects
    row("params.diagnostics", {4});
    row("params.diagnostics == null", {});
    row(R"($.jsonrpc == "2.0" && kind == notification)", {4});
    // Operators
    row("method in {initialize shutdown}", {0, 1, 6, 7});
    row(R"(method in {"initialize", "shutdown"})", {0, 1, 6, 7});
    row("id in {1, \"s1\"}", {0, 1, 6, 7});
    row(R"(data contains "ready")", {2});
    row(R"(data contains "\"id\":\"s1\"")", {6, 7});
    row(R"(method matches "^text.*(hover|completion)$")", {3, 5, 8});
    row(R"(method matches "Completion")", {});
    row(R"(method matches "(?i)Completion")", {3, 5});
    row("method != initialize", {3, 4, 5, 6, 7, 8});
    row("!(method == initialize)", {2, 3, 4, 5, 6, 7, 8});
    row("not method == initialize and stream == stdout", {4, 5, 7});
    row("stream == stdin || stream == stderr && kind == data", {0, 2, 3, 6, 8});
    row("(stream == stdin || stream == stderr) && kind == data", {2});
    row("!!error", {7});
    row("latency > 200ms or problem", {5, 8});
}

void tst_Filter::messages()
{
    QFETCH(QString, expression);
    QFETCH(QList<int>, expected);
    std::optional<ParseError> error;
    const std::optional<Filter> filter = Filter::parse(expression, FilterTarget::Messages, &error);
    QVERIFY2(filter, qPrintable(error ? error->text() : QString()));
    QCOMPARE(m_session->matching(*filter), expected);
}

void tst_Filter::chunks_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QList<int>>("expected");
    QTest::newRow("stream") << QStringLiteral("stream == stderr") << QList<int>{2};
    QTest::newRow("dir") << QStringLiteral("dir == c2s") << QList<int>{0, 3, 6, 8};
    QTest::newRow("len") << QStringLiteral("len < 20") << QList<int>{2};
    QTest::newRow("time") << QStringLiteral("time > 399ms && time < 1s") << QList<int>{6, 7};
    QTest::newRow("data") << QStringLiteral(R"(data contains "shutdown")") << QList<int>{6};
}

void tst_Filter::chunks()
{
    QFETCH(QString, expression);
    QFETCH(QList<int>, expected);
    std::optional<ParseError> error;
    const std::optional<Filter> filter = Filter::parse(expression, FilterTarget::Chunks, &error);
    QVERIFY2(filter, qPrintable(error ? error->text() : QString()));
    QCOMPARE(m_session->matchingChunks(*filter), expected);
}

void tst_Filter::errors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("chunks");
    QTest::addColumn<QString>("message");

    const auto row = [](const char *expression, const char *message, bool chunks = false) {
        QTest::newRow(expression) << QString::fromUtf8(expression) << chunks
                                  << QString::fromUtf8(message);
    };
    row("", "the filter is empty");
    row("   ", "the filter is empty");
    row("stream = stdin", "'=' is not an operator: compare with '==' at column 8");
    row("a & b", "'&' is not an operator: use '&&' at column 3");
    row("method == \"abc", "the string has no closing '\"' at column 11");
    row(R"(method == "\q")", "'\\q' is not a JSON escape at column 12");
    row("stream == stdot",
        "'stdot' is not a value of stream: stdin, stdout, stderr, event at column 11");
    row("kind == reply",
        "'reply' is not a value of kind: request, response, error, notification, data, "
        "unframed, event at column 9");
    row("latency > 200mb", "'mb' is not a unit of latency: use ns, us, ms, s or min at column 14");
    row("size > 2ms", "'ms' is not a unit of size: use B, KB, MB, GB, KiB, MiB or GiB at column 9");
    row("params.x > 3ms",
        "units go with time and size fields; 'params.x' is none of them (read as a path into "
        "the body) at column 13");
    row("latency > fast", "latency takes a duration such as 200ms at column 11");
    row("method > 3", "method is text, not a number at column 10");
    row("stream < stdout", "stream has no order: compare it with == or != at column 8");
    row("latency contains \"1\"", "latency is a number: compare it with < or > at column 9");
    row("method matches abc", "'matches' takes a regular expression in quotes at column 16");
    row("method matches \"(\"",
        "the regular expression does not compile: missing closing parenthesis at column 16");
    row("method ==",
        "expected a value to compare method with, found the end of the filter at column 10");
    row("method == initialize extra",
        "expected '&&', '||' or the end of the filter, found 'extra' at column 22");
    row("(kind == request",
        "the '(' at column 1 is not closed: found the end of the filter at column 17");
    row("kind == request &&",
        "expected a field, '(' or '!', found the end of the filter at column 19");
    row("\"initialize\" == method", "a test starts with a field, not a value at column 1");
    row("3 < latency", "a test starts with a field, not a value at column 1");
    row("== 3", "expected a field, '(' or '!', found '==' at column 1");
    row("method in initialize", "'in' takes a set of values: {a b c} at column 11");
    row("method in {a b", "the set has no closing '}' at column 15");
    row("result[x]", "'result[x]' is not a field or a path into a body at column 1");
    row("params..uri", "'params..uri' is not a field or a path into a body at column 1");
    row("stream == stdin @", "'@' is not part of a filter at column 17");
    row("stream == stdin \x01", "'\\x01' is not part of a filter at column 17");
    row("method == \"\\\n\"", "'\\\\n' is not a JSON escape at column 12");
    row("stream == \"std\nout\"",
        "'std\\nout' is not a value of stream: stdin, stdout, stderr, event at column 11");
    row("method == initialize",
        "'method' is a field of messages; chunks have stream, dir, len, time, time.rel, data, "
        "marked and comment at column 1",
        true);
    row("params.uri",
        "'params.uri' is not a field of chunks: they have stream, dir, len, time, time.rel and "
        "data at column 1",
        true);
}

void tst_Filter::errors()
{
    QFETCH(QString, expression);
    QFETCH(bool, chunks);
    QFETCH(QString, message);
    std::optional<ParseError> error;
    const std::optional<Filter> filter
        = Filter::parse(expression, chunks ? FilterTarget::Chunks : FilterTarget::Messages, &error);
    QVERIFY(!filter);
    QVERIFY(error);
    QCOMPARE(error->text(), message);
}

void tst_Filter::timeReference()
{
    std::optional<ParseError> error;
    const std::optional<Filter> filter = Filter::parse(
        QStringLiteral("time.rel >= 0 && time.rel < 100ms"), FilterTarget::Messages, &error);
    QVERIFY(filter);
    QCOMPARE(m_session->matching(*filter), QList<int>({0, 1, 2}));

    // From the completion request on (100 ms), the next 100 ms hold it and the diagnostics;
    // rows before the reference still count from the start. A second reference at 400 ms takes
    // over from there: the shutdown and its error.
    MessageSubject subject(m_session->messages);
    subject.setAnnotations({}, {startNs + 100 * ms, startNs + 400 * ms});
    QList<int> found;
    for (int i = 0; i < m_session->messages.log().count(); ++i) {
        subject.setMessage(i);
        if (filter->matches(subject))
            found.append(i);
    }
    QCOMPARE(found, QList<int>({0, 1, 2, 3, 4, 6, 7}));
}

void tst_Filter::marksAndComments()
{
    QTemporaryDir dir;
    CaptureStore store;
    QVERIFY(store.create(dir.filePath(QStringLiteral("a.pcapng")), QString(),
                         PrivateFileCreation::NewFileOnly));
    // Two requests in one chunk, then the first one's response.
    const QByteArray first = lsp(R"({"jsonrpc":"2.0","id":1,"method":"a"})");
    const QByteArray both = first + lsp(R"({"jsonrpc":"2.0","id":2,"method":"b"})");
    const QByteArray response = lsp(R"({"jsonrpc":"2.0","id":1,"result":null})");
    store.append(Stream::Stdin, startNs, both.constData(), both.size());
    store.append(Stream::Stdout, startNs + ms, response.constData(), response.size());
    Annotation mark;
    mark.marked = true;
    Annotation note;
    note.comment = QStringLiteral("the slow one");
    store.annotate({0, qint32(first.size())}, note); // the second request
    store.annotate({1, 0}, mark);                    // the response, and its chunk
    SessionMessages messages(&store, FramingChoice());
    messages.decodeAll();
    QCOMPARE(messages.anchorOf(1), (AnnotationAnchor{0, qint32(first.size())}));
    QCOMPARE(messages.messageAt({0, qint32(first.size())}), 1);
    QCOMPARE(messages.messageAt({0, 1}), -1);

    const auto matching = [&](const char *expression, FilterTarget target) {
        std::optional<ParseError> error;
        const std::optional<Filter> filter
            = Filter::parse(QString::fromUtf8(expression), target, &error);
        if (!filter)
            qWarning("%s", qPrintable(error->text()));
        const auto passes = target == FilterTarget::Messages ? messagePredicate(*filter, messages)
                                                             : chunkPredicate(*filter, store);
        const qsizetype count
            = target == FilterTarget::Messages ? messages.log().count() : store.count();
        QList<int> found;
        for (qsizetype i = 0; i < count; ++i) {
            if (passes(i))
                found.append(int(i));
        }
        return found;
    };
    QCOMPARE(matching("marked", FilterTarget::Messages), QList<int>({2}));
    QCOMPARE(matching("!marked", FilterTarget::Messages), QList<int>({0, 1}));
    QCOMPARE(matching("marked == true", FilterTarget::Messages), QList<int>({2}));
    QCOMPARE(matching("comment", FilterTarget::Messages), QList<int>({1}));
    QCOMPARE(matching(R"(comment contains "slow")", FilterTarget::Messages), QList<int>({1}));
    QCOMPARE(matching("marked || comment", FilterTarget::Messages), QList<int>({1, 2}));
    // A chunk's own annotation is the one at its first byte.
    QCOMPARE(matching("marked", FilterTarget::Chunks), QList<int>({1}));
    QCOMPARE(matching("comment", FilterTarget::Chunks), QList<int>());
}

void tst_Filter::msgpackBodiesReadAsJsonRpc()
{
    QTemporaryDir dir;
    CaptureStore store;
    QVERIFY(store.create(dir.filePath(QStringLiteral("m.pcapng")), QString(),
                         PrivateFileCreation::NewFileOnly));
    const QByteArray request = QByteArray::fromHex("94 00 05 aa 6e76696d5f696e707574 91 a1 69");
    const QByteArray response = QByteArray::fromHex("94 01 05 c0 a2 6f6b"); // [1,5,nil,"ok"]
    store.append(Stream::Stdin, startNs, request.constData(), request.size());
    store.append(Stream::Stdout, startNs + ms, response.constData(), response.size());
    SessionMessages messages(&store, FramingChoice());
    messages.decodeAll();
    QCOMPARE(messages.log().count(), 2);

    const auto matching = [&](const char *expression) {
        std::optional<ParseError> error;
        const std::optional<Filter> filter
            = Filter::parse(QString::fromUtf8(expression), FilterTarget::Messages, &error);
        MessageSubject subject(messages);
        QList<int> found;
        for (int i = 0; i < messages.log().count(); ++i) {
            subject.setMessage(i);
            if (filter->matches(subject))
                found.append(i);
        }
        return found;
    };
    QCOMPARE(matching(R"(params[0] == "i")"), QList<int>({0}));
    QCOMPARE(matching("msgid == 5"), QList<int>({0, 1}));
    QCOMPARE(matching(R"(result == "ok" && method == nvim_input)"), QList<int>({1}));
    QCOMPARE(matching("error"), QList<int>());
    QCOMPARE(matching("$[0] == 1"), QList<int>()); // named, not positional
    QCOMPARE(matching("framing == msgpack-rpc && id == 5"), QList<int>({0, 1}));
}

QTEST_GUILESS_MAIN(tst_Filter)
#include "tst_filter.moc"

#include "search/streamsearch.h"

#include <QtCore/QRandomGenerator>
#include <QtCore/QThread>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>

Q_DECLARE_METATYPE(SearchMode)

namespace {

// A stream as the capture holds it: its bytes in chunks (sizes cycling through `chunkSizes`),
// served by reads that may cross chunks. Counts reads, remembers the longest, and can be slow.
class ChunkedByteSource final : public ByteSource
{
public:
    explicit ChunkedByteSource(const QByteArray &content,
                               const QList<qsizetype> &chunkSizes = {1, 3, 7, 2}, int delayMs = 0)
        : m_size(content.size())
        , m_delayMs(delayMs)
    {
        qsizetype offset = 0;
        for (int i = 0; offset < content.size(); ++i) {
            const qsizetype length = chunkSizes.at(i % chunkSizes.size());
            m_starts.append(offset);
            m_chunks.append(content.mid(offset, length));
            offset += length;
        }
    }

    qint64 size() const override { return m_size; }

    QByteArray read(qint64 offset, qint64 length) const override
    {
        ++m_reads;
        m_maxReadLength = std::max<qint64>(m_maxReadLength, length);
        if (m_delayMs > 0)
            QThread::msleep(m_delayMs);
        QByteArray bytes;
        const qint64 end = std::min(m_size, offset + length);
        qsizetype chunk
            = std::upper_bound(m_starts.cbegin(), m_starts.cend(), offset) - m_starts.cbegin() - 1;
        for (qint64 at = offset; at < end; ++chunk) {
            const qint64 inChunk = at - m_starts.at(chunk);
            const qint64 take = std::min<qint64>(m_chunks.at(chunk).size() - inChunk, end - at);
            bytes.append(m_chunks.at(chunk).constData() + inChunk, take);
            at += take;
        }
        return bytes;
    }

    int reads() const { return m_reads; }
    qint64 maxReadLength() const { return m_maxReadLength; }

private:
    QList<QByteArray> m_chunks;
    QList<qint64> m_starts;
    qint64 m_size = 0;
    int m_delayMs = 0;
    mutable std::atomic<int> m_reads{0};
    mutable std::atomic<qint64> m_maxReadLength{0};
};

SearchPattern makePattern(const QString &input, SearchMode mode,
                          Qt::CaseSensitivity caseSensitivity = Qt::CaseSensitive,
                          qsizetype maxMatchLength = SearchPattern::defaultMaxMatchLength)
{
    std::optional<ParseError> error;
    std::optional<SearchPattern> pattern
        = SearchPattern::parse(input, mode, caseSensitivity, &error);
    if (!pattern)
        qFatal("bad test pattern %s: %s", qPrintable(input),
               qPrintable(error ? error->text() : QString()));
    pattern->setMaxMatchLength(maxMatchLength);
    return *pattern;
}

QList<SearchMatch> searchAll(const ByteSource &source, const SearchPattern &pattern,
                             qint64 blockSize = SearchOptions::defaultBlockSize)
{
    SearchOptions options;
    options.blockSize = blockSize;
    const SearchResult result = findAllMatches(source, pattern, options);
    if (result.truncated || result.canceled)
        qFatal("unexpected truncated or canceled search");
    return result.matches;
}

QList<SearchMatch> ms(std::initializer_list<std::pair<qint64, qint64>> list)
{
    QList<SearchMatch> matches;
    for (const auto &[offset, length] : list)
        matches.append(SearchMatch{offset, length});
    return matches;
}

// The whole sequence searched at once, the plain way, to compare with.
QList<SearchMatch> referenceMatches(const QByteArray &content, const SearchPattern &pattern)
{
    QList<SearchMatch> matches;
    if (pattern.isLiteral()) {
        const bool ci = pattern.caseSensitivity() == Qt::CaseInsensitive;
        const QByteArray needle = ci ? pattern.bytes().toLower() : pattern.bytes();
        const QByteArray haystack = ci ? content.toLower() : content;
        for (qsizetype at = haystack.indexOf(needle); at >= 0;
             at = haystack.indexOf(needle, at + needle.size()))
            matches.append(SearchMatch{at, needle.size()});
        return matches;
    }
    QRegularExpressionMatchIterator it
        = pattern.regularExpression().globalMatch(QString::fromLatin1(content));
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (match.capturedLength() > 0)
            matches.append(SearchMatch{match.capturedStart(), match.capturedLength()});
    }
    return matches;
}

QByteArray randomBytes(qsizetype size, const QByteArray &alphabet, quint32 seed)
{
    QRandomGenerator random(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = alphabet.at(random.bounded(int(alphabet.size())));
    return bytes;
}

std::shared_ptr<const ByteSource> memorySource(const QByteArray &bytes)
{
    return std::make_shared<MemoryByteSource>(bytes);
}

// 400 blocks of 16 bytes at 5 ms a read: 2 s at least, unless canceled.
std::shared_ptr<ChunkedByteSource> slowSource()
{
    return std::make_shared<ChunkedByteSource>(QByteArray(6400, 'x'), QList<qsizetype>{16}, 5);
}

} // namespace

namespace QTest {
template<>
char *toString(const SearchMatch &match)
{
    return qstrdup(QByteArray("{" + QByteArray::number(match.offset) + ", "
                              + QByteArray::number(match.length) + "}")
                       .constData());
}
} // namespace QTest

class TestStreamSearch : public QObject
{
    Q_OBJECT

private slots:
    void findAll_data();
    void findAll();
    void straddlingBlocks_data();
    void straddlingBlocks();
    void sameAsWholeSequence_data();
    void sameAsWholeSequence();
    void longRegularExpressionMatchIsCut();
    void maxMatches_data();
    void maxMatches();
    void cancel();
    void progress_data();
    void progress();
    void readsAreBounded_data();
    void readsAreBounded();

    void streamSearchFinishes();
    void streamSearchTruncates();
    void streamSearchWithoutSources();
    void streamSearchCancel();
    void streamSearchRestart();
    void streamSearchDeletedWhileRunning();
};

void TestStreamSearch::findAll_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("input");
    QTest::addColumn<SearchMode>("mode");
    QTest::addColumn<Qt::CaseSensitivity>("caseSensitivity");
    QTest::addColumn<QList<SearchMatch>>("expected");

    const auto text = SearchMode::Text;
    const auto hex = SearchMode::Hex;
    const auto regex = SearchMode::RegularExpression;
    const auto cs = Qt::CaseSensitive;
    const auto ci = Qt::CaseInsensitive;
    QTest::newRow("text") << QByteArrayLiteral("hello world hello") << QStringLiteral("hello")
                          << text << cs << ms({{0, 5}, {12, 5}});
    QTest::newRow("no match") << QByteArrayLiteral("hello world") << QStringLiteral("worlds")
                              << text << cs << ms({});
    QTest::newRow("empty source") << QByteArray() << QStringLiteral("a") << text << cs << ms({});
    QTest::newRow("longer than source")
        << QByteArrayLiteral("ab") << QStringLiteral("abc") << text << cs << ms({});
    QTest::newRow("whole source") << QByteArrayLiteral("abc") << QStringLiteral("abc") << text << cs
                                  << ms({{0, 3}});
    QTest::newRow("single byte") << QByteArrayLiteral("abcabc") << QStringLiteral("c") << text << cs
                                 << ms({{2, 1}, {5, 1}});
    QTest::newRow("overlapping: aa in aaa")
        << QByteArrayLiteral("aaa") << QStringLiteral("aa") << text << cs << ms({{0, 2}});
    QTest::newRow("overlapping: aa in aaaa")
        << QByteArrayLiteral("aaaa") << QStringLiteral("aa") << text << cs << ms({{0, 2}, {2, 2}});
    QTest::newRow("overlapping: aba in ababa")
        << QByteArrayLiteral("ababa") << QStringLiteral("aba") << text << cs << ms({{0, 3}});
    QTest::newRow("case-sensitive") << QByteArrayLiteral("Hello HELLO hello hElLo")
                                    << QStringLiteral("hello") << text << cs << ms({{12, 5}});
    QTest::newRow("case-insensitive")
        << QByteArrayLiteral("Hello HELLO hello hElLo") << QStringLiteral("hello") << text << ci
        << ms({{0, 5}, {6, 5}, {12, 5}, {18, 5}});
    QTest::newRow("case-insensitive, upper needle")
        << QByteArrayLiteral("xyz XYZ") << QStringLiteral("XyZ") << text << ci
        << ms({{0, 3}, {4, 3}});
    QTest::newRow("case-insensitive, punctuation exact")
        << QByteArrayLiteral("a-B a_b A-b") << QStringLiteral("a-b") << text << ci
        << ms({{0, 3}, {8, 3}});
    // 0x40 '@' and 0x60 '`' differ by 0x20 as letters do, but are not letters.
    QTest::newRow("case-insensitive, @ is not `")
        << QByteArrayLiteral("`@`@") << QStringLiteral("@") << text << ci << ms({{1, 1}, {3, 1}});
    QTest::newRow("case-insensitive, [ is not {")
        << QByteArrayLiteral("{[a{A[") << QStringLiteral("[a") << text << ci << ms({{1, 2}});
    QTest::newRow("case-insensitive, non-ASCII exact")
        << QByteArray("\xc3\x89 \xc3\xa9") << QStringLiteral("é") << text << ci << ms({{3, 2}});
    QTest::newRow("UTF-8 text") << QByteArray("na\xc3\xafve na\xc3\xafve")
                                << QStringLiteral("naïve") << text << cs << ms({{0, 6}, {7, 6}});
    QTest::newRow("hex") << QByteArray("\0\xde\xad\xbe\xef\0\xde\xad", 8)
                         << QStringLiteral("de ad be ef") << hex << cs << ms({{1, 4}});
    QTest::newRow("hex, NUL bytes")
        << QByteArray("a\0\0\0b", 5) << QStringLiteral("0000") << hex << cs << ms({{1, 2}});
    QTest::newRow("hex is exact") << QByteArrayLiteral("aA") << QStringLiteral("41") << hex << ci
                                  << ms({{1, 1}});
    QTest::newRow("regex") << QByteArrayLiteral("foo fooo fo f") << QStringLiteral("fo+") << regex
                           << cs << ms({{0, 3}, {4, 4}, {9, 2}});
    QTest::newRow("regex, case-insensitive")
        << QByteArrayLiteral("FOO foo") << QStringLiteral("foo") << regex << ci
        << ms({{0, 3}, {4, 3}});
    QTest::newRow("regex, empty matches skipped")
        << QByteArrayLiteral("baab") << QStringLiteral("a*") << regex << cs << ms({{1, 2}});
    QTest::newRow("regex, line anchors")
        << QByteArrayLiteral("ab\nab\nxab\nab") << QStringLiteral("^ab$") << regex << cs
        << ms({{0, 2}, {3, 2}, {10, 2}});
    QTest::newRow("regex, lookbehind") << QByteArrayLiteral("xa ya ya") << QStringLiteral("(?<=y)a")
                                       << regex << cs << ms({{4, 1}, {7, 1}});
    QTest::newRow("regex, word boundary")
        << QByteArrayLiteral("foo xfoo foo") << QStringLiteral("\\bfoo\\b") << regex << cs
        << ms({{0, 3}, {9, 3}});
    QTest::newRow("regex, bytes") << QByteArray("\x01\x02\xff\x00", 4)
                                  << QStringLiteral("[\\x00-\\x02]+") << regex << cs
                                  << ms({{0, 2}, {3, 1}});
    QTest::newRow("regex, UTF-8 character")
        << QByteArray("caf\xc3\xa9\xc3\xa9 caf\xc3\xa9") << QStringLiteral("café+") << regex << cs
        << ms({{0, 7}, {8, 5}});
}

void TestStreamSearch::findAll()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, input);
    QFETCH(SearchMode, mode);
    QFETCH(Qt::CaseSensitivity, caseSensitivity);
    QFETCH(QList<SearchMatch>, expected);

    const SearchPattern pattern = makePattern(input, mode, caseSensitivity);
    QCOMPARE(searchAll(MemoryByteSource(content), pattern), expected);
    QCOMPARE(referenceMatches(content, pattern), expected);
    const ChunkedByteSource chunked(content);
    for (const qint64 blockSize : {1, 2, 3, 5})
        QCOMPARE(searchAll(chunked, pattern, blockSize), expected);
}

void TestStreamSearch::straddlingBlocks_data()
{
    QTest::addColumn<QByteArray>("needle"); // placed in the content
    QTest::addColumn<QString>("input");
    QTest::addColumn<SearchMode>("mode");
    QTest::addColumn<Qt::CaseSensitivity>("caseSensitivity");

    QTest::newRow("text") << QByteArrayLiteral("needle") << QStringLiteral("needle")
                          << SearchMode::Text << Qt::CaseSensitive;
    QTest::newRow("text, case-insensitive")
        << QByteArrayLiteral("nEedLE") << QStringLiteral("NeEdle") << SearchMode::Text
        << Qt::CaseInsensitive;
    QTest::newRow("one byte") << QByteArrayLiteral("n") << QStringLiteral("n") << SearchMode::Text
                              << Qt::CaseSensitive;
    QTest::newRow("hex") << QByteArray("\xde\xad\xbe\xef") << QStringLiteral("de ad be ef")
                         << SearchMode::Hex << Qt::CaseSensitive;
    QTest::newRow("regex") << QByteArrayLiteral("neeedle") << QStringLiteral("ne+dle")
                           << SearchMode::RegularExpression << Qt::CaseSensitive;
    QTest::newRow("regex, case-insensitive")
        << QByteArrayLiteral("NEEdle") << QStringLiteral("ne+dle") << SearchMode::RegularExpression
        << Qt::CaseInsensitive;
}

// A match at every offset around the first block boundaries, for several block sizes, in a
// chunked source: found exactly once, whole. Also two matches back to back there.
void TestStreamSearch::straddlingBlocks()
{
    QFETCH(QByteArray, needle);
    QFETCH(QString, input);
    QFETCH(SearchMode, mode);
    QFETCH(Qt::CaseSensitivity, caseSensitivity);

    const SearchPattern pattern = makePattern(input, mode, caseSensitivity, 10);
    const qint64 length = needle.size();
    for (const qint64 blockSize : {4, 5, 8, 16, 33}) {
        const qsizetype contentSize = 3 * blockSize + 2 * length + 3;
        for (qint64 at = 0; at + 2 * length <= contentSize; ++at) {
            QByteArray content(contentSize, 'x');
            content.replace(at, length, needle);
            const ChunkedByteSource source(content, {3, 1, 5});
            QCOMPARE(searchAll(source, pattern, blockSize), ms({{at, length}}));

            content.replace(at + length, length, needle);
            const ChunkedByteSource twice(content, {2, 7});
            QCOMPARE(searchAll(twice, pattern, blockSize),
                     ms({{at, length}, {at + length, length}}));
        }
    }
}

void TestStreamSearch::sameAsWholeSequence_data()
{
    QTest::addColumn<QByteArray>("alphabet");
    QTest::addColumn<QString>("input");
    QTest::addColumn<SearchMode>("mode");
    QTest::addColumn<Qt::CaseSensitivity>("caseSensitivity");

    QTest::newRow("aba") << QByteArrayLiteral("ab") << QStringLiteral("aba") << SearchMode::Text
                         << Qt::CaseSensitive;
    QTest::newRow("abba") << QByteArrayLiteral("ab") << QStringLiteral("abba") << SearchMode::Text
                          << Qt::CaseSensitive;
    QTest::newRow("aba, case-insensitive") << QByteArrayLiteral("abAB") << QStringLiteral("aBa")
                                           << SearchMode::Text << Qt::CaseInsensitive;
    QTest::newRow("long needle, case-insensitive")
        << QByteArrayLiteral("aA") << QStringLiteral("aaaaaaaaaaaaaaaaaaaaaaa") << SearchMode::Text
        << Qt::CaseInsensitive;
    QTest::newRow("a+b") << QByteArrayLiteral("abc") << QStringLiteral("a+b")
                         << SearchMode::RegularExpression << Qt::CaseSensitive;
    QTest::newRow("lookbehind") << QByteArrayLiteral("abc") << QStringLiteral("(?<=c)a+")
                                << SearchMode::RegularExpression << Qt::CaseSensitive;
    QTest::newRow("lines") << QByteArrayLiteral("ab\n") << QStringLiteral("^a.*b$")
                           << SearchMode::RegularExpression << Qt::CaseSensitive;
    QTest::newRow("empty matches") << QByteArrayLiteral("abc") << QStringLiteral("b*|c")
                                   << SearchMode::RegularExpression << Qt::CaseSensitive;
}

// Random content, compared with the whole sequence searched at once, for many block sizes.
void TestStreamSearch::sameAsWholeSequence()
{
    QFETCH(QByteArray, alphabet);
    QFETCH(QString, input);
    QFETCH(SearchMode, mode);
    QFETCH(Qt::CaseSensitivity, caseSensitivity);

    const QByteArray content = randomBytes(1500, alphabet, 42);
    const SearchPattern pattern = makePattern(input, mode, caseSensitivity, 40);
    const QList<SearchMatch> expected = referenceMatches(content, pattern);
    QVERIFY(expected.size() > 3);
    for (const SearchMatch &match : expected)
        QVERIFY(match.length <= 40);
    const ChunkedByteSource source(content, {5, 1, 17});
    for (qint64 blockSize = 1; blockSize <= 50; ++blockSize)
        QCOMPARE(searchAll(source, pattern, blockSize), expected);
    QCOMPARE(searchAll(MemoryByteSource(content), pattern), expected);
}

void TestStreamSearch::longRegularExpressionMatchIsCut()
{
    const SearchPattern pattern
        = makePattern(QStringLiteral("a+"), SearchMode::RegularExpression, Qt::CaseSensitive, 8);
    const QByteArray content = QByteArray("x") + QByteArray(20, 'a') + QByteArray("x");
    const QList<SearchMatch> cut = ms({{1, 8}, {9, 8}, {17, 4}});
    QCOMPARE(searchAll(MemoryByteSource(content), pattern), cut);
    for (const qint64 blockSize : {1, 3, 8, 100})
        QCOMPARE(searchAll(ChunkedByteSource(content), pattern, blockSize), cut);
}

void TestStreamSearch::maxMatches_data()
{
    QTest::addColumn<SearchMode>("mode");
    QTest::addColumn<qsizetype>("maxMatches");
    QTest::addColumn<qsizetype>("expectedCount");
    QTest::addColumn<bool>("truncated");

    for (const SearchMode mode : {SearchMode::Text, SearchMode::RegularExpression}) {
        const char *name = mode == SearchMode::Text ? "text" : "regex";
        QTest::addRow("%s, under the cap", name) << mode << qsizetype(11) << qsizetype(10) << false;
        QTest::addRow("%s, at the cap", name) << mode << qsizetype(10) << qsizetype(10) << false;
        QTest::addRow("%s, over the cap", name) << mode << qsizetype(5) << qsizetype(5) << true;
        QTest::addRow("%s, zero", name) << mode << qsizetype(0) << qsizetype(0) << true;
    }
}

void TestStreamSearch::maxMatches()
{
    QFETCH(SearchMode, mode);
    QFETCH(qsizetype, maxMatches);
    QFETCH(qsizetype, expectedCount);
    QFETCH(bool, truncated);

    const QByteArray content = QByteArrayLiteral("ab-").repeated(10);
    const SearchPattern pattern = makePattern(QStringLiteral("ab"), mode);
    for (const qint64 blockSize : {qint64(4), SearchOptions::defaultBlockSize}) {
        SearchOptions options;
        options.blockSize = blockSize;
        options.maxMatches = maxMatches;
        const SearchResult result = findAllMatches(ChunkedByteSource(content), pattern, options);
        QCOMPARE(result.matches.size(), expectedCount);
        QCOMPARE(result.truncated, truncated);
        QVERIFY(!result.canceled);
        for (qsizetype i = 0; i < result.matches.size(); ++i)
            QCOMPARE(result.matches.at(i), (SearchMatch{3 * i, 2}));
    }
}

// Canceled from the progress callback, a third of the way: the search stops at the next block.
void TestStreamSearch::cancel()
{
    const QByteArray content = QByteArrayLiteral("0123456789").repeated(100);
    for (const SearchMode mode : {SearchMode::Text, SearchMode::RegularExpression}) {
        const ChunkedByteSource source(content, {10});
        std::atomic_bool canceled{false};
        int readsAtCancel = 0;
        QList<double> fractions;
        SearchOptions options;
        options.blockSize = 50;
        options.canceled = &canceled;
        options.progress = [&](double fraction) {
            fractions.append(fraction);
            if (fraction >= 0.3 && !canceled) {
                canceled = true;
                readsAtCancel = source.reads();
            }
        };
        const SearchResult result
            = findAllMatches(source, makePattern(QStringLiteral("567"), mode), options);
        QVERIFY(result.canceled);
        QVERIFY(!result.truncated);
        QCOMPARE(source.reads(), readsAtCancel);
        QCOMPARE(fractions.last(), 0.3);
        QCOMPARE(result.matches.size(), 30); // those in the first 300 bytes
        QCOMPARE(result.matches.last(), (SearchMatch{295, 3}));
    }

    // Canceled before it starts: nothing is read.
    const ChunkedByteSource source(content);
    std::atomic_bool canceled{true};
    SearchOptions options;
    options.canceled = &canceled;
    const SearchResult result
        = findAllMatches(source, makePattern(QStringLiteral("5"), SearchMode::Text), options);
    QVERIFY(result.canceled);
    QVERIFY(result.matches.isEmpty());
    QCOMPARE(source.reads(), 0);
}

void TestStreamSearch::progress_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<SearchMode>("mode");
    QTest::addColumn<int>("minimumCalls");

    QTest::newRow("text") << qsizetype(1000) << SearchMode::Text << 15;
    QTest::newRow("regex") << qsizetype(1000) << SearchMode::RegularExpression << 15;
    QTest::newRow("text, empty source") << qsizetype(0) << SearchMode::Text << 1;
    QTest::newRow("regex, empty source") << qsizetype(0) << SearchMode::RegularExpression << 1;
    QTest::newRow("shorter than the needle") << qsizetype(2) << SearchMode::Text << 1;
}

void TestStreamSearch::progress()
{
    QFETCH(qsizetype, size);
    QFETCH(SearchMode, mode);
    QFETCH(int, minimumCalls);

    const QByteArray content = randomBytes(size, QByteArrayLiteral("abc"), 7);
    QList<double> fractions;
    SearchOptions options;
    options.blockSize = 64;
    options.progress = [&](double fraction) { fractions.append(fraction); };
    findAllMatches(MemoryByteSource(content), makePattern(QStringLiteral("abc"), mode), options);
    QVERIFY(fractions.size() >= minimumCalls);
    QVERIFY(std::is_sorted(fractions.cbegin(), fractions.cend()));
    QVERIFY(fractions.first() > 0);
    QCOMPARE(fractions.last(), 1.0);
    QCOMPARE(fractions.count(1.0), 1);
}

void TestStreamSearch::readsAreBounded_data()
{
    QTest::addColumn<SearchMode>("mode");
    QTest::addColumn<qint64>("maxReadLength");
    QTest::addColumn<int>("maxReads");

    // 100 000 bytes in blocks of 4096: 25 blocks.
    QTest::newRow("text") << SearchMode::Text << qint64(4096 + 2) << 25;
    QTest::newRow("regex") << SearchMode::RegularExpression << qint64(64 + 4096 + 64) << 25;
}

void TestStreamSearch::readsAreBounded()
{
    QFETCH(SearchMode, mode);
    QFETCH(qint64, maxReadLength);
    QFETCH(int, maxReads);

    const ChunkedByteSource source(randomBytes(100000, QByteArrayLiteral("abc"), 3), {1000, 24});
    const SearchPattern pattern = makePattern(QStringLiteral("abc"), mode, Qt::CaseSensitive, 64);
    QVERIFY(!searchAll(source, pattern, 4096).isEmpty());
    QVERIFY(source.maxReadLength() <= maxReadLength);
    QVERIFY(source.reads() <= maxReads);
}

void TestStreamSearch::streamSearchFinishes()
{
    StreamSearch search;
    search.setBlockSize(16);
    QSignalSpy progress(&search, &StreamSearch::progress);
    QSignalSpy finished(&search, &StreamSearch::finished);
    QSignalSpy canceled(&search, &StreamSearch::canceled);

    const QByteArray out = QByteArrayLiteral("Content-Length: 12\r\n").repeated(20);
    const QByteArray err = QByteArrayLiteral("warning: content\n");
    search.start(makePattern(QStringLiteral("content"), SearchMode::Text, Qt::CaseInsensitive),
                 {{1, std::make_shared<ChunkedByteSource>(out)},
                  {2, memorySource(err)},
                  {0, memorySource(QByteArray())}});
    QVERIFY(search.isRunning());
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(!search.isRunning());
    QCOMPARE(canceled.count(), 0);

    const auto results = finished.at(0).at(0).value<StreamSearchResults>();
    QCOMPARE(results.streams.size(), 3);
    QCOMPARE(results.streams.at(0).id, 1);
    QCOMPARE(results.streams.at(1).id, 2);
    QCOMPARE(results.streams.at(2).id, 0);
    QList<SearchMatch> expected;
    for (int i = 0; i < 20; ++i)
        expected.append(SearchMatch{20 * i, 7});
    QCOMPARE(results.matches(1), expected);
    QCOMPARE(results.matches(2), ms({{9, 7}}));
    QCOMPARE(results.matches(0), ms({}));
    QCOMPARE(results.matches(5), ms({})); // not searched
    QCOMPARE(results.matchCount(), 21);
    QVERIFY(!results.truncated);

    QVERIFY(progress.count() >= 2);
    QList<int> percents;
    for (const QList<QVariant> &arguments : progress)
        percents.append(arguments.at(0).toInt());
    QVERIFY(std::is_sorted(percents.cbegin(), percents.cend()));
    QCOMPARE(percents.last(), 100);
}

void TestStreamSearch::streamSearchTruncates()
{
    StreamSearch search;
    search.setMaxMatches(3);
    QSignalSpy finished(&search, &StreamSearch::finished);
    search.start(makePattern(QStringLiteral("x"), SearchMode::Text),
                 {{0, memorySource(QByteArrayLiteral("xxx"))},
                  {1, memorySource(QByteArrayLiteral("xxxx"))}});
    QTRY_COMPARE(finished.count(), 1);
    const auto results = finished.at(0).at(0).value<StreamSearchResults>();
    QVERIFY(results.truncated);
    QVERIFY(!results.streams.at(0).truncated);
    QVERIFY(results.streams.at(1).truncated);
    QCOMPARE(results.matches(0).size(), 3);
    QCOMPARE(results.matches(1).size(), 3);
}

void TestStreamSearch::streamSearchWithoutSources()
{
    StreamSearch search;
    QSignalSpy finished(&search, &StreamSearch::finished);
    search.start(makePattern(QStringLiteral("x"), SearchMode::Text), {});
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(finished.at(0).at(0).value<StreamSearchResults>().streams.isEmpty());
}

void TestStreamSearch::streamSearchCancel()
{
    const auto slow = slowSource();
    StreamSearch search;
    search.setBlockSize(16);
    QSignalSpy progress(&search, &StreamSearch::progress);
    QSignalSpy finished(&search, &StreamSearch::finished);
    QSignalSpy canceled(&search, &StreamSearch::canceled);
    search.start(makePattern(QStringLiteral("x"), SearchMode::Text), {{0, slow}});
    QTRY_VERIFY(progress.count() > 0);
    search.cancel();
    QCOMPARE(canceled.count(), 1);
    QVERIFY(!search.isRunning());
    const qsizetype progressAtCancel = progress.count();
    const int readsAtCancel = slow->reads();

    QTest::qWait(60);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(progress.count(), progressAtCancel);
    QVERIFY(slow->reads() <= readsAtCancel + 1); // the worker stopped at its next block
    search.cancel();                             // not running: nothing
    QCOMPARE(canceled.count(), 1);
}

void TestStreamSearch::streamSearchRestart()
{
    const auto slow = slowSource();
    StreamSearch search;
    search.setBlockSize(16);
    QSignalSpy finished(&search, &StreamSearch::finished);
    QSignalSpy canceled(&search, &StreamSearch::canceled);
    search.start(makePattern(QStringLiteral("x"), SearchMode::Text), {{0, slow}});
    search.start(makePattern(QStringLiteral("b"), SearchMode::Text),
                 {{7, memorySource(QByteArrayLiteral("abc"))}});
    QTRY_COMPARE(finished.count(), 1);
    QTest::qWait(20);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(canceled.count(), 0);
    const auto results = finished.at(0).at(0).value<StreamSearchResults>();
    QCOMPARE(results.streams.size(), 1);
    QCOMPARE(results.streams.at(0).id, 7);
    QCOMPARE(results.matches(7), ms({{1, 1}}));
}

void TestStreamSearch::streamSearchDeletedWhileRunning()
{
    const auto slow = slowSource();
    constexpr int blocks = 6400 / 16;
    {
        auto search = std::make_unique<StreamSearch>();
        search->setBlockSize(16);
        search->start(makePattern(QStringLiteral("x"), SearchMode::Text), {{0, slow}});
        QTRY_VERIFY(slow->reads() > 0);
        QVERIFY(search->isRunning());
        search.reset();
    }
    // It stopped the worker rather than waiting for the whole search...
    QVERIFY2(slow->reads() < blocks / 2, QByteArray::number(slow->reads()).constData());
    QCOMPARE(slow.use_count(), 1); // ...and the worker is gone, and its copies with it
    QTest::qWait(10);              // queued progress for the deleted object is dropped
}

QTEST_GUILESS_MAIN(TestStreamSearch)
#include "tst_streamsearch.moc"

// Fuzzes the search bar's pattern parser (SearchPattern::parse in each mode) and the search
// itself (findAllMatches) over a few bytes.
//
// Input: [mode and case] [block size] [match length cap] [unused] [pattern length N]
// [N bytes of pattern, UTF-8] then the bytes to search.
//
// Invariants: an error names a position; literal patterns find exactly the matches of a plain
// byte-by-byte search; matches are sorted, non-empty, non-overlapping, inside the bytes and no
// longer than the cap; the block size changes nothing while a match fits in the overlap.
#include "fuzzinput.h"

#include "capture/bytesource.h"
#include "codec/hexbytes.h"
#include "codec/inputencoding.h"
#include "search/searchpattern.h"
#include "search/streamsearch.h"

namespace {

constexpr SearchMode modes[] = {SearchMode::Text, SearchMode::Hex, SearchMode::RegularExpression};

char asciiLower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c;
}

// What findAllMatches should give for a literal: left to right, non-overlapping.
QList<SearchMatch> plainSearch(QByteArrayView bytes, QByteArrayView needle, bool foldCase)
{
    QList<SearchMatch> matches;
    for (qsizetype i = 0; i + needle.size() <= bytes.size();) {
        bool equal = true;
        for (qsizetype j = 0; j < needle.size() && equal; ++j) {
            equal = foldCase ? asciiLower(bytes[i + j]) == asciiLower(needle[j])
                             : bytes[i + j] == needle[j];
        }
        if (equal) {
            matches.append(SearchMatch{i, needle.size()});
            i += needle.size();
        } else {
            ++i;
        }
    }
    return matches;
}

void checkMatches(const SearchResult &result, const SearchPattern &pattern, qint64 size)
{
    FUZZ_CHECK(!result.canceled && !result.truncated);
    qint64 previousEnd = 0;
    for (const SearchMatch &match : result.matches) {
        FUZZ_CHECK(match.offset >= previousEnd);
        FUZZ_CHECK(match.length > 0 && match.length <= pattern.maxMatchLength());
        FUZZ_CHECK(match.offset + match.length <= size);
        previousEnd = match.offset + match.length;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput input(data, size);
    const quint8 modeByte = input.byte();
    // Bit 3 turns Text into Escaped (the corpus's other modes keep their meaning).
    SearchMode mode = modes[modeByte % 3];
    if (mode == SearchMode::Text && (modeByte & 8))
        mode = SearchMode::Escaped;
    const auto caseSensitivity = (modeByte & 4) ? Qt::CaseInsensitive : Qt::CaseSensitive;
    const qint64 blockSize = 8 + input.byte() % 64;
    const quint8 cap = input.byte();
    input.byte(); // once a find-next cursor: still read, so that the corpus keeps its meaning
    const QString text = QString::fromUtf8(input.take(input.byte()));
    // Regular expressions may backtrack: a few hundred bytes keep each run short.
    const QByteArrayView bytes = input.rest().first(qMin<qsizetype>(input.rest().size(), 512));

    std::optional<ParseError> error = ParseError{QStringLiteral("not cleared"), 0};
    std::optional<SearchPattern> pattern
        = SearchPattern::parse(text, mode, caseSensitivity, &error);
    if (!pattern) {
        if (error) {
            FUZZ_CHECK(error->position >= 0 && error->position <= text.size());
            FUZZ_CHECK(!error->text().contains(u'\n'));
        } else {
            FUZZ_CHECK(text.isEmpty() || mode == SearchMode::Hex);
        }
        return 0;
    }
    FUZZ_CHECK(!error);
    FUZZ_CHECK(pattern->mode() == mode);
    if (mode == SearchMode::Text)
        FUZZ_CHECK(pattern->bytes() == text.toUtf8());
    if (mode == SearchMode::Hex)
        FUZZ_CHECK(pattern->bytes() == parseHexBytes(text).bytes && !pattern->bytes().isEmpty());
    if (mode == SearchMode::Escaped) {
        const QByteArray expected = encodeInput(text, InputFormat::Escaped, LineEnding::None).bytes;
        FUZZ_CHECK(pattern->bytes() == expected && !expected.isEmpty());
    }
    if (mode == SearchMode::RegularExpression) {
        FUZZ_CHECK(pattern->regularExpression().isValid());
        if (cap != 0)
            pattern->setMaxMatchLength(cap % 64);
    }

    const MemoryByteSource source(bytes.toByteArray());
    SearchOptions tinyBlocks;
    tinyBlocks.blockSize = blockSize;
    const SearchResult inBlocks = findAllMatches(source, *pattern, tinyBlocks);
    const SearchResult atOnce = findAllMatches(source, *pattern);
    checkMatches(inBlocks, *pattern, bytes.size());
    checkMatches(atOnce, *pattern, bytes.size());

    if (pattern->isLiteral()) {
        const bool foldCase = pattern->caseSensitivity() == Qt::CaseInsensitive;
        FUZZ_CHECK(atOnce.matches == plainSearch(bytes, pattern->bytes(), foldCase));
        FUZZ_CHECK(inBlocks.matches == atOnce.matches);
    } else if (pattern->maxMatchLength() >= bytes.size()) {
        // Every window then holds all the bytes. \G, \K (which moves a match's start) and
        // backtracking verbs may see where a window starts: they are left out.
        const QString expression = pattern->regularExpression().pattern();
        if (!expression.contains(QStringLiteral("\\G"))
            && !expression.contains(QStringLiteral("\\K")) && !expression.contains(u"(*"))
            FUZZ_CHECK(inBlocks.matches == atOnce.matches);
    }
    return 0;
}

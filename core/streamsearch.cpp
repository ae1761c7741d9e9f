#include "streamsearch.h"

#include <QtCore/QtAlgorithms>
#include <QtCore/QRegularExpression>

#include <algorithm>
#include <cstring>
#include <thread>

#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#define PIPESCOPE_SEARCH_SSE2
#include <emmintrin.h>
#endif

namespace {

constexpr uchar asciiLower(uchar c)
{
    return c >= 'A' && c <= 'Z' ? uchar(c | 0x20) : c;
}

constexpr bool isAsciiLetter(uchar c)
{
    return asciiLower(c) >= 'a' && asciiLower(c) <= 'z';
}

// Finds a byte string, optionally folding ASCII case. Candidates are filtered 16 positions at a
// time on the needle's first and last bytes (SSE2: compare, and, movemask), then compared in
// full. Case folding costs nothing in the filter: for a letter, (byte | 0x20) == lower letter
// holds exactly for its two cases.
class LiteralMatcher
{
public:
    LiteralMatcher(const QByteArray &needle, bool caseInsensitive)
        : m_needle(needle)
        , m_caseInsensitive(caseInsensitive)
        , m_length(needle.size())
        , m_lastIndex(needle.size() - 1)
    {
        if (m_caseInsensitive) {
            for (char &c : m_needle)
                c = char(asciiLower(uchar(c)));
        }
        const auto anchor = [this](qsizetype index, uchar *value, uchar *mask) {
            *value = uchar(m_needle.at(index));
            *mask = m_caseInsensitive && isAsciiLetter(*value) ? 0x20 : 0;
        };
        anchor(0, &m_firstValue, &m_firstMask);
        anchor(m_lastIndex, &m_lastValue, &m_lastMask);
    }

    qsizetype length() const { return m_length; }

    // The first match in data[0, size) that starts at or after `from`, or -1.
    qsizetype indexIn(const uchar *data, qsizetype size, qsizetype from) const
    {
        qsizetype i = from;
#ifdef PIPESCOPE_SEARCH_SSE2
        const __m128i firstValue = _mm_set1_epi8(char(m_firstValue));
        const __m128i firstMask = _mm_set1_epi8(char(m_firstMask));
        const __m128i lastValue = _mm_set1_epi8(char(m_lastValue));
        const __m128i lastMask = _mm_set1_epi8(char(m_lastMask));
        // Candidates i .. i + 15 need bytes up to i + 15 + m_lastIndex.
        for (; i + 15 + m_length <= size; i += 16) {
            const __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i));
            const __m128i last = _mm_loadu_si128(
                reinterpret_cast<const __m128i *>(data + i + m_lastIndex));
            const __m128i hits
                = _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(first, firstMask), firstValue),
                                _mm_cmpeq_epi8(_mm_or_si128(last, lastMask), lastValue));
            uint bits = uint(_mm_movemask_epi8(hits));
            while (bits != 0) {
                const qsizetype candidate = i + qCountTrailingZeroBits(bits);
                if (matchesAt(data + candidate))
                    return candidate;
                bits &= bits - 1;
            }
        }
#endif
        if (m_firstMask == 0) {
            while (i + m_length <= size) {
                const size_t candidates = size_t(size - m_length + 1 - i);
                const void *hit = std::memchr(data + i, m_firstValue, candidates);
                if (!hit)
                    return -1;
                i = static_cast<const uchar *>(hit) - data;
                if (matchesAt(data + i))
                    return i;
                ++i;
            }
            return -1;
        }
        for (; i + m_length <= size; ++i) {
            if ((data[i] | m_firstMask) == m_firstValue && matchesAt(data + i))
                return i;
        }
        return -1;
    }

private:
    bool matchesAt(const uchar *candidate) const
    {
        const auto *needle = reinterpret_cast<const uchar *>(m_needle.constData());
        if (!m_caseInsensitive)
            return std::memcmp(candidate, needle, size_t(m_length)) == 0;
        for (qsizetype j = 0; j < m_length; ++j) {
            if (asciiLower(candidate[j]) != needle[j])
                return false;
        }
        return true;
    }

    QByteArray m_needle; // lower-cased when case-insensitive
    bool m_caseInsensitive = false;
    qsizetype m_length = 0;
    qsizetype m_lastIndex = 0;
    uchar m_firstValue = 0;
    uchar m_firstMask = 0;
    uchar m_lastValue = 0;
    uchar m_lastMask = 0;
};

enum class Outcome { Complete, Truncated, Canceled };

class Search
{
public:
    Search(const ByteSource &source, const SearchOptions &options, SearchResult *result)
        : m_source(source)
        , m_options(options)
        , m_result(result)
        , m_size(source.size())
        , m_blockSize(qMax<qint64>(1, options.blockSize))
        , m_maxMatches(qMax<qsizetype>(0, options.maxMatches))
    {
    }

    Outcome findLiteral(const SearchPattern &pattern)
    {
        const LiteralMatcher matcher(pattern.bytes(),
                                     pattern.caseSensitivity() == Qt::CaseInsensitive);
        const qint64 length = matcher.length();
        qint64 resume = 0; // matches start here or later
        while (resume + length <= m_size) {
            if (isCanceled())
                return Outcome::Canceled;
            // This step reports matches that start before `startLimit`; the block goes on by
            // length - 1 bytes so that the last of them can end in it.
            const qint64 startLimit = qMin(m_size - length + 1, resume + m_blockSize);
            const qint64 wanted = startLimit - resume + length - 1;
            const QByteArray block = m_source.read(resume, wanted);
            const auto *data = reinterpret_cast<const uchar *>(block.constData());
            qint64 next = startLimit;
            for (qsizetype from = 0;;) {
                const qsizetype at = matcher.indexIn(data, block.size(), from);
                if (at < 0 || resume + at >= startLimit)
                    break;
                if (!add(resume + at, length))
                    return Outcome::Truncated;
                from = at + length;
                next = qMax(next, resume + from);
            }
            if (block.size() < wanted)
                break; // the source is shorter than it said
            resume = next;
            reportProgress(resume);
        }
        return Outcome::Complete;
    }

    // Each step decodes a window as Latin-1: up to maxMatchLength bytes before `resume` (context
    // for lookbehind, \b and ^), the block, and maxMatchLength bytes after it (room for a match
    // that starts in the block, and lookahead). Matches that start in the block are kept; the
    // next step resumes where the last kept match ends, or at the block's end.
    Outcome findRegularExpression(const SearchPattern &pattern)
    {
        const QRegularExpression expression = pattern.regularExpression();
        const qint64 maxLength = pattern.maxMatchLength();
        qint64 resume = 0;
        while (resume < m_size) {
            if (isCanceled())
                return Outcome::Canceled;
            const qint64 windowStart = qMax<qint64>(0, resume - maxLength);
            const qint64 blockEnd = qMin(m_size, resume + m_blockSize);
            const qint64 windowEnd = qMin(m_size, blockEnd + maxLength);
            const qint64 wanted = windowEnd - windowStart;
            const QByteArray window = m_source.read(windowStart, wanted);
            const QString subject = QString::fromLatin1(window);
            qint64 next = blockEnd;
            QRegularExpressionMatchIterator it = expression.globalMatch(
                subject, qsizetype(resume - windowStart), QRegularExpression::NormalMatch,
                QRegularExpression::DontCheckSubjectStringMatchOption);
            while (it.hasNext()) {
                const QRegularExpressionMatch match = it.next();
                const qint64 start = windowStart + match.capturedStart();
                const qint64 length = match.capturedLength();
                if (start >= blockEnd)
                    break;
                if (length == 0)
                    continue;
                if (length > maxLength) {
                    // Cut; the search goes on from the cut.
                    if (!add(start, maxLength))
                        return Outcome::Truncated;
                    next = start + maxLength;
                    break;
                }
                if (!add(start, length))
                    return Outcome::Truncated;
                next = qMax(next, start + length);
            }
            if (window.size() < wanted)
                break;
            resume = next;
            reportProgress(resume);
        }
        return Outcome::Complete;
    }

private:
    bool isCanceled() const
    {
        return m_options.canceled && m_options.canceled->load(std::memory_order_relaxed);
    }

    // False, keeping nothing, when there are maxMatches already.
    bool add(qint64 offset, qint64 length)
    {
        if (m_result->matches.size() >= m_maxMatches) {
            m_result->truncated = true;
            return false;
        }
        m_result->matches.append(SearchMatch{offset, length});
        return true;
    }

    void reportProgress(qint64 done) const
    {
        if (m_options.progress && done < m_size)
            m_options.progress(double(done) / double(m_size));
    }

    const ByteSource &m_source;
    const SearchOptions &m_options;
    SearchResult *m_result;
    const qint64 m_size;
    const qint64 m_blockSize;
    const qsizetype m_maxMatches;
};

} // namespace

SearchResult findAllMatches(const ByteSource &source, const SearchPattern &pattern,
                            const SearchOptions &options)
{
    SearchResult result;
    if (pattern.isLiteral() && pattern.bytes().isEmpty())
        return result; // parse() never makes one
    Search search(source, options, &result);
    const Outcome outcome = pattern.isLiteral() ? search.findLiteral(pattern)
                                                : search.findRegularExpression(pattern);
    if (outcome == Outcome::Canceled) {
        result.canceled = true;
        return result;
    }
    if (options.progress)
        options.progress(1.0);
    return result;
}

SearchStep findNextMatch(const QList<SearchMatch> &matches, qint64 position,
                         SearchDirection direction)
{
    SearchStep step;
    if (matches.isEmpty())
        return step;
    const auto byOffset = [](const SearchMatch &match, qint64 offset) {
        return match.offset < offset;
    };
    if (direction == SearchDirection::Forward) {
        // The first match with offset > position.
        const auto it = std::lower_bound(matches.cbegin(), matches.cend(), position + 1, byOffset);
        if (it == matches.cend()) {
            step.index = 0;
            step.wrapped = true;
        } else {
            step.index = it - matches.cbegin();
        }
    } else {
        // The last match with offset < position.
        const auto it = std::lower_bound(matches.cbegin(), matches.cend(), position, byOffset);
        if (it == matches.cbegin()) {
            step.index = matches.size() - 1;
            step.wrapped = true;
        } else {
            step.index = (it - matches.cbegin()) - 1;
        }
    }
    return step;
}

QList<SearchMatch> StreamSearchResults::matches(int id) const
{
    for (const StreamMatches &stream : streams) {
        if (stream.id == id)
            return stream.matches;
    }
    return {};
}

qsizetype StreamSearchResults::matchCount() const
{
    qsizetype count = 0;
    for (const StreamMatches &stream : streams)
        count += stream.matches.size();
    return count;
}

struct StreamSearch::Run
{
    quint64 generation = 0;
    std::atomic_bool canceled{false};
    std::atomic_bool done{false};
    std::thread thread;
};

StreamSearch::StreamSearch(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<StreamSearchResults>();
}

StreamSearch::~StreamSearch()
{
    for (const std::unique_ptr<Run> &run : m_runs)
        run->canceled = true;
    reapRuns(true);
}

void StreamSearch::start(const SearchPattern &pattern, const QList<StreamSearchSource> &sources)
{
    stopRun();
    reapRuns(false);

    auto run = std::make_unique<Run>();
    run->generation = ++m_generation;
    m_running = true;
    SearchOptions options;
    options.blockSize = m_blockSize;
    options.maxMatches = m_maxMatches;
    options.canceled = &run->canceled;
    Run *worker = run.get();
    m_runs.push_back(std::move(run));
    worker->thread = std::thread([this, worker, pattern, sources, options] {
        searchInWorker(worker, pattern, sources, options);
        worker->done = true;
    });
}

void StreamSearch::cancel()
{
    if (!m_running)
        return;
    stopRun();
    emit canceled();
}

// Runs in the worker thread: everything that reaches the object is queued to its thread, where
// the generation check drops what belongs to a replaced or canceled run.
void StreamSearch::searchInWorker(Run *run, const SearchPattern &pattern,
                                  const QList<StreamSearchSource> &sources, SearchOptions options)
{
    const quint64 generation = run->generation;
    qint64 total = 0;
    for (const StreamSearchSource &source : sources)
        total += source.source ? source.source->size() : 0;

    int lastPercent = -1;
    const auto reportPercent = [&](int percent) {
        if (percent <= lastPercent)
            return;
        lastPercent = percent;
        QMetaObject::invokeMethod(
            this,
            [this, generation, percent] {
                if (m_running && generation == m_generation)
                    emit progress(percent);
            },
            Qt::QueuedConnection);
    };

    StreamSearchResults results;
    qint64 before = 0;
    for (const StreamSearchSource &source : sources) {
        if (run->canceled)
            return;
        StreamMatches stream;
        stream.id = source.id;
        if (source.source) {
            const qint64 size = source.source->size();
            options.progress = [&](double fraction) {
                reportPercent(int((double(before) + fraction * double(size)) * 100.0
                                  / double(qMax<qint64>(1, total))));
            };
            SearchResult found = findAllMatches(*source.source, pattern, options);
            if (found.canceled)
                return;
            stream.matches = std::move(found.matches);
            stream.truncated = found.truncated;
            before += size;
        }
        results.truncated = results.truncated || stream.truncated;
        results.streams.append(std::move(stream));
    }
    reportPercent(100);
    QMetaObject::invokeMethod(
        this,
        [this, generation, results] {
            if (!m_running || generation != m_generation)
                return;
            m_running = false;
            reapRuns(false);
            emit finished(results);
        },
        Qt::QueuedConnection);
}

void StreamSearch::stopRun()
{
    if (!m_running)
        return;
    m_running = false;
    m_runs.back()->canceled = true;
}

// Joins the threads of runs that are over (all of them: waits for them to notice canceled).
void StreamSearch::reapRuns(bool all)
{
    auto it = m_runs.begin();
    while (it != m_runs.end()) {
        Run &run = **it;
        if (!all && !run.done) {
            ++it;
            continue;
        }
        if (run.thread.joinable())
            run.thread.join();
        it = m_runs.erase(it);
    }
}

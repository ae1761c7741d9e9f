#include "search/blocksearch.h"

#include "search/literalmatcher.h"

#include <QtCore/QRegularExpression>

#include <algorithm>

namespace {

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
    const Outcome outcome
        = pattern.isLiteral() ? search.findLiteral(pattern) : search.findRegularExpression(pattern);
    if (outcome == Outcome::Canceled) {
        result.canceled = true;
        return result;
    }
    if (options.progress)
        options.progress(1.0);
    return result;
}

#pragma once

#include "bytesource.h"
#include "searchpattern.h"

#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

// One match: a range of a stream's byte sequence (all its chunks, concatenated).
struct SearchMatch
{
    qint64 offset = 0;
    qint64 length = 0;

    friend bool operator==(const SearchMatch &a, const SearchMatch &b)
    {
        return a.offset == b.offset && a.length == b.length;
    }
    friend bool operator!=(const SearchMatch &a, const SearchMatch &b) { return !(a == b); }
    friend bool operator<(const SearchMatch &a, const SearchMatch &b)
    {
        return a.offset < b.offset || (a.offset == b.offset && a.length < b.length);
    }
};
Q_DECLARE_TYPEINFO(SearchMatch, Q_PRIMITIVE_TYPE);

struct SearchResult
{
    QList<SearchMatch> matches; // sorted, non-overlapping
    bool truncated = false; // there are more matches than SearchOptions::maxMatches
    bool canceled = false; // stopped early: the matches found so far
};

struct SearchOptions
{
    static constexpr qint64 defaultBlockSize = 4 * 1024 * 1024;
    static constexpr qsizetype defaultMaxMatches = 1000000;

    // Bytes read and searched per step (plus the pattern's overlap). Tests use tiny blocks.
    qint64 blockSize = defaultBlockSize;
    qsizetype maxMatches = defaultMaxMatches;
    // Called after each block with the fraction of the source done, in [0, 1], never
    // decreasing; 1 once at the end, unless canceled.
    std::function<void(double fraction)> progress;
    // Polled before each block; may be set from any thread.
    const std::atomic_bool *canceled = nullptr;
};

// Every match of `pattern` in `source`, left to right and non-overlapping: after a match the
// search goes on at its end ("aa" in "aaaa" is found at 0 and 2; in "aaa" at 0 only). The
// source is read in blocks of options.blockSize that overlap by the pattern's maxMatchLength(),
// so a match straddling two blocks (or two chunks of the stream) is found once. Literal
// patterns are searched with SIMD-filtered byte comparisons (~10 GB/s on random data, blocks
// copied out of a MemoryByteSource included).
// The search stops after options.maxMatches matches, with `truncated` set if there is another.
SearchResult findAllMatches(const ByteSource &source, const SearchPattern &pattern,
                            const SearchOptions &options = SearchOptions());

enum class SearchDirection { Forward, Backward };

struct SearchStep
{
    qsizetype index = -1; // into the match list; -1 when it is empty
    bool wrapped = false; // went past the end (Forward) or the start (Backward)
};

// The match to go to from `position` (the current match's offset, or a cursor) in a sorted
// match list: Forward, the first match that starts after `position`, else the first one
// (wrapped); Backward, the last match that starts before it, else the last one (wrapped).
// Forward from -1 and Backward from the stream's size start without wrapping.
SearchStep findNextMatch(const QList<SearchMatch> &matches, qint64 position,
                         SearchDirection direction);

// One stream to search: `id` is the caller's (say, the Stream value), returned with its matches.
struct StreamSearchSource
{
    int id = 0;
    std::shared_ptr<const ByteSource> source;
};

struct StreamMatches
{
    int id = 0;
    QList<SearchMatch> matches;
    bool truncated = false;
};

struct StreamSearchResults
{
    QList<StreamMatches> streams; // one per source, in the order given to start()
    bool truncated = false; // some stream has more matches than the cap

    QList<SearchMatch> matches(int id) const;
    qsizetype matchCount() const;
};
Q_DECLARE_METATYPE(StreamSearchResults)

// Searches one or several streams in a worker thread of its own.
//
// start() begins a search and returns at once. progress(percent) follows as the search goes on,
// over all the sources' bytes together, then finished(results), unless cancel() is called first:
// cancel() emits canceled() before returning, and nothing of that search is emitted after it.
// start() while a search runs replaces it: the old one is canceled silently (no canceled()).
// All signals are emitted in the thread that the StreamSearch lives in (queued from the worker).
// A canceled worker stops at its next block; deleting the object cancels and joins it, so the
// sources may die with the object.
class StreamSearch : public QObject
{
    Q_OBJECT

public:
    explicit StreamSearch(QObject *parent = nullptr);
    ~StreamSearch() override;

    // Per stream (see SearchOptions); for the next start().
    void setMaxMatches(qsizetype maxMatches) { m_maxMatches = maxMatches; }
    void setBlockSize(qint64 blockSize) { m_blockSize = blockSize; }

    void start(const SearchPattern &pattern, const QList<StreamSearchSource> &sources);
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void progress(int percent);
    void finished(const StreamSearchResults &results);
    void canceled();

private:
    struct Run;

    void searchInWorker(Run *run, const SearchPattern &pattern,
                        const QList<StreamSearchSource> &sources, SearchOptions options);
    void stopRun();
    void reapRuns(bool all);

    std::vector<std::unique_ptr<Run>> m_runs; // the current one last (if m_running) and old ones
    quint64 m_generation = 0; // of the current run: queued results of others are dropped
    bool m_running = false;
    qsizetype m_maxMatches = SearchOptions::defaultMaxMatches;
    qint64 m_blockSize = SearchOptions::defaultBlockSize;
};

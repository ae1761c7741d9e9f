#pragma once

#include "search/blocksearch.h"

#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

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
    bool truncated = false;       // some stream has more matches than the cap

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

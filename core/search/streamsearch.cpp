#include "search/streamsearch.h"

#include <thread>

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

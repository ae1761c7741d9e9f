#include "searchcontroller.h"

#include "capture/streambytes.h"

SearchController::SearchController(const CaptureStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_search(new StreamSearch(this))
{
    connect(m_search, &StreamSearch::progress, this, &SearchController::progress);
    connect(m_search, &StreamSearch::finished, this, &SearchController::onFinished);
    connect(m_search, &StreamSearch::canceled, this, &SearchController::canceled);
}

void SearchController::start(const SearchPattern &pattern)
{
    // Each stream is searched as one sequence of bytes: a match may straddle two reads. The
    // sequences are built by the search's worker thread.
    QList<StreamSearchSource> sources;
    for (const Stream stream : byteStreams) {
        auto bytes = std::make_shared<const StreamBytes>(m_store, stream);
        // Shares ownership of `bytes`, points at its sequence (built by then, see onFinished).
        m_searched[stream] = bytes;
        sources.append({int(stream), bytes});
    }
    m_search->start(pattern, sources);
}

void SearchController::clear()
{
    m_search->cancel();
    m_hits.clear();
    m_currentHit = -1;
}

void SearchController::cancel()
{
    m_search->cancel();
}

qsizetype SearchController::step(SearchDirection direction) const
{
    return stepHit(m_hits.size(), m_currentHit, direction);
}

QList<qsizetype> SearchController::recordsWithHits() const
{
    return ::recordsWithHits(m_hits, m_sequences);
}

void SearchController::onFinished(const StreamSearchResults &results)
{
    // The worker read every stream, so their sequences exist: point at them.
    for (const Stream stream : byteStreams) {
        const auto &bytes = m_searched[stream];
        m_sequences[stream] = std::shared_ptr<const ChunkSequence>(bytes, &bytes->sequence());
    }
    m_hits = searchHits(results, m_sequences);
    m_currentHit = -1;
    emit finished(results.truncated);
}

#pragma once

#include "search/searchhits.h"
#include "search/streamsearch.h"

#include <QtCore/QObject>

class CaptureStore;
class StreamBytes;

// A session's search: runs a pattern over every stream in the background (StreamSearch), keeps
// the hits in timeline order, and which one is current. The session view decides what a hit
// selects; the search bar shows what this reports.
class SearchController : public QObject
{
    Q_OBJECT

public:
    explicit SearchController(const CaptureStore *store, QObject *parent = nullptr);

    // Searches the store as it is now; replaces a search still running.
    void start(const SearchPattern &pattern);
    // Stops a running search and forgets the hits.
    void clear();
    void cancel();

    const QList<SearchHit> &hits() const { return m_hits; }
    const StreamSequences &sequences() const { return m_sequences; }
    qsizetype currentHit() const { return m_currentHit; }
    void setCurrentHit(qsizetype index) { m_currentHit = index; }
    // The hit after or before the current one, wrapping around; -1 without hits.
    qsizetype step(SearchDirection direction) const;
    // The records that hold part of a match: what the match filter keeps.
    QList<qsizetype> recordsWithHits() const;

signals:
    void progress(int percent);
    // The hits are in; `truncated` when the search stopped at its cap.
    void finished(bool truncated);
    void canceled();

private:
    void onFinished(const StreamSearchResults &results);

    const CaptureStore *m_store;
    StreamSearch *m_search;
    PerStream<std::shared_ptr<const StreamBytes>> m_searched; // the streams being searched
    StreamSequences m_sequences; // what the current hits refer to
    QList<SearchHit> m_hits;
    qsizetype m_currentHit = -1;
};

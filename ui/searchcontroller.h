#pragma once

#include "search/searchhits.h"
#include "search/streamsearch.h"

#include <QtCore/QObject>

class CaptureStore;
class SearchBar;
class SessionMessages;
class StreamBytes;

// A session's search: runs the search bar's pattern over every stream in the background
// (StreamSearch), keeps the hits in timeline order and which one is current, and tells the bar
// how it goes. The session view decides what a hit selects.
class SearchController : public QObject
{
    Q_OBJECT

public:
    SearchController(const CaptureStore *store, SearchBar *bar, QObject *parent = nullptr);

    // Searches the store as it is now for the bar's pattern; replaces a search still running.
    void run();
    // Stops a running search, forgets the hits and turns the match filter off (the bar closed).
    void close();
    void cancel();
    // Whether the timeline shows only rows with matches.
    bool isFiltering() const;

    const QList<SearchHit> &hits() const { return m_hits; }
    // The pattern searched for; nullopt while there is no search.
    const std::optional<SearchPattern> &pattern() const { return m_pattern; }
    const StreamSequences &sequences() const { return m_sequences; }
    qsizetype currentHit() const { return m_currentHit; }
    // Makes hit `index` the current one and says so in the bar ("3 of 7").
    void setCurrentHit(qsizetype index);
    // The hit after or before the current one, wrapping around; -1 without hits.
    qsizetype step(SearchDirection direction) const;
    // The records that hold part of a match: what the match filter keeps.
    QList<qsizetype> recordsWithHits() const;
    // The messages that hold part of a match: what the match filter keeps in Messages mode.
    QList<qsizetype> messagesWithHits(const SessionMessages &messages) const;
    // The first hit that ends in this record or after it, or else the first hit.
    qsizetype firstHitFrom(qsizetype record) const;

    // Where hit `index` is: the messages holding it (given `messages`), or else the records of
    // its stream holding it; and the match's place in the bytes from the first of them on.
    struct HitPlace
    {
        QList<qsizetype> items; // message or record indices
        qint64 offset = 0;
        qint64 length = 0;
    };
    HitPlace place(qsizetype index, const SessionMessages *messages) const;

signals:
    // The hits changed (a search ended, failed or was closed): the match filter must follow.
    void hitsChanged();
    // A search found hits: the view goes to one, which setCurrentHit() then names.
    void foundHits();

private:
    void clear();
    void onFinished(const StreamSearchResults &results);

    const CaptureStore *m_store;
    SearchBar *m_bar;
    StreamSearch *m_search;
    PerStream<std::shared_ptr<const StreamBytes>> m_searched; // the streams being searched
    StreamSequences m_sequences;                              // what the current hits refer to
    QList<SearchHit> m_hits;
    std::optional<SearchPattern> m_pattern;
    qsizetype m_currentHit = -1;
};

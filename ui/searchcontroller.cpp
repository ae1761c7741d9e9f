#include "searchcontroller.h"

#include "capture/streambytes.h"
#include "filter/filter.h"
#include "messages/sessionmessages.h"
#include "searchbar.h"

SearchController::SearchController(const CaptureStore *store, SearchBar *bar, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_bar(bar)
    , m_search(new StreamSearch(this))
{
    connect(m_bar, &SearchBar::searchRequested, this, &SearchController::run);
    connect(m_bar, &SearchBar::cancelRequested, this, &SearchController::cancel);
    connect(m_bar, &SearchBar::closed, this, &SearchController::close);
    connect(m_search, &StreamSearch::progress, m_bar, &SearchBar::setProgress);
    connect(m_search, &StreamSearch::finished, this, &SearchController::onFinished);
    connect(m_search, &StreamSearch::canceled, this, [this] {
        m_bar->setProgress(-1);
        m_bar->setStatus(tr("Search canceled"));
    });
}

void SearchController::run()
{
    if (m_bar->isExpressionMode()) {
        // No bytes to search: Enter finds the next row that matches (SessionNavigator).
        clear();
        std::optional<ParseError> error;
        const bool valid = m_bar->text().trimmed().isEmpty()
                           || Filter::parse(m_bar->text(), FilterTarget::Messages, &error);
        m_bar->setStatus(valid ? tr("Enter: the next row it selects") : error->text(), !valid);
        m_bar->setProgress(-1);
        emit hitsChanged();
        return;
    }
    std::optional<ParseError> error;
    const auto pattern
        = SearchPattern::parse(m_bar->text(), m_bar->mode(), m_bar->caseSensitivity(), &error);
    if (!pattern) {
        clear();
        m_bar->setStatus(error ? error->text() : QString(), error.has_value());
        m_bar->setProgress(-1);
        emit hitsChanged();
        return;
    }
    m_pattern = pattern;
    m_bar->setStatus(tr("Searching..."));
    m_bar->setProgress(0);

    // Each stream is searched as one sequence of bytes: a match may straddle two reads. The
    // sequences are built by the search's worker thread.
    QList<StreamSearchSource> sources;
    for (const Stream stream : byteStreams) {
        auto bytes = std::make_shared<const StreamBytes>(m_store, stream);
        // Shares ownership of `bytes`, points at its sequence (built by then, see onFinished).
        m_searched[stream] = bytes;
        sources.append({int(stream), bytes});
    }
    m_search->start(*pattern, sources);
}

void SearchController::close()
{
    // The match filter goes with the search: a closed bar must not leave the timeline filtered
    // by matches that are no longer shown anywhere.
    clear();
    m_bar->setFilterOn(false);
    emit hitsChanged();
}

bool SearchController::isFiltering() const
{
    return m_bar->isFilterOn() && !m_bar->text().isEmpty() && !m_bar->isExpressionMode();
}

void SearchController::setCurrentHit(qsizetype index)
{
    m_currentHit = index;
    m_bar->setStatus(tr("%1 of %2").arg(index + 1).arg(m_hits.size()));
}

void SearchController::clear()
{
    m_search->cancel();
    m_hits.clear();
    m_currentHit = -1;
    m_pattern.reset();
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

QList<qsizetype> SearchController::messagesWithHits(const SessionMessages &messages) const
{
    QList<qsizetype> messageIndices;
    for (const SearchHit &hit : m_hits) {
        messageIndices += messages.messagesTouching(hit.stream, hit.match.offset,
                                                    hit.match.offset + hit.match.length);
    }
    std::sort(messageIndices.begin(), messageIndices.end());
    messageIndices.erase(std::unique(messageIndices.begin(), messageIndices.end()),
                         messageIndices.end());
    return messageIndices;
}

qsizetype SearchController::firstHitFrom(qsizetype record) const
{
    const auto it = std::find_if(m_hits.cbegin(), m_hits.cend(), [record](const SearchHit &hit) {
        return hit.lastRecord >= record;
    });
    return it == m_hits.cend() ? 0 : it - m_hits.cbegin();
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
    m_bar->setProgress(-1);
    emit hitsChanged();
    if (m_hits.isEmpty()) {
        m_bar->setStatus(tr("No matches"));
        return;
    }
    emit foundHits();
    if (results.truncated) {
        m_bar->setStatus(tr("%1 of the first %2 matches (the search stops there)")
                             .arg(m_currentHit + 1)
                             .arg(m_hits.size()));
    }
}

SearchController::HitPlace SearchController::place(qsizetype index,
                                                   const SessionMessages *messages) const
{
    const SearchHit &hit = m_hits.at(index);
    HitPlace place;
    place.length = hit.match.length;
    if (messages) {
        place.items = messages->messagesTouching(hit.stream, hit.match.offset,
                                                 hit.match.offset + hit.match.length);
        if (!place.items.isEmpty())
            place.offset = hit.match.offset - messages->log().at(place.items.first()).begin;
        return place;
    }
    // Only the match's own stream: the detail pane's bytes are then that stream's around it.
    const auto &sequence = m_sequences[hit.stream];
    for (qsizetype position = hit.firstPosition; position <= hit.lastPosition; ++position)
        place.items.append(sequence->recordIndex(position));
    place.offset = hit.match.offset - sequence->startOf(hit.firstPosition);
    return place;
}

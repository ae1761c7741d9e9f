#include "search/searchhits.h"

#include <algorithm>

QList<SearchHit> searchHits(const StreamSearchResults &results, const StreamSequences &sequences)
{
    QList<SearchHit> hits;
    for (const StreamMatches &streamMatches : results.streams) {
        const auto &sequence = sequences[Stream(streamMatches.id)];
        if (!sequence)
            continue;
        for (const SearchMatch &match : streamMatches.matches) {
            SearchHit hit;
            hit.stream = static_cast<Stream>(streamMatches.id);
            hit.match = match;
            hit.firstPosition = sequence->positionAt(match.offset);
            hit.lastPosition
                = sequence->positionAt(match.offset + qMax<qint64>(match.length, 1) - 1);
            hit.firstRecord = sequence->recordIndex(hit.firstPosition);
            hit.lastRecord = sequence->recordIndex(hit.lastPosition);
            hits.append(hit);
        }
    }
    std::sort(hits.begin(), hits.end(), [](const SearchHit &a, const SearchHit &b) {
        return a.firstRecord != b.firstRecord ? a.firstRecord < b.firstRecord
                                              : a.match.offset < b.match.offset;
    });
    return hits;
}

QList<qsizetype> recordsWithHits(const QList<SearchHit> &hits, const StreamSequences &sequences)
{
    QList<qsizetype> records;
    for (const SearchHit &hit : hits) {
        const auto &sequence = sequences[hit.stream];
        for (qsizetype position = hit.firstPosition; position <= hit.lastPosition; ++position)
            records.append(sequence->recordIndex(position));
    }
    std::sort(records.begin(), records.end());
    records.erase(std::unique(records.begin(), records.end()), records.end());
    return records;
}

qsizetype stepHit(qsizetype hitCount, qsizetype current, SearchDirection direction)
{
    if (hitCount == 0)
        return -1;
    if (current < 0)
        return direction == SearchDirection::Forward ? 0 : hitCount - 1;
    return direction == SearchDirection::Forward ? (current + 1) % hitCount
                                                 : (current + hitCount - 1) % hitCount;
}

#pragma once

#include "capture/chunksequence.h"
#include "search/streamsearch.h"

#include <QtCore/QList>

#include <array>
#include <memory>

// A match placed in the session: which stream, where in that stream's bytes, and the records
// (chunks) it spans. A match that straddles reads spans several records of its stream.
struct SearchHit
{
    Stream stream = Stream::Stdout;
    SearchMatch match;
    qsizetype firstPosition = 0; // in the stream's ChunkSequence
    qsizetype lastPosition = 0;
    qsizetype firstRecord = 0; // store record indices
    qsizetype lastRecord = 0;
};

// The streams' byte sequences a search ran over, by Stream (stdin, stdout, stderr).
using StreamSequences = PerStream<std::shared_ptr<const ChunkSequence>>;

// Every match of the results as hits, in timeline order (by the record where it starts, then
// by offset), so that "next" walks down the timeline across streams.
QList<SearchHit> searchHits(const StreamSearchResults &results, const StreamSequences &sequences);

// The records holding at least part of a match, sorted: the rows the match filter keeps.
QList<qsizetype> recordsWithHits(const QList<SearchHit> &hits, const StreamSequences &sequences);

enum class SearchDirection { Forward, Backward };

// The hit to go to after (Forward) or before (Backward) the hit at `current` (-1: none yet),
// wrapping around; -1 when there are no hits.
qsizetype stepHit(qsizetype hitCount, qsizetype current, SearchDirection direction);

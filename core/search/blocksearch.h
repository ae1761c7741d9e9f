#pragma once

#include "capture/bytesource.h"
#include "search/searchpattern.h"

#include <QtCore/QList>

#include <atomic>
#include <functional>

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
    bool truncated = false;     // there are more matches than SearchOptions::maxMatches
    bool canceled = false;      // stopped early: the matches found so far
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

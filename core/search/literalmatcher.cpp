#include "search/literalmatcher.h"

#include <QtCore/QtAlgorithms>

#include <cstring>

#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#define PIPESCOPE_SEARCH_SSE2
#include <emmintrin.h>
#endif

namespace {

constexpr uchar asciiLower(uchar c)
{
    return c >= 'A' && c <= 'Z' ? uchar(c | 0x20) : c;
}

constexpr bool isAsciiLetter(uchar c)
{
    return asciiLower(c) >= 'a' && asciiLower(c) <= 'z';
}

} // namespace

LiteralMatcher::LiteralMatcher(const QByteArray &needle, bool caseInsensitive)
    : m_needle(needle)
    , m_caseInsensitive(caseInsensitive)
    , m_length(needle.size())
    , m_lastIndex(needle.size() - 1)
{
    if (m_caseInsensitive) {
        for (char &c : m_needle)
            c = char(asciiLower(uchar(c)));
    }
    const auto anchor = [this](qsizetype index, uchar *value, uchar *mask) {
        *value = uchar(m_needle.at(index));
        *mask = m_caseInsensitive && isAsciiLetter(*value) ? 0x20 : 0;
    };
    anchor(0, &m_firstValue, &m_firstMask);
    anchor(m_lastIndex, &m_lastValue, &m_lastMask);
}

qsizetype LiteralMatcher::indexIn(const uchar *data, qsizetype size, qsizetype from) const
{
    qsizetype i = from;
#ifdef PIPESCOPE_SEARCH_SSE2
    const __m128i firstValue = _mm_set1_epi8(char(m_firstValue));
    const __m128i firstMask = _mm_set1_epi8(char(m_firstMask));
    const __m128i lastValue = _mm_set1_epi8(char(m_lastValue));
    const __m128i lastMask = _mm_set1_epi8(char(m_lastMask));
    // Candidates i .. i + 15 need bytes up to i + 15 + m_lastIndex.
    for (; i + 15 + m_length <= size; i += 16) {
        const __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i));
        const __m128i last
            = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i + m_lastIndex));
        const __m128i hits
            = _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(first, firstMask), firstValue),
                            _mm_cmpeq_epi8(_mm_or_si128(last, lastMask), lastValue));
        uint bits = uint(_mm_movemask_epi8(hits));
        while (bits != 0) {
            const qsizetype candidate = i + qCountTrailingZeroBits(bits);
            if (matchesAt(data + candidate))
                return candidate;
            bits &= bits - 1;
        }
    }
#endif
    if (m_firstMask == 0) {
        while (i + m_length <= size) {
            const size_t candidates = size_t(size - m_length + 1 - i);
            const void *hit = std::memchr(data + i, m_firstValue, candidates);
            if (!hit)
                return -1;
            i = static_cast<const uchar *>(hit) - data;
            if (matchesAt(data + i))
                return i;
            ++i;
        }
        return -1;
    }
    for (; i + m_length <= size; ++i) {
        if ((data[i] | m_firstMask) == m_firstValue && matchesAt(data + i))
            return i;
    }
    return -1;
}

bool LiteralMatcher::matchesAt(const uchar *candidate) const
{
    const auto *needle = reinterpret_cast<const uchar *>(m_needle.constData());
    if (!m_caseInsensitive)
        return std::memcmp(candidate, needle, size_t(m_length)) == 0;
    for (qsizetype j = 0; j < m_length; ++j) {
        if (asciiLower(candidate[j]) != needle[j])
            return false;
    }
    return true;
}

#pragma once

#include <QtCore/QByteArray>

// Finds a byte string, optionally folding ASCII case. Candidates are filtered 16 positions at a
// time on the needle's first and last bytes (SSE2: compare, and, movemask), then compared in
// full. Case folding costs nothing in the filter: for a letter, (byte | 0x20) == lower letter
// holds exactly for its two cases.
class LiteralMatcher
{
public:
    LiteralMatcher(const QByteArray &needle, bool caseInsensitive);

    qsizetype length() const { return m_length; }

    // The first match in data[0, size) that starts at or after `from`, or -1.
    qsizetype indexIn(const uchar *data, qsizetype size, qsizetype from) const;

private:
    bool matchesAt(const uchar *candidate) const;

    QByteArray m_needle; // lower-cased when case-insensitive
    bool m_caseInsensitive = false;
    qsizetype m_length = 0;
    qsizetype m_lastIndex = 0;
    uchar m_firstValue = 0;
    uchar m_firstMask = 0;
    uchar m_lastValue = 0;
    uchar m_lastMask = 0;
};

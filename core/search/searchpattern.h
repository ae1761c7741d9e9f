#pragma once

#include "codec/parseerror.h"

#include <QtCore/QByteArray>
#include <QtCore/QRegularExpression>
#include <QtCore/QString>

#include <optional>

// How the text typed into the search bar is read.
enum class SearchMode { Text, Escaped, Hex, RegularExpression };

// What to look for in a stream's bytes, parsed from the search bar's text. A value type: cheap to
// copy (implicitly shared parts) and safe to hand to a worker thread.
//
// - Text: the UTF-8 bytes of the input. Case-insensitive matching folds ASCII letters only
//   (A-Z and a-z, byte for byte); every other byte, including the bytes of non-ASCII letters,
//   must match exactly ("É" does not find "é").
// - Escaped: text with C escapes, as the timeline shows bytes and the input bar takes them:
//   "ready\n" finds "ready" and its newline, "\x1b[" an escape sequence (InputFormat::Escaped).
//   Case-insensitive matching folds ASCII letters, as for Text.
// - Hex: bytes written as pairs of hex digits: "de ad be ef", "dead beef", "0xde 0xad", "de,ad".
//   Whitespace and commas separate groups; a group may start with 0x or 0X and holds an even
//   number of digits. Bytes always match exactly: the case flag is ignored (caseSensitivity()
//   reports Qt::CaseSensitive).
// - RegularExpression: a QRegularExpression (PCRE2) run over the bytes decoded as Latin-1, so
//   that each byte is one character and match offsets are byte offsets. The expression matches
//   byte values:
//     * a non-ASCII character typed in the pattern stands for its UTF-8 bytes, as one unit:
//       "é+" finds "éé" in UTF-8 output. Inside [...] such a character is an error (a class
//       matches one byte);
//     * escapes denote bytes: \xe9 is the byte 0xe9, \x00 a NUL; '.' is any byte but \n;
//     * \w, \d, \s and \b know ASCII only;
//     * ^ and $ match at line starts and ends (MultilineOption) as well as at the stream's ends;
//     * case-insensitive matching folds ASCII letters. Bytes written as escapes also match their
//       Latin-1 partner (\xc9 finds \xe9): write (?-i:\xc9) where that matters;
//     * a match is at most maxMatchLength() bytes (64 KiB unless changed): a longer one is cut
//       to that length, and may be missed, because the search reads the stream in blocks and
//       lets the expression see only that much beyond a block (and before it, for lookbehind).
//       Empty matches are never reported. \G, \K and backtracking verbs see where a block
//       starts, so their matches may depend on it.
class SearchPattern
{
public:
    static constexpr qsizetype defaultMaxMatchLength = 64 * 1024;

    // The pattern for `input`, or nullopt: with no *error when there is nothing to search for
    // (empty input, or hex input without digits), else with where and why it does not parse.
    // `error` may be null.
    static std::optional<SearchPattern> parse(const QString &input, SearchMode mode,
                                              Qt::CaseSensitivity caseSensitivity,
                                              std::optional<ParseError> *error = nullptr);

    SearchMode mode() const { return m_mode; }
    Qt::CaseSensitivity caseSensitivity() const { return m_caseSensitivity; }
    bool isLiteral() const { return m_mode != SearchMode::RegularExpression; }

    // Text and Hex: the bytes to find (never empty).
    QByteArray bytes() const { return m_bytes; }

    // RegularExpression: the compiled expression that runs over Latin-1 decoded bytes (its
    // pattern() is the input rewritten as described above).
    QRegularExpression regularExpression() const { return m_regularExpression; }

    // The longest match the pattern can report: the size of bytes() for literals, the cap for
    // regular expressions. The block reader overlaps blocks by this much.
    qsizetype maxMatchLength() const;
    // Regular expressions only (literals ignore it); at least 1. Tests use small values.
    void setMaxMatchLength(qsizetype length);

private:
    SearchPattern() = default;

    SearchMode m_mode = SearchMode::Text;
    Qt::CaseSensitivity m_caseSensitivity = Qt::CaseSensitive;
    QByteArray m_bytes;
    QRegularExpression m_regularExpression;
    qsizetype m_maxMatchLength = defaultMaxMatchLength;
};

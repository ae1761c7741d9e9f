#include "search/searchpattern.h"

#include "codec/hexbytes.h"
#include "codec/inputencoding.h"
#include "codec/utf8.h"

#include <QtCore/QList>

namespace {

std::optional<QByteArray> parseHex(const QString &input, std::optional<ParseError> *error)
{
    const HexBytes hex = parseHexBytes(input);
    if (!hex.isValid()) {
        *error = hex.error;
        return std::nullopt;
    }
    return hex.bytes;
}

// Rewrites a regular expression typed by the user into one over Latin-1 decoded bytes: every
// non-ASCII character becomes the Latin-1 characters of its UTF-8 bytes, grouped so that a
// quantifier applies to the whole character, and matched case-sensitively (case folding of the
// bytes' Latin-1 characters would be meaningless). `origins` receives, for each character of
// the result, the index of the input character it came from, to report errors at the user's
// position.
std::optional<QString> bytePattern(const QString &input, bool caseInsensitive,
                                   QList<qsizetype> *origins, std::optional<ParseError> *error)
{
    enum class State { Normal, InClass, Quoted, Comment };
    State state = State::Normal;
    State afterQuote = State::Normal;
    QString out;
    out.reserve(input.size());
    auto emitText = [&](const QString &text, qsizetype origin) {
        out += text;
        for (qsizetype k = 0; k < text.size(); ++k)
            origins->append(origin);
    };
    auto emitChar = [&](QChar c, qsizetype origin) {
        out += c;
        origins->append(origin);
    };
    auto utf8AsLatin1
        = [&](qsizetype index) { return QString::fromLatin1(characterAt(input, index).toUtf8()); };

    const qsizetype size = input.size();
    qsizetype i = 0;
    while (i < size) {
        const QChar c = input.at(i);
        const bool ascii = c.unicode() < 0x80;
        switch (state) {
        case State::Quoted:
            if (c == u'\\' && i + 1 < size && input.at(i + 1) == u'E') {
                emitText(QStringLiteral("\\E"), i);
                i += 2;
                state = afterQuote;
            } else if (ascii) {
                emitChar(c, i++);
            } else {
                // Literal bytes; a quantifier after \E applies to the last one only.
                emitText(utf8AsLatin1(i), i);
                i += characterAt(input, i).size();
            }
            continue;
        case State::Comment:
            emitChar(c, i++);
            if (c == u')')
                state = State::Normal;
            continue;
        case State::Normal:
        case State::InClass:
            break;
        }

        if (c == u'\\' && i + 1 < size) {
            const QChar next = input.at(i + 1);
            if (next.unicode() >= 0x80) {
                ++i; // an escaped non-ASCII character is that character
                continue;
            }
            if (next == u'Q') {
                afterQuote = state;
                state = State::Quoted;
            }
            emitChar(c, i);
            emitChar(next, i + 1);
            i += 2;
            continue;
        }

        if (state == State::InClass) {
            const QChar next = i + 1 < size ? input.at(i + 1) : QChar();
            if (c == u'[' && (next == u':' || next == u'=' || next == u'.')) {
                // [:alpha:] and friends: copied through to their closing ":]".
                const QString close = input.mid(i + 1, 1) + u']';
                const qsizetype end = input.indexOf(close, i + 2);
                if (end >= 0) {
                    for (; i < end + 2; ++i)
                        emitChar(input.at(i), i);
                    continue;
                }
            }
            if (!ascii) {
                *error = ParseError{QStringLiteral("'%1' inside [...]: a class matches one "
                                                   "byte, write (?:%1|...)")
                                        .arg(characterAt(input, i)),
                                    i};
                return std::nullopt;
            }
            emitChar(c, i++);
            if (c == u']')
                state = State::Normal;
            continue;
        }

        // State::Normal
        if (c == u'[') {
            emitChar(c, i++);
            state = State::InClass;
            // "[]...]" and "[^]...]": a leading ']' is a member.
            if (i < size && input.at(i) == u'^') {
                emitChar(input.at(i), i);
                ++i;
            }
            if (i < size && input.at(i) == u']') {
                emitChar(input.at(i), i);
                ++i;
            }
            continue;
        }
        if (QStringView(input).mid(i, 3) == u"(?#") {
            emitText(QStringLiteral("(?#"), i);
            i += 3;
            state = State::Comment;
            continue;
        }
        if (!ascii) {
            emitText(caseInsensitive ? QStringLiteral("(?-i:") : QStringLiteral("(?:"), i);
            emitText(utf8AsLatin1(i), i);
            emitChar(u')', i);
            i += characterAt(input, i).size();
            continue;
        }
        emitChar(c, i++);
    }
    return out;
}

} // namespace

std::optional<SearchPattern> SearchPattern::parse(const QString &input, SearchMode mode,
                                                  Qt::CaseSensitivity caseSensitivity,
                                                  std::optional<ParseError> *errorOut)
{
    std::optional<ParseError> ignored;
    std::optional<ParseError> *error = errorOut ? errorOut : &ignored;
    error->reset();
    if (input.isEmpty())
        return std::nullopt;

    SearchPattern pattern;
    pattern.m_mode = mode;
    pattern.m_caseSensitivity = caseSensitivity;
    switch (mode) {
    case SearchMode::Text:
        pattern.m_bytes = input.toUtf8();
        return pattern;
    case SearchMode::Escaped: {
        const EncodedInput encoded = encodeInput(input, InputFormat::Escaped, LineEnding::None);
        if (encoded.error) {
            if (error)
                *error = encoded.error;
            return std::nullopt;
        }
        if (encoded.bytes.isEmpty())
            return std::nullopt;
        pattern.m_bytes = encoded.bytes;
        return pattern;
    }
    case SearchMode::Hex: {
        const std::optional<QByteArray> bytes = parseHex(input, error);
        if (!bytes || bytes->isEmpty())
            return std::nullopt;
        pattern.m_bytes = *bytes;
        pattern.m_caseSensitivity = Qt::CaseSensitive;
        return pattern;
    }
    case SearchMode::RegularExpression: {
        const bool caseInsensitive = caseSensitivity == Qt::CaseInsensitive;
        QList<qsizetype> origins;
        const std::optional<QString> rewritten
            = bytePattern(input, caseInsensitive, &origins, error);
        if (!rewritten)
            return std::nullopt;
        QRegularExpression::PatternOptions options = QRegularExpression::MultilineOption;
        if (caseInsensitive)
            options |= QRegularExpression::CaseInsensitiveOption;
        QRegularExpression expression(*rewritten, options);
        if (!expression.isValid()) {
            const qsizetype offset = expression.patternErrorOffset();
            const qsizetype position
                = offset >= 0 && offset < origins.size() ? origins.at(offset) : input.size();
            *error = ParseError{expression.errorString(), position};
            return std::nullopt;
        }
        expression.optimize();
        pattern.m_regularExpression = expression;
        return pattern;
    }
    }
    return std::nullopt;
}

qsizetype SearchPattern::maxMatchLength() const
{
    return isLiteral() ? m_bytes.size() : m_maxMatchLength;
}

void SearchPattern::setMaxMatchLength(qsizetype length)
{
    m_maxMatchLength = qMax<qsizetype>(1, length);
}

#include "codec/jsontokenizer.h"

#include "codec/hexdigits.h"
#include "codec/utf8.h"

#include <array>
#include <cstring>

namespace {

bool isDigit(char c)
{
    return unsigned(c - '0') < 10;
}

// RFC 8259 whitespace is these four only (no form feed, no byte order mark).
bool isWhitespace(char c)
{
    return quint8(c) <= ' ' && (c == ' ' || c == '\n' || c == '\r' || c == '\t');
}

const char *skipWhitespace(const char *p, const char *end)
{
    while (p < end && isWhitespace(*p))
        ++p;
    return p;
}

// With the length known at compile time, memcmp() becomes a load and a compare.
template<qsizetype N>
bool startsWith(const char *p, const char *end, const char (&word)[N])
{
    return end - p >= N - 1 && std::memcmp(p, word, N - 1) == 0;
}

// Bytes that end a run of plain string content: the quote, the backslash and the control
// characters, which RFC 8259 does not allow unescaped.
constexpr std::array<bool, 256> stringSpecials = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c)
        table[c] = true;
    table['"'] = true;
    table['\\'] = true;
    return table;
}();

// Whether one of the eight bytes in `word` is a string special. The classic SWAR tests
// (Hacker's Delight 6-1): a borrow can flag a byte above a real hit, but never a word without one.
bool hasStringSpecial(quint64 word)
{
    constexpr quint64 ones = 0x0101010101010101;
    constexpr quint64 highBits = 0x8080808080808080;
    const auto zeroByte = [](quint64 x) { return (x - ones) & ~x & highBits; };
    const quint64 below0x20 = (word - ones * 0x20) & ~word & highBits;
    return (zeroByte(word ^ (ones * '"')) | zeroByte(word ^ (ones * '\\')) | below0x20) != 0;
}

// Scans string content from just after the opening quote. Returns the position just past the
// closing quote, or nullptr when the string is invalid or unterminated.
const char *scanString(const char *p, const char *end, bool *hasEscapes)
{
    *hasEscapes = false;
    for (;;) {
        // Most string bytes are plain: skip them eight at a time.
        while (end - p >= 8) {
            quint64 word;
            std::memcpy(&word, p, 8);
            if (hasStringSpecial(word))
                break;
            p += 8;
        }
        while (p < end && !stringSpecials[quint8(*p)])
            ++p;
        if (p == end)
            return nullptr;
        if (*p == '"')
            return p + 1;
        if (*p != '\\')
            return nullptr; // a raw control character
        *hasEscapes = true;
        if (++p == end)
            return nullptr;
        switch (*p) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            ++p;
            break;
        case 'u':
            if (end - p < 5 || !isHexDigit(p[1]) || !isHexDigit(p[2]) || !isHexDigit(p[3])
                || !isHexDigit(p[4])) {
                return nullptr;
            }
            p += 5;
            break;
        default:
            return nullptr;
        }
    }
}

// The longest prefix from `p` that is a JSON number,
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, or nullptr when there is none. What follows is
// left to the caller: "01" and "1." are a number followed by a byte that makes the text invalid
// wherever the number stands.
const char *scanNumber(const char *p, const char *end)
{
    const auto digits = [end](const char *q) {
        while (q < end && isDigit(*q))
            ++q;
        return q;
    };
    if (*p == '-')
        ++p;
    if (p == end || !isDigit(*p))
        return nullptr;
    p = *p == '0' ? p + 1 : digits(p);
    if (end - p >= 2 && p[0] == '.' && isDigit(p[1]))
        p = digits(p + 2);
    if (p < end && (*p == 'e' || *p == 'E')) {
        const char *exponent = p + 1;
        if (exponent < end && (*exponent == '+' || *exponent == '-'))
            ++exponent;
        if (exponent < end && isDigit(*exponent))
            p = digits(exponent);
    }
    return p;
}

// Resolves the escapes of string content the tokenizer has already validated.
QByteArray unescaped(QByteArrayView content)
{
    QByteArray out;
    out.reserve(content.size());
    const char *p = content.data();
    const char *const end = p + content.size();
    const auto hex4 = [](const char *q) {
        return char32_t(hexDigitValue(q[0]) << 12 | hexDigitValue(q[1]) << 8
                        | hexDigitValue(q[2]) << 4 | hexDigitValue(q[3]));
    };
    while (p < end) {
        const auto backslash = static_cast<const char *>(std::memchr(p, '\\', end - p));
        if (!backslash) {
            out.append(p, end - p);
            break;
        }
        out.append(p, backslash - p);
        p = backslash + 1;
        switch (*p++) {
        case 'b':
            out.append('\b');
            break;
        case 'f':
            out.append('\f');
            break;
        case 'n':
            out.append('\n');
            break;
        case 'r':
            out.append('\r');
            break;
        case 't':
            out.append('\t');
            break;
        case 'u': {
            char32_t code = hex4(p);
            p += 4;
            if (code >= 0xD800 && code <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                const char32_t low = hex4(p + 2);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    p += 6;
                }
            }
            appendUtf8(out, code >= 0xD800 && code <= 0xDFFF ? char32_t(0xFFFD) : code);
            break;
        }
        default: // '"', '\\' and '/' stand for themselves
            out.append(p[-1]);
        }
    }
    return out;
}

} // namespace

JsonTokenizer::JsonTokenizer(QByteArrayView text)
    : m_begin(text.data())
    , m_end(text.data() + text.size())
    , m_pos(m_begin)
    , m_tokenStart(m_begin)
    , m_tokenEnd(m_begin)
{
}

JsonTokenizer::Token JsonTokenizer::next()
{
    switch (m_state) {
    case State::Value:
        return readValue();
    case State::Key:
        return readKey();
    case State::FirstValue:
        m_pos = skipWhitespace(m_pos, m_end);
        if (m_pos < m_end && *m_pos == ']')
            return close(Token::EndArray);
        return readValue();
    case State::FirstKey:
        m_pos = skipWhitespace(m_pos, m_end);
        if (m_pos < m_end && *m_pos == '}')
            return close(Token::EndObject);
        return readKey();
    case State::AfterValue: {
        if (m_depth == 0) {
            m_state = State::Finished;
            m_tokenStart = m_tokenEnd = m_pos;
            return Token::End;
        }
        m_pos = skipWhitespace(m_pos, m_end);
        if (m_pos == m_end)
            return fail();
        const bool inObject = m_levelIsObject[m_depth - 1];
        if (*m_pos == ',') {
            ++m_pos;
            return inObject ? readKey() : readValue();
        }
        if (*m_pos == (inObject ? '}' : ']'))
            return close(inObject ? Token::EndObject : Token::EndArray);
        return fail();
    }
    case State::Finished:
        return Token::End;
    case State::Failed:
        break;
    }
    return Token::Error;
}

JsonTokenizer::Token JsonTokenizer::readValue()
{
    m_pos = skipWhitespace(m_pos, m_end);
    if (m_pos == m_end)
        return fail();
    m_tokenStart = m_pos;
    const auto literal = [this](const auto &word, Token token) {
        if (!startsWith(m_pos, m_end, word))
            return fail();
        m_pos += sizeof(word) - 1;
        m_tokenEnd = m_pos;
        m_state = State::AfterValue;
        return token;
    };
    switch (*m_pos) {
    case '{':
        return open(Token::BeginObject, State::FirstKey, true);
    case '[':
        return open(Token::BeginArray, State::FirstValue, false);
    case '"': {
        const char *end = scanString(m_pos + 1, m_end, &m_stringHasEscapes);
        if (!end)
            return fail();
        m_pos = m_tokenEnd = end;
        m_state = State::AfterValue;
        return Token::String;
    }
    case 't':
        return literal("true", Token::True);
    case 'f':
        return literal("false", Token::False);
    case 'n':
        return literal("null", Token::Null);
    default: {
        const char *end = scanNumber(m_pos, m_end);
        if (!end)
            return fail();
        m_pos = m_tokenEnd = end;
        m_state = State::AfterValue;
        return Token::Number;
    }
    }
}

JsonTokenizer::Token JsonTokenizer::readKey()
{
    m_pos = skipWhitespace(m_pos, m_end);
    if (m_pos == m_end || *m_pos != '"')
        return fail();
    m_tokenStart = m_pos;
    const char *end = scanString(m_pos + 1, m_end, &m_stringHasEscapes);
    if (!end)
        return fail();
    m_pos = m_tokenEnd = end;
    m_pos = skipWhitespace(m_pos, m_end);
    if (m_pos == m_end || *m_pos != ':')
        return fail();
    ++m_pos;
    m_state = State::Value;
    return Token::Key;
}

JsonTokenizer::Token JsonTokenizer::open(Token token, State state, bool isObject)
{
    if (m_depth == MaxDepth)
        return fail();
    m_levelIsObject[m_depth++] = isObject;
    m_tokenEnd = ++m_pos;
    m_state = state;
    return token;
}

JsonTokenizer::Token JsonTokenizer::close(Token token)
{
    m_tokenStart = m_pos;
    m_tokenEnd = ++m_pos;
    --m_depth;
    m_state = State::AfterValue;
    return token;
}

JsonTokenizer::Token JsonTokenizer::fail()
{
    m_state = State::Failed;
    return Token::Error;
}

QByteArray JsonTokenizer::stringValue() const
{
    const QByteArrayView content(m_tokenStart + 1, m_tokenEnd - 1);
    return m_stringHasEscapes ? unescaped(content) : content.toByteArray();
}

bool JsonTokenizer::restIsWhitespace() const
{
    return skipWhitespace(m_tokenEnd, m_end) == m_end;
}

qsizetype jsonValueEnd(QByteArrayView text)
{
    JsonTokenizer tokenizer(text);
    for (;;) {
        switch (tokenizer.next()) {
        case JsonTokenizer::Token::Error:
            return -1;
        case JsonTokenizer::Token::End:
            return tokenizer.tokenEnd();
        default:
            break;
        }
    }
}

bool isValidJson(QByteArrayView text)
{
    JsonTokenizer tokenizer(text);
    for (;;) {
        switch (tokenizer.next()) {
        case JsonTokenizer::Token::Error:
            return false;
        case JsonTokenizer::Token::End:
            return tokenizer.restIsWhitespace();
        default:
            break;
        }
    }
}

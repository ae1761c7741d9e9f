#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>

#include <bitset>

// Offset just past the first JSON value in `text` (leading whitespace skipped), or -1 when the
// text does not start with a complete, valid JSON value. Used to tell a Content-Length that does
// not match its body: the value may end before the declared body does, or run past it. A
// top-level number ends with the longest prefix that is one: "12abc" and "1.x" give 2 and 1.
qsizetype jsonValueEnd(QByteArrayView text);

bool isValidJson(QByteArrayView text); // exactly one value, whitespace around allowed

// A validating pull tokenizer over one JSON value (RFC 8259, strict), shared by the scanner and
// the formatters. It allocates nothing: commas and colons are checked and skipped, and every
// token is a span of the text. Nesting is limited to MaxDepth open containers so that a hostile
// body cannot exhaust memory or the stack of a recursive consumer. The text must outlive it.
class JsonTokenizer
{
public:
    enum class Token {
        Error, // the text is not valid JSON here; next() keeps returning Error
        End,   // the top-level value is complete; next() keeps returning End
        BeginObject,
        EndObject,
        BeginArray,
        EndArray,
        Key,    // a member name, quotes included; its ':' has been consumed
        String, // quotes included
        Number,
        True,
        False,
        Null,
    };
    static constexpr int MaxDepth = 512;

    explicit JsonTokenizer(QByteArrayView text);

    Token next();

    // The span of the current token in the text. For End, the empty span just past the value.
    qsizetype tokenStart() const { return m_tokenStart - m_begin; }
    qsizetype tokenEnd() const { return m_tokenEnd - m_begin; }
    QByteArrayView tokenText() const { return QByteArrayView(m_tokenStart, m_tokenEnd); }
    // Containers open after the current token: 1 for a member of the top-level object.
    int depth() const { return m_depth; }
    // The current Key or String token without its quotes, escapes resolved, as UTF-8. An escaped
    // lone UTF-16 surrogate becomes U+FFFD.
    QByteArray stringValue() const;
    // After End: whether only whitespace follows the value.
    bool restIsWhitespace() const;

private:
    enum class State : quint8 { Value, FirstValue, Key, FirstKey, AfterValue, Finished, Failed };

    Token readValue();
    Token readKey();
    Token open(Token token, State state, bool isObject);
    Token close(Token token);
    Token fail();

    const char *m_begin;
    const char *m_end;
    const char *m_pos;
    const char *m_tokenStart;
    const char *m_tokenEnd;
    int m_depth = 0;
    State m_state = State::Value;
    bool m_stringHasEscapes = false;
    std::bitset<MaxDepth> m_levelIsObject;
};

#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QCborValue>
#include <QtCore/QList>

enum class JsonTokenKind { Key, String, Number, Keyword, Punctuation };

// A span of PrettyJson::text to colour. Keys and strings include their quotes; punctuation is
// one of {}[],: and keywords are true, false and null.
struct JsonToken
{
    qsizetype offset; // in PrettyJson::text
    qsizetype length;
    JsonTokenKind kind;
};

// A JSON text re-indented for reading, with the spans a view colours. Member order, number
// spelling and string escapes stay exactly as written (QJsonDocument would sort keys and round
// numbers).
struct PrettyJson
{
    QByteArray text;
    QList<JsonToken> tokens; // in text order, every byte outside them is whitespace
};

// Indents by `indent` spaces per level, one member / element per line, `"key": value`, empty
// {} and [] kept on one line. Whitespace around the value is dropped. Input that is not valid
// JSON comes back unchanged with no tokens.
PrettyJson prettyJson(QByteArrayView json, int indent = 2);

// A msgpack value (as msgpackToCbor() decodes it) written like prettyJson() writes JSON, with
// tokens to colour. Binary strings become <hex 0a 1b> (String tokens), NaN and infinities NaN,
// Infinity and -Infinity (Number tokens), map keys that are not strings their value on one line
// (a Key token).
PrettyJson prettyMsgpack(const QCborValue &value, int indent = 2);

// The same value on one line, whitespace outside strings removed (for JSON Lines export).
// Input that is not valid JSON comes back unchanged.
QByteArray minifiedJson(QByteArrayView json);

// The value as a tree for a collapsible view: objects become QCborMap in member order (QCborMap
// keeps insertion order), arrays QCborArray, integers that fit qint64 integers, other numbers
// doubles (infinity or zero beyond the range of double), strings unescaped (\uXXXX incl.
// surrogate pairs to UTF-8), true/false/null. A repeated key keeps its first position and its
// last value. Invalid JSON gives QCborValue(QCborValue::Invalid).
QCborValue jsonToCbor(QByteArrayView json);

// `bytes` (UTF-8) as a JSON string literal, quotes included.
QByteArray jsonStringLiteral(QByteArrayView bytes);

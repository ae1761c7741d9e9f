#include "filter/jsonpath.h"

#include "codec/jsontokenizer.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace {

using Token = JsonTokenizer::Token;

bool isOpening(Token token)
{
    return token == Token::BeginObject || token == Token::BeginArray;
}

// Consumes the rest of a value whose first token was just read; false on invalid JSON.
bool skipValue(JsonTokenizer &tokenizer, Token first)
{
    if (!isOpening(first))
        return first != Token::Error && first != Token::End;
    const int outside = tokenizer.depth() - 1;
    for (;;) {
        const Token token = tokenizer.next();
        if (token == Token::Error || token == Token::End)
            return false;
        if ((token == Token::EndObject || token == Token::EndArray)
            && tokenizer.depth() == outside) {
            return true;
        }
    }
}

// Reads the container's members or elements until the one `step` names; its first token then
// is the current one. False when there is none.
bool enter(JsonTokenizer &tokenizer, Token *token, const FilterPathStep &step)
{
    const bool wantsMember = step.index < 0;
    if (*token != (wantsMember ? Token::BeginObject : Token::BeginArray))
        return false;
    const int inside = tokenizer.depth();
    for (int element = 0;; ++element) {
        Token next = tokenizer.next();
        if (next == Token::EndObject || next == Token::EndArray || next == Token::Error)
            return false;
        bool found = element == step.index;
        if (wantsMember) {
            found = next == Token::Key && tokenizer.depth() == inside
                    && tokenizer.stringValue() == step.key;
            next = tokenizer.next(); // the member's value
        }
        if (found) {
            *token = next;
            return true;
        }
        if (!skipValue(tokenizer, next))
            return false;
    }
}

} // namespace

std::optional<FilterValue> jsonValueAtPath(QByteArrayView json, const QList<FilterPathStep> &path)
{
    JsonTokenizer tokenizer(json);
    Token token = tokenizer.next();
    for (const FilterPathStep &step : path) {
        if (!enter(tokenizer, &token, step))
            return std::nullopt;
    }
    switch (token) {
    case Token::String:
        return FilterValue::fromText(tokenizer.stringValue());
    case Token::Number:
        return FilterValue::fromNumber(tokenizer.tokenText().toByteArray().toDouble());
    case Token::True:
    case Token::False:
        return FilterValue::fromJson(QJsonValue(token == Token::True));
    case Token::Null:
        return FilterValue::fromJson(QJsonValue(QJsonValue::Null));
    case Token::BeginObject:
    case Token::BeginArray: {
        const qsizetype start = tokenizer.tokenStart();
        if (!skipValue(tokenizer, token))
            return std::nullopt;
        const QJsonDocument document = QJsonDocument::fromJson(
            json.sliced(start, tokenizer.tokenEnd() - start).toByteArray());
        return FilterValue::fromJson(document.isObject() ? QJsonValue(document.object())
                                                         : QJsonValue(document.array()));
    }
    default:
        return std::nullopt;
    }
}

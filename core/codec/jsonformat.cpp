#include "codec/jsonformat.h"

#include "codec/jsontokenizer.h"

#include <QtCore/QCborArray>
#include <QtCore/QCborMap>
#include <QtCore/QLocale>
#include <QtCore/QtNumeric>

#include <cmath>
#include <limits>
#include <vector>

namespace {

using Token = JsonTokenizer::Token;

enum class Layout { Indented, OneLine };

JsonTokenKind kindOf(Token token)
{
    switch (token) {
    case Token::Key:
        return JsonTokenKind::Key;
    case Token::String:
        return JsonTokenKind::String;
    case Token::Number:
        return JsonTokenKind::Number;
    case Token::True:
    case Token::False:
    case Token::Null:
        return JsonTokenKind::Keyword;
    default:
        return JsonTokenKind::Punctuation;
    }
}

// Writes the value in `json` to `out` token by token, each token's text as written, and the
// tokens' spans to `tokens` when given. Returns false when `json` is not valid JSON.
bool writeFormatted(QByteArrayView json, Layout layout, int indent, QByteArray *out,
                    QList<JsonToken> *tokens)
{
    JsonTokenizer tokenizer(json);
    const auto write = [&](QByteArrayView text, JsonTokenKind kind) {
        if (tokens)
            tokens->append({out->size(), text.size(), kind});
        out->append(text);
    };
    const auto newLine = [&](int level) {
        if (layout == Layout::Indented) {
            out->append('\n');
            out->append(qsizetype(level) * indent, ' ');
        }
    };
    bool justOpened = false; // the previous token opened a container
    bool afterKey = false;
    for (;;) {
        const Token token = tokenizer.next();
        switch (token) {
        case Token::Error:
            return false;
        case Token::End:
            return tokenizer.restIsWhitespace();
        case Token::EndObject:
        case Token::EndArray:
            if (!justOpened) // an empty container stays on one line
                newLine(tokenizer.depth());
            write(tokenizer.tokenText(), JsonTokenKind::Punctuation);
            justOpened = false;
            continue;
        default:
            break;
        }
        const bool opens = token == Token::BeginObject || token == Token::BeginArray;
        const int level = opens ? tokenizer.depth() - 1 : tokenizer.depth();
        if (level > 0 && !afterKey) {
            if (!justOpened)
                write(",", JsonTokenKind::Punctuation);
            newLine(level);
        }
        write(tokenizer.tokenText(), kindOf(token));
        afterKey = token == Token::Key;
        if (afterKey) {
            write(":", JsonTokenKind::Punctuation);
            if (layout == Layout::Indented)
                out->append(' ');
        }
        justOpened = opens;
    }
}

// For a valid JSON number that toDouble() cannot represent: infinity when it overflows, zero
// when it underflows. Which one follows from the decimal exponent of its first significant digit
// (the number is not zero, or it would have converted).
double outOfRangeDouble(QByteArrayView number)
{
    const bool negative = number.startsWith('-');
    if (negative)
        number = number.sliced(1);
    qsizetype exponentStart = 0;
    while (exponentStart < number.size() && number[exponentStart] != 'e'
           && number[exponentStart] != 'E') {
        ++exponentStart;
    }
    const QByteArrayView mantissa = number.first(exponentStart);
    const qsizetype point = mantissa.indexOf('.');
    const qsizetype integerDigits = point < 0 ? mantissa.size() : point;
    qsizetype first = 0;
    while (first < mantissa.size() && (mantissa[first] == '0' || mantissa[first] == '.'))
        ++first;
    // The mantissa is 0.d... * 10^scale, d being its first significant digit.
    qint64 scale = first < integerDigits ? integerDigits - first : integerDigits - first + 1;
    if (exponentStart < number.size()) {
        const QByteArrayView exponent = number.sliced(exponentStart + 1);
        bool ok = false;
        const qint64 value = exponent.toLongLong(&ok);
        // An exponent beyond qint64, or near its limits, dwarfs any mantissa a message can hold.
        if (!ok)
            scale = exponent.startsWith('-') ? -1 : 1;
        else if (qAddOverflow(scale, value, &scale))
            scale = value < 0 ? -1 : 1;
    }
    const double magnitude = scale > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return negative ? -magnitude : magnitude;
}

QCborValue numberValue(QByteArrayView number)
{
    bool ok = false;
    if (number.indexOf('.') < 0 && number.indexOf('e') < 0 && number.indexOf('E') < 0) {
        const qint64 integer = number.toLongLong(&ok);
        if (ok)
            return integer;
    }
    const double value = number.toDouble(&ok);
    return ok ? value : outOfRangeDouble(number);
}

// Shortest round-trip spelling, always with a point or an exponent so that a float does not
// read as an integer.
QByteArray doubleText(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "Infinity" : "-Infinity";
    QByteArray text = QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
    if (!text.contains('.') && !text.contains('e'))
        text.append(".0");
    return text;
}

// Writes a msgpack value as prettyMsgpack() describes, at `level` of indentation.
void writeMsgpack(const QCborValue &value, Layout layout, int indent, int level, PrettyJson *out)
{
    const auto token = [out](QByteArrayView text, JsonTokenKind kind) {
        out->tokens.append({out->text.size(), text.size(), kind});
        out->text.append(text);
    };
    const auto newLine = [out, layout, indent](int lineLevel) {
        if (layout == Layout::Indented) {
            out->text.append('\n');
            out->text.append(qsizetype(lineLevel) * indent, ' ');
        }
    };
    switch (value.type()) {
    case QCborValue::Map: {
        const QCborMap map = value.toMap();
        token("{", JsonTokenKind::Punctuation);
        for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
            if (it != map.constBegin())
                token(",", JsonTokenKind::Punctuation);
            newLine(level + 1);
            const QCborValue key = it.key();
            if (key.isString()) {
                token(jsonStringLiteral(key.toString().toUtf8()), JsonTokenKind::Key);
            } else {
                PrettyJson keyText;
                writeMsgpack(key, Layout::OneLine, 0, 0, &keyText);
                token(keyText.text, JsonTokenKind::Key);
            }
            token(":", JsonTokenKind::Punctuation);
            if (layout == Layout::Indented)
                out->text.append(' ');
            writeMsgpack(it.value(), layout, indent, level + 1, out);
        }
        if (!map.isEmpty())
            newLine(level);
        token("}", JsonTokenKind::Punctuation);
        break;
    }
    case QCborValue::Array: {
        const QCborArray array = value.toArray();
        token("[", JsonTokenKind::Punctuation);
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                token(",", JsonTokenKind::Punctuation);
            newLine(level + 1);
            writeMsgpack(array.at(i), layout, indent, level + 1, out);
        }
        if (!array.isEmpty())
            newLine(level);
        token("]", JsonTokenKind::Punctuation);
        break;
    }
    case QCborValue::String:
        token(jsonStringLiteral(value.toString().toUtf8()), JsonTokenKind::String);
        break;
    case QCborValue::ByteArray: {
        const QByteArray bytes = value.toByteArray();
        QByteArray hex = "<hex";
        if (!bytes.isEmpty())
            hex += ' ' + bytes.toHex(' ');
        hex += '>';
        token(hex, JsonTokenKind::String);
        break;
    }
    case QCborValue::Integer:
        token(QByteArray::number(value.toInteger()), JsonTokenKind::Number);
        break;
    case QCborValue::Double:
        token(doubleText(value.toDouble()), JsonTokenKind::Number);
        break;
    case QCborValue::True:
        token("true", JsonTokenKind::Keyword);
        break;
    case QCborValue::False:
        token("false", JsonTokenKind::Keyword);
        break;
    default: // nil; msgpackToCbor() makes no other types
        token("null", JsonTokenKind::Keyword);
        break;
    }
}

} // namespace

PrettyJson prettyJson(QByteArrayView json, int indent)
{
    PrettyJson pretty;
    pretty.text.reserve(json.size() + json.size() / 2);
    if (!writeFormatted(json, Layout::Indented, indent, &pretty.text, &pretty.tokens))
        return {json.toByteArray(), {}};
    return pretty;
}

PrettyJson prettyMsgpack(const QCborValue &value, int indent)
{
    PrettyJson pretty;
    writeMsgpack(value, Layout::Indented, indent, 0, &pretty);
    return pretty;
}

QByteArray minifiedJson(QByteArrayView json)
{
    QByteArray text;
    text.reserve(json.size());
    if (!writeFormatted(json, Layout::OneLine, 0, &text, nullptr))
        return json.toByteArray();
    return text;
}

QCborValue jsonToCbor(QByteArrayView json)
{
    // The containers being filled, innermost last. A container goes into its parent only once
    // complete, so that no copy of a shared QCborMap or QCborArray is ever detached.
    struct Open
    {
        bool isObject;
        QCborMap map;
        QCborArray array;
        QString key;
    };
    std::vector<Open> open;
    QCborValue result;
    const auto add = [&](const QCborValue &value) {
        if (open.empty())
            result = value;
        else if (open.back().isObject)
            open.back().map.insert(open.back().key, value);
        else
            open.back().array.append(value);
    };

    JsonTokenizer tokenizer(json);
    for (;;) {
        switch (tokenizer.next()) {
        case Token::Error:
            return QCborValue(QCborValue::Invalid);
        case Token::End:
            return tokenizer.restIsWhitespace() ? result : QCborValue(QCborValue::Invalid);
        case Token::BeginObject:
            open.push_back({true, {}, {}, {}});
            break;
        case Token::BeginArray:
            open.push_back({false, {}, {}, {}});
            break;
        case Token::EndObject: {
            const QCborMap map = std::move(open.back().map);
            open.pop_back();
            add(map);
            break;
        }
        case Token::EndArray: {
            const QCborArray array = std::move(open.back().array);
            open.pop_back();
            add(array);
            break;
        }
        case Token::Key:
            open.back().key = QString::fromUtf8(tokenizer.stringValue());
            break;
        case Token::String:
            add(QString::fromUtf8(tokenizer.stringValue()));
            break;
        case Token::Number:
            add(numberValue(tokenizer.tokenText()));
            break;
        case Token::True:
            add(true);
            break;
        case Token::False:
            add(false);
            break;
        case Token::Null:
            add(QCborValue(QCborValue::Null));
            break;
        }
    }
}

QByteArray jsonStringLiteral(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve(bytes.size() + 2);
    out += '"';
    for (const char c : bytes) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (quint8(c) < 0x20)
                out += "\\u00" + QByteArray::number(quint8(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    out += '"';
    return out;
}

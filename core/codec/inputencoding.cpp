#include "codec/inputencoding.h"

#include "codec/hexbytes.h"
#include "codec/hexdigits.h"
#include "codec/jsonformat.h"
#include "codec/msgpackwriter.h"
#include "codec/utf8.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonParseError>

#include <algorithm>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("InputEncoding", text);
}

bool isOctalDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'7';
}

// The value of up to `maxDigits` hex digits at text[pos]; `digits` tells how many there were.
uint readHex(const QString &text, qsizetype pos, int maxDigits, int *digits)
{
    uint value = 0;
    int count = 0;
    while (count < maxDigits && pos + count < text.size()) {
        const int digit = hexDigitValue(text.at(pos + count).unicode());
        if (digit < 0)
            break;
        value = value * 16 + uint(digit);
        ++count;
    }
    *digits = count;
    return value;
}

EncodedInput failure(const QString &message, qsizetype position)
{
    EncodedInput result;
    result.error = ParseError{message, position};
    return result;
}

EncodedInput encodeEscaped(const QString &text)
{
    EncodedInput result;
    QByteArray &out = result.bytes;
    out.reserve(text.size());
    qsizetype literalStart = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.at(i) != u'\\') {
            ++i;
            continue;
        }
        out += QStringView(text).mid(literalStart, i - literalStart).toUtf8();
        const qsizetype escapeStart = i;
        if (i + 1 >= text.size()) {
            return failure(tr("Trailing backslash (write \\\\ for a backslash)"), escapeStart);
        }
        const QChar c = text.at(i + 1);
        i += 2;
        switch (c.unicode()) {
        case u'n':
            out += '\n';
            break;
        case u'r':
            out += '\r';
            break;
        case u't':
            out += '\t';
            break;
        case u'\\':
            out += '\\';
            break;
        case u'"':
            out += '"';
            break;
        case u'\'':
            out += '\'';
            break;
        case u'?':
            out += '?';
            break;
        case u'a':
            out += '\a';
            break;
        case u'b':
            out += '\b';
            break;
        case u'f':
            out += '\f';
            break;
        case u'v':
            out += '\v';
            break;
        case u'e':
            out += '\x1b';
            break;
        case u'x': {
            int digits = 0;
            const uint value = readHex(text, i, 2, &digits);
            if (digits == 0)
                return failure(tr("\\x without hex digits"), escapeStart);
            out += char(value);
            i += digits;
            break;
        }
        case u'u':
        case u'U': {
            const int wanted = c == u'u' ? 4 : 8;
            int digits = 0;
            char32_t value = readHex(text, i, wanted, &digits);
            if (digits < wanted) {
                return failure(c == u'u' ? tr("\\u needs 4 hex digits")
                                         : tr("\\U needs 8 hex digits"),
                               escapeStart);
            }
            i += digits;
            if (value > 0x10FFFF)
                return failure(tr("\\U beyond U+10FFFF"), escapeStart);
            if (QChar::isLowSurrogate(value))
                return failure(tr("Unpaired surrogate"), escapeStart);
            if (QChar::isHighSurrogate(value)) {
                // JSON-style: a high surrogate needs a \u low surrogate right after it.
                int lowDigits = 0;
                const bool hasLow
                    = i + 1 < text.size() && text.at(i) == u'\\' && text.at(i + 1) == u'u';
                const uint low = hasLow ? readHex(text, i + 2, 4, &lowDigits) : 0;
                if (!hasLow || lowDigits < 4 || !QChar::isLowSurrogate(low))
                    return failure(tr("Unpaired surrogate"), escapeStart);
                value = QChar::surrogateToUcs4(char16_t(value), char16_t(low));
                i += 6;
            }
            appendUtf8(out, value);
            break;
        }
        default:
            if (isOctalDigit(c)) {
                uint value = 0;
                qsizetype end = i - 1;
                while (end < text.size() && end < escapeStart + 4 && isOctalDigit(text.at(end))) {
                    value = value * 8 + uint(text.at(end).unicode() - u'0');
                    ++end;
                }
                if (value > 0377) {
                    return failure(tr("Octal escape above \\377"), escapeStart);
                }
                out += char(value);
                i = end;
                break;
            }
            // A control character or a line break (pasted text) is named by its code point, so
            // that the message stays one line.
            if (!c.isPrint() || c.category() == QChar::Separator_Line
                || c.category() == QChar::Separator_Paragraph) {
                return failure(
                    tr("Unknown escape \\ before U+%1")
                        .arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0')),
                    escapeStart);
            }
            return failure(tr("Unknown escape \\%1").arg(c), escapeStart);
        }
        literalStart = i;
    }
    out += QStringView(text).mid(literalStart).toUtf8();
    return result;
}

EncodedInput encodeHex(const QString &text)
{
    const HexBytes hex = parseHexBytes(text);
    if (!hex.isValid())
        return failure(hex.error->message, hex.error->position);
    EncodedInput result;
    result.bytes = hex.bytes;
    return result;
}

// JSON, checked, as one framed message.
EncodedInput encodeMessage(const QString &text, InputFormat format)
{
    EncodedInput result;
    const QByteArray json = text.toUtf8();
    QJsonParseError error;
    QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        if (text.trimmed().isEmpty()) {
            result.error = ParseError{tr("type a JSON message to send"), text.isEmpty() ? -1 : 0};
        } else {
            // The parser counts UTF-8 bytes, the column characters; past the end is the end.
            const qsizetype position = QString::fromUtf8(json.first(error.offset)).size();
            result.error = ParseError{tr("not JSON: %1").arg(error.errorString()),
                                      std::min(position, text.size() - 1)};
        }
        return result;
    }
    if (format == InputFormat::Msgpack) {
        result.bytes = cborToMsgpack(jsonToCbor(json));
        return result;
    }
    const QByteArray body = minifiedJson(json);
    result.bytes = contentLengthHeader(body.size()) + body;
    return result;
}

} // namespace

QByteArray contentLengthHeader(qint64 bodyLength)
{
    return "Content-Length: " + QByteArray::number(bodyLength) + "\r\n\r\n";
}

QByteArray lineEndingBytes(LineEnding ending)
{
    switch (ending) {
    case LineEnding::None:
        return {};
    case LineEnding::Lf:
        return QByteArrayLiteral("\n");
    case LineEnding::CrLf:
        return QByteArrayLiteral("\r\n");
    }
    return {};
}

bool takesLineEnding(InputFormat format)
{
    return format != InputFormat::ContentLength && format != InputFormat::Msgpack;
}

EncodedInput encodeInput(const QString &text, InputFormat format, LineEnding ending)
{
    EncodedInput result;
    switch (format) {
    case InputFormat::Text:
        result.bytes = text.toUtf8();
        break;
    case InputFormat::Escaped:
        result = encodeEscaped(text);
        break;
    case InputFormat::Hex:
        result = encodeHex(text);
        break;
    case InputFormat::ContentLength:
    case InputFormat::Msgpack:
        result = encodeMessage(text, format);
        break;
    }
    if (!result.isValid())
        result.bytes.clear();
    else if (takesLineEnding(format))
        result.bytes += lineEndingBytes(ending);
    return result;
}

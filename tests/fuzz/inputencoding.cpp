// Fuzzes the input bar's parsers: encodeInput() in every InputFormat and LineEnding, and
// parseHexBytes() under it.
//
// Input: [how to read the text] then the text: UTF-8 (invalid sequences replaced, as a paste
// would be) or raw UTF-16 (lone surrogates included, as a QString may hold them).
//
// Invariants: an error names a position inside the text and gives no bytes; the line ending is
// appended to valid input only (and never to a framed message) and does not change what is
// valid; Text is the UTF-8 of the text; Hex agrees with parseHexBytes(); a framed message is
// sent exactly when the text is JSON, with its true Content-Length; bytes written as hex, as \x or
// octal escapes or as escapedText() shows them encode back to the same bytes.
#include "fuzzinput.h"

#include "codec/hexbytes.h"
#include "codec/inputencoding.h"
#include "codec/textescape.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonParseError>

#include <algorithm>

namespace {

constexpr InputFormat formats[] = {InputFormat::Text, InputFormat::Escaped, InputFormat::Hex,
                                   InputFormat::ContentLength, InputFormat::Msgpack};
constexpr LineEnding endings[] = {LineEnding::None, LineEnding::Lf, LineEnding::CrLf};

// Error messages are shown as one line, whatever the user pasted.
bool isOneLine(const QString &message)
{
    return std::none_of(message.cbegin(), message.cend(), [](QChar c) {
        return c == u'\n' || c == u'\r' || c.category() == QChar::Separator_Line
               || c.category() == QChar::Separator_Paragraph;
    });
}

QByteArray encoded(const QString &text, InputFormat format)
{
    const EncodedInput result = encodeInput(text, format, LineEnding::None);
    FUZZ_CHECK(result.isValid());
    return result.bytes;
}

void checkRoundTrips(const QByteArray &bytes)
{
    FUZZ_CHECK(encoded(QString::fromLatin1(bytes.toHex(' ')), InputFormat::Hex) == bytes);
    FUZZ_CHECK(encoded(QString::fromUtf8(escapedText(bytes)), InputFormat::Escaped) == bytes);
    QString hexEscapes;
    QString octalEscapes;
    for (const char byte : bytes) {
        hexEscapes += QStringLiteral("\\x%1").arg(quint8(byte), 2, 16, QLatin1Char('0'));
        octalEscapes += QStringLiteral("\\%1").arg(quint8(byte), 3, 8, QLatin1Char('0'));
    }
    FUZZ_CHECK(encoded(hexEscapes, InputFormat::Escaped) == bytes);
    FUZZ_CHECK(encoded(octalEscapes, InputFormat::Escaped) == bytes);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput input(data, size);
    const bool utf16 = input.byte() & 1;
    const QByteArrayView rest = input.rest();
    const QString text = utf16 ? QString::fromUtf16(reinterpret_cast<const char16_t *>(rest.data()),
                                                    rest.size() / 2)
                               : QString::fromUtf8(rest);

    for (const InputFormat format : formats) {
        const EncodedInput plain = encodeInput(text, format, LineEnding::None);
        for (const LineEnding ending : endings) {
            const EncodedInput result = encodeInput(text, format, ending);
            FUZZ_CHECK(result.isValid() == plain.isValid());
            if (!result.isValid()) {
                // Only an empty message has no place to point at.
                FUZZ_CHECK(result.error->position >= (text.isEmpty() ? -1 : 0)
                           && result.error->position < std::max(text.size(), qsizetype(1)));
                FUZZ_CHECK(result.error->position == plain.error->position);
                FUZZ_CHECK(isOneLine(result.error->text()));
                FUZZ_CHECK(result.bytes.isEmpty());
                continue;
            }
            FUZZ_CHECK(!result.error);
            FUZZ_CHECK(result.bytes
                       == plain.bytes
                              + (takesLineEnding(format) ? lineEndingBytes(ending) : QByteArray()));
        }
        switch (format) {
        case InputFormat::Text:
            FUZZ_CHECK(plain.isValid() && plain.bytes == text.toUtf8());
            break;
        case InputFormat::Escaped:
            if (!text.contains(u'\\'))
                FUZZ_CHECK(plain.isValid() && plain.bytes == text.toUtf8());
            break;
        case InputFormat::ContentLength:
        case InputFormat::Msgpack: {
            // Valid JSON, and nothing else, is sent; a Content-Length states the body's size.
            QJsonParseError error;
            QJsonDocument::fromJson(text.toUtf8(), &error);
            FUZZ_CHECK(plain.isValid() == (error.error == QJsonParseError::NoError));
            if (plain.isValid() && format == InputFormat::ContentLength) {
                const qsizetype headerEnd = plain.bytes.indexOf("\r\n\r\n");
                FUZZ_CHECK(plain.bytes.startsWith("Content-Length: ") && headerEnd > 0);
                FUZZ_CHECK(plain.bytes.mid(16, headerEnd - 16).toLongLong()
                           == plain.bytes.size() - headerEnd - 4);
            }
            break;
        }
        case InputFormat::Hex: {
            const HexBytes hex = parseHexBytes(text);
            FUZZ_CHECK(hex.isValid() == plain.isValid());
            if (hex.isValid())
                FUZZ_CHECK(hex.bytes == plain.bytes);
            else
                FUZZ_CHECK(hex.error->position == plain.error->position
                           && !hex.error->message.isEmpty());
            break;
        }
        }
    }

    checkRoundTrips(rest.toByteArray());
    return 0;
}

#include "codec/bytesformat.h"

#include "codec/hexdigits.h"

#include <QtCore/QString>

namespace {

QByteArray cStringLiteral(const QByteArray &bytes)
{
    QByteArray out = "\"";
    bool afterHexEscape = false;
    for (const char c : bytes) {
        const auto byte = quint8(c);
        // "\x41" followed by "b" would read as "\x41b": close and reopen the literal.
        if (afterHexEscape && isHexDigit(c))
            out += "\"\"";
        afterHexEscape = false;
        switch (byte) {
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '?':
            out += "\\?";
            break; // no trigraphs
        default:
            if (byte >= 0x20 && byte < 0x7f) {
                out += c;
            } else {
                out += "\\x";
                out += hexDigitChar(byte >> 4);
                out += hexDigitChar(byte);
                afterHexEscape = true;
            }
        }
    }
    return out + '"';
}

} // namespace

QByteArray formatBytes(const QByteArray &bytes, BytesFormat format)
{
    switch (format) {
    case BytesFormat::Text:
        return QString::fromUtf8(bytes).toUtf8();
    case BytesFormat::Hex:
        return bytes.toHex(' ');
    case BytesFormat::CString:
        return cStringLiteral(bytes);
    case BytesFormat::Base64:
        return bytes.toBase64();
    }
    return QByteArray();
}

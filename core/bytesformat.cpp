#include "bytesformat.h"

#include <QtCore/QString>

namespace {

QByteArray cStringLiteral(const QByteArray &bytes)
{
    static const char hexDigits[] = "0123456789abcdef";
    QByteArray out = "\"";
    bool afterHexEscape = false;
    for (const char c : bytes) {
        const auto byte = quint8(c);
        const bool isHexDigit = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'f')
                                || (byte >= 'A' && byte <= 'F');
        // "\x41" followed by "b" would read as "\x41b": close and reopen the literal.
        if (afterHexEscape && isHexDigit)
            out += "\"\"";
        afterHexEscape = false;
        switch (byte) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '?': out += "\\?"; break; // no trigraphs
        default:
            if (byte >= 0x20 && byte < 0x7f) {
                out += c;
            } else {
                out += "\\x";
                out += hexDigits[byte >> 4];
                out += hexDigits[byte & 0xf];
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

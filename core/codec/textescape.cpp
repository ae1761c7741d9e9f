#include "codec/textescape.h"

#include "codec/hexdigits.h"

int utf8SequenceLength(const char *data, qsizetype size)
{
    const auto byte = [&](qsizetype i) { return quint8(data[i]); };
    const auto continuation = [&](qsizetype i) { return i < size && (byte(i) & 0xC0) == 0x80; };
    const quint8 lead = byte(0);
    if (lead >= 0xC2 && lead <= 0xDF)
        return continuation(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (!continuation(1) || !continuation(2))
            return 0;
        if ((lead == 0xE0 && byte(1) < 0xA0) || (lead == 0xED && byte(1) > 0x9F))
            return 0; // overlong, or a UTF-16 surrogate
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (!continuation(1) || !continuation(2) || !continuation(3))
            return 0;
        if ((lead == 0xF0 && byte(1) < 0x90) || (lead == 0xF4 && byte(1) > 0x8F))
            return 0; // overlong, or beyond U+10FFFF
        return 4;
    }
    return 0;
}

bool isValidUtf8(const QByteArray &bytes)
{
    const char *data = bytes.constData();
    const qsizetype size = bytes.size();
    for (qsizetype i = 0; i < size;) {
        if (quint8(data[i]) < 0x80) {
            ++i;
            continue;
        }
        const int length = utf8SequenceLength(data + i, size - i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

QByteArray escapedText(const QByteArray &bytes)
{
    QByteArray out;
    out.reserve(bytes.size() + bytes.size() / 8);
    const char *data = bytes.constData();
    const qsizetype size = bytes.size();
    for (qsizetype i = 0; i < size;) {
        const quint8 c = quint8(data[i]);
        if (c >= 0x80) {
            if (const int length = utf8SequenceLength(data + i, size - i)) {
                out.append(data + i, length);
                i += length;
                continue;
            }
        }
        switch (c) {
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (c >= 0x20 && c < 0x7F) {
                out.append(char(c));
            } else {
                const char escape[] = {'\\', 'x', hexDigitChar(c >> 4), hexDigitChar(c)};
                out.append(escape, 4);
            }
        }
        ++i;
    }
    return out;
}

QByteArrayList escapedLines(const QByteArray &bytes)
{
    QByteArrayList lines;
    qsizetype lineStart = 0;
    while (lineStart < bytes.size()) {
        qsizetype lineEnd = bytes.indexOf('\n', lineStart);
        lineEnd = lineEnd < 0 ? bytes.size() : lineEnd + 1;
        lines.append(escapedText(bytes.mid(lineStart, lineEnd - lineStart)));
        lineStart = lineEnd;
    }
    return lines;
}

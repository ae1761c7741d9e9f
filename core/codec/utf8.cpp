#include "codec/utf8.h"

void appendUtf8(QByteArray &out, char32_t code)
{
    if (code < 0x80) {
        out.append(char(code));
    } else if (code < 0x800) {
        const char bytes[] = {char(0xC0 | (code >> 6)), char(0x80 | (code & 0x3F))};
        out.append(bytes, 2);
    } else if (code < 0x10000) {
        const char bytes[] = {char(0xE0 | (code >> 12)), char(0x80 | ((code >> 6) & 0x3F)),
                              char(0x80 | (code & 0x3F))};
        out.append(bytes, 3);
    } else {
        const char bytes[] = {char(0xF0 | (code >> 18)), char(0x80 | ((code >> 12) & 0x3F)),
                              char(0x80 | ((code >> 6) & 0x3F)), char(0x80 | (code & 0x3F))};
        out.append(bytes, 4);
    }
}

QString characterAt(const QString &text, qsizetype index)
{
    const bool pair = text.at(index).isHighSurrogate() && index + 1 < text.size()
                      && text.at(index + 1).isLowSurrogate();
    return text.mid(index, pair ? 2 : 1);
}

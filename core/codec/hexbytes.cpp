#include "codec/hexbytes.h"

#include "codec/hexdigits.h"
#include "codec/utf8.h"

namespace {

bool isSeparator(QChar c)
{
    return c.isSpace() || c == u',';
}

HexBytes failure(qsizetype position, const QString &error)
{
    HexBytes result;
    result.error = ParseError{error, position};
    return result;
}

} // namespace

HexBytes parseHexBytes(const QString &text)
{
    HexBytes result;
    result.bytes.reserve(text.size() / 2);
    qsizetype i = 0;
    const qsizetype size = text.size();
    while (i < size) {
        if (isSeparator(text.at(i))) {
            ++i;
            continue;
        }
        const qsizetype groupStart = i;
        if (text.at(i) == u'0' && i + 1 < size
            && (text.at(i + 1) == u'x' || text.at(i + 1) == u'X'))
            i += 2;
        const qsizetype digitsStart = i;
        for (; i < size && !isSeparator(text.at(i)); ++i) {
            if (hexDigitValue(text.at(i).unicode()) < 0)
                return failure(i,
                               QStringLiteral("'%1' is not a hex digit").arg(characterAt(text, i)));
        }
        const QString group = text.mid(groupStart, i - groupStart);
        const qsizetype digits = i - digitsStart;
        if (digits == 0)
            return failure(groupStart, QStringLiteral("'%1' without hex digits").arg(group));
        if (digits % 2 != 0) {
            return failure(groupStart, QStringLiteral("odd number of hex digits in '%1' (a byte is "
                                                      "two digits)")
                                           .arg(group));
        }
        for (qsizetype d = digitsStart; d < i; d += 2)
            result.bytes.append(char(hexDigitValue(text.at(d).unicode()) << 4
                                     | hexDigitValue(text.at(d + 1).unicode())));
    }
    return result;
}

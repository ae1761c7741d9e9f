#include "codec/shellwords.h"

#include <algorithm>

namespace {

bool isControl(QChar c)
{
    return c.unicode() < 0x20 || c.unicode() == 0x7f;
}

// $'...' quoting (bash, zsh, ksh, POSIX.1-2024 sh): the only way to write a line break or
// another control character on one line.
QString ansiCQuoted(const QString &argument)
{
    QString out = QStringLiteral("$'");
    for (QChar c : argument) {
        if (c == u'\\' || c == u'\'')
            out += u'\\' + QString(c);
        else if (c == u'\n')
            out += QStringLiteral("\\n");
        else if (c == u'\t')
            out += QStringLiteral("\\t");
        else if (c == u'\r')
            out += QStringLiteral("\\r");
        else if (isControl(c))
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out + u'\'';
}

QString shellQuoted(const QString &argument)
{
    const bool plain
        = !argument.isEmpty() && std::all_of(argument.begin(), argument.end(), [](QChar c) {
              return c.isLetterOrNumber() || QStringLiteral("-_./=:,+@%").contains(c);
          });
    if (plain)
        return argument;
    if (std::any_of(argument.begin(), argument.end(), isControl))
        return ansiCQuoted(argument);
    return u'\'' + QString(argument).replace(u'\'', QStringLiteral("'\\''")) + u'\'';
}

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\v' || c == u'\f';
}

// 1-based column of the character at index, counting a surrogate pair as one character.
int columnAt(const QString &text, qsizetype index)
{
    return int(QStringView(text).left(index).toUcs4().size()) + 1;
}

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

QStringList splitCommandLine(const QString &text, QString *error)
{
    enum class Quote { None, Single, Double };

    if (error)
        error->clear();
    QStringList words;
    QString word;
    bool inWord = false; // set by any part, even an empty quoted one
    Quote quote = Quote::None;
    qsizetype quoteStart = 0;

    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        switch (quote) {
        case Quote::Single:
            if (c == u'\'')
                quote = Quote::None;
            else
                word += c;
            break;
        case Quote::Double:
            if (c == u'"') {
                quote = Quote::None;
            } else if (c == u'\\' && i + 1 < text.size()) {
                const QChar next = text.at(i + 1);
                if (next == u'\n') {
                    ++i; // a line continuation disappears
                } else if (next == u'"' || next == u'\\' || next == u'$' || next == u'`') {
                    word += next;
                    ++i;
                } else {
                    word += c;
                }
            } else {
                word += c;
            }
            break;
        case Quote::None:
            if (isBlank(c)) {
                if (inWord) {
                    words.append(word);
                    word.clear();
                    inWord = false;
                }
            } else if (c == u'\'' || c == u'"') {
                quote = c == u'\'' ? Quote::Single : Quote::Double;
                quoteStart = i;
                inWord = true;
            } else if (c == u'\\') {
                if (i + 1 == text.size()) {
                    setError(error, QStringLiteral("backslash at column %1 escapes nothing")
                                        .arg(columnAt(text, i)));
                    return {};
                }
                const QChar next = text.at(++i);
                if (next != u'\n') { // a line continuation disappears
                    word += next;
                    inWord = true;
                }
            } else {
                word += c;
                inWord = true;
            }
            break;
        }
    }

    if (quote != Quote::None) {
        setError(error, QStringLiteral("unterminated %1 quote (opened at column %2)")
                            .arg(quote == Quote::Single ? QStringLiteral("single")
                                                        : QStringLiteral("double"))
                            .arg(columnAt(text, quoteStart)));
        return {};
    }
    if (inWord)
        words.append(word);
    return words;
}

QString joinedCommandLine(const QStringList &arguments)
{
    QStringList quoted;
    for (const QString &argument : arguments)
        quoted << shellQuoted(argument);
    return quoted.join(u' ');
}

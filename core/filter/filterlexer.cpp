#include "filter/filterlexer.h"

#include "codec/textescape.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

namespace {

bool isNameStart(QChar c)
{
    return c.isLetter() || c == u'_' || c == u'$';
}

// Names run over path separators and index brackets, and over the '/' and '-' of method and
// framing names: textDocument/hover, result.items[0].label, content-length.
bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$' || c == u'.' || c == u'/' || c == u'-'
           || c == u'[' || c == u']';
}

// A character of the expression as an error message quotes it: escaped when it is a control
// character, so that the message stays one line.
QString quoted(QChar c)
{
    return QString::fromUtf8(escapedText(QString(c).toUtf8()));
}

struct Keyword
{
    const char *word;
    FilterToken::Type type;
};

constexpr Keyword keywords[] = {
    {"and", FilterToken::Type::And},         {"or", FilterToken::Type::Or},
    {"not", FilterToken::Type::Not},         {"contains", FilterToken::Type::Contains},
    {"matches", FilterToken::Type::Matches}, {"in", FilterToken::Type::In},
};

struct Symbol
{
    const char *text;
    FilterToken::Type type;
};

// Longest first, so that "<=" is not read as "<" then "=".
constexpr Symbol symbols[] = {
    {"==", FilterToken::Type::Equal},     {"!=", FilterToken::Type::NotEqual},
    {"<=", FilterToken::Type::LessEqual}, {">=", FilterToken::Type::GreaterEqual},
    {"&&", FilterToken::Type::And},       {"||", FilterToken::Type::Or},
    {"<", FilterToken::Type::Less},       {">", FilterToken::Type::Greater},
    {"!", FilterToken::Type::Not},        {"(", FilterToken::Type::OpenParen},
    {")", FilterToken::Type::CloseParen}, {"{", FilterToken::Type::OpenBrace},
    {"}", FilterToken::Type::CloseBrace}, {",", FilterToken::Type::Comma},
};

class Lexer
{
public:
    explicit Lexer(const QString &text)
        : m_text(text)
    {
    }

    std::optional<QList<FilterToken>> run(std::optional<ParseError> *error)
    {
        QList<FilterToken> tokens;
        for (;;) {
            while (m_at < m_text.size() && m_text.at(m_at).isSpace())
                ++m_at;
            FilterToken token;
            token.position = m_at;
            if (m_at == m_text.size()) {
                tokens.append(token);
                return tokens;
            }
            if (!next(&token)) {
                *error = m_error;
                return std::nullopt;
            }
            token.length = m_at - token.position;
            tokens.append(token);
        }
    }

private:
    QChar at(qsizetype index) const { return index < m_text.size() ? m_text.at(index) : QChar(); }

    bool fail(const QString &message, qsizetype position)
    {
        m_error = ParseError{message, position};
        return false;
    }

    bool next(FilterToken *token)
    {
        const QChar c = m_text.at(m_at);
        if (c == u'"')
            return string(token);
        if (c.isDigit() || ((c == u'-' || c == u'.') && at(m_at + 1).isDigit()))
            return number(token);
        if (isNameStart(c))
            return name(token);
        for (const Symbol &symbol : symbols) {
            const QLatin1String text(symbol.text);
            if (QStringView(m_text).mid(m_at).startsWith(text)) {
                token->type = symbol.type;
                m_at += text.size();
                return true;
            }
        }
        if (c == u'=')
            return fail(QStringLiteral("'=' is not an operator: compare with '=='"), m_at);
        if (c == u'&' || c == u'|')
            return fail(QStringLiteral("'%1' is not an operator: use '%1%1'").arg(c), m_at);
        return fail(QStringLiteral("'%1' is not part of a filter").arg(quoted(c)), m_at);
    }

    bool string(FilterToken *token)
    {
        qsizetype end = m_at + 1;
        while (end < m_text.size() && m_text.at(end) != u'"') {
            if (m_text.at(end) == u'\\' && end + 1 < m_text.size()) {
                // JSON's escapes only (Qt's parser lets others through).
                if (!QStringLiteral("\"\\/bfnrtu").contains(m_text.at(end + 1)))
                    return fail(
                        QStringLiteral("'\\%1' is not a JSON escape").arg(quoted(at(end + 1))),
                        end);
                ++end;
            }
            ++end;
        }
        if (end >= m_text.size())
            return fail(QStringLiteral("the string has no closing '\"'"), m_at);
        // The string is JSON's: let the JSON parser decode its escapes.
        const QByteArray json = '[' + m_text.mid(m_at, end + 1 - m_at).toUtf8() + ']';
        const QJsonDocument document = QJsonDocument::fromJson(json);
        if (!document.isArray())
            return fail(QStringLiteral("the string has an escape JSON does not know"), m_at);
        token->type = FilterToken::Type::String;
        token->text = document.array().at(0).toString().toUtf8();
        m_at = end + 1;
        return true;
    }

    bool number(FilterToken *token)
    {
        qsizetype end = m_at + 1;
        while (end < m_text.size()
               && (m_text.at(end).isDigit() || m_text.at(end) == u'.'
                   || ((m_text.at(end) == u'e' || m_text.at(end) == u'E')
                       && (at(end + 1).isDigit() || at(end + 1) == u'-' || at(end + 1) == u'+'))
                   || ((m_text.at(end) == u'-' || m_text.at(end) == u'+')
                       && (m_text.at(end - 1) == u'e' || m_text.at(end - 1) == u'E')))) {
            ++end;
        }
        bool ok = false;
        token->number = m_text.mid(m_at, end - m_at).toDouble(&ok);
        if (!ok)
            return fail(QStringLiteral("'%1' is not a number").arg(m_text.mid(m_at, end - m_at)),
                        m_at);
        token->type = FilterToken::Type::Number;
        token->text = m_text.mid(m_at, end - m_at).toUtf8();
        qsizetype unitEnd = end;
        while (unitEnd < m_text.size() && (m_text.at(unitEnd).isLetter()))
            ++unitEnd;
        token->unit = m_text.mid(end, unitEnd - end);
        m_at = unitEnd;
        return true;
    }

    bool name(FilterToken *token)
    {
        qsizetype end = m_at + 1;
        while (end < m_text.size() && isNameChar(m_text.at(end)))
            ++end;
        token->text = m_text.mid(m_at, end - m_at).toUtf8();
        token->type = FilterToken::Type::Name;
        for (const Keyword &keyword : keywords) {
            if (token->text == keyword.word)
                token->type = keyword.type;
        }
        m_at = end;
        return true;
    }

    const QString &m_text;
    qsizetype m_at = 0;
    ParseError m_error;
};

} // namespace

std::optional<QList<FilterToken>> tokenizeFilter(const QString &expression,
                                                 std::optional<ParseError> *error)
{
    return Lexer(expression).run(error);
}

QString filterTokenName(FilterToken::Type type)
{
    switch (type) {
    case FilterToken::Type::Name:
        return QStringLiteral("a field");
    case FilterToken::Type::Number:
        return QStringLiteral("a number");
    case FilterToken::Type::String:
        return QStringLiteral("a string");
    case FilterToken::Type::End:
        return QStringLiteral("the end of the filter");
    case FilterToken::Type::And:
        return QStringLiteral("'&&'");
    case FilterToken::Type::Or:
        return QStringLiteral("'||'");
    case FilterToken::Type::Not:
        return QStringLiteral("'!'");
    case FilterToken::Type::Contains:
        return QStringLiteral("'contains'");
    case FilterToken::Type::Matches:
        return QStringLiteral("'matches'");
    case FilterToken::Type::In:
        return QStringLiteral("'in'");
    default:
        break;
    }
    for (const Symbol &symbol : symbols) {
        if (symbol.type == type)
            return QStringLiteral("'%1'").arg(QLatin1String(symbol.text));
    }
    return QString();
}

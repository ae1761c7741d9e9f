#pragma once

#include "codec/parseerror.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>

#include <optional>

// One word of a filter expression (docs/filters.md).
struct FilterToken
{
    enum class Type : quint8 {
        Name,         // a field or a bare value: stream, params.textDocument.uri, result[0], stdout
        Number,       // 200, -32601, 1.5, with `unit` when one follows: 200ms, 1MiB
        String,       // "text", JSON escapes decoded into `text`
        Equal,        // ==
        NotEqual,     // !=
        Less,         // <
        LessEqual,    // <=
        Greater,      // >
        GreaterEqual, // >=
        And,          // && and
        Or,           // || or
        Not,          // ! not
        Contains,     // contains
        Matches,      // matches
        In,           // in
        OpenParen,
        CloseParen,
        OpenBrace,
        CloseBrace,
        Comma,
        End,
    };

    Type type = Type::End;
    qsizetype position = 0; // where it starts in the expression
    qsizetype length = 0;
    QByteArray text; // Name: as written; String: decoded (UTF-8); Number: the digits
    double number = 0;
    QString unit; // Number: the letters right after it, if any
};

// Cuts `expression` into tokens, ending with an End token; nullopt with `error` set when a
// character or a literal is not part of the language.
std::optional<QList<FilterToken>> tokenizeFilter(const QString &expression,
                                                 std::optional<ParseError> *error);

// "==", "contains", "end of the expression": how messages name a token type.
QString filterTokenName(FilterToken::Type type);

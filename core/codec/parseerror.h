#pragma once

#include <QtCore/QString>

// Why a line a person typed does not parse: a search pattern, the input bar's text, a --framing
// choice. One error shape for them all, and one wording for where: "<message> at column N".
struct ParseError
{
    QString message;         // one line, without the position: "'g' is not a hex digit"
    qsizetype position = -1; // index into the text (UTF-16 units); -1 when no place applies

    // The message with its 1-based column: "'g' is not a hex digit at column 2".
    QString text() const;
};

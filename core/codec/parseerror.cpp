#include "codec/parseerror.h"

QString ParseError::text() const
{
    if (position < 0)
        return message;
    return QStringLiteral("%1 at column %2").arg(message).arg(position + 1);
}

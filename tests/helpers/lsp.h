#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString> // QByteArray + QByteArray, with QT_USE_QSTRINGBUILDER

// A message as a language server writes it: a Content-Length header, then the JSON body.
inline QByteArray lsp(const QByteArray &body)
{
    return "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

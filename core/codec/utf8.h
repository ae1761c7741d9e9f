#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

// Appends a Unicode code point as UTF-8 (1 to 4 bytes). The caller passes a scalar value: a
// surrogate half is written as it is, as three bytes that no decoder accepts.
void appendUtf8(QByteArray &out, char32_t codePoint);

// The character (one code point: one or two QChars) at `index`, for messages that name it.
QString characterAt(const QString &text, qsizetype index);

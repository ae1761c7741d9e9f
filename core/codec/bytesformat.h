#pragma once

#include <QtCore/QByteArray>

// The ways the detail pane copies bytes to the clipboard.
enum class BytesFormat { Text, Hex, CString, Base64 };

// Text: the bytes as UTF-8 (invalid sequences as U+FFFD); Hex: "de ad be ef"; CString: a C
// string literal with escapes ("GET /\r\n\x00"), valid in C and C++; Base64: standard, padded.
QByteArray formatBytes(const QByteArray &bytes, BytesFormat format);

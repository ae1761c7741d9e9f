#pragma once

#include <QtCore/QByteArray>

// Bytes made safe to show as one line of text: printable ASCII and valid UTF-8 sequences stay as
// they are; backslash, \n, \r, \t, NUL and other control bytes, and bytes that are not valid UTF-8
// become C escapes (\\, \n, \r, \t, \x00, \x1b, \xff). The result is UTF-8.
QByteArray escapedText(const QByteArray &bytes);

// Length of the valid UTF-8 sequence (2 to 4 bytes, no overlongs or surrogates) that starts at
// data[0], or 0 when there is none. `size` is the number of bytes available.
int utf8SequenceLength(const char *data, qsizetype size);

bool isValidUtf8(const QByteArray &bytes);

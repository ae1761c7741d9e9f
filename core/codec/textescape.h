#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayList>

// Bytes made safe to show as one line of text: printable ASCII and valid UTF-8 sequences stay as
// they are; backslash, \n, \r, \t, NUL and other control bytes, and bytes that are not valid UTF-8
// become C escapes (\\, \n, \r, \t, \x00, \x1b, \xff). The result is UTF-8.
QByteArray escapedText(const QByteArray &bytes);

// The bytes cut after each \n, each piece escaped as by escapedText() (so it ends in "\n" when
// the piece did): the lines of a multi-line chunk, for views that show one line per line.
QByteArrayList escapedLines(const QByteArray &bytes);

// Length of the valid UTF-8 sequence (2 to 4 bytes, no overlongs or surrogates) that starts at
// data[0], or 0 when there is none. `size` is the number of bytes available.
int utf8SequenceLength(const char *data, qsizetype size);

bool isValidUtf8(const QByteArray &bytes);

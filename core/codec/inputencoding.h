#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

// How the text a user types to the child becomes bytes.
enum class InputFormat {
    Text, // the UTF-8 bytes as typed
    Escaped, // C escapes: \n \r \t \0 \\ \" \' \? \a \b \f \v \e, \xH[H], \N[N[N]] (octal),
             // \uHHHH (a surrogate pair of two \u is one character), \UHHHHHHHH; UTF-8 otherwise
    Hex, // pairs of hex digits; whitespace and commas separate, each group may start with 0x
};

// What follows the encoded text, in every format.
enum class LineEnding { None, Lf, CrLf };

// The bytes to send, or why there are none: `error` is one line that names the column (1-based)
// and `errorPosition` is the index in the text where the problem starts.
struct EncodedInput {
    QByteArray bytes;
    QString error;
    qsizetype errorPosition = -1;

    bool isValid() const { return error.isEmpty(); }
};

QByteArray lineEndingBytes(LineEnding ending);

// Empty text gives just the line ending.
EncodedInput encodeInput(const QString &text, InputFormat format, LineEnding ending);

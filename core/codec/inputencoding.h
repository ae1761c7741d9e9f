#pragma once

#include "codec/parseerror.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>

#include <optional>

// How the text a user types to the child becomes bytes.
enum class InputFormat {
    Text,    // the UTF-8 bytes as typed
    Escaped, // C escapes: \n \r \t \0 \\ \" \' \? \a \b \f \v \e, \xH[H], \N[N[N]] (octal),
             // \uHHHH (a surrogate pair of two \u is one character), \UHHHHHHHH; UTF-8 otherwise
    Hex,     // pairs of hex digits; whitespace and commas separate, each group may start with 0x
    // One RPC message typed as JSON, framed for the child: "Content-Length: N\r\n\r\n" and the
    // JSON on one line (LSP, DAP), or encoded as msgpack (Neovim's msgpack-rpc). No line ending.
    ContentLength,
    Msgpack,
};

// Whether the line ending is sent after the text (framed messages carry their own framing).
bool takesLineEnding(InputFormat format);

// What follows the encoded text, in the formats that take one.
enum class LineEnding { None, Lf, CrLf };

// The bytes to send, or why there are none (the error's position is where the problem starts).
struct EncodedInput
{
    QByteArray bytes;
    std::optional<ParseError> error;

    bool isValid() const { return !error; }
};

QByteArray lineEndingBytes(LineEnding ending);

// "Content-Length: N\r\n\r\n": the header of an LSP or DAP message whose body is N bytes.
QByteArray contentLengthHeader(qint64 bodyLength);

// Empty text gives just the line ending.
EncodedInput encodeInput(const QString &text, InputFormat format, LineEnding ending);

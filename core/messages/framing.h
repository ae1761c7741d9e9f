#pragma once

#include "capture/stream.h"
#include "codec/parseerror.h"

#include <QtCore/QByteArray>
#include <QtCore/QMetaType>
#include <QtCore/QString>

#include <array>
#include <optional>

// How a stream's bytes are cut into messages (docs/messages.md).
enum class Framing : quint8 {
    Auto,          // detected from the first bytes of the stream and of the other direction
    ContentLength, // LSP / DAP: "Content-Length: N\r\n\r\n" then N bytes of JSON
    JsonLines,     // MCP and others: one JSON value per line (NDJSON)
    Lines,         // plain text lines, LF or CRLF (UCI, GDB/MI, shells)
    MsgpackRpc,    // Neovim: concatenated msgpack arrays [type, ...]
    IdleGap,       // a pause longer than the gap ends a packet, as serial monitors do
    Raw,           // one message per chunk read
};
Q_DECLARE_METATYPE(Framing)

// "auto", "content-length", "ndjson", "lines", "msgpack-rpc", "idle-gap", "raw".
QByteArray framingName(Framing framing);
std::optional<Framing> framingFromName(const QByteArray &name);

// The framing the user asked for, per stream, and the idle-gap pause.
struct FramingChoice
{
    static constexpr int defaultIdleGapMs = 100;

    PerStream<Framing> streams{Framing::Auto};
    int idleGapMs = defaultIdleGapMs;

    Framing forStream(Stream stream) const { return streams[stream]; }
    bool operator==(const FramingChoice &other) const
    {
        return streams == other.streams && idleGapMs == other.idleGapMs;
    }
};

// Parses the --framing argument: "content-length" (stdin and stdout; stderr stays auto, as it
// carries logs), "idle-gap=250" (pause in ms), or per stream "stdout=lines,stdin=ndjson". nullopt
// with `error` set when it does not parse.
std::optional<FramingChoice> parseFramingChoice(const QString &text,
                                                std::optional<ParseError> *error);

// `body` framed for a stream of `framing`: a Content-Length header, a line's newline (NDJSON and
// text lines); msgpack-rpc and streams without messages take it as it is.
QByteArray frameBody(Framing framing, const QByteArray &body);

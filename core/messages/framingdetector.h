#pragma once

#include "messages/framing.h"

#include <QtCore/QByteArrayView>

#include <optional>

// What is known about a stream whose framing is still to be detected.
struct FramingEvidence
{
    QByteArrayView start;               // the stream's first bytes (up to detectionLimit)
    bool ended = false;                 // no more bytes will come
    bool isLogStream = false;           // stderr: plain lines unless it clearly carries a protocol
    std::optional<Framing> peerFraming; // the other direction's framing, once decided
    bool peerHasLine = false;           // the other direction has sent a complete line of text
};

constexpr qsizetype detectionLimit = 64 * 1024;

// The framing the evidence shows, or nullopt to wait for more bytes. It looks past a leading
// banner (a Content-Length header or a JSON line after some text still decides), and takes the
// other direction as a hint: text lines ahead of a peer that speaks Content-Length are a banner,
// not a line protocol. Plain lines are decided only on enough text (or a talking peer, or the
// end), so a banner alone does not decide.
std::optional<Framing> detectFraming(const FramingEvidence &evidence);

class CaptureStore;

// Whether a session's stdin or stdout is detected, from its first bytes, as an RPC protocol
// (Content-Length, NDJSON or msgpack-rpc): the window opens such a saved session in Messages
// mode.
bool speaksRpc(const CaptureStore &store);

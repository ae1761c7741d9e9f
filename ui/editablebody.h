#pragma once

#include "messages/framing.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>

struct LiveMessage;

// A message's body as the Intercept panel's editors show it, and back.
bool isJsonFraming(Framing framing); // Content-Length or NDJSON
// The body's bytes without a line's end, which forwarding puts back.
QByteArray bareBody(const LiveMessage &message);
// What only hex shows faithfully: bytes that are not UTF-8 text (msgpack is shown as JSON).
bool needsHex(const LiveMessage &message);
// Bytes as the hex editor shows them: pairs, 16 to a line, as the input bar's Hex reads them.
QString hexLines(const QByteArray &bytes);
// JSON indented as written (member order and numbers kept), msgpack-rpc as JSON, a line without
// its end.
QString editableBody(const LiveMessage &message);

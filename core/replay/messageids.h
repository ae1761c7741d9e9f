#pragma once

#include "replay/conversation.h"

#include <QtCore/QByteArray>

// A recorded message's body with its request id replaced, everything else byte for byte as
// recorded: a JSON-RPC message's top-level "id" (`id` is JSON text), a DAP response's
// "request_seq" (`id` is decimal), a msgpack-rpc message's msgid (decimal). The body comes back
// unchanged when it has no such id.
QByteArray withRequestId(ReplayProtocol protocol, const QByteArray &body, const QByteArray &id);

// A recorded message, header included, with its request id replaced as withRequestId() does,
// its Content-Length header written again when the body's length changed.
QByteArray messageWithRequestId(ReplayProtocol protocol, Framing framing,
                                const ConversationMessage &message, const QByteArray &id);

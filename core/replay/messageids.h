#pragma once

#include "replay/conversation.h"

#include <QtCore/QByteArray>

// A recorded message's body with its request id replaced, everything else byte for byte as
// recorded: a JSON-RPC message's top-level "id" (`id` is JSON text), a DAP response's
// "request_seq" (`id` is decimal), a msgpack-rpc message's msgid (decimal). The body comes back
// unchanged when it has no such id.
QByteArray withRequestId(ReplayProtocol protocol, const QByteArray &body, const QByteArray &id);

// The body of an error answer to the request `id` (as MessageClassification has it) of `method`:
// JSON-RPC {"error":{"code","message"}}, a DAP response with success false (numbered `seq`), a
// msgpack-rpc response whose error is [code, message].
QByteArray errorAnswerBody(ReplayProtocol protocol, const QByteArray &id, const QByteArray &method,
                           int code, const QString &message, qint64 seq);

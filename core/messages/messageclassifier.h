#pragma once

#include "messages/decoders/framedecoder.h"
#include "messages/messagerecord.h"

#include <QtCore/QByteArray>

// What a frame is in RPC terms: kind, method, id, and what is wrong with it on its own (pairing
// problems need the other messages and are MessageDecoder's).
struct MessageClassification
{
    MessageKind kind = MessageKind::Data;
    QByteArray method;
    // JSON-RPC: the id's JSON text ("7", "\"a1\""); DAP (seq, request_seq) and msgpack-rpc
    // (msgid): decimal. Empty when there is none.
    QByteArray id;
    QByteArray cancelsId; // $/cancelRequest, notifications/cancelled: the cancelled request's id
    quint16 problems = 0; // bits of ProblemKind
};

// JSON-RPC 2.0 (LSP, MCP), the Debug Adapter Protocol (type/seq/request_seq/command) and
// msgpack-rpc. Frames of other framings, and JSON that is no RPC message, are Data.
MessageClassification classifyFrame(Framing framing, const Frame &frame, QByteArrayView body);

// What a receiver finds wrong in `bytes`, a whole delivery framed as `framing` that should hold
// one message: the problems of each frame in it, bytes that belong to none (UnframedBytes), and
// a message cut short (Truncated). For what pipescope delivered in a sender's place (a fault
// rule, an edit): the sender's own bytes were fine, the receiver's are not.
quint16 problemsOnReceipt(Framing framing, QByteArrayView bytes);

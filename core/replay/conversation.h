#pragma once

#include "capture/stream.h"
#include "messages/framing.h"
#include "messages/messagerecord.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonValue>
#include <QtCore/QList>

class SessionMessages;

// What a conversation speaks, as far as replaying and comparing it go.
enum class ReplayProtocol {
    JsonRpc,    // Content-Length (LSP) or NDJSON (MCP) JSON-RPC 2.0
    Dap,        // the Debug Adapter Protocol: seq and request_seq
    MsgpackRpc, // Neovim's msgpack-rpc
    Lines,      // a line protocol (UCI, GDB/MI): lines in order
    Bytes,      // raw or idle-gap streams: bytes without messages
};

// "json-rpc", "dap", "msgpack-rpc", "lines", "bytes".
const char *replayProtocolName(ReplayProtocol protocol);

// One message of a recorded conversation between a client (the parent, writing the child's
// stdin) and a server (the child, writing its stdout).
struct ConversationMessage
{
    Stream stream = Stream::Stdin; // Stdin: the client wrote it; Stdout: the server did
    MessageKind kind = MessageKind::Data;
    QByteArray method;        // a response's is its request's
    QByteArray id;            // as MessageClassification has it ("7", "\"a\"", DAP seq...)
    QByteArray bytes;         // as on the wire, header included
    qint32 headerLength = 0;  // bytes before the body
    qint64 timeNs = 0;        // since the session's first message
    qsizetype partner = -1;   // request <-> response, as indices into Conversation::messages
    qsizetype sessionRow = 0; // the message's row in its session (1-based, as the window shows)
    // The body as a tree: JSON as it is; msgpack-rpc named as JSON-RPC names its parts
    // ({"type":0,"msgid":1,"method":...,"params":...}). Undefined for text and bytes.
    QJsonValue tree = QJsonValue::Undefined;

    QByteArray body() const { return bytes.mid(headerLength); }
    bool isRequest() const { return kind == MessageKind::Request; }
    bool isResponse() const
    {
        return kind == MessageKind::Response || kind == MessageKind::ErrorResponse;
    }
};

// A recorded session's stdin and stdout as messages in the order they were recorded (stderr and
// lifecycle events are left out: they are logs, not the conversation).
struct Conversation
{
    ReplayProtocol protocol = ReplayProtocol::Bytes;
    PerStream<Framing> framing{Framing::Raw};
    QList<ConversationMessage> messages;
    // The workspace the client named (LSP initialize's rootUri or rootPath, a DAP launch's cwd),
    // as a local path; empty when none.
    QString rootPath;

    QList<qsizetype> indicesOf(Stream stream) const;
};

// The conversation of a decoded session (SessionMessages::decodeAll() first).
Conversation conversationOf(const SessionMessages &messages);

// The workspace a client's message names (LSP initialize's rootUri or rootPath or first
// workspace folder, a DAP launch's cwd) as a local path; empty when it names none.
QString workspaceRoot(const QJsonValue &clientMessage);

// A message's body as a tree, for a conversation of `protocol` (see ConversationMessage::tree).
QJsonValue bodyTree(ReplayProtocol protocol, QByteArrayView body);

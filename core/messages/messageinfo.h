#pragma once

#include <QtCore/QString>

class SessionMessages;

// What a message is about, in one line, for the Summary column (Wireshark's Info, the Name of
// DevTools' Network panel): docs/messages.md lists what each method shows.
//  - JSON-RPC, DAP and msgpack-rpc requests and notifications: the subject their method names
//    ("get_weather" for tools/call, "main.cpp:12:5" for textDocument/hover, a resource's URI, a
//    log line's text), or else their parameters as compact JSON;
//  - responses: their request's subject, or "error CODE: MESSAGE";
//  - other messages (text lines, packets, unframed bytes): their bytes as text, escaped;
//  - lifecycle events: what happened ("exited with code 0").
QString messageInfo(const SessionMessages &messages, qsizetype messageIndex);

// The tool a request calls: the name of an MCP tools/call request, empty for any other message.
QString calledTool(const SessionMessages &messages, qsizetype messageIndex);

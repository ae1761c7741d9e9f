#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>

// The fields of a JSON-RPC 2.0 or Debug Adapter Protocol message body that the message layer
// needs, found in one pass over the body without building a document. Keys are compared as
// written: a key spelled with escapes does not match. When a key repeats, the last one wins.
// Fields from an invalid body may be partly filled; only `valid` counts then.
struct RpcFields
{
    bool valid = false;    // the body is exactly one JSON value, with optional whitespace around it
    bool isObject = false; // ... and that value is an object
    // JSON-RPC 2.0 (top-level members only)
    // JSON text of "id" exactly as written (`7`, `"a1"`, `null`); empty when absent
    QByteArray id;
    bool hasMethod = false; // "method" is present, whatever its type
    QByteArray method;      // "method" when it is a string, unescaped (UTF-8)
    bool hasResult = false; // "result" is present (it may be null)
    bool hasError = false;  // "error" is present
    // Debug Adapter Protocol (top-level members only)
    QByteArray type;         // "type" when it is a string: "request", "response", "event"
    qint64 seq = -1;         // "seq" when it is an integer that fits qint64
    qint64 requestSeq = -1;  // "request_seq" when it is an integer that fits qint64
    QByteArray command;      // "command" when it is a string
    QByteArray event;        // "event" when it is a string
    bool hasSuccess = false; // "success" is a boolean
    bool success = false;    // ... and its value
    // Cancellation: params.id ($/cancelRequest) or params.requestId (notifications/cancelled).
    // Taken whatever the method, which may come after "params": the caller checks the method.
    QByteArray paramsId; // JSON text as written; empty when absent
};

RpcFields scanRpcFields(QByteArrayView body);

#include "messages/messageinfo.h"

#include "capture/sessionevent.h"
#include "codec/msgpackreader.h"
#include "codec/textescape.h"
#include "messages/sessionmessages.h"

#include <QtCore/QCborArray>
#include <QtCore/QCborMap>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace {

// Bodies above this are not parsed for a summary: it would stall the view for one row.
constexpr qint64 maxParsedBody = 1024 * 1024;
// A summary shows at most this many characters (the start of a text, of a JSON value).
constexpr qsizetype maxInfoLength = 200;
constexpr qsizetype shownBytes = 160;

QString shortened(QString text)
{
    if (text.size() > maxInfoLength) {
        text.truncate(maxInfoLength);
        text += u'…';
    }
    return text;
}

// A string as it is (escaped: it may hold newlines), any other value as compact JSON.
QString valueText(const QCborValue &value)
{
    if (value.isUndefined() || value.isNull())
        return QString();
    if (value.isString())
        return QString::fromUtf8(escapedText(value.toString().toUtf8()));
    const QJsonValue json = value.toJsonValue();
    if (json.isObject())
        return QString::fromUtf8(QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact));
    if (json.isArray())
        return QString::fromUtf8(QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact));
    return value.isDouble() || value.isInteger() ? QString::number(value.toDouble())
                                                 : json.toVariant().toString();
}

QCborValue member(const QCborValue &value, std::initializer_list<const char *> path)
{
    QCborValue at = value;
    for (const char *key : path)
        at = at.toMap().value(QLatin1String(key));
    return at;
}

// "clangd 14.0.6", or either part alone.
QString nameAndVersion(const QCborValue &name, const QCborValue &version)
{
    return QString(valueText(name) + u' ' + valueText(version)).trimmed();
}

// "main.cpp" from "file:///home/me/src/main.cpp".
QString fileName(const QCborValue &uri)
{
    const QString text = uri.toString();
    return text.mid(text.lastIndexOf(u'/') + 1);
}

// ":12:5" from an LSP position (0-based line and character, shown 1-based as editors do).
QString positionText(const QCborValue &position)
{
    if (!position.isMap())
        return QString();
    return QStringLiteral(":%1:%2")
        .arg(member(position, {"line"}).toInteger() + 1)
        .arg(member(position, {"character"}).toInteger() + 1);
}

// The subject of a request or notification called `method` with `params`.
QString subject(const QString &method, const QCborValue &params)
{
    const auto text
        = [&](std::initializer_list<const char *> path) { return valueText(member(params, path)); };
    if (method == u"tools/call" || method == u"prompts/get")
        return text({"name"});
    if (method == u"initialize") { // LSP and MCP clientInfo, DAP clientName and adapterID
        const QString client = nameAndVersion(member(params, {"clientInfo", "name"}),
                                              member(params, {"clientInfo", "version"}));
        if (!client.isEmpty())
            return client;
        if (!text({"adapterID"}).isEmpty())
            return QString(text({"clientName"}) + QStringLiteral(" → ") + text({"adapterID"}))
                .trimmed();
    }
    if (method.startsWith(u"resources/") && member(params, {"uri"}).isString())
        return text({"uri"});
    if (method == u"workspace/executeCommand")
        return text({"command"});
    if (method == u"textDocument/publishDiagnostics") {
        const qsizetype count = member(params, {"diagnostics"}).toArray().size();
        return fileName(member(params, {"uri"}))
               + (count == 1 ? QStringLiteral(" · 1 diagnostic")
                             : QStringLiteral(" · %1 diagnostics").arg(count));
    }
    if (method.startsWith(u"textDocument/")) {
        QCborValue position = member(params, {"position"});
        if (!position.isMap())
            position = member(params, {"range", "start"});
        return fileName(member(params, {"textDocument", "uri"})) + positionText(position);
    }
    if (method == u"window/logMessage" || method == u"window/showMessage"
        || method == u"$/logTrace")
        return text({"message"});
    if (method == u"notifications/message") // MCP logging
        return text({"data"});
    if (method == u"$/progress") {
        const QString title = text({"value", "title"});
        const QString message = text({"value", "message"});
        if (title.isEmpty() || message.isEmpty())
            return title + message;
        return title + QStringLiteral(": ") + message;
    }
    if (method == u"output") // DAP's output event
        return text({"output"});
    if (method == u"setBreakpoints") // DAP
        return fileName(member(params, {"source", "path"}));
    return valueText(params);
}

// The message's body as a tree: JSON, or msgpack as decoded for the detail pane.
QCborValue bodyTree(const SessionMessages &messages, qsizetype messageIndex)
{
    const MessageRecord &record = messages.log().at(messageIndex);
    if (record.size() - record.headerLength > maxParsedBody)
        return QCborValue();
    const QByteArray body = messages.body(messageIndex, maxParsedBody);
    if (messages.framing(record.stream) == Framing::MsgpackRpc)
        return msgpackToCbor(body);
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isObject())
        return QCborMap::fromJsonObject(document.object());
    if (document.isArray())
        return QCborArray::fromJsonArray(document.array());
    return QCborValue();
}

// What a request or notification carries: JSON-RPC's params, DAP's arguments or event body,
// msgpack-rpc's params array.
QCborValue parameters(const QCborValue &tree)
{
    if (tree.isArray()) { // msgpack-rpc: [0, id, method, params] or [2, method, params]
        const QCborArray array = tree.toArray();
        return array.size() == 4 ? array.at(3) : array.at(2);
    }
    if (tree.toMap().contains(QLatin1String("seq")))
        return tree.toMap().contains(QLatin1String("arguments")) ? member(tree, {"arguments"})
                                                                 : member(tree, {"body"});
    return member(tree, {"params"});
}

QString errorText(const QCborValue &tree)
{
    if (tree.isArray()) // msgpack-rpc: [1, id, error, result]
        return QStringLiteral("error: ") + valueText(tree.toArray().at(2));
    if (tree.toMap().contains(QLatin1String("seq"))) // DAP: success false
        return QStringLiteral("error: ") + valueText(member(tree, {"message"}));
    const QCborValue error = member(tree, {"error"});
    return QStringLiteral("error %1: %2")
        .arg(valueText(member(error, {"code"})), valueText(member(error, {"message"})));
}

QCborValue result(const QCborValue &tree)
{
    if (tree.isArray())
        return tree.toArray().at(3);
    if (tree.toMap().contains(QLatin1String("seq")))
        return member(tree, {"body"});
    return member(tree, {"result"});
}

QString rpcInfo(const SessionMessages &messages, qsizetype messageIndex)
{
    const MessageLog &log = messages.log();
    const MessageRecord &record = log.at(messageIndex);
    const QCborValue tree = bodyTree(messages, messageIndex);
    if (record.kind == MessageKind::ErrorResponse)
        return errorText(tree);
    if (record.isResponse()) {
        // The server's name and version answer an initialize (LSP, MCP).
        const QCborValue server = member(result(tree), {"serverInfo"});
        if (server.isMap())
            return nameAndVersion(member(server, {"name"}), member(server, {"version"}));
        const QString about = record.partner >= 0 ? rpcInfo(messages, record.partner) : QString();
        return about.isEmpty() ? valueText(result(tree)) : about;
    }
    const QString method = QString::fromUtf8(log.methodName(record.method));
    return subject(method, parameters(tree));
}

} // namespace

QString messageInfo(const SessionMessages &messages, qsizetype messageIndex)
{
    const MessageRecord &record = messages.log().at(messageIndex);
    switch (record.kind) {
    case MessageKind::Event: {
        const auto event = SessionEvent::fromPayload(messages.eventPayload(messageIndex));
        return event ? event->summary() : QString();
    }
    case MessageKind::Data:
    case MessageKind::Unframed: {
        const QByteArray bytes = messages.bytes(messageIndex, shownBytes);
        return QString::fromUtf8(escapedText(bytes))
               + (record.size() > shownBytes ? QStringLiteral("…") : QString());
    }
    case MessageKind::Request:
    case MessageKind::Notification:
    case MessageKind::Response:
    case MessageKind::ErrorResponse:
        return shortened(rpcInfo(messages, messageIndex));
    }
    return QString();
}

QString calledTool(const SessionMessages &messages, qsizetype messageIndex)
{
    const MessageLog &log = messages.log();
    const MessageRecord &record = log.at(messageIndex);
    if (record.kind != MessageKind::Request || log.methodName(record.method) != "tools/call")
        return QString();
    return valueText(member(parameters(bodyTree(messages, messageIndex)), {"name"}));
}

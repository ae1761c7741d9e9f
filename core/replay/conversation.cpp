#include "replay/conversation.h"

#include "codec/msgpackreader.h"
#include "filter/filtersubject.h"
#include "messages/sessionmessages.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QUrl>

namespace {

ReplayProtocol protocolOf(const SessionMessages &messages)
{
    const std::optional<Framing> framing = messages.framing(Stream::Stdin)
                                               ? messages.framing(Stream::Stdin)
                                               : messages.framing(Stream::Stdout);
    switch (framing.value_or(Framing::Raw)) {
    case Framing::MsgpackRpc:
        return ReplayProtocol::MsgpackRpc;
    case Framing::Lines:
        return ReplayProtocol::Lines;
    case Framing::ContentLength:
    case Framing::JsonLines:
        break;
    default:
        return ReplayProtocol::Bytes;
    }
    // DAP frames as LSP does; its messages carry "seq" and "type" where JSON-RPC has "jsonrpc".
    const MessageLog &log = messages.log();
    for (qsizetype i = 0; i < log.count(); ++i) {
        const MessageRecord &record = log.at(i);
        if (record.kind == MessageKind::Event || record.kind == MessageKind::Unframed)
            continue;
        const QJsonObject object = QJsonDocument::fromJson(messages.body(i)).object();
        if (object.contains(QLatin1String("jsonrpc")))
            return ReplayProtocol::JsonRpc;
        if (object.contains(QLatin1String("seq")) && object.contains(QLatin1String("type")))
            return ReplayProtocol::Dap;
    }
    return ReplayProtocol::JsonRpc;
}

QString localPath(const QString &uriOrPath)
{
    const QUrl url(uriOrPath);
    return url.isLocalFile() ? url.toLocalFile() : uriOrPath;
}

QString rootPathOf(const Conversation &conversation)
{
    for (const ConversationMessage &message : conversation.messages) {
        const QString root
            = message.stream == Stream::Stdin ? workspaceRoot(message.tree) : QString();
        if (!root.isEmpty())
            return root;
    }
    return QString();
}

} // namespace

QString workspaceRoot(const QJsonValue &clientMessage)
{
    const QJsonObject object = clientMessage.toObject();
    const QJsonObject params = object.value(QLatin1String("params")).toObject();
    const QJsonObject arguments = object.value(QLatin1String("arguments")).toObject();
    for (const QJsonValue &candidate :
         {params.value(QLatin1String("rootUri")), params.value(QLatin1String("rootPath")),
          params.value(QLatin1String("workspaceFolders"))
              .toArray()
              .at(0)
              .toObject()
              .value(QLatin1String("uri")),
          arguments.value(QLatin1String("cwd"))}) {
        const QString path = localPath(candidate.toString());
        if (path.size() > 1) // never "/": every path would be under it
            return path;
    }
    return QString();
}

const char *replayProtocolName(ReplayProtocol protocol)
{
    switch (protocol) {
    case ReplayProtocol::JsonRpc:
        return "json-rpc";
    case ReplayProtocol::Dap:
        return "dap";
    case ReplayProtocol::MsgpackRpc:
        return "msgpack-rpc";
    case ReplayProtocol::Lines:
        return "lines";
    case ReplayProtocol::Bytes:
        break;
    }
    return "bytes";
}

QList<qsizetype> Conversation::indicesOf(Stream stream) const
{
    QList<qsizetype> indices;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (messages.at(i).stream == stream)
            indices.append(i);
    }
    return indices;
}

QJsonValue bodyTree(ReplayProtocol protocol, QByteArrayView body)
{
    switch (protocol) {
    case ReplayProtocol::JsonRpc:
    case ReplayProtocol::Dap: {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &error);
        if (error.error != QJsonParseError::NoError)
            return QJsonValue::Undefined;
        return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    }
    case ReplayProtocol::MsgpackRpc: {
        const QCborValue tree = msgpackToCbor(body);
        return tree.isArray() ? namedMsgpackRpc(tree.toJsonValue().toArray())
                              : QJsonValue(QJsonValue::Undefined);
    }
    case ReplayProtocol::Lines:
    case ReplayProtocol::Bytes:
        break;
    }
    return QJsonValue::Undefined;
}

Conversation conversationOf(const SessionMessages &messages)
{
    Conversation conversation;
    conversation.protocol = protocolOf(messages);
    for (Stream stream : {Stream::Stdin, Stream::Stdout})
        conversation.framing[stream] = messages.framing(stream).value_or(Framing::Raw);
    const MessageLog &log = messages.log();
    QHash<qsizetype, qsizetype> conversationIndex; // session row -> index in the conversation
    qint64 firstNs = -1;
    for (qsizetype i = 0; i < log.count(); ++i) {
        const MessageRecord &record = log.at(i);
        if (record.stream != Stream::Stdin && record.stream != Stream::Stdout)
            continue;
        ConversationMessage message;
        message.stream = record.stream;
        message.kind = record.kind == MessageKind::Unframed ? MessageKind::Data : record.kind;
        const qint32 method = log.effectiveMethod(i);
        if (method >= 0)
            message.method = log.methodName(method);
        message.id = log.idText(record);
        message.bytes = messages.bytes(i);
        message.headerLength = record.headerLength;
        if (firstNs < 0)
            firstNs = record.timestampNs;
        message.timeNs = record.timestampNs - firstNs;
        message.sessionRow = i + 1;
        message.tree = bodyTree(conversation.protocol, message.body());
        // A response pairs with its request, which came before it.
        if (record.isResponse() && conversationIndex.contains(record.partner)) {
            const qsizetype partner = conversationIndex.value(record.partner);
            message.partner = partner;
            conversation.messages[partner].partner = conversation.messages.size();
        }
        conversationIndex.insert(i, conversation.messages.size());
        conversation.messages.append(message);
    }
    conversation.rootPath = rootPathOf(conversation);
    return conversation;
}

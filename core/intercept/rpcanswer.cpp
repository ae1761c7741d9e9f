#include "intercept/rpcanswer.h"

#include "codec/msgpackreader.h"
#include "codec/msgpackwriter.h"
#include "messages/rpcfields.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>

namespace {

enum class Protocol { JsonRpc, Dap, MsgpackRpc };

struct RequestParts
{
    Protocol protocol = Protocol::JsonRpc;
    QJsonValue id; // JSON-RPC's as written, DAP's seq, msgpack's msgid
    QByteArray method;
    QJsonValue params;
};

std::optional<RequestParts> requestParts(const LiveMessage &request)
{
    if (request.kind != MessageKind::Request)
        return std::nullopt;
    RequestParts parts;
    parts.method = request.method;
    if (request.framing == Framing::MsgpackRpc) {
        const QJsonArray array = msgpackToCbor(request.body()).toJsonValue().toArray();
        if (array.size() != 4)
            return std::nullopt;
        parts.protocol = Protocol::MsgpackRpc;
        parts.id = array.at(1);
        parts.params = array.at(3);
        return parts;
    }
    if (request.framing != Framing::ContentLength && request.framing != Framing::JsonLines)
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(request.body().toByteArray()).object();
    const RpcFields fields = scanRpcFields(request.body());
    if (fields.type == "request" && fields.seq >= 0) {
        parts.protocol = Protocol::Dap;
        parts.id = double(fields.seq);
        parts.params = object.value(QStringLiteral("arguments"));
    } else {
        parts.id = object.value(QStringLiteral("id"));
        parts.params = object.value(QStringLiteral("params"));
    }
    return parts;
}

QByteArray compactJson(const QJsonValue &value)
{
    // QJsonDocument holds only objects and arrays: a scalar goes in an array and out again.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QJsonValue walkPath(QJsonValue value, const QString &path)
{
    static const QRegularExpression step(QStringLiteral(R"(([^.\[\]]+)|\[(\d+)\])"));
    for (auto it = step.globalMatch(path); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        if (!match.captured(1).isEmpty())
            value = value.toObject().value(match.captured(1));
        else
            value = value.toArray().at(match.captured(2).toInt());
    }
    return value;
}

QJsonValue placeholderValue(const QString &name, const RequestParts &parts)
{
    if (name == QLatin1String("id"))
        return parts.id;
    if (name == QLatin1String("method"))
        return QString::fromUtf8(parts.method);
    if (name == QLatin1String("params"))
        return parts.params;
    if (name.startsWith(QLatin1String("params.")) || name.startsWith(QLatin1String("params[")))
        return walkPath(parts.params, name.mid(6));
    return QJsonValue::Undefined;
}

QJsonValue fill(const QJsonValue &value, const RequestParts &parts)
{
    static const QRegularExpression placeholder(QStringLiteral(R"(\$\{([^}]+)\})"));
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &element : value.toArray())
            array.append(fill(element, parts));
        return array;
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = fill(it.value(), parts);
        return object;
    }
    if (!value.isString())
        return value;
    const QString text = value.toString();
    const QRegularExpressionMatch whole = placeholder.match(text);
    if (whole.hasMatch() && whole.capturedLength() == text.size())
        return placeholderValue(whole.captured(1), parts);
    QString filled;
    qsizetype last = 0;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        filled += text.mid(last, match.capturedStart() - last);
        const QJsonValue inserted = placeholderValue(match.captured(1), parts);
        filled
            += inserted.isString() ? inserted.toString() : QString::fromUtf8(compactJson(inserted));
        last = match.capturedEnd();
    }
    return QString(filled + text.mid(last));
}

std::optional<QByteArray> answer(const LiveMessage &request, const QJsonValue &result,
                                 std::optional<std::pair<int, QString>> error)
{
    const std::optional<RequestParts> parts = requestParts(request);
    if (!parts)
        return std::nullopt;
    QByteArray body;
    switch (parts->protocol) {
    case Protocol::JsonRpc: {
        QJsonObject object{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                           {QStringLiteral("id"), parts->id}};
        if (error) {
            object.insert(QStringLiteral("error"),
                          QJsonObject{{QStringLiteral("code"), error->first},
                                      {QStringLiteral("message"), error->second}});
        } else {
            object.insert(QStringLiteral("result"), fill(result, *parts));
        }
        body = QJsonDocument(object).toJson(QJsonDocument::Compact);
        break;
    }
    case Protocol::Dap: {
        QJsonObject object{{QStringLiteral("seq"), 0},
                           {QStringLiteral("type"), QStringLiteral("response")},
                           {QStringLiteral("request_seq"), parts->id},
                           {QStringLiteral("command"), QString::fromUtf8(parts->method)},
                           {QStringLiteral("success"), !error}};
        if (error) {
            object.insert(QStringLiteral("message"), error->second);
            object.insert(QStringLiteral("body"),
                          QJsonObject{{QStringLiteral("error"),
                                       QJsonObject{{QStringLiteral("id"), error->first},
                                                   {QStringLiteral("format"), error->second}}}});
        } else {
            object.insert(QStringLiteral("body"), fill(result, *parts));
        }
        body = QJsonDocument(object).toJson(QJsonDocument::Compact);
        break;
    }
    case Protocol::MsgpackRpc:
        body = cborToMsgpack(QCborValue::fromJsonValue(QJsonArray{
            1, parts->id,
            error ? QJsonValue(QJsonArray{error->first, error->second}) : QJsonValue::Null,
            error ? QJsonValue::Null : fill(result, *parts)}));
        break;
    }
    return frameBody(request.framing, body);
}

} // namespace

std::optional<QByteArray> answerWithResult(const LiveMessage &request,
                                           const QJsonValue &resultTemplate)
{
    return answer(request, resultTemplate, std::nullopt);
}

std::optional<QByteArray> answerWithError(const LiveMessage &request, int code,
                                          const QString &message)
{
    return answer(request, QJsonValue(), std::make_pair(code, message));
}

#include "cli/messageexporter.h"

#include "capture/capturestore.h"
#include "cli/sessionexporter.h"
#include "codec/jsonformat.h"
#include "codec/jsontokenizer.h"
#include "codec/msgpackreader.h"
#include "codec/textescape.h"
#include "messages/sessionmessages.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <QtCore/QCborArray>
#include <QtCore/QCborMap>
#include <QtCore/QFileDevice>
#include <QtCore/QIODevice>

#include <cmath>

namespace {

// A decoded msgpack value as JSON. Binary strings become hex strings; map keys that are not
// strings become their JSON text.
QByteArray cborAsJson(const QCborValue &value)
{
    switch (value.type()) {
    case QCborValue::Integer:
        return QByteArray::number(value.toInteger());
    case QCborValue::Double: {
        const double number = value.toDouble();
        return std::isfinite(number) ? QByteArray::number(number, 'g', 17) : QByteArray("null");
    }
    case QCborValue::String:
        return jsonStringLiteral(value.toString().toUtf8());
    case QCborValue::ByteArray:
        return jsonStringLiteral(value.toByteArray().toHex());
    case QCborValue::True:
        return "true";
    case QCborValue::False:
        return "false";
    case QCborValue::Array: {
        QByteArray out = "[";
        const QCborArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            out += (i ? "," : "") + cborAsJson(array.at(i));
        return out + ']';
    }
    case QCborValue::Map: {
        QByteArray out = "{";
        const QCborMap map = value.toMap();
        bool first = true;
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            const QCborValue key = it.key();
            const QByteArray keyText = key.isString() ? key.toString().toUtf8() : cborAsJson(key);
            out += (first ? "" : ",") + jsonStringLiteral(keyText) + ':' + cborAsJson(it.value());
            first = false;
        }
        return out + '}';
    }
    default:
        return "null";
    }
}

} // namespace

MessageExporter::MessageExporter(const SessionMessages *messages)
    : m_messages(messages)
{
    if (messages->log().count() > 0)
        m_firstNs = messages->store()->record(0).timestampNs;
    m_annotations = messages->store()->annotations();
}

QByteArray MessageExporter::line(qsizetype messageIndex) const
{
    const MessageLog &log = m_messages->log();
    const MessageRecord &record = log.at(messageIndex);
    QByteArray out = "{\"n\":" + QByteArray::number(messageIndex + 1) + ",\"time\":\""
                     + isoTimestamp(record.timestampNs)
                     + "\",\"elapsed_ns\":" + QByteArray::number(record.timestampNs - m_firstNs)
                     + ",\"stream\":\"" + streamName(record.stream) + "\",\"kind\":\""
                     + messageKindName(record.kind) + '"';
    if (!m_annotations.isEmpty()) {
        const QJsonObject fields
            = annotationFields(m_annotations.value(m_messages->anchorOf(messageIndex)));
        if (!fields.isEmpty()) {
            const QByteArray members = QJsonDocument(fields).toJson(QJsonDocument::Compact);
            out += ',' + members.mid(1, members.size() - 2); // without the braces
        }
    }
    if (record.kind == MessageKind::Event)
        return out + ",\"event\":" + m_messages->eventPayload(messageIndex) + '}';

    out += ",\"offset\":" + QByteArray::number(record.begin)
           + ",\"size\":" + QByteArray::number(record.size());
    const QByteArray id = log.idText(record);
    if (!id.isEmpty()) {
        // JSON-RPC ids are JSON already; DAP seqs and msgpack msgids are numbers.
        out += ",\"id\":" + id;
    }
    const QByteArray method = log.methodName(log.effectiveMethod(messageIndex));
    if (!method.isEmpty())
        out += ",\"method\":" + jsonStringLiteral(method);
    if (record.partner >= 0) {
        const char *link = record.kind == MessageKind::Request ? "response"
                           : record.isResponse()               ? "request"
                           : record.kind == MessageKind::Event ? "answers" // a rule's answer
                                                               : "cancels";
        out += QByteArray(",\"") + link + "\":" + QByteArray::number(record.partner + 1);
    }
    if (record.isResponse() && record.partner >= 0)
        out += ",\"latency_ns\":" + QByteArray::number(log.latencyNs(messageIndex));
    if (record.kind == MessageKind::Request && record.partner < 0)
        out += ",\"pending\":true";
    if (record.cancelled)
        out += ",\"cancelled\":true";
    if (record.problems) {
        out += ",\"problems\":[";
        bool first = true;
        for (int problem = 0; problem < problemKindCount; ++problem) {
            if (!record.hasProblem(ProblemKind(problem)))
                continue;
            out += (first ? "\"" : ",\"") + QByteArray(problemName(ProblemKind(problem))) + '"';
            first = false;
        }
        out += ']';
    }
    if (record.headerLength > 0)
        out += ",\"headers\":" + jsonStringLiteral(m_messages->header(messageIndex));

    const QByteArray body = m_messages->body(messageIndex);
    const Framing framing = m_messages->framing(record.stream).value_or(Framing::Raw);
    const bool isJsonFraming = framing == Framing::ContentLength || framing == Framing::JsonLines;
    if (isJsonFraming && record.kind != MessageKind::Unframed && isValidJson(body)) {
        out += ",\"body\":" + minifiedJson(body);
    } else if (framing == Framing::MsgpackRpc && record.kind != MessageKind::Unframed
               && !record.hasProblem(ProblemKind::Truncated)) {
        out += ",\"body\":" + cborAsJson(msgpackToCbor(body));
    } else if (isValidUtf8(body)) {
        out += ",\"text\":" + jsonStringLiteral(body);
    } else {
        out += ",\"base64\":\"" + body.toBase64() + '"';
    }
    return out + '}';
}

bool MessageExporter::write(QIODevice *output, const std::function<bool(qsizetype)> &selected)
{
    const qsizetype count = m_messages->log().count();
    for (qsizetype messageIndex = 0; messageIndex < count; ++messageIndex) {
        if (selected && !selected(messageIndex))
            continue;
        const QByteArray text = line(messageIndex) + '\n';
        if (output->write(text) != text.size()) {
            m_errorString = QStringLiteral("cannot write the export: ") + output->errorString();
            return false;
        }
    }
    // A file device buffers: its write errors (disk full) show only when it is flushed.
    if (auto *file = qobject_cast<QFileDevice *>(output); file && !file->flush()) {
        m_errorString = QStringLiteral("cannot write the export: ") + output->errorString();
        return false;
    }
    return true;
}

#include "messagedetails.h"

#include "messages/messagestatistics.h"
#include "messages/sessionmessages.h"

QByteArray messageBytes(const SessionMessages &messages, const QList<qsizetype> &messageIndices,
                        qint64 limit)
{
    QByteArray bytes;
    for (const qsizetype messageIndex : messageIndices) {
        if (bytes.size() >= limit)
            break;
        bytes += messages.bytes(messageIndex, limit - bytes.size());
    }
    return bytes;
}

DecodedMessage decodedMessage(const SessionMessages &messages, qsizetype messageIndex)
{
    const MessageLog &log = messages.log();
    const MessageRecord &record = log.at(messageIndex);
    DecodedMessage message;
    message.title = QString::fromLatin1(messageKindName(record.kind));
    const QByteArray id = log.idText(record);
    if (!id.isEmpty())
        message.title += QStringLiteral(" #") + QString::fromUtf8(id);
    if (record.isResponse())
        message.title += QStringLiteral(" · ") + durationText(log.latencyNs(messageIndex));
    else if (record.method >= 0)
        message.title += u' ' + QString::fromUtf8(log.methodName(record.method));
    message.header = messages.header(messageIndex);
    message.body = messages.body(messageIndex);
    message.framing = record.kind == MessageKind::Unframed
                          ? Framing::Raw
                          : messages.framing(record.stream).value_or(Framing::Raw);
    return message;
}

DecodedExchange decodedExchange(const SessionMessages &messages, qsizetype messageIndex)
{
    const MessageLog &log = messages.log();
    const MessageRecord &record = log.at(messageIndex);
    const qsizetype partner = record.partner;
    const bool paired
        = partner >= 0 && (record.isResponse() || log.at(partner).isResponse())
          && (record.kind == MessageKind::Request || log.at(partner).kind == MessageKind::Request);
    if (!paired)
        return {{decodedMessage(messages, messageIndex)}, 0};
    const qsizetype request = record.kind == MessageKind::Request ? messageIndex : partner;
    const qsizetype response = request == messageIndex ? partner : messageIndex;
    return {{decodedMessage(messages, request), decodedMessage(messages, response)},
            messageIndex == request ? 0 : 1};
}

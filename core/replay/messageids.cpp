#include "replay/messageids.h"

#include "codec/jsontokenizer.h"
#include "codec/msgpackformat.h"

#include <QtCore/QtEndian>

namespace {

// The span of the top-level member `key`'s value in a JSON object's text (the last one, when the
// key repeats: the one readers take); false when absent or the text is not valid JSON.
bool topLevelMember(QByteArrayView json, QByteArrayView key, qsizetype *begin, qsizetype *end)
{
    JsonTokenizer tokenizer(json);
    bool found = false;
    for (JsonTokenizer::Token token = tokenizer.next(); token != JsonTokenizer::Token::End;
         token = tokenizer.next()) {
        if (token == JsonTokenizer::Token::Error)
            return false;
        if (token != JsonTokenizer::Token::Key || tokenizer.depth() != 1
            || tokenizer.stringValue() != key)
            continue;
        token = tokenizer.next();
        const qsizetype valueBegin = tokenizer.tokenStart();
        if (token == JsonTokenizer::Token::BeginObject
            || token == JsonTokenizer::Token::BeginArray) {
            do {
                token = tokenizer.next();
            } while (token != JsonTokenizer::Token::Error
                     && !((token == JsonTokenizer::Token::EndObject
                           || token == JsonTokenizer::Token::EndArray)
                          && tokenizer.depth() == 1));
        }
        if (token == JsonTokenizer::Token::Error)
            return false;
        *begin = valueBegin;
        *end = tokenizer.tokenEnd();
        found = true;
    }
    return found;
}

QByteArray withMember(const QByteArray &json, QByteArrayView key, const QByteArray &value)
{
    qsizetype begin = 0;
    qsizetype end = 0;
    if (!topLevelMember(json, key, &begin, &end))
        return json;
    return json.left(begin) + value + json.mid(end);
}

// A msgpack unsigned integer in its shortest form.
QByteArray msgpackUnsigned(quint32 value)
{
    if (value < 0x80)
        return QByteArray(1, char(value));
    if (value <= 0xff)
        return QByteArray("\xcc", 1) + char(value);
    if (value <= 0xffff) {
        QByteArray bytes("\xcd\0\0", 3);
        qToBigEndian(quint16(value), bytes.data() + 1);
        return bytes;
    }
    QByteArray bytes("\xce\0\0\0\0", 5);
    qToBigEndian(value, bytes.data() + 1);
    return bytes;
}

// [type, msgid, ...]: the msgid's bytes replaced, the rest as it was.
QByteArray withMsgid(const QByteArray &body, const QByteArray &id)
{
    bool ok = false;
    const quint32 msgid = id.toUInt(&ok);
    if (!ok || body.size() < 3 || (quint8(body.at(0)) & 0xf0) != 0x90)
        return body;
    const msgpack::Head head = msgpack::headOf(quint8(body.at(2)));
    if (head.kind != msgpack::Kind::UInt && head.kind != msgpack::Kind::Int)
        return body;
    const qsizetype oldEnd = 3 + head.fieldSize;
    if (oldEnd > body.size())
        return body;
    return body.left(2) + msgpackUnsigned(msgid) + body.mid(oldEnd);
}

} // namespace

QByteArray withRequestId(ReplayProtocol protocol, const QByteArray &body, const QByteArray &id)
{
    switch (protocol) {
    case ReplayProtocol::JsonRpc:
        return withMember(body, "id", id);
    case ReplayProtocol::Dap:
        return withMember(body, "request_seq", id);
    case ReplayProtocol::MsgpackRpc:
        return withMsgid(body, id);
    case ReplayProtocol::Lines:
    case ReplayProtocol::Bytes:
        break;
    }
    return body;
}

QByteArray messageWithRequestId(ReplayProtocol protocol, Framing framing,
                                const ConversationMessage &message, const QByteArray &id)
{
    const QByteArray body = withRequestId(protocol, message.body(), id);
    if (body == message.body())
        return message.bytes;
    return framing == Framing::ContentLength ? frameBody(framing, body)
                                             : message.bytes.left(message.headerLength) + body;
}

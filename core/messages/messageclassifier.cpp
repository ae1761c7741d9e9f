#include "messages/messageclassifier.h"

#include "codec/jsontokenizer.h"
#include "codec/msgpackreader.h"
#include "messages/rpcfields.h"

#include <QtCore/QCborArray>

#include <memory>

namespace {

quint16 bit(ProblemKind problem)
{
    return quint16(1u << int(problem));
}

bool isJsonWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

QByteArrayView trimmedJson(QByteArrayView text)
{
    while (!text.isEmpty() && isJsonWhitespace(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isJsonWhitespace(text.back()))
        text.chop(1);
    return text;
}

void classifyJson(QByteArrayView body, MessageClassification *result)
{
    const RpcFields fields = scanRpcFields(body);
    if (!fields.valid) {
        result->problems |= bit(ProblemKind::InvalidJson);
        // A body holding a whole value and more: its Content-Length ran into the next bytes.
        const qsizetype valueEnd = jsonValueEnd(body);
        if (valueEnd >= 0 && valueEnd < trimmedJson(body).size())
            result->problems |= bit(ProblemKind::LengthMismatch);
        return;
    }
    if (!fields.isObject)
        return;
    const bool isDap
        = fields.seq >= 0
          && (fields.type == "request" || fields.type == "response" || fields.type == "event");
    if (isDap) {
        if (fields.type == "request") {
            result->kind = MessageKind::Request;
            result->method = fields.command;
            result->id = QByteArray::number(fields.seq);
        } else if (fields.type == "response") {
            result->kind = fields.hasSuccess && !fields.success ? MessageKind::ErrorResponse
                                                                : MessageKind::Response;
            if (fields.requestSeq >= 0)
                result->id = QByteArray::number(fields.requestSeq);
        } else {
            result->kind = MessageKind::Notification;
            result->method = fields.event;
        }
        return;
    }
    if (fields.hasMethod) {
        result->method = fields.method;
        if (fields.id.isEmpty()) {
            result->kind = MessageKind::Notification;
            if (fields.method == "$/cancelRequest" || fields.method == "notifications/cancelled")
                result->cancelsId = fields.paramsId;
        } else {
            result->kind = MessageKind::Request;
            result->id = fields.id;
        }
    } else if (!fields.id.isEmpty() && (fields.hasResult || fields.hasError)) {
        result->kind = fields.hasError ? MessageKind::ErrorResponse : MessageKind::Response;
        result->id = fields.id;
    }
}

QByteArray msgpackId(const QCborValue &value)
{
    return value.isInteger() ? QByteArray::number(value.toInteger()) : QByteArray();
}

void classifyMsgpack(QByteArrayView body, MessageClassification *result)
{
    const QCborValue value = msgpackToCbor(body);
    if (!value.isArray())
        return;
    const QCborArray array = value.toArray();
    const qint64 type = array.at(0).isInteger() ? array.at(0).toInteger() : -1;
    if (type == 0 && array.size() == 4 && array.at(2).isString()) {
        result->kind = MessageKind::Request;
        result->id = msgpackId(array.at(1));
        result->method = array.at(2).toString().toUtf8();
    } else if (type == 1 && array.size() == 4) {
        result->kind = array.at(2).isNull() ? MessageKind::Response : MessageKind::ErrorResponse;
        result->id = msgpackId(array.at(1));
    } else if (type == 2 && array.size() == 3 && array.at(1).isString()) {
        result->kind = MessageKind::Notification;
        result->method = array.at(1).toString().toUtf8();
    }
}

} // namespace

MessageClassification classifyFrame(Framing framing, const Frame &frame, QByteArrayView body)
{
    MessageClassification result;
    switch (frame.flaw) {
    case FrameFlaw::Unframed:
        result.kind = MessageKind::Unframed;
        return result;
    case FrameFlaw::BadHeader:
        result.kind = MessageKind::Unframed;
        result.problems |= bit(ProblemKind::BadHeader);
        return result;
    case FrameFlaw::Truncated:
        result.problems |= bit(ProblemKind::Truncated);
        return result; // an incomplete body says nothing reliable
    case FrameFlaw::LengthMismatch:
        result.problems |= bit(ProblemKind::LengthMismatch);
        break;
    case FrameFlaw::MissingNewline:
        if (framing == Framing::JsonLines)
            result.problems |= bit(ProblemKind::MissingFinalNewline);
        break;
    case FrameFlaw::None:
        break;
    }
    const bool tooLargeToParse = body.isEmpty() && frame.end - frame.begin > frame.headerLength;
    if (tooLargeToParse)
        return result;
    switch (framing) {
    case Framing::ContentLength:
        classifyJson(body, &result);
        break;
    case Framing::JsonLines: {
        // In NDJSON, a line that does not even start like JSON is a stray print, not a message.
        const QByteArrayView text = trimmedJson(body);
        if (text.isEmpty() || (text.front() != '{' && text.front() != '[')) {
            result.kind = MessageKind::Unframed;
            result.problems &= ~bit(ProblemKind::MissingFinalNewline);
            return result;
        }
        classifyJson(body, &result);
        break;
    }
    case Framing::MsgpackRpc:
        classifyMsgpack(body, &result);
        break;
    case Framing::Lines:
    case Framing::IdleGap:
    case Framing::Raw:
    case Framing::Auto:
        break;
    }
    return result;
}

quint16 problemsOnReceipt(Framing framing, QByteArrayView bytes)
{
    class ProblemSink final : public FrameSink
    {
    public:
        explicit ProblemSink(Framing framing)
            : m_framing(framing)
        {
        }
        void frame(const Frame &frame, QByteArrayView body) override
        {
            const MessageClassification classification = classifyFrame(m_framing, frame, body);
            problems |= classification.problems;
            if (classification.kind == MessageKind::Unframed
                && !(classification.problems & bit(ProblemKind::BadHeader))) {
                problems |= bit(ProblemKind::UnframedBytes);
            }
        }
        quint16 problems = 0;

    private:
        Framing m_framing;
    };

    if (framing == Framing::Auto || framing == Framing::Raw || framing == Framing::IdleGap)
        return 0; // nothing there has a shape to break
    ProblemSink sink(framing);
    const std::unique_ptr<FrameDecoder> decoder
        = makeFrameDecoder(framing, &sink, FramingChoice::defaultIdleGapMs);
    decoder->feed(bytes, 0, 0);
    decoder->finish();
    return sink.problems;
}

#include "filter/filtersubject.h"

#include "capture/capturestore.h"
#include "codec/msgpackreader.h"
#include "filter/jsonpath.h"
#include "messages/sessionmessages.h"

#include <QtCore/QCborArray>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace {

FilterValue textValue(const char *text)
{
    return FilterValue::fromText(QByteArray(text));
}

// The fields chunks and messages both have, from what they both know. False for the others.
bool addRowValues(FilterField field, Stream stream, qint64 timestampNs, qint64 length,
                  qint64 startNs, const QList<qint64> &timeReferences, FilterValues *values)
{
    switch (field) {
    case FilterField::Stream:
        values->append(stream == Stream::Event ? textValue("event")
                                               : FilterValue::fromText(streamName(stream)));
        return true;
    case FilterField::Dir:
        if (stream != Stream::Event)
            values->append(textValue(stream == Stream::Stdin ? "c2s" : "s2c"));
        return true;
    case FilterField::Len:
        values->append(FilterValue::fromNumber(double(length)));
        return true;
    case FilterField::Time:
    case FilterField::TimeRel: {
        // Durations are nanoseconds (filtervalue.h).
        const qint64 originNs = field == FilterField::TimeRel
                                    ? timeOrigin(timeReferences, timestampNs, startNs)
                                    : startNs;
        values->append(FilterValue::fromNumber(double(timestampNs - originNs)));
        return true;
    }
    default:
        return false;
    }
}

// `marked` and `comment`, from the row's annotation.
bool addAnnotationValues(FilterField field, const Annotation &annotation, FilterValues *values)
{
    if (field == FilterField::Marked) {
        if (annotation.marked)
            values->append(FilterValue::fromJson(true));
        return true;
    }
    if (field == FilterField::Comment) {
        if (!annotation.comment.isEmpty())
            values->append(FilterValue::fromText(annotation.comment.toUtf8()));
        return true;
    }
    return false;
}

qint64 firstTimestamp(const CaptureStore &store)
{
    return store.count() ? store.record(0).timestampNs : -1;
}

// An error response is a response too: `kind == response` finds both, `kind == error` the one.
void addKindValues(MessageKind kind, FilterValues *values)
{
    if (kind == MessageKind::ErrorResponse) {
        values->append(textValue("response"));
        values->append(textValue("error"));
    } else {
        values->append(textValue(messageKindName(kind)));
    }
}

QJsonValue walk(QJsonValue value, const QList<FilterPathStep> &path)
{
    for (const FilterPathStep &step : path) {
        if (step.index >= 0) {
            if (!value.isArray() || step.index >= value.toArray().size())
                return QJsonValue::Undefined;
            value = value.toArray().at(step.index);
        } else {
            if (!value.isObject())
                return QJsonValue::Undefined;
            value = value.toObject().value(QString::fromUtf8(step.key));
        }
    }
    return value;
}

enum class BodyForm { None, Json, Msgpack };

BodyForm bodyForm(const SessionMessages &messages, qsizetype messageIndex)
{
    const MessageRecord &record = messages.log().at(messageIndex);
    if (record.kind == MessageKind::Event || record.kind == MessageKind::Unframed)
        return BodyForm::None;
    const std::optional<Framing> framing = messages.framing(record.stream);
    if (framing == Framing::ContentLength || framing == Framing::JsonLines)
        return BodyForm::Json;
    return framing == Framing::MsgpackRpc ? BodyForm::Msgpack : BodyForm::None;
}

} // namespace

QJsonValue namedMsgpackRpc(const QJsonArray &array)
{
    static const char *const requestNames[] = {"type", "msgid", "method", "params"};
    static const char *const responseNames[] = {"type", "msgid", "error", "result"};
    static const char *const notificationNames[] = {"type", "method", "params"};
    const int type = array.size() ? array.at(0).toInt(-1) : -1;
    const char *const *names = type == 0   ? requestNames
                               : type == 1 ? responseNames
                               : type == 2 ? notificationNames
                                           : nullptr;
    const int count = type == 2 ? 3 : 4;
    if (!names || array.size() != count)
        return array;
    QJsonObject object;
    for (int i = 0; i < count; ++i) {
        // A response's nil error or result is absent, as JSON-RPC leaves out the one not given.
        if (type == 1 && i >= 2 && array.at(i).isNull())
            continue;
        object.insert(QLatin1String(names[i]), array.at(i));
    }
    return object;
}

QJsonValue messageBodyTree(const SessionMessages &messages, qsizetype messageIndex)
{
    const BodyForm form = bodyForm(messages, messageIndex);
    if (form == BodyForm::Json) {
        const QJsonDocument document = QJsonDocument::fromJson(messages.body(messageIndex));
        if (document.isObject())
            return document.object();
        if (document.isArray())
            return document.array();
        return QJsonValue::Undefined;
    }
    if (form == BodyForm::Msgpack) {
        const QCborValue tree = msgpackToCbor(messages.body(messageIndex));
        if (tree.isArray())
            return namedMsgpackRpc(tree.toJsonValue().toArray());
    }
    return QJsonValue::Undefined;
}

MessageSubject::MessageSubject(const SessionMessages &messages)
    : m_messages(messages)
    , m_annotations(messages.store()->annotations())
    , m_timeReferences(messages.store()->timeReferences())
{
}

void MessageSubject::setAnnotations(const Annotations &annotations,
                                    const QList<qint64> &timeReferences)
{
    m_annotations = annotations;
    m_timeReferences = timeReferences;
}

void MessageSubject::setMessage(qsizetype messageIndex)
{
    m_messageIndex = messageIndex;
    m_bodyRead = false;
    if (m_startNs < 0) // a message means the store has its first record
        m_startNs = firstTimestamp(*m_messages.store());
}

void MessageSubject::addBodyValues(const QList<FilterPathStep> &path, FilterValues *values)
{
    // Read once per message: a filter may name several paths.
    if (!m_bodyRead) {
        m_bodyIsJson = bodyForm(m_messages, m_messageIndex) == BodyForm::Json;
        m_bodyText = m_bodyIsJson ? m_messages.body(m_messageIndex) : QByteArray();
        m_bodyTree = m_bodyIsJson ? QJsonValue() : messageBodyTree(m_messages, m_messageIndex);
        m_bodyRead = true;
    }
    if (m_bodyIsJson) {
        if (const std::optional<FilterValue> value = jsonValueAtPath(m_bodyText, path))
            values->append(*value);
        return;
    }
    const QJsonValue value = walk(m_bodyTree, path);
    if (!value.isUndefined())
        values->append(FilterValue::fromJson(value));
}

void MessageSubject::values(FilterField field, const QList<FilterPathStep> &path,
                            FilterValues *values)
{
    const MessageLog &log = m_messages.log();
    const MessageRecord &record = log.at(m_messageIndex);
    if (addRowValues(field, record.stream, record.timestampNs, record.size(), m_startNs,
                     m_timeReferences, values)) {
        return;
    }
    if (field == FilterField::Marked || field == FilterField::Comment) {
        if (!m_annotations.isEmpty()) {
            addAnnotationValues(field, m_annotations.value(m_messages.anchorOf(m_messageIndex)),
                                values);
        }
        return;
    }
    switch (field) {
    case FilterField::Data:
        values->append(FilterValue::fromText(record.kind == MessageKind::Event
                                                 ? m_messages.eventPayload(m_messageIndex)
                                                 : m_messages.bytes(m_messageIndex)));
        break;
    case FilterField::Method: {
        const qint32 method = log.effectiveMethod(m_messageIndex);
        if (method >= 0)
            values->append(FilterValue::fromText(log.methodName(method)));
        break;
    }
    case FilterField::Kind:
        addKindValues(record.kind, values);
        break;
    case FilterField::Id:
        if (record.idKind == MessageRecord::IdKind::Number) {
            values->append(FilterValue::fromNumber(double(record.id)));
        } else if (record.idKind == MessageRecord::IdKind::String) {
            // The id as written is a JSON string: its text is the value.
            const QJsonDocument document = QJsonDocument::fromJson('[' + log.idText(record) + ']');
            values->append(FilterValue::fromJson(document.array().at(0)));
        }
        break;
    case FilterField::Latency: {
        const qint64 latency = log.latencyNs(m_messageIndex);
        if (latency >= 0)
            values->append(FilterValue::fromNumber(double(latency)));
        break;
    }
    case FilterField::Framing:
        if (record.kind != MessageKind::Event) {
            if (const std::optional<Framing> framing = m_messages.framing(record.stream))
                values->append(FilterValue::fromText(framingName(*framing)));
        }
        break;
    case FilterField::Problem: {
        static const QByteArrayList names = filterFieldChoices(*filterFieldInfo("problem"));
        for (int kind = 0; kind < problemKindCount; ++kind) {
            if (record.hasProblem(ProblemKind(kind)))
                values->append(FilterValue::fromText(names.at(kind)));
        }
        break;
    }
    case FilterField::Body:
        addBodyValues(path, values);
        break;
    default: // addRowValues gave them
        break;
    }
}

ChunkSubject::ChunkSubject(qint64 startNs, PayloadReader readPayload)
    : m_readPayload(std::move(readPayload))
    , m_startNs(startNs)
{
}

ChunkSubject::ChunkSubject(const CaptureStore &store)
    : ChunkSubject(firstTimestamp(store),
                   [&store](const ChunkRecord &record) { return store.payload(record); })
{
    m_store = &store;
    setAnnotations(store.annotations(), store.timeReferences());
}

void ChunkSubject::setAnnotations(const Annotations &annotations,
                                  const QList<qint64> &timeReferences)
{
    m_annotations = annotations;
    m_timeReferences = timeReferences;
}

void ChunkSubject::setRecord(const ChunkRecord &record)
{
    m_record = record;
    if (m_startNs < 0 && m_store)
        m_startNs = firstTimestamp(*m_store);
}

void ChunkSubject::values(FilterField field, const QList<FilterPathStep> &, FilterValues *values)
{
    const ChunkRecord &record = m_record;
    if (addRowValues(field, record.stream, record.timestampNs, record.length, m_startNs,
                     m_timeReferences, values)
        || addAnnotationValues(field, m_annotations.value({qint64(record.seq), 0}), values)) {
        return;
    }
    switch (field) {
    case FilterField::Data:
        values->append(FilterValue::fromText(m_readPayload(record)));
        break;
    default: // message fields: the parser refuses them in a chunk filter
        break;
    }
}

LiveMessageSubject::LiveMessageSubject(const LiveMessage &message)
    : m_message(message)
{
}

void LiveMessageSubject::values(FilterField field, const QList<FilterPathStep> &path,
                                FilterValues *values)
{
    const LiveMessage &message = m_message;
    if (addRowValues(field, message.stream, message.timeNs, message.bytes.size(), 0, {}, values))
        return;
    switch (field) {
    case FilterField::Data:
        values->append(FilterValue::fromText(message.bytes));
        break;
    case FilterField::Method:
        if (!message.method.isEmpty())
            values->append(FilterValue::fromText(message.method));
        break;
    case FilterField::Kind:
        addKindValues(message.kind, values);
        break;
    case FilterField::Id:
        if (!message.id.isEmpty()) {
            const QJsonDocument document = QJsonDocument::fromJson('[' + message.id + ']');
            values->append(FilterValue::fromJson(document.array().at(0)));
        }
        break;
    case FilterField::Latency:
        if (message.latencyNs >= 0)
            values->append(FilterValue::fromNumber(double(message.latencyNs)));
        break;
    case FilterField::Framing:
        values->append(FilterValue::fromText(framingName(message.framing)));
        break;
    case FilterField::Problem: {
        static const QByteArrayList names = filterFieldChoices(*filterFieldInfo("problem"));
        for (int kind = 0; kind < problemKindCount; ++kind) {
            if (message.problems & (1u << kind))
                values->append(FilterValue::fromText(names.at(kind)));
        }
        break;
    }
    case FilterField::Body:
        if (message.framing == Framing::ContentLength || message.framing == Framing::JsonLines) {
            if (const std::optional<FilterValue> value = jsonValueAtPath(message.body(), path))
                values->append(*value);
        } else if (message.framing == Framing::MsgpackRpc) {
            if (!m_treeRead) {
                const QCborValue tree = msgpackToCbor(message.body());
                if (tree.isArray())
                    m_msgpackTree = namedMsgpackRpc(tree.toJsonValue().toArray());
                m_treeRead = true;
            }
            const QJsonValue value = walk(m_msgpackTree, path);
            if (!value.isUndefined())
                values->append(FilterValue::fromJson(value));
        }
        break;
    default: // marked, comment: none
        break;
    }
}

std::function<bool(qsizetype)> messagePredicate(const Filter &filter,
                                                const SessionMessages &messages)
{
    auto subject = std::make_shared<MessageSubject>(messages);
    return [filter, subject](qsizetype messageIndex) {
        subject->setMessage(messageIndex);
        return filter.matches(*subject);
    };
}

std::function<bool(qsizetype)> chunkPredicate(const Filter &filter, const CaptureStore &store)
{
    auto subject = std::make_shared<ChunkSubject>(store);
    return [filter, subject, &store](qsizetype recordIndex) {
        subject->setRecord(store.record(recordIndex));
        return filter.matches(*subject);
    };
}

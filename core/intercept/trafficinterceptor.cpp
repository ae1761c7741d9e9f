#include "intercept/trafficinterceptor.h"

#include "codec/inputencoding.h"
#include "codec/jsonformat.h"
#include "codec/jsontokenizer.h"
#include "codec/msgpackreader.h"
#include "codec/msgpackwriter.h"
#include "filter/filtersubject.h"
#include "intercept/rpcanswer.h"
#include "messages/messageclassifier.h"

#include <QtCore/QCborArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <QtCore/QTimer>

#include <algorithm>

namespace {

// Bytes whose framing is undecided (no complete line yet), and a line protocol's partial line (a
// prompt), wait at most this long.
constexpr int waitAtMostMs = 100;

bool looksAt(TrafficDirection direction, Stream stream)
{
    return direction == TrafficDirection::Both
           || direction
                  == (stream == Stream::Stdin ? TrafficDirection::ToChild
                                              : TrafficDirection::ToParent);
}

QString directionName(Stream stream)
{
    return QLatin1String(trafficDirectionName(
        stream == Stream::Stdin ? TrafficDirection::ToChild : TrafficDirection::ToParent));
}

// `body`, a request, with an id of pipescope's own (`number`); `id` gets it as the classifier
// writes ids.
QByteArray withOwnId(Framing framing, const QByteArray &body, qint64 number, QByteArray *id)
{
    // Numbers where the protocol wants them, far above what a client counts to.
    constexpr qint64 ownNumbers = 1000000000;
    if (framing == Framing::MsgpackRpc) {
        QCborArray array = msgpackToCbor(body).toArray();
        array[1] = ownNumbers + number;
        *id = QByteArray::number(ownNumbers + number);
        return cborToMsgpack(array);
    }
    QJsonObject object = QJsonDocument::fromJson(body).object();
    if (object.contains(QStringLiteral("seq"))) { // DAP
        object.insert(QStringLiteral("seq"), ownNumbers + number);
        *id = QByteArray::number(ownNumbers + number);
    } else {
        const QString own = QStringLiteral("pipescope-%1").arg(number);
        object.insert(QStringLiteral("id"), own);
        *id = '"' + own.toUtf8() + '"';
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The Content-Length header of `bytes` stating `delta` more bytes than it did.
QByteArray withWrongLength(const QByteArray &bytes, qint32 headerLength, int delta)
{
    const qsizetype bodyLength = bytes.size() - headerLength;
    return contentLengthHeader(qMax(qsizetype(0), bodyLength + delta)) + bytes.mid(headerLength);
}

} // namespace

TrafficInterceptor::TrafficInterceptor(QList<InterceptRule> rules, const FramingChoice &framing,
                                       TrafficOutput *output, qsizetype boundBytes)
    : m_output(output)
    , m_startNs(output->nowNs())
{
    for (Direction *direction : {&m_toChild, &m_toParent}) {
        direction->stream = direction == &m_toChild ? Stream::Stdin : Stream::Stdout;
        // Half the bound: the sender must be able to complete a message that is held.
        direction->framer = std::make_unique<LiveFramer>(
            framing.forStream(direction->stream), boundBytes / 2,
            [this, direction](const LiveFramer::Piece &piece) { onPiece(*direction, piece); });
        direction->waitTimer = new QTimer(this);
        direction->waitTimer->setSingleShot(true);
        direction->waitTimer->setInterval(waitAtMostMs);
        connect(direction->waitTimer, &QTimer::timeout, this, [direction] {
            direction->framer->decideNow();
            direction->framer->passPartialLine();
        });
        direction->releaseTimer = new QTimer(this);
        direction->releaseTimer->setSingleShot(true);
        connect(direction->releaseTimer, &QTimer::timeout, this,
                [this, direction] { pump(*direction); });
    }
    setRules(rules);
}

void TrafficInterceptor::setRules(const QList<InterceptRule> &rules)
{
    m_rules.clear();
    for (const InterceptRule &rule : rules)
        m_rules.append(RuleState{rule, 0, QRandomGenerator(rule.seed)});
    updateHolding();
}

// Only directions a rule or breakpoint looks at wait for whole messages, and those an answer to
// pipescope's own request is to come on.
void TrafficInterceptor::updateHolding()
{
    for (Direction *direction : {&m_toChild, &m_toParent}) {
        const Stream stream = direction->stream;
        direction->framer->setHolding(
            !other(*direction).ownRequests.isEmpty()
            || std::any_of(
                m_rules.cbegin(), m_rules.cend(),
                [stream](const RuleState &state) { return looksAt(state.rule.direction, stream); })
            || std::any_of(m_breakpoints.cbegin(), m_breakpoints.cend(),
                           [stream](const Breakpoint &breakpoint) {
                               return looksAt(breakpoint.direction, stream);
                           }));
    }
}

void TrafficInterceptor::setBreakpoints(const QList<Breakpoint> &breakpoints)
{
    m_breakpoints = breakpoints;
    updateHolding();
    if (m_breakpoints.isEmpty())
        releaseAll();
}

void TrafficInterceptor::releaseAll()
{
    for (const qint64 id : heldIds())
        release(id, HeldRelease());
}

QList<qint64> TrafficInterceptor::heldIds(std::optional<Stream> stream) const
{
    QList<qint64> ids;
    for (const HeldMessage &held : m_held) {
        if (!stream || held.message.stream == *stream)
            ids.append(held.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

QString TrafficInterceptor::heldFor(const HeldMessage &held) const
{
    return QStringLiteral("held %1 s")
        .arg(double(m_output->nowNs() - held.heldSinceNs) / 1e9, 0, 'f', 1);
}

void TrafficInterceptor::release(qint64 heldId, const HeldRelease &how)
{
    const auto found = m_held.constFind(heldId);
    if (found == m_held.cend())
        return;
    const HeldMessage held = *found;
    m_held.erase(found);
    Direction &holding = direction(held.message.stream);
    const auto entry
        = std::find_if(holding.queue.begin(), holding.queue.end(),
                       [heldId](const Outgoing &outgoing) { return outgoing.heldId == heldId; });
    if (entry == holding.queue.end())
        return;
    const QString heldFor = this->heldFor(held);
    entry->heldId = 0;
    switch (how.kind) {
    case HeldRelease::Kind::Forward:
        recordEvent(holding, 0, QStringLiteral("forwarded"), held.message, heldFor, {});
        break;
    case HeldRelease::Kind::ForwardEdited: {
        const QByteArray bytes = frameBody(held.message.framing, how.body);
        holding.queuedBytes += bytes.size() - entry->bytes.size();
        entry->bytes = bytes;
        recordEvent(holding, 0, QStringLiteral("edited"), held.message, heldFor, bytes);
        break;
    }
    case HeldRelease::Kind::Drop:
        holding.queuedBytes -= entry->bytes.size();
        holding.queue.erase(entry);
        recordEvent(holding, 0, QStringLiteral("dropped"), held.message, heldFor, {});
        m_output->deliver(holding.stream, {}); // what it holds changed
        break;
    case HeldRelease::Kind::Answer:
    case HeldRelease::Kind::AnswerError: {
        const std::optional<QByteArray> answer
            = how.kind == HeldRelease::Kind::Answer
                  ? answerWithResult(held.message, how.result)
                  : answerWithError(held.message, how.code, how.message);
        if (!answer) { // no request: it goes on as it was
            recordEvent(holding, 0, QStringLiteral("forwarded"), held.message,
                        heldFor + QStringLiteral("; not a request, so not answered"), {});
            break;
        }
        holding.queuedBytes -= entry->bytes.size();
        holding.queue.erase(entry);
        holding.requests.remove(held.message.id);
        recordEvent(holding, 0,
                    how.kind == HeldRelease::Kind::Answer ? QStringLiteral("respond")
                                                          : QStringLiteral("error"),
                    held.message, heldFor + QStringLiteral("; answered here"), *answer);
        m_output->deliver(holding.stream, {});
        sendOwn(other(holding), *answer);
        break;
    }
    }
    emit released(heldId);
    pump(holding);
}

void TrafficInterceptor::inject(Stream towards, const QByteArray &body, Injected what)
{
    Direction &sending = direction(towards);
    if (what == Injected::Raw) {
        LiveMessage bytes;
        recordEvent(sending, 0, QStringLiteral("injected"), bytes, QStringLiteral("raw bytes"),
                    body);
        sendOwn(sending, body);
        return;
    }
    const Framing framing = sending.framer->framing().value_or(
        other(sending).framer->framing().value_or(Framing::Raw));
    // msgpack-rpc is typed as JSON.
    const QByteArray encoded = framing == Framing::MsgpackRpc && isValidJson(body)
                                   ? cborToMsgpack(jsonToCbor(body))
                                   : body;
    LiveMessage message;
    message.stream = towards;
    message.framing = framing;
    message.bytes = encoded;
    QByteArray sent = encoded;
    const MessageClassification classification
        = classifyFrame(framing, Frame{0, encoded.size(), 0, FrameFlaw::None, 0}, encoded);
    message.kind = classification.kind;
    message.method = classification.method;
    if (classification.kind == MessageKind::Request) {
        const qint64 number = ++m_lastOwnId;
        sent = withOwnId(framing, encoded, number, &message.id);
        sending.ownRequests.insert(message.id);
        updateHolding();
    }
    const QByteArray bytes = frameBody(framing, sent);
    recordEvent(sending, 0, QStringLiteral("injected"), message, QString(), bytes);
    sendOwn(sending, bytes);
}

bool TrafficInterceptor::breaksOn(const Direction &direction, const LiveMessage &message) const
{
    return std::any_of(m_breakpoints.cbegin(), m_breakpoints.cend(),
                       [&](const Breakpoint &breakpoint) {
                           LiveMessageSubject subject(message);
                           return looksAt(breakpoint.direction, direction.stream)
                                  && breakpoint.match.matches(subject);
                       });
}

// Queued as usual, but nothing passes it until the window releases it.
void TrafficInterceptor::hold(Direction &direction, const LiveMessage &message)
{
    const HeldMessage held{++m_lastHeldId, message, m_output->nowNs()};
    m_held.insert(held.id, held);
    direction.queuedBytes += message.bytes.size();
    direction.queue.push_back(Outgoing{message.bytes, 0, true, -1, held.id});
    emit this->held(held);
    pump(direction);
}

TrafficInterceptor::~TrafficInterceptor() = default;

TrafficInterceptor::Direction &TrafficInterceptor::other(const Direction &direction)
{
    return &direction == &m_toChild ? m_toParent : m_toChild;
}

void TrafficInterceptor::take(Stream stream, QByteArrayView bytes)
{
    Direction &taking = direction(stream);
    taking.framer->take(bytes, m_output->nowNs());
    // What one side speaks is a hint for the other, as in the message layer.
    other(taking).framer->setPeer(taking.framer->framing());
    if ((taking.framer->isUndecided() || taking.framer->holdsPartialLine())
        && !taking.waitTimer->isActive()) {
        taking.waitTimer->start();
    }
}

void TrafficInterceptor::sourceEnded(Stream stream)
{
    Direction &ended = direction(stream);
    ended.waitTimer->stop();
    ended.framer->finish();
    // Held messages go on now: the session is ending, and none is lost by accident.
    for (const qint64 id : heldIds(stream))
        release(id, HeldRelease());
    pump(ended);
}

void TrafficInterceptor::receiverEnded(Stream stream)
{
    Direction &ended = direction(stream);
    for (const qint64 id : heldIds(stream)) {
        const HeldMessage held = m_held.take(id);
        recordEvent(ended, 0, QStringLiteral("held"), held.message,
                    heldFor(held)
                        + QStringLiteral("; still held when the child ended, never delivered"),
                    {});
        emit released(id);
    }
    // Nothing more goes that way: what waited (a delay, pipescope's own) is let go with it.
    ended.queue.clear();
    ended.queuedBytes = 0;
    ended.own.clear();
    ended.releaseTimer->stop();
}

qsizetype TrafficInterceptor::heldBytes(Stream stream) const
{
    const Direction &held = stream == Stream::Stdin ? m_toChild : m_toParent;
    return held.framer->heldBytes() + held.queuedBytes;
}

void TrafficInterceptor::onPiece(Direction &direction, const LiveFramer::Piece &piece)
{
    if (!piece.whole) {
        enqueue(direction, piece.bytes, 0, piece.endsMessage);
        return;
    }
    const LiveMessage message = describe(direction, piece);
    if (message.kind == MessageKind::Response || message.kind == MessageKind::ErrorResponse) {
        if (other(direction).ownRequests.remove(message.id)) {
            // The answer to pipescope's own request: recorded as read, not passed on.
            recordEvent(direction, 0, QStringLiteral("kept"), message,
                        QStringLiteral("the answer to pipescope's request"), {});
            m_output->deliver(direction.stream, {});
            updateHolding();
            return;
        }
    }
    if (breaksOn(direction, message)) {
        hold(direction, message);
        return;
    }
    RuleState *state = firstMatch(direction, message);
    if (state)
        act(direction, *state, message);
    else
        enqueue(direction, piece.bytes);
}

// The message as filters see it; its request is remembered, or its response pairs with one.
LiveMessage TrafficInterceptor::describe(Direction &direction, const LiveFramer::Piece &piece)
{
    LiveMessage message;
    message.stream = direction.stream;
    message.framing = *direction.framer->framing();
    message.timeNs = piece.frame.timestampNs - m_startNs;
    message.bytes = piece.bytes;
    message.headerLength = piece.frame.headerLength;
    const MessageClassification classification
        = classifyFrame(message.framing, piece.frame, message.body());
    message.kind = classification.kind;
    message.method = classification.method;
    message.id = classification.id;
    message.problems = classification.problems;
    if (message.kind == MessageKind::Request && !message.id.isEmpty()) {
        direction.requests.insert(message.id, Request{message.method, piece.frame.timestampNs});
    } else if ((message.kind == MessageKind::Response || message.kind == MessageKind::ErrorResponse)
               && !message.id.isEmpty()) {
        const Request request = other(direction).requests.take(message.id);
        message.method = request.method;
        if (request.timeNs > 0)
            message.latencyNs = piece.frame.timestampNs - request.timeNs;
    }
    return message;
}

TrafficInterceptor::RuleState *TrafficInterceptor::firstMatch(const Direction &direction,
                                                              const LiveMessage &message)
{
    for (RuleState &state : m_rules) {
        const InterceptRule &rule = state.rule;
        if (!looksAt(rule.direction, direction.stream)
            || (rule.times >= 0 && state.acted >= rule.times)) {
            continue;
        }
        LiveMessageSubject subject(message);
        if (!rule.match.matches(subject))
            continue;
        // Drawn for every match, acted on or not, so that a seed gives the same run each time.
        if (rule.probability < 1 && state.random.generateDouble() >= rule.probability)
            continue;
        return &state;
    }
    return nullptr;
}

void TrafficInterceptor::act(Direction &direction, RuleState &state, const LiveMessage &message)
{
    const InterceptRule &rule = state.rule;
    const QString action = QLatin1String(interceptActionName(rule.action));
    ++state.acted;
    switch (rule.action) {
    case InterceptRule::Action::Delay: {
        const int ms = rule.minMs == rule.maxMs
                           ? rule.minMs
                           : int(state.random.bounded(rule.minMs, rule.maxMs + 1));
        recordEvent(direction, rule.number, action, message, QStringLiteral("%1 ms").arg(ms), {});
        enqueue(direction, message.bytes, ms);
        return;
    }
    case InterceptRule::Action::Drop:
        recordEvent(direction, rule.number, action, message, QString(), {});
        m_output->deliver(direction.stream, {}); // what it held changed
        return;
    case InterceptRule::Action::Respond:
    case InterceptRule::Action::Error: {
        const std::optional<QByteArray> answer
            = rule.action == InterceptRule::Action::Respond
                  ? answerWithResult(message, rule.result)
                  : answerWithError(message, rule.code, rule.message);
        if (!answer) {
            // Nothing to answer (a notification, a response, a text line): when in doubt,
            // forward.
            recordEvent(direction, rule.number, action, message,
                        QStringLiteral("not a request: passed on unchanged"), {});
            enqueue(direction, message.bytes);
            return;
        }
        direction.requests.remove(message.id); // the receiver never saw it
        const QString detail
            = rule.action == InterceptRule::Action::Error
                  ? QStringLiteral("answered with error %1: %2").arg(rule.code).arg(rule.message)
                  : QStringLiteral("answered with a result");
        recordEvent(direction, rule.number, action, message, detail, *answer);
        m_output->deliver(direction.stream, {});
        sendOwn(other(direction), *answer);
        return;
    }
    case InterceptRule::Action::WrongLength: {
        if (message.framing != Framing::ContentLength) {
            recordEvent(direction, rule.number, action, message,
                        QStringLiteral("no Content-Length header: passed on unchanged"), {});
            enqueue(direction, message.bytes);
            return;
        }
        const QByteArray altered
            = withWrongLength(message.bytes, message.headerLength, rule.lengthDelta);
        recordEvent(direction, rule.number, action, message,
                    QStringLiteral("Content-Length off by %1").arg(rule.lengthDelta), altered);
        enqueue(direction, altered);
        return;
    }
    case InterceptRule::Action::Split: {
        const int writes = int(qMin(qsizetype(rule.writes), message.bytes.size()));
        recordEvent(direction, rule.number, action, message,
                    QStringLiteral("%1 writes, %2 ms apart").arg(writes).arg(rule.pauseMs), {});
        const qsizetype size = message.bytes.size();
        qsizetype done = 0;
        for (int i = 0; i < writes; ++i) {
            const qsizetype end = size * (i + 1) / writes;
            enqueue(direction, message.bytes.mid(done, end - done), i == 0 ? 0 : rule.pauseMs);
            done = end;
        }
        return;
    }
    case InterceptRule::Action::StrayBytes:
        recordEvent(direction, rule.number, action, message,
                    QStringLiteral("%1 bytes before it").arg(rule.strayBytes.size()),
                    rule.strayBytes + message.bytes);
        enqueue(direction, rule.strayBytes + message.bytes);
        return;
    }
}

void TrafficInterceptor::enqueue(Direction &direction, QByteArray bytes, int pauseMs,
                                 bool endsMessage)
{
    direction.queuedBytes += bytes.size();
    direction.queue.push_back(Outgoing{std::move(bytes), pauseMs, endsMessage, -1, 0});
    pump(direction);
}

void TrafficInterceptor::sendOwn(Direction &direction, const QByteArray &message)
{
    direction.own.append(message);
    pump(direction);
}

// Sends what is at the front of the queue once its pause is over; the rest waits behind it.
// pipescope's own messages go first whenever the receiver is between two messages.
void TrafficInterceptor::pump(Direction &direction)
{
    if (!direction.midMessage && !direction.own.isEmpty()) {
        for (const QByteArray &message : std::exchange(direction.own, {}))
            m_output->deliver(direction.stream, message);
    }
    while (!direction.queue.empty()) {
        Outgoing &front = direction.queue.front();
        if (front.heldId)
            return;              // a breakpoint holds it
        if (front.pauseMs > 0) { // the clock is read only for a pause
            const qint64 now = m_output->nowNs();
            if (front.readyAtNs < 0)
                front.readyAtNs = now + qint64(front.pauseMs) * 1000000;
            if (front.readyAtNs > now) {
                direction.releaseTimer->start(int((front.readyAtNs - now + 999999) / 1000000));
                return;
            }
        }
        const QByteArray bytes = std::move(front.bytes);
        direction.midMessage = !front.endsMessage;
        direction.queue.pop_front();
        direction.queuedBytes -= bytes.size();
        m_output->deliver(direction.stream, bytes);
        if (!direction.midMessage && !direction.own.isEmpty()) {
            for (const QByteArray &message : std::exchange(direction.own, {}))
                m_output->deliver(direction.stream, message);
        }
    }
}

// `rule` 0: the window did it, at a breakpoint.
void TrafficInterceptor::recordEvent(const Direction &direction, int rule, const QString &action,
                                     const LiveMessage &message, const QString &detail,
                                     const QByteArray &delivered)
{
    SessionEvent event = SessionEvent::intercepted(action, rule, directionName(direction.stream));
    event.method = QString::fromUtf8(message.method);
    event.messageId = QString::fromUtf8(message.id);
    event.detail = detail;
    event.delivered = delivered;
    m_output->record(event);
}

TrafficHandlerFactory interceptorFactory(const QList<InterceptRule> &rules,
                                         const FramingChoice &framing)
{
    return [rules, framing](TrafficOutput *output,
                            qsizetype boundBytes) -> std::unique_ptr<TrafficHandler> {
        return std::make_unique<TrafficInterceptor>(rules, framing, output, boundBytes);
    };
}

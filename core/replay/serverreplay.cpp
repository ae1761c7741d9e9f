#include "replay/serverreplay.h"

#include "intercept/rpcanswer.h"
#include "messages/messageclassifier.h"
#include "replay/messageids.h"

namespace {

QString describe(const ConversationMessage &message)
{
    return QStringLiteral("%1 %2 (message %3)")
        .arg(QLatin1String(messageKindName(message.kind)), QString::fromUtf8(message.method))
        .arg(message.sessionRow);
}

} // namespace

ServerReplay::ServerReplay(Conversation recording, ComparisonSettings settings)
    : m_recording(std::move(recording))
    , m_settings(std::move(settings))
    , m_used(m_recording.messages.size(), false)
{
}

QList<ServerReplay::Output> ServerReplay::start()
{
    QList<Output> out;
    emitUpTo(-1, &out);
    return out;
}

QList<ServerReplay::Output> ServerReplay::allServerBytes() const
{
    QList<Output> out;
    for (const ConversationMessage &message : m_recording.messages) {
        if (message.stream == Stream::Stdout)
            out.append({message.bytes, message.timeNs});
    }
    return out;
}

QList<ServerReplay::Output> ServerReplay::receive(const QByteArray &bytes, qint32 headerLength)
{
    ConversationMessage incoming;
    incoming.stream = Stream::Stdin;
    incoming.bytes = bytes;
    incoming.headerLength = headerLength;
    const Framing framing = m_recording.framing[Stream::Stdin];
    const MessageClassification classification
        = classifyFrame(framing, Frame{0, bytes.size(), headerLength}, incoming.body());
    incoming.kind
        = classification.kind == MessageKind::Unframed ? MessageKind::Data : classification.kind;
    incoming.method = classification.method;
    incoming.id = classification.id;
    incoming.tree = bodyTree(m_recording.protocol, incoming.body());
    if (m_clientRoot.isEmpty())
        m_clientRoot = workspaceRoot(incoming.tree);

    QList<Output> out;
    if (incoming.isResponse()) {
        const qsizetype recorded = checkAnswer(incoming);
        if (recorded >= 0)
            emitUpTo(recorded, &out);
        return out;
    }
    qsizetype matched = matchClientMessage(incoming);
    if (matched < 0 && !incoming.isRequest()) {
        // A notification that differs (a document's text, a setting) still takes the place of
        // the first recorded one of its method, so that what the server sent after it follows.
        matched = firstUnused(incoming);
        if (matched >= 0) {
            m_problems.append(
                {incoming.method, QStringLiteral("differs from the recorded one (message %1): %2")
                                      .arg(m_recording.messages.at(matched).sessionRow)
                                      .arg(differencesSummary(differencesFrom(
                                          m_recording.messages.at(matched), incoming)))});
        }
    }
    if (matched < 0) {
        if (!incoming.isRequest()) {
            m_problems.append(
                {incoming.method,
                 QStringLiteral("no recorded %1 matches: %2")
                     .arg(QLatin1String(messageKindName(incoming.kind)),
                          QString::fromUtf8(comparedText(incoming, m_settings.masks)).left(200))});
            return out;
        }
        qsizetype differences = 0;
        const QString closest = closestRequest(incoming, &differences);
        // -32601: nothing of that method was recorded; -32603: it was, with other params.
        LiveMessage request;
        request.framing = m_recording.framing[Stream::Stdin];
        request.bytes = incoming.bytes;
        request.headerLength = incoming.headerLength;
        request.kind = incoming.kind;
        request.method = incoming.method;
        const std::optional<QByteArray> refusal = answerWithError(
            request, differences > 0 ? -32603 : -32601,
            QStringLiteral("pipescope replay: no recorded request matches; ") + closest);
        if (refusal)
            out.append({*refusal, 0});
        m_problems.append(
            {incoming.method, QStringLiteral("no recorded request matches; ") + closest});
        return out;
    }
    m_used[matched] = true;
    m_anchorNs = m_recording.messages.at(matched).timeNs;
    if (incoming.isRequest())
        m_clientIds.insert(matched, incoming.id);
    emitUpTo(matched, &out);
    // The answer, when the recording has it later (the client sent more before it came): a live
    // client may be waiting for it.
    const qsizetype answer = m_recording.messages.at(matched).partner;
    if (incoming.isRequest() && answer >= 0 && !m_used.at(answer))
        emitServerMessage(answer, &out);
    return out;
}

qsizetype ServerReplay::matchClientMessage(const ConversationMessage &incoming) const
{
    for (qsizetype i = 0; i < m_recording.messages.size(); ++i) {
        const ConversationMessage &recorded = m_recording.messages.at(i);
        if (m_used.at(i) || recorded.stream != Stream::Stdin || recorded.kind != incoming.kind
            || recorded.method != incoming.method)
            continue;
        if (differencesFrom(recorded, incoming).isEmpty())
            return i;
    }
    return -1;
}

qsizetype ServerReplay::firstUnused(const ConversationMessage &incoming) const
{
    for (qsizetype i = 0; i < m_recording.messages.size(); ++i) {
        const ConversationMessage &recorded = m_recording.messages.at(i);
        if (!m_used.at(i) && recorded.stream == Stream::Stdin && recorded.kind == incoming.kind
            && recorded.method == incoming.method && !recorded.method.isEmpty())
            return i;
    }
    return -1;
}

// Sends what the server wrote up to the recorded client message after `clientIndex`.
void ServerReplay::emitUpTo(qsizetype clientIndex, QList<Output> *out)
{
    qsizetype i = m_emittedUpTo + 1;
    for (; i < m_recording.messages.size(); ++i) {
        const ConversationMessage &message = m_recording.messages.at(i);
        if (message.stream == Stream::Stdin && i > clientIndex)
            break;
        if (message.stream == Stream::Stdout && !m_used.at(i))
            emitServerMessage(i, out);
    }
    m_emittedUpTo = std::max(m_emittedUpTo, i - 1);
}

void ServerReplay::emitServerMessage(qsizetype index, QList<Output> *out)
{
    const ConversationMessage &message = m_recording.messages.at(index);
    QByteArray bytes = message.bytes;
    if (message.isResponse() && message.partner >= 0) {
        // An answer to a request the client has not sent (yet): it goes when the request comes.
        const auto id = m_clientIds.constFind(message.partner);
        if (id == m_clientIds.cend())
            return;
        bytes = messageWithRequestId(m_recording.protocol, m_recording.framing[Stream::Stdout],
                                     message, *id);
    }
    m_used[index] = true;
    out->append({bytes, std::max<qint64>(0, message.timeNs - m_anchorNs)});
}

QString ServerReplay::closestRequest(const ConversationMessage &incoming,
                                     qsizetype *differences) const
{
    qsizetype best = -1;
    QList<ValueDifference> bestDifferences;
    qsizetype firstUnused = -1;
    for (qsizetype i = 0; i < m_recording.messages.size(); ++i) {
        const ConversationMessage &recorded = m_recording.messages.at(i);
        if (recorded.stream != Stream::Stdin || !recorded.isRequest())
            continue;
        if (firstUnused < 0 && !m_used.at(i))
            firstUnused = i;
        if (recorded.method != incoming.method)
            continue;
        const QList<ValueDifference> found = differencesFrom(recorded, incoming);
        // Unused ones first: a used one matched an earlier request already.
        if (best < 0 || (m_used.at(best) && !m_used.at(i))
            || (m_used.at(best) == m_used.at(i) && found.size() < bestDifferences.size())) {
            best = i;
            bestDifferences = found;
        }
    }
    if (best < 0) {
        *differences = 0;
        const QString none
            = QStringLiteral("no %1 request was recorded").arg(QString::fromUtf8(incoming.method));
        if (firstUnused < 0)
            return none;
        return none + QStringLiteral("; the next recorded request is ")
               + describe(m_recording.messages.at(firstUnused));
    }
    *differences = std::max<qsizetype>(1, bestDifferences.size());
    const QString closest
        = QStringLiteral("closest: %1%2")
              .arg(describe(m_recording.messages.at(best)),
                   m_used.at(best) ? QStringLiteral(", already used") : QString());
    if (bestDifferences.isEmpty())
        return closest;
    return closest + QStringLiteral(", differs at ") + differencesSummary(bestDifferences);
}

qsizetype ServerReplay::checkAnswer(const ConversationMessage &incoming)
{
    for (qsizetype i = 0; i < m_recording.messages.size(); ++i) {
        const ConversationMessage &request = m_recording.messages.at(i);
        if (request.stream != Stream::Stdout || !request.isRequest() || request.id != incoming.id
            || request.partner < 0 || m_used.at(request.partner))
            continue;
        m_used[request.partner] = true;
        const QList<ValueDifference> differences
            = differencesFrom(m_recording.messages.at(request.partner), incoming);
        if (!differences.isEmpty()) {
            m_problems.append(
                {request.method, QStringLiteral("the client's answer differs from the recorded "
                                                "one (message %1): %2")
                                     .arg(m_recording.messages.at(request.partner).sessionRow)
                                     .arg(differencesSummary(differences))});
        }
        m_anchorNs = m_recording.messages.at(request.partner).timeNs;
        return request.partner;
    }
    m_problems.append(
        {incoming.method, QStringLiteral("an answer to id %1, which no recorded request of the "
                                         "server's has")
                              .arg(QString::fromUtf8(incoming.id))});
    return -1;
}

QList<ValueDifference> ServerReplay::differencesFrom(const ConversationMessage &recorded,
                                                     const ConversationMessage &incoming) const
{
    return messageDifferences(recorded, m_recording.rootPath, incoming, m_clientRoot, m_settings);
}

QList<ServerReplay::Problem> ServerReplay::takeProblems()
{
    return std::exchange(m_problems, {});
}

QStringList ServerReplay::unplayed() const
{
    QStringList missing;
    for (qsizetype i = 0; i < m_recording.messages.size(); ++i) {
        const ConversationMessage &message = m_recording.messages.at(i);
        if (message.stream == Stream::Stdin && !m_used.at(i))
            missing.append(describe(message));
    }
    return missing;
}

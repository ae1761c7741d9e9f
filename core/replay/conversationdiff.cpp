#include "replay/conversationdiff.h"

#include <QtCore/QHash>

namespace {

// Each message's place in its conversation, which the other recording's counterpart shares.
QHash<QString, qsizetype> alignmentKeys(const Conversation &conversation, Stream stream,
                                        QList<QString> *keysInOrder)
{
    QHash<QString, int> seen; // per stream and kind of key: how many so far
    QHash<qsizetype, QString> requestKeys;
    QHash<QString, qsizetype> keys;
    for (qsizetype i = 0; i < conversation.messages.size(); ++i) {
        const ConversationMessage &message = conversation.messages.at(i);
        const QString method = QString::fromUtf8(message.method);
        const auto next = [&](const QString &what) {
            return ++seen[QString::number(int(message.stream)) + u' ' + what];
        };
        QString key;
        if (message.isRequest()) {
            key = QStringLiteral("request %1 #%2").arg(method).arg(next(u"request " + method));
            requestKeys.insert(i, key);
        } else if (message.isResponse() && requestKeys.contains(message.partner)) {
            // Keyed by its request, which came before it (on the other stream).
            key = QStringLiteral("response to ") + requestKeys.value(message.partner).mid(8);
        } else if (message.isResponse()) {
            key = QStringLiteral("unpaired response #%1").arg(next(QStringLiteral("unpaired")));
        } else if (message.kind == MessageKind::Notification) {
            key = QStringLiteral("notification %1 #%2")
                      .arg(method)
                      .arg(next(u"notification " + method));
        } else {
            key = (conversation.protocol == ReplayProtocol::Lines ? QStringLiteral("line %1")
                                                                  : QStringLiteral("message %1"))
                      .arg(next(QStringLiteral("data")));
        }
        if (message.stream != stream)
            continue;
        keys.insert(key, i);
        keysInOrder->append(key);
    }
    return keys;
}

} // namespace

QString MessageDifference::identity() const
{
    return QString::number(int(stream)) + u' ' + message;
}

QString MessageDifference::summary() const
{
    switch (status) {
    case Status::Missing:
        return message + QStringLiteral(": never came");
    case Status::Extra:
        return message + QStringLiteral(": not in the recording");
    case Status::Same:
        return message + QStringLiteral(": as recorded");
    case Status::Changed:
        break;
    }
    return message + QStringLiteral(": ") + differencesSummary(differences);
}

ComparisonSettings ComparisonSettings::defaults(ReplayProtocol protocol)
{
    return ComparisonSettings{ReplayMasks::defaults(protocol),
                              ComparisonProfile::defaults(protocol)};
}

QByteArray comparedText(const ConversationMessage &message, const ReplayMasks &masks)
{
    QByteArray text = message.body();
    if (text.endsWith('\n'))
        text.chop(1);
    if (text.endsWith('\r'))
        text.chop(1);
    return masks.applyToLine(text);
}

QList<ValueDifference> messageDifferences(const ConversationMessage &expected,
                                          const QString &expectedRoot,
                                          const ConversationMessage &actual,
                                          const QString &actualRoot,
                                          const ComparisonSettings &settings)
{
    if (!expected.tree.isUndefined() && !actual.tree.isUndefined()) {
        return compareTrees(settings.masks.apply(expected.tree, expectedRoot),
                            settings.masks.apply(actual.tree, actualRoot),
                            settings.profile.forMethod(expected.method));
    }
    const QByteArray expectedText = comparedText(expected, settings.masks);
    const QByteArray actualText = comparedText(actual, settings.masks);
    if (expectedText == actualText)
        return {};
    return {ValueDifference{TreePath(), QString::fromUtf8(expectedText),
                            QString::fromUtf8(actualText)}};
}

Conversation comparableConversation(const Conversation &conversation)
{
    if (conversation.protocol != ReplayProtocol::Bytes)
        return conversation;
    Conversation merged = conversation;
    merged.messages.clear();
    for (Stream stream : {Stream::Stdin, Stream::Stdout}) {
        ConversationMessage whole;
        whole.stream = stream;
        for (const ConversationMessage &message : conversation.messages) {
            if (message.stream != stream)
                continue;
            if (whole.bytes.isEmpty())
                whole.sessionRow = message.sessionRow;
            whole.bytes += message.bytes;
            whole.timeNs = message.timeNs;
        }
        if (!whole.bytes.isEmpty())
            merged.messages.append(whole);
    }
    return merged;
}

QList<MessageDifference> alignConversations(const Conversation &expected,
                                            const Conversation &actual,
                                            const ComparisonSettings &settings,
                                            const QList<Stream> &streams)
{
    QList<MessageDifference> aligned;
    QList<MessageDifference> extras;
    for (Stream stream : streams) {
        QList<QString> expectedOrder;
        QList<QString> actualOrder;
        const QHash<QString, qsizetype> expectedKeys
            = alignmentKeys(expected, stream, &expectedOrder);
        const QHash<QString, qsizetype> actualKeys = alignmentKeys(actual, stream, &actualOrder);
        for (const QString &key : expectedOrder) {
            MessageDifference pair;
            pair.stream = stream;
            pair.message = key;
            pair.expectedIndex = expectedKeys.value(key);
            const ConversationMessage &want = expected.messages.at(pair.expectedIndex);
            pair.method = want.method;
            pair.expectedRow = want.sessionRow;
            pair.actualIndex = actualKeys.value(key, -1);
            if (pair.actualIndex < 0) {
                pair.status = MessageDifference::Status::Missing;
            } else {
                const ConversationMessage &got = actual.messages.at(pair.actualIndex);
                pair.actualRow = got.sessionRow;
                pair.differences
                    = messageDifferences(want, expected.rootPath, got, actual.rootPath, settings);
                pair.status = pair.differences.isEmpty() ? MessageDifference::Status::Same
                                                         : MessageDifference::Status::Changed;
            }
            aligned.append(pair);
        }
        for (const QString &key : actualOrder) {
            if (expectedKeys.contains(key))
                continue;
            MessageDifference extra;
            extra.status = MessageDifference::Status::Extra;
            extra.stream = stream;
            extra.message = key;
            extra.actualIndex = actualKeys.value(key);
            extra.method = actual.messages.at(extra.actualIndex).method;
            extra.actualRow = actual.messages.at(extra.actualIndex).sessionRow;
            extras.append(extra);
        }
    }
    // Both streams in the recorded order; each extra message after the last aligned one that
    // came before it in the second conversation.
    std::stable_sort(aligned.begin(), aligned.end(),
                     [](const MessageDifference &a, const MessageDifference &b) {
                         return a.expectedIndex < b.expectedIndex;
                     });
    for (const MessageDifference &extra : extras) {
        qsizetype at = 0;
        for (qsizetype i = 0; i < aligned.size(); ++i) {
            if (aligned.at(i).actualIndex >= 0 && aligned.at(i).actualIndex < extra.actualIndex)
                at = i + 1;
        }
        aligned.insert(at, extra);
    }
    return aligned;
}

QList<MessageDifference> compareConversations(const Conversation &expected,
                                              const Conversation &actual,
                                              const ComparisonSettings &settings,
                                              const QList<Stream> &streams, qsizetype *compared)
{
    QList<MessageDifference> differences;
    qsizetype count = 0;
    for (const MessageDifference &pair : alignConversations(expected, actual, settings, streams)) {
        if (pair.expectedIndex >= 0)
            ++count;
        if (pair.status != MessageDifference::Status::Same)
            differences.append(pair);
    }
    if (compared)
        *compared = count;
    return differences;
}

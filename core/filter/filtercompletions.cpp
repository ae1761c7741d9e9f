#include "filter/filtercompletions.h"

#include "filter/filtersubject.h"
#include "messages/sessionmessages.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>

namespace {

constexpr int maxPathDepth = 3;

void addPaths(const QJsonValue &value, const QString &prefix, int depth, QSet<QString> *paths)
{
    if (depth == maxPathDepth)
        return;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString path = prefix.isEmpty() ? it.key() : prefix + u'.' + it.key();
            paths->insert(path);
            addPaths(it.value(), path, depth + 1, paths);
        }
    } else if (value.isArray() && !value.toArray().isEmpty() && !prefix.isEmpty()) {
        const QString path = prefix + QStringLiteral("[0]");
        paths->insert(path);
        addPaths(value.toArray().first(), path, depth + 1, paths);
    }
}

} // namespace

QStringList filterCompletions(FilterTarget target, const SessionMessages *messages)
{
    QSet<QString> words;
    for (const FilterFieldInfo &info : filterFields()) {
        if (target == FilterTarget::Messages || info.onChunks) {
            words.insert(QString::fromLatin1(info.name));
            for (const QByteArray &choice : filterFieldChoices(info)) {
                if (!choice.isEmpty())
                    words.insert(QString::fromLatin1(choice));
            }
        }
    }
    if (target == FilterTarget::Messages && messages) {
        const MessageLog &log = messages->log();
        for (qint32 method = 0; method < log.methodCount(); ++method)
            words.insert(QString::fromUtf8(log.methodName(method)));
        // One body per method and kind is enough to learn a protocol's shape.
        QSet<QPair<qint32, int>> seen;
        for (qsizetype messageIndex = 0; messageIndex < log.count(); ++messageIndex) {
            const qint32 method = log.effectiveMethod(messageIndex);
            const QPair<qint32, int> key{method, int(log.at(messageIndex).kind)};
            if (method < 0 || seen.contains(key))
                continue;
            seen.insert(key);
            addPaths(messageBodyTree(*messages, messageIndex), QString(), 0, &words);
        }
    }
    QStringList sorted(words.begin(), words.end());
    sorted.sort();
    return sorted;
}

#include "replay/replayreport.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace {

const char *statusName(MessageDifference::Status status)
{
    switch (status) {
    case MessageDifference::Status::Same:
        return "same";
    case MessageDifference::Status::Changed:
        return "changed";
    case MessageDifference::Status::Missing:
        return "missing";
    case MessageDifference::Status::Extra:
        return "extra";
    }
    return "changed";
}

const char *streamSide(Stream stream)
{
    return stream == Stream::Stdin ? "client" : "server";
}

QString differenceText(const MessageDifference &difference)
{
    QString text;
    switch (difference.status) {
    case MessageDifference::Status::Same:
    case MessageDifference::Status::Changed:
        text = QStringLiteral("  %1 (%2): differs (message %3 vs %4)\n")
                   .arg(difference.message, QLatin1String(streamSide(difference.stream)))
                   .arg(difference.expectedRow)
                   .arg(difference.actualRow);
        break;
    case MessageDifference::Status::Missing:
        text = QStringLiteral("  %1 (%2): missing (recorded as message %3, never came)\n")
                   .arg(difference.message, QLatin1String(streamSide(difference.stream)))
                   .arg(difference.expectedRow);
        break;
    case MessageDifference::Status::Extra:
        text = QStringLiteral("  %1 (%2): unexpected (message %3, not in the recording)\n")
                   .arg(difference.message, QLatin1String(streamSide(difference.stream)))
                   .arg(difference.actualRow);
        break;
    }
    for (const ValueDifference &value : difference.differences) {
        text += QStringLiteral("    %1: expected %2, got %3\n")
                    .arg(treePathText(value.path), valueText(value.expected),
                         valueText(value.actual));
    }
    return text;
}

QJsonObject differenceJson(const MessageDifference &difference)
{
    QJsonArray paths;
    for (const ValueDifference &value : difference.differences) {
        QJsonObject entry{{QStringLiteral("path"), treePathText(value.path)}};
        if (!value.expected.isUndefined())
            entry.insert(QStringLiteral("expected"), value.expected);
        if (!value.actual.isUndefined())
            entry.insert(QStringLiteral("actual"), value.actual);
        paths.append(entry);
    }
    QJsonObject object{{QStringLiteral("message"), difference.message},
                       {QStringLiteral("side"), QLatin1String(streamSide(difference.stream))},
                       {QStringLiteral("status"), QLatin1String(statusName(difference.status))},
                       {QStringLiteral("method"), QString::fromUtf8(difference.method)},
                       {QStringLiteral("differences"), paths}};
    if (difference.expectedRow > 0)
        object.insert(QStringLiteral("expectedRow"), difference.expectedRow);
    if (difference.actualRow > 0)
        object.insert(QStringLiteral("actualRow"), difference.actualRow);
    return object;
}

} // namespace

void ReplayReport::addRun(const QString &actualPath, const QList<MessageDifference> &differences,
                          qsizetype comparedMessages)
{
    actualPaths.append(actualPath);
    m_runs.append(differences);
    runs = int(m_runs.size());
    compared = std::max(compared, comparedMessages);
    classify();
}

// A message that differed in every run fails; one that differed in some runs only is flaky.
// Reported as the last run that had it saw it.
void ReplayReport::classify()
{
    failures.clear();
    flaky.clear();
    flakyCounts.clear();
    QHash<QString, int> counts;
    QList<QString> order;
    QHash<QString, MessageDifference> latest;
    for (const QList<MessageDifference> &run : m_runs) {
        for (const MessageDifference &difference : run) {
            const QString identity = difference.identity();
            if (!counts.contains(identity))
                order.append(identity);
            ++counts[identity];
            latest.insert(identity, difference);
        }
    }
    for (const QString &identity : order) {
        if (counts.value(identity) == runs) {
            failures.append(latest.value(identity));
        } else {
            flaky.append(latest.value(identity));
            flakyCounts.append(counts.value(identity));
        }
    }
}

QString ReplayReport::text() const
{
    QString text;
    for (const QString &error : errors)
        text += QStringLiteral("error: %1\n").arg(error);
    const QString runsText = runs > 1 ? QStringLiteral(" in each of %1 runs").arg(runs) : QString();
    const QString messages = compared == 1 ? QStringLiteral("message") : QStringLiteral("messages");
    if (failures.isEmpty()) {
        text += QStringLiteral("PASS: %1 %2 as recorded%3").arg(compared).arg(messages, runsText);
        text += flaky.isEmpty() ? QStringLiteral("\n")
                                : QStringLiteral(", %1 flaky\n").arg(flaky.size());
    } else {
        text
            += QStringLiteral("FAIL: %1 of %2 %3 %4 from the recording%5\n")
                   .arg(failures.size())
                   .arg(compared)
                   .arg(messages,
                        failures.size() == 1 ? QStringLiteral("differs") : QStringLiteral("differ"),
                        runsText);
    }
    for (const MessageDifference &difference : failures)
        text += differenceText(difference);
    for (qsizetype i = 0; i < flaky.size(); ++i) {
        text += QStringLiteral("flaky (differed in %1 of %2 runs):\n")
                    .arg(flakyCounts.at(i))
                    .arg(runs);
        text += differenceText(flaky.at(i));
    }
    return text;
}

QByteArray ReplayReport::json() const
{
    QJsonArray failed;
    for (const MessageDifference &difference : failures)
        failed.append(differenceJson(difference));
    QJsonArray flakyList;
    for (qsizetype i = 0; i < flaky.size(); ++i) {
        QJsonObject object = differenceJson(flaky.at(i));
        object.insert(QStringLiteral("runsDiffering"), flakyCounts.at(i));
        flakyList.append(object);
    }
    const QJsonObject report{{QStringLiteral("passed"), passed()},
                             {QStringLiteral("expected"), expectedPath},
                             {QStringLiteral("actual"), QJsonArray::fromStringList(actualPaths)},
                             {QStringLiteral("runs"), runs},
                             {QStringLiteral("compared"), compared},
                             {QStringLiteral("errors"), QJsonArray::fromStringList(errors)},
                             {QStringLiteral("failures"), failed},
                             {QStringLiteral("flaky"), flakyList}};
    return QJsonDocument(report).toJson(QJsonDocument::Indented);
}

#include "cli/statsreport.h"

#include "capture/sessionevent.h"
#include "messages/messagedescription.h"
#include "messages/messagestatistics.h"
#include "messages/sessionmessages.h"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

namespace {

QString cell(const QString &text, int width)
{
    return text.rightJustified(width);
}

QString latencyCell(qint64 ns)
{
    return cell(ns < 0 ? QStringLiteral("-") : durationText(ns), 10);
}

// What rules did (docs/rules.md), by rule: "  rule 1 error    2". Empty when nothing was done.
QString interventions(const SessionMessages &messages,
                      const std::function<bool(qsizetype)> &selected)
{
    const MessageLog &log = messages.log();
    std::map<std::pair<int, QString>, qsizetype> counts; // by rule, then action
    qsizetype total = 0;
    for (qsizetype messageIndex = 0; messageIndex < log.count(); ++messageIndex) {
        if (log.at(messageIndex).kind != MessageKind::Event
            || (selected && !selected(messageIndex))) {
            continue;
        }
        const auto event = SessionEvent::fromPayload(messages.eventPayload(messageIndex));
        if (event && event->kind == SessionEvent::Kind::Intercepted) {
            ++counts[{event->rule, event->action}];
            ++total;
        }
    }
    if (!total)
        return QString();
    QString out = QStringLiteral("\nrules acted %1 time%2:\n")
                      .arg(total)
                      .arg(total == 1 ? QString() : QStringLiteral("s"));
    for (const auto &[key, count] : counts) {
        out += QStringLiteral("  rule %1 %2").arg(key.first).arg(key.second).leftJustified(26)
               + cell(QString::number(count), 6) + u'\n';
    }
    return out;
}

} // namespace

QByteArray statsReport(const SessionMessages &messages, const QString &sessionName,
                       const std::function<bool(qsizetype)> &counted)
{
    const MessageLog &log = messages.log();
    QString out = QStringLiteral("%1: %2 messages\n").arg(sessionName).arg(log.count());
    QList<MessageProblem> problems = log.problems();
    std::function<bool(qsizetype)> selected;
    if (counted) {
        // The filter runs once per message; the table and the problems read its answers.
        std::vector<bool> matches(size_t(log.count()));
        for (qsizetype messageIndex = 0; messageIndex < log.count(); ++messageIndex)
            matches[size_t(messageIndex)] = counted(messageIndex);
        out = QStringLiteral("%1: %2 of %3 messages match the filter\n")
                  .arg(sessionName)
                  .arg(std::count(matches.begin(), matches.end(), true))
                  .arg(log.count());
        selected = [matches = std::move(matches)](qsizetype messageIndex) {
            return bool(matches[size_t(messageIndex)]);
        };
        problems.removeIf(
            [&](const MessageProblem &problem) { return !selected(problem.messageIndex); });
    }
    out += QStringLiteral("framing:");
    for (const Stream stream : byteStreams) {
        const std::optional<Framing> framing = messages.framing(stream);
        out += u' ' + QString::fromLatin1(streamName(stream)) + u' '
               + (framing ? QString::fromLatin1(framingName(*framing))
                          : QStringLiteral("(no bytes)"));
    }
    out += u'\n';

    const QList<MethodStatistics> statistics = methodStatistics(messages, selected);
    if (!statistics.isEmpty()) {
        int methodWidth = 6;
        for (const MethodStatistics &entry : statistics)
            methodWidth = std::max(methodWidth, int(QString::fromUtf8(entry.method).size()));
        out += u'\n' + QStringLiteral("method").leftJustified(methodWidth)
               + QStringLiteral("  requests  notifications  errors  pending")
               + cell(QStringLiteral("min"), 10) + cell(QStringLiteral("median"), 10)
               + cell(QStringLiteral("p95"), 10) + cell(QStringLiteral("max"), 10) + u'\n';
        for (const MethodStatistics &entry : statistics) {
            out += QString::fromUtf8(entry.method).leftJustified(methodWidth)
                   + cell(QString::number(entry.requests), 10)
                   + cell(QString::number(entry.notifications), 15)
                   + cell(QString::number(entry.errors), 8)
                   + cell(QString::number(entry.unanswered), 9) + latencyCell(entry.minNs)
                   + latencyCell(entry.medianNs) + latencyCell(entry.p95Ns)
                   + latencyCell(entry.maxNs) + u'\n';
        }
    }

    out += interventions(messages, selected);

    out += u'\n';
    if (problems.isEmpty()) {
        out += QStringLiteral("no problems\n");
        return out.toUtf8();
    }
    out += QStringLiteral("%1 problem%2:\n")
               .arg(problems.size())
               .arg(problems.size() == 1 ? QString() : QStringLiteral("s"));
    std::array<qsizetype, problemKindCount> counts{};
    std::array<qsizetype, problemKindCount> first;
    first.fill(-1);
    for (qsizetype i = 0; i < problems.size(); ++i) {
        const auto kind = size_t(problems.at(i).kind);
        ++counts[kind];
        if (first[kind] < 0 || problems.at(i).messageIndex < problems.at(first[kind]).messageIndex)
            first[kind] = i;
    }
    int nameWidth = 0;
    for (int kind = 0; kind < problemKindCount; ++kind) {
        if (counts[size_t(kind)])
            nameWidth = std::max(nameWidth, int(qstrlen(problemName(ProblemKind(kind)))));
    }
    for (int kind = 0; kind < problemKindCount; ++kind) {
        if (!counts[size_t(kind)])
            continue;
        const MessageProblem &problem = problems.at(first[size_t(kind)]);
        out += QStringLiteral("  ")
               + QString::fromLatin1(problemName(ProblemKind(kind))).leftJustified(nameWidth)
               + cell(QString::number(counts[size_t(kind)]), 7)
               + QStringLiteral("  first at message %1: ").arg(problem.messageIndex + 1)
               + problemDetail(messages, problem) + u'\n';
    }
    return out.toUtf8();
}

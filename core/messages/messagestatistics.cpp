#include "messages/messagestatistics.h"

#include "messages/messageinfo.h"
#include "messages/sessionmessages.h"

#include <QtCore/QHash>
#include <QtCore/QString>

#include <algorithm>
#include <cmath>

namespace {

// The value at quantile q of sorted values, by the nearest-rank method.
qint64 quantile(const QList<qint64> &sorted, double q)
{
    const auto rank = qsizetype(std::ceil(q * double(sorted.size())));
    return sorted.at(std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1));
}

} // namespace

QByteArray statisticsKey(const SessionMessages &messages, qsizetype messageIndex)
{
    const MessageLog &log = messages.log();
    const qint32 method = log.effectiveMethod(messageIndex);
    if (method < 0)
        return QByteArray();
    QByteArray key = log.methodName(method);
    // "Which tool is slow" is an MCP user's first question: each tool has a row.
    if (key == "tools/call") {
        const MessageRecord &record = log.at(messageIndex);
        const qsizetype request = record.isResponse() ? record.partner : messageIndex;
        const QString tool = request >= 0 ? calledTool(messages, request) : QString();
        if (!tool.isEmpty())
            key += " · " + tool.toUtf8();
    }
    return key;
}

QList<LatencyPoint> latencyPoints(const SessionMessages &messages, const QByteArray &key,
                                  const std::function<bool(qsizetype)> &counted)
{
    const MessageLog &log = messages.log();
    QList<LatencyPoint> points;
    for (qsizetype messageIndex = 0; messageIndex < log.count(); ++messageIndex) {
        const MessageRecord &record = log.at(messageIndex);
        const qint64 latency = log.latencyNs(messageIndex);
        if (latency < 0 || record.hasProblem(ProblemKind::DuplicateResponse)
            || (counted && !counted(messageIndex))
            || statisticsKey(messages, messageIndex) != key) {
            continue;
        }
        points.append({record.partner, log.at(record.partner).timestampNs, latency});
    }
    return points;
}

QList<MethodStatistics> methodStatistics(const SessionMessages &messages,
                                         const std::function<bool(qsizetype)> &counted)
{
    const MessageLog &log = messages.log();
    QList<MethodStatistics> statistics;
    QHash<QByteArray, qsizetype> positions; // what a row counts -> its place in `statistics`
    QList<QList<qint64>> latencies;
    QList<qint64> slowest;
    for (qsizetype messageIndex = 0; messageIndex < log.count(); ++messageIndex) {
        const MessageRecord &record = log.at(messageIndex);
        if (counted && !counted(messageIndex))
            continue;
        const QByteArray key = statisticsKey(messages, messageIndex);
        if (key.isEmpty())
            continue;
        auto position = positions.constFind(key);
        if (position == positions.constEnd()) {
            position = positions.insert(key, statistics.size());
            MethodStatistics entry;
            entry.method = key;
            statistics.append(entry);
            latencies.append(QList<qint64>());
            slowest.append(-1);
        }
        const qsizetype slot = *position;
        MethodStatistics &entry = statistics[slot];
        switch (record.kind) {
        case MessageKind::Request:
            ++entry.requests;
            if (record.partner < 0)
                ++entry.unanswered;
            break;
        case MessageKind::Notification:
            ++entry.notifications;
            break;
        case MessageKind::ErrorResponse:
            ++entry.errors;
            [[fallthrough]];
        case MessageKind::Response: {
            const qint64 latency = log.latencyNs(messageIndex);
            if (latency < 0 || record.hasProblem(ProblemKind::DuplicateResponse))
                break;
            latencies[slot].append(latency);
            if (latency > slowest[slot]) {
                slowest[slot] = latency;
                entry.slowestRequest = record.partner;
            }
            break;
        }
        case MessageKind::Data:
        case MessageKind::Unframed:
        case MessageKind::Event:
            break;
        }
    }
    for (qsizetype i = 0; i < statistics.size(); ++i) {
        QList<qint64> &values = latencies[i];
        if (values.isEmpty())
            continue;
        std::sort(values.begin(), values.end());
        MethodStatistics &entry = statistics[i];
        entry.minNs = values.first();
        entry.medianNs = quantile(values, 0.5);
        entry.p95Ns = quantile(values, 0.95);
        entry.maxNs = values.last();
    }
    return statistics;
}

QString durationText(qint64 ns)
{
    if (ns < 0)
        return QString();
    if (ns < 1000)
        return QStringLiteral("%1 ns").arg(ns);
    if (ns < 1000000)
        return QStringLiteral("%1 µs").arg(double(ns) / 1e3, 0, 'f', ns < 10000 ? 2 : 1);
    if (ns < 1000000000)
        return QStringLiteral("%1 ms").arg(double(ns) / 1e6, 0, 'f', ns < 10000000 ? 2 : 1);
    return QStringLiteral("%1 s").arg(double(ns) / 1e9, 0, 'f', 2);
}

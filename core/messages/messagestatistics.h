#pragma once

#include "messages/messagelog.h"

class SessionMessages;

#include <QtCore/QByteArray>
#include <QtCore/QList>

#include <functional>

// Per-method figures of a session's messages: how often each method was sent, how its requests
// fared, and their latency spread. Methods are listed by first appearance; MCP's tools/call has
// a row per tool ("tools/call · get_weather").
struct MethodStatistics
{
    QByteArray method;
    qsizetype requests = 0;
    qsizetype notifications = 0;
    qsizetype errors = 0;     // error responses
    qsizetype unanswered = 0; // requests without a response (so far)
    // Latencies of answered requests, ns; -1 when none.
    qint64 minNs = -1;
    qint64 medianNs = -1;
    qint64 p95Ns = -1;
    qint64 maxNs = -1;
    qsizetype slowestRequest = -1; // messageIndex of the request with the longest latency
};

// `counted` chooses the messages that count (a filter); all of them when it is null.
QList<MethodStatistics> methodStatistics(const SessionMessages &messages,
                                         const std::function<bool(qsizetype)> &counted = {});

// The row a message counts in: its method (a response's is its request's), or for MCP's
// tools/call "tools/call · TOOL"; empty for a message without one.
QByteArray statisticsKey(const SessionMessages &messages, qsizetype messageIndex);

// One answered request of a statistics row: when it was sent and how long its answer took.
struct LatencyPoint
{
    qsizetype requestIndex;
    qint64 requestNs; // the request's timestamp
    qint64 latencyNs;
};
// The answered requests of the row `key` (statisticsKey()) in the order of their responses,
// as the latency plot draws them; `counted` as for methodStatistics().
QList<LatencyPoint> latencyPoints(const SessionMessages &messages, const QByteArray &key,
                                  const std::function<bool(qsizetype)> &counted = {});

// "850 ns", "12.3 µs", "4.56 ms", "1.20 s": a latency for people.
QString durationText(qint64 ns);

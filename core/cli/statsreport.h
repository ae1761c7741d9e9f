#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

#include <functional>

class SessionMessages;

// What `pipescope stats FILE` prints: the framing of each stream, a per-method table (count,
// errors, pending, latency min/median/p95/max) and the problems with where each kind first
// occurred. With a filter (`counted`), only the messages it selects count.
QByteArray statsReport(const SessionMessages &messages, const QString &sessionName,
                       const std::function<bool(qsizetype)> &counted = {});

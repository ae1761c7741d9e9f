#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

class SessionMessages;

// What `pipescope stats FILE` prints: the framing of each stream, a per-method table (count,
// errors, pending, latency min/median/p95/max) and the problems with where each kind first
// occurred.
QByteArray statsReport(const SessionMessages &messages, const QString &sessionName);

#pragma once

#include <QtCore/QElapsedTimer>

#include <chrono>

// Timestamps for a session: nanoseconds since the Unix epoch, taken from the wall clock once at
// the start and advanced by the monotonic clock, so they never go backwards within a session.
class SessionClock
{
public:
    SessionClock()
        : m_startEpochNs(std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count())
    {
        m_elapsed.start();
    }

    qint64 startEpochNs() const { return m_startEpochNs; }
    qint64 nowNs() const { return m_startEpochNs + m_elapsed.nsecsElapsed(); }

private:
    qint64 m_startEpochNs;
    QElapsedTimer m_elapsed;
};

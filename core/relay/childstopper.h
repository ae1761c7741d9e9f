#pragma once

#include <QtCore/QObject>

class ProxySession;
class QTimer;

// Ends a session's child the way closing a window means it, for proxy mode and for programs
// launched from the window alike: SIGTERM first, SIGKILL when the child is still there after
// graceMs, then up to reapMs for the relay to reap it. stopped() comes once the child has
// exited (its exit is recorded then), or when that wait runs out.
class ChildStopper : public QObject
{
    Q_OBJECT

public:
    static constexpr int graceMs = 3000;
    static constexpr int reapMs = 3000;

    explicit ChildStopper(ProxySession *session, QObject *parent = nullptr);

    // Does nothing but emit stopped() (queued) when the child is not running.
    void stop();

signals:
    void stopped();

private:
    void onTimeout();

    ProxySession *m_session;
    QTimer *m_timer;
    bool m_killed = false;
};

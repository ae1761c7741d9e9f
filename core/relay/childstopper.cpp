#include "relay/childstopper.h"

#include "relay/proxysession.h"

#include <QtCore/QTimer>

ChildStopper::ChildStopper(ProxySession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &ChildStopper::onTimeout);
    connect(m_session, &ProxySession::childExited, this, [this] {
        m_timer->stop();
        emit stopped();
    });
}

void ChildStopper::stop()
{
    if (!m_session->isChildRunning()) {
        QMetaObject::invokeMethod(this, &ChildStopper::stopped, Qt::QueuedConnection);
        return;
    }
    if (m_timer->isActive())
        return; // already stopping
    m_killed = false;
    m_session->signalChild(ProcessSignal::Terminate);
    m_timer->start(graceMs);
}

void ChildStopper::onTimeout()
{
    if (m_killed) {
        emit stopped(); // killed, and still not reaped: give up waiting
        return;
    }
    m_killed = true;
    m_session->signalChild(ProcessSignal::Kill);
    m_timer->start(reapMs);
}

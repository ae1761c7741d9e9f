#include "childlink.h"

#include "capture/sessionevent.h"
#include "inputbar.h"
#include "relay/proxysession.h"

#include <QtWidgets/QLineEdit>

ChildLink::ChildLink(ProxySession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_state(tr("starting"))
{
    connect(
        session, &ProxySession::childStarted, this,
        [this](qint64 pid) {
            m_state = tr("running, pid %1").arg(pid);
            emit stateChanged();
        },
        Qt::QueuedConnection);
    connect(session, &ProxySession::childExited, this, &ChildLink::onExited);
    connect(session, &ProxySession::finished, this, &ChildLink::finished);
    // In proxy mode the child usually started before the window existed.
    if (session->childPid() > 0)
        m_state = tr("running, pid %1").arg(session->childPid());
}

InputBar *ChildLink::createInputBar(QWidget *parent, const LaunchRequest &request)
{
    m_inputBar = new InputBar(parent);
    connect(m_inputBar, &InputBar::sendRequested, m_session, &ProxySession::sendInput);
    connect(m_inputBar, &InputBar::closeInputRequested, this, [this] {
        m_session->closeInput();
        m_inputBar->setState(InputBar::State::InputClosed);
    });
    connect(m_inputBar, &InputBar::signalRequested, m_session, &ProxySession::signalChild);
    connect(m_inputBar, &InputBar::restartRequested, this,
            [this, request] { emit restartRequested(request); });
    m_inputBar->setState(InputBar::State::Running);
    return m_inputBar;
}

void ChildLink::onExited(ChildExit exit)
{
    const SessionEvent event = SessionEvent::exited(exit.kind, exit.value);
    m_state = m_session->errorString().isEmpty() ? event.summary() : m_session->errorString();
    if (m_inputBar)
        m_inputBar->setState(InputBar::State::Exited);
    emit stateChanged();
}

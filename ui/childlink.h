#pragma once

#include "capture/childexit.h"
#include "relay/launchrequest.h"

#include <QtCore/QObject>
#include <QtCore/QString>

class InputBar;
class ProxySession;
class QWidget;

// The program behind a live session view: its state in words for the status bar ("starting",
// "running, pid 42", "exited with code 0"), and, for a program launched from the window, the
// input bar that talks to it.
class ChildLink final : public QObject
{
    Q_OBJECT

public:
    ChildLink(ProxySession *session, QObject *parent);

    ProxySession *session() const { return m_session; }
    QString state() const { return m_state; }
    // The input bar for a program launched from the window, wired to its session.
    InputBar *createInputBar(QWidget *parent, const LaunchRequest &request);
    InputBar *inputBar() const { return m_inputBar; } // null until created

signals:
    void stateChanged();
    // Nothing more will come from the session.
    void finished();
    // Restart: the same launch again.
    void restartRequested(const LaunchRequest &request);

private:
    void onExited(ChildExit exit);

    ProxySession *m_session;
    QString m_state;
    InputBar *m_inputBar = nullptr;
};

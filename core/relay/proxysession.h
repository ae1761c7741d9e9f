#pragma once

#include "capture/capturestore.h"
#include "capture/childexit.h"
#include "capture/sessionregistry.h"
#include "relay/stdiorelay.h"

#include <QtCore/QObject>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

// A recorded proxy session: the capture store, and the relay running in its own thread.
// Used by the headless recorder and by the window alike.
class ProxySession : public QObject
{
    Q_OBJECT

public:
    explicit ProxySession(const RelayConfig &config, QObject *parent = nullptr);
    ~ProxySession() override; // stops the relay (killing a child that still runs) and its thread

    // Creates the session file (`recordPath`, or a new autosave file when empty) and starts the
    // relay. False, with errorString(), when the file cannot be created; nothing is started then.
    bool start(const QString &recordPath);

    // A launched session (RelayConfig::Input::Window): what the input bar sends, its end of
    // file, and Interrupt/Terminate/Kill. Handed to the relay thread; they return at once.
    void sendInput(const QByteArray &bytes);
    void closeInput();
    void signalChild(ProcessSignal signal);
    // Runs `call` in the relay thread with the session's traffic handler (RelayConfig), if it
    // has one and it still exists then. Returns at once.
    void callTrafficHandler(const std::function<void(TrafficHandler &)> &call);

    // The child's pid once it has started (kept after it ends), 0 before: for whoever arrives
    // after childStarted was emitted. Safe to call from any thread.
    qint64 childPid() const { return m_childPid; }
    // Started and not yet childExited(): in the thread the session lives in.
    bool isChildRunning() const { return m_childPid > 0 && !m_childExited; }

    const CaptureStore &store() const { return m_store; }
    CaptureStore &store() { return m_store; }
    // Why the child could not be started (after finished() with 127 or 126), or the file error.
    QString errorString() const { return m_errorString; }

signals:
    // Emitted in the relay thread, before the relay starts moving bytes.
    void childStarted(qint64 pid);
    // The child was reaped, or could not be started. Its output may still be flowing (from a
    // grandchild that holds its stdout or stderr).
    void childExited(ChildExit exit);
    // And its stdout and stderr reached end of file: the session has all of it.
    void finished(ChildExit exit);

private:
    // Lists the session for monitors and `pipescope sessions` while it records.
    void registerSession(const QString &path);

    RelayConfig m_config;
    CaptureStore m_store;
    QThread *m_thread = nullptr;
    StdioRelay *m_relay = nullptr;
    std::atomic<qint64> m_childPid{0};
    QString m_errorString;
    bool m_childExited = false;
    std::unique_ptr<SessionRegistration> m_registration;
};

// Where a session without --record is kept: a new file in sessionsDirectory() (created 0700),
// named after the session (--name, or the program), the start time (to the millisecond) and
// pipescope's pid: "clangd-20261204-101500-123-4242.pcapng".
QString newAutosavePath(const QString &sessionName, QString *error);

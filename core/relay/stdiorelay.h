#pragma once

#include "capture/childexit.h"
#include "capture/sessionclock.h"
#include "capture/sessionevent.h"
#include "capture/stream.h"
#include "platform/processinfo.h"
#include "platform/processsignals.h"
#include "relay/traffichandler.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>

#include <array>
#include <memory>

class CaptureStore;
class QProcess;
class QTimer;
class RelayChannel;

// What to launch and where the parent's side of the relay is.
struct RelayConfig
{
    // Where the child's stdin comes from: the parent (proxy mode), or the window's input bar
    // through StdioRelay::sendInput() (a session launched from the window).
    enum class Input { Parent, Window };

    QString program;
    QStringList arguments;
    QString workingDirectory;     // empty: pipescope's own
    QStringList extraEnvironment; // NAME=VALUE entries added to pipescope's environment
    // What the session is called (--name) and who started it, kept in its started event;
    // ProxySession fills them in when empty (the program's file name, pipescope's parent).
    QString sessionName;
    ProcessIdentity startedBy;
    bool showInMonitor = false; // asks a running monitor for a tab (registry entry)
    Input input = Input::Parent;
    // The parent's ends: pipescope's own 0, 1, 2 in proxy mode; other descriptors in tests; -1
    // for none (a launched session's output is only recorded). The relay takes them over (and
    // closes them as the streams end).
    int parentStdin = 0;
    int parentStdout = 1;
    int parentStderr = 2;
    qsizetype highWaterBytes = 1024 * 1024; // per direction
    // Acts on stdin and stdout on their way (rules, breakpoints: core/intercept/); none: the
    // bytes go straight through, unframed.
    TrafficHandlerFactory trafficHandler;
};

// Launches a child and relays bytes between it and the parent, byte for byte, recording every
// read into a CaptureStore. Lives in a thread of its own (moveToThread, then start()), so that a
// busy GUI never delays the traffic.
//
// QProcess starts, signals and reaps the child, but the relay owns the pipes: QProcess would read
// the child's output without limit, and a slow parent must slow the child down instead.
class StdioRelay : public QObject, private TrafficOutput
{
    Q_OBJECT

public:
    StdioRelay(const RelayConfig &config, CaptureStore *store, QObject *parent = nullptr);
    ~StdioRelay() override; // kills a child that still runs

    // Starts the child and the relay. Emits started() or, when the child cannot be started,
    // finished() with code 127 or 126 and errorString() set.
    void start();

    // A launched session (RelayConfig::Input::Window): bytes for the child's stdin, recorded
    // like any stdin chunk; then its end of file.
    void sendInput(const QByteArray &bytes);
    void closeInput();
    void signalChild(ProcessSignal signal);

    QString errorString() const { return m_errorString; }
    // RelayConfig::trafficHandler's, once the channels exist; null otherwise.
    TrafficHandler *trafficHandler() const { return m_trafficHandler.get(); }

signals:
    void started(qint64 pid);
    // The child was reaped (and its exit recorded). Its output may still be flowing.
    void childExited(ChildExit exit);
    // The child has exited and its stdout and stderr reached end of file: everything written
    // to them, by the child or by what it started, has been relayed and recorded.
    void finished(ChildExit exit);

private:
    void startChild();
    bool createChannels(int childStdinWrite, int childStdoutRead, int childStderrRead);
    void onChunk(Stream stream, const char *data, qsizetype size);
    void onChildExited(int exitCode, bool crashed);
    void recordEvent(const SessionEvent &event);
    void finishIfDrained();
    void failToStart(int exitCode, const QString &error);
    void restoreParentFlags();
    // TrafficOutput, for the traffic handler.
    void deliver(Stream stream, const QByteArray &bytes) override;
    void record(const SessionEvent &event) override { recordEvent(event); }
    qint64 nowNs() const override { return m_clock.nowNs(); }

    RelayConfig m_config;
    CaptureStore *m_store;
    SessionClock m_clock;
    QProcess *m_process = nullptr;
    PerStream<RelayChannel *> m_channels;
    std::unique_ptr<TrafficHandler> m_trafficHandler;
    QTimer *m_flushTimer = nullptr;
    qint64 m_pid = 0;
    bool m_childExited = false;
    bool m_finished = false;
    bool m_stdinClosedRecorded = false;
    ChildExit m_exit;
    QString m_errorString;
    int m_savedStdoutFlags = -1;
    int m_savedStderrFlags = -1;
};

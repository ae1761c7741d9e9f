#pragma once

#include "capture/capturestore.h"
#include "capture/sessionsummary.h"

#include <QtCore/QObject>

class QTimer;

// A session another pipescope records, followed through its file as it grows (the monitor's
// tabs): the store takes in what reaches the file every 50 ms, with no word from the recorder,
// which does not know it is followed. The session is over when the file says the program ended
// and the recorder let go of it, or when the recorder is gone (killed, crashed): then the store
// has every record that reached the file.
class FollowedSession : public QObject
{
    Q_OBJECT

public:
    // `registryEntry`: the recorder's entry in the session registry (sessionregistry.h), by
    // which it is known to be running; empty for a file no recorder is known to write.
    FollowedSession(const QString &path, const QString &registryEntry, QObject *parent = nullptr);
    ~FollowedSession() override;

    // Opens the file and reads what it has. False, with errorString(), when it cannot be.
    bool start();
    CaptureStore &store() { return m_store; }
    const CaptureStore &store() const { return m_store; }
    const SessionSummary &summary() const { return m_summary; }
    bool isRecording() const { return m_recording; }
    // "running, pid 42", "exited with code 0", "recorder gone"...
    QString state() const;
    QString errorString() const { return m_store.errorString(); }

signals:
    void stateChanged();
    // Nothing more will come.
    void finished();

private:
    void poll();
    void readToEnd();
    void takeIn(qsizetype from);

    CaptureStore m_store;
    QString m_registryEntry;
    SessionSummary m_summary;
    QTimer *m_timer;
    int m_pollsSinceRecorderCheck = 0;
    bool m_recording = true;
};

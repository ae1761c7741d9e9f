#pragma once

#include "cli/clientreplay.h"
#include "cli/replayrecording.h"
#include "replay/conversationdiff.h"

#include <QtCore/QObject>

class ComparisonWindow;
class QThread;
class QWidget;

// File > Replay Against...: a session's client side played to a program (as `pipescope replay
// --as client` does) in a thread of its own, into a session the window shows as it grows; when
// it is over, the comparison with the recording.
class ReplayRun final : public QObject
{
    Q_OBJECT

public:
    ReplayRun(const QString &recordedPath, const ClientReplaySettings &settings,
              QObject *parent = nullptr);
    ~ReplayRun() override;

    // Reads the recording and starts. False with `error` set when it cannot.
    bool start(QString *error);
    CaptureStore *store() { return &m_recording.store(); }
    bool isRunning() const;
    // After finished(): the two sessions side by side.
    ComparisonWindow *comparison(QWidget *parent) const;

signals:
    // The program could not be started (`error`), or the replay is over (empty).
    void finished(const QString &error);

private:
    QString m_recordedPath;
    ClientReplaySettings m_settings;
    Conversation m_recorded;
    ComparisonSettings m_comparison;
    ReplayRecording m_recording;
    QThread *m_thread = nullptr;
    QString m_error; // written by the thread, read after it ended
};

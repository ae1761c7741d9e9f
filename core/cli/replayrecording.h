#pragma once

#include "capture/capturestore.h"
#include "capture/sessionclock.h"
#include "capture/sessionevent.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QString>

// The session a replay records, like any other session (docs/replay.md): the client's side on
// stdin, the server's on stdout, its logs on stderr, and an event for each message that did not
// go as recorded.
class ReplayRecording
{
public:
    // Creates `path`, or a new file in the sessions directory named after `sessionName` when
    // it is empty. False with errorString() set when it cannot be created.
    bool create(const QString &path, const QString &sessionName, const QStringList &commandLine);

    void record(Stream stream, QByteArrayView bytes);
    void record(const SessionEvent &event);
    // Flushes the file and waits for it: the session can be read back.
    bool finish();

    CaptureStore &store() { return m_store; }
    const CaptureStore &store() const { return m_store; }
    QString path() const { return m_store.path(); }
    QString errorString() const { return m_error.isEmpty() ? m_store.errorString() : m_error; }
    qint64 nowNs() const { return m_clock.nowNs(); }

private:
    void flushPeriodically();

    CaptureStore m_store;
    SessionClock m_clock;
    QElapsedTimer m_sinceFlush; // a window may show the store, and a monitor follow the file
    QString m_error;
};

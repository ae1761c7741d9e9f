#pragma once

#include "platform/processinfo.h"

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <memory>
#include <optional>

class QLockFile;

// What a recording pipescope says of itself while it runs, so that a monitor and `pipescope
// sessions` can find it: one small JSON entry per session in a private runtime directory
// (privateRuntimeDirectory()), beside a QLockFile the recorder holds for as long as it runs.
// A recorder never waits on a reader and does not know whether one exists.
struct RegisteredSession
{
    QString name;
    QString sessionFile;
    qint64 recorderPid = 0; // pipescope's
    QStringList command;    // program first, as given
    QString workingDirectory;
    qint64 startedAtMs = 0; // wall clock, ms since the Unix epoch
    ProcessIdentity startedBy;
    // A proxy that found a monitor running and asked it to show the session, in a tab, instead
    // of a window of its own.
    bool showInMonitor = false;

    QByteArray toJson() const;
    static std::optional<RegisteredSession> fromJson(const QByteArray &json);
};

// Registers a session for the lifetime of the object (RAII). Registering can fail (no runtime
// directory, a full disk): the session records all the same, only unlisted.
class SessionRegistration
{
public:
    SessionRegistration();
    ~SessionRegistration(); // removes the entry
    SessionRegistration(const SessionRegistration &) = delete;
    SessionRegistration &operator=(const SessionRegistration &) = delete;

    bool add(const RegisteredSession &session, QString *error);

private:
    std::unique_ptr<QLockFile> m_lock;
    QString m_entryPath;
};

// Says, for its lifetime, that a monitor (a window showing the Sessions panel) runs: a proxy
// started with a display then shows its session there instead of in a window of its own.
class MonitorPresence
{
public:
    MonitorPresence();
    ~MonitorPresence();
    MonitorPresence(const MonitorPresence &) = delete;
    MonitorPresence &operator=(const MonitorPresence &) = delete;

private:
    std::unique_ptr<QLockFile> m_lock;
};

// Whether a monitor runs (another process's MonitorPresence, or this one's).
bool isMonitorRunning();

// An entry as a reader finds it. `live` is false when its recorder died without removing it
// (killed, crashed): the reader that found it so removes it, and reports it this once.
struct RegistryEntry
{
    RegisteredSession session;
    QString entryPath;
    bool live = true;
};

// The registered sessions, oldest first. Stale entries are cleaned up as they are found.
QList<RegistryEntry> readSessionRegistry();
// Whether the recorder of an entry still runs (its lock is held; an entry that is gone, ended).
bool isRecorderRunning(const QString &entryPath);

#pragma once

#include "capture/sessionsummary.h"

#include <QtCore/QFileInfo>
#include <QtCore/QList>
#include <QtCore/QString>

// A session as `pipescope sessions` and the Sessions panel list it: its file's summary, and
// whether a recorder still writes it.
struct ListedSession
{
    QString sessionFile;
    SessionSummary summary;
    bool live = false;
    qint64 recorderPid = 0; // a live session's pipescope
    QString registryEntry;  // a live session's entry (isRecorderRunning())
    qint64 fileSize = 0;
    qint64 lastModifiedMs = 0;
    QString error; // the file could not be read: what is known comes from the registry

    QString status() const { return summary.status(live); }
    // When it started, or (its started event not read) when its file last changed: the order
    // of the lists, newest first.
    qint64 startedAtMs() const;
    // A live session's lasts until now; an ended one's, until its last record.
    qint64 durationMs() const;
};

// "2 h 05 min", "3 min 07 s", "12 s": a session's length, to the second.
QString sessionDurationText(qint64 ms);

// Where sessions recorded without --record go: the user's cache directory, pipescope/sessions.
QString sessionsDirectory();

// The session files in sessionsDirectory(), newest first, at most `limit`.
QFileInfoList recentSessionFiles(int limit);

// The live sessions (those registered, newest first), then the recent ones: the session files
// in sessionsDirectory() and those whose recorder died, newest first, at most `recentLimit`.
QList<ListedSession> listSessions(int recentLimit);

#pragma once

#include "capture/sessionlist.h"
#include "cli/commandresult.h"

class QIODevice;

// `pipescope sessions`: the list as a table for people, or as JSON for scripts (docs/cli.md).
CommandResult writeSessionList(const QList<ListedSession> &sessions, bool json, QIODevice *output);

// "2 h 05 min", "3 min 07 s", "12 s": a session's length, to the second.
QString sessionDurationText(qint64 ms);

#pragma once

#include "capture/sessionlist.h"
#include "cli/commandresult.h"

class QIODevice;

// `pipescope sessions`: the list as a table for people, or as JSON for scripts (docs/cli.md).
CommandResult writeSessionList(const QList<ListedSession> &sessions, bool json, QIODevice *output);

#pragma once

#include "capture/sessionevent.h"

#include <QtCore/QMetaType>

// How a session's child ended: an exit code, or the signal that killed it. A child that could not
// be started ends with code 127 (not found) or 126 (not executable), as in a POSIX shell.
struct ChildExit
{
    SessionEvent::ExitKind kind = SessionEvent::ExitKind::Code;
    int value = 0;
};

Q_DECLARE_METATYPE(ChildExit)

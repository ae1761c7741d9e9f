#pragma once

#include "childexit.h"

// pipescope as a process stands in for its child: signals it receives go to the child, and it
// ends the way the child ended.

// Ignores SIGPIPE (a parent that closed our stdout is handled as EPIPE) and forwards SIGINT,
// SIGTERM, SIGHUP and SIGQUIT to the forwarding target. With no target yet (before the child
// starts), such a signal ends pipescope as it would by default.
void installSignalForwarding();
void setSignalForwardingTarget(qint64 pid);

// What the window's Interrupt, Terminate and Kill send (SIGINT, SIGTERM, SIGKILL).
enum class ProcessSignal { Interrupt, Terminate, Kill };
void signalProcess(qint64 pid, ProcessSignal signal);

// Exits with the child's code, or dies by the child's signal (without dumping core); 128+N where
// that cannot be done.
[[noreturn]] void exitLikeChild(const ChildExit &exit);

#pragma once

#include "childexit.h"

// pipescope as a process stands in for its child: signals it receives go to the child, and it
// ends the way the child ended.

// Ignores SIGPIPE (a parent that closed our stdout is handled as EPIPE) and SIGXFSZ (a session
// file over the file-size limit is a failed write, see CaptureStore), and forwards SIGINT,
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

// A mapped session file read past its end raises SIGBUS, and another process may cut the file
// short while it is mapped here (a new recording to the same path, a truncate). A guarded map
// does not kill the reader: a SIGBUS inside it puts zero pages in place of the file's from the
// faulting page to the map's end, and the read goes on and sees zeros. Returns a handle, or -1
// when too many maps are guarded already (that map is then read unguarded).
int guardMappedFile(const void *start, qint64 size);
// Where the zero pages begin, as an offset into the map; -1 while the map is intact.
qint64 mappedFileCutAt(int handle);
void unguardMappedFile(int handle); // before the map goes away

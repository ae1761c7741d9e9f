#pragma once

#include <functional>

#include <sys/types.h>

// What the child runs between fork and exec (QProcess::setChildProcessModifier): put the relay's
// pipe ends on 0, 1 and 2, restore default signal handling (pipescope ignores SIGPIPE and SIGXFSZ;
// ignored signals survive exec), and make sure the child does not outlive pipescope (Linux:
// PR_SET_PDEATHSIG). Only async-signal-safe calls happen in there.
std::function<void()> childSetup(int stdinFd, int stdoutFd, int stderrFd, pid_t parentPid);

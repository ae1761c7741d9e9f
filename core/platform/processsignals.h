#pragma once

#include <QtCore/QtGlobal>

// pipescope as a process stands in for its child: signals it receives go to the child, and it
// ends the way the child ended.

// Ignores SIGPIPE (a parent that closed our stdout is handled as EPIPE) and SIGXFSZ (a session
// file over the file-size limit is a failed write, see CaptureStore), and forwards SIGINT,
// SIGTERM, SIGHUP and SIGQUIT to the forwarding target. With no target yet (before the child
// starts), such a signal ends pipescope as it would by default.
void installSignalForwarding();
void setSignalForwardingTarget(qint64 pid);

// What the window's Interrupt, Terminate and Kill send: SIGINT, SIGTERM, SIGKILL; on Windows
// Ctrl+C and Ctrl+Break through the console, and TerminateProcess with `killedExitCode`.
enum class ProcessSignal { Interrupt, Terminate, Kill };
void signalProcess(qint64 pid, ProcessSignal signal);

// Windows: the exit code of a child that Kill ended (as `taskkill /F` gives).
constexpr int killedExitCode = 1;

// Whether a crashed child's QProcess exit code is the number of the signal that ended it
// (POSIX), or the process's own exit code, an NTSTATUS such as 0xC0000005 (Windows).
#ifdef Q_OS_WIN
constexpr bool crashCodesAreSignals = false;
#else
constexpr bool crashCodesAreSignals = true;
#endif

// Ends pipescope the way its child ended: with the child's exit code, or by the child's signal
// (without dumping core; 128+N where the signal does not end a process).
[[noreturn]] void exitWithCode(int code);
[[noreturn]] void exitBySignal(int signalNumber);

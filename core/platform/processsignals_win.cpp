#include "platform/processsignals.h"

#include <atomic>
#include <cstdlib>

#include <windows.h>

// Windows has no signals. A console's Ctrl+C and Ctrl+Break go to every process attached to the
// console, the child included: pipescope lets the child decide, and ends as the child ends.
// Before the child runs, pipescope ends as any console program would.

namespace {

std::atomic<qint64> forwardingTarget{0};

BOOL WINAPI onConsoleControl(DWORD event)
{
    if (event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT)
        return forwardingTarget.load() > 0; // handled: the child got it too
    return FALSE; // closing the console, logging off: the default, which ends pipescope (and,
                  // through the job object, the child)
}

} // namespace

void installSignalForwarding()
{
    SetConsoleCtrlHandler(onConsoleControl, TRUE);
}

void setSignalForwardingTarget(qint64 pid)
{
    forwardingTarget.store(pid);
}

void signalProcess(qint64 pid, ProcessSignal signal)
{
    if (pid <= 0)
        return;
    if (signal != ProcessSignal::Kill) {
        // Interrupt is Ctrl+C and Terminate is Ctrl+Break, sent to the console pipescope shares
        // with the child (process group 0: every process on it; ours ignores it while a child
        // runs). Without a console there is nothing to send them through.
        const DWORD event = signal == ProcessSignal::Interrupt ? CTRL_C_EVENT : CTRL_BREAK_EVENT;
        if (GetConsoleWindow() || GetStdHandle(STD_INPUT_HANDLE))
            GenerateConsoleCtrlEvent(event, 0);
        return;
    }
    const HANDLE process = OpenProcess(PROCESS_TERMINATE, FALSE, DWORD(pid));
    if (!process)
        return;
    TerminateProcess(process, killedExitCode);
    CloseHandle(process);
}

void exitWithCode(int code)
{
    std::_Exit(code);
}

void exitBySignal(int signalNumber)
{
    std::_Exit(128 + signalNumber); // not reached: children on Windows end with a code
}

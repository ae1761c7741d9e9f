#include "platform/processsignals.h"

#include <QtCore/QtGlobal>

#include <atomic>
#include <csignal>
#include <cstdlib>

#include <sys/resource.h>
#include <unistd.h>

namespace {

std::atomic<pid_t> forwardingTarget{0};

const int forwardedSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

void forwardSignal(int sig)
{
    const pid_t target = forwardingTarget.load();
    if (target > 0) {
        ::kill(target, sig);
        return;
    }
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

} // namespace

void installSignalForwarding()
{
    ::signal(SIGPIPE, SIG_IGN);
    // A session file that reaches the file-size limit (RLIMIT_FSIZE) must stop the recording, not
    // pipescope: the write fails with EFBIG like any other write error.
    ::signal(SIGXFSZ, SIG_IGN);
    struct sigaction action = {};
    action.sa_handler = forwardSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int sig : forwardedSignals)
        ::sigaction(sig, &action, nullptr);
}

void setSignalForwardingTarget(qint64 pid)
{
    forwardingTarget.store(pid_t(pid));
}

void signalProcess(qint64 pid, ProcessSignal signal)
{
    if (pid <= 0)
        return;
    const int number = signal == ProcessSignal::Interrupt   ? SIGINT
                       : signal == ProcessSignal::Terminate ? SIGTERM
                                                            : SIGKILL;
    ::kill(pid_t(pid), number);
}

void exitWithCode(int code)
{
    std::_Exit(code);
}

void exitBySignal(int sig)
{
    // The child may have dumped core; pipescope has nothing worth dumping.
    const struct rlimit noCore = {0, 0};
    ::setrlimit(RLIMIT_CORE, &noCore);
    ::signal(sig, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, sig);
    ::sigprocmask(SIG_UNBLOCK, &only, nullptr);
    ::raise(sig);
    std::_Exit(128 + sig); // a signal that does not end a process (SIGCHLD, SIGSTOP...)
}

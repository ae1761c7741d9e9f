#include "platform/childsetup.h"

#include <csignal>

#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

std::function<void()> childSetup(int stdinFd, int stdoutFd, int stderrFd, pid_t parentPid)
{
    return [=] {
        if (::dup2(stdinFd, STDIN_FILENO) < 0 || ::dup2(stdoutFd, STDOUT_FILENO) < 0
            || ::dup2(stderrFd, STDERR_FILENO) < 0)
            ::_exit(127);
        for (int sig : {SIGPIPE, SIGXFSZ, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD})
            ::signal(sig, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
#ifdef __linux__
        // Killed with pipescope. The signal comes when the thread that forked us ends, which is
        // the relay thread: it outlives the child by design.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parentPid) // pipescope died before prctl took effect
            ::_exit(127);
#else
        (void)parentPid;
#endif
    };
}

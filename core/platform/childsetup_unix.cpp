#include "platform/childsetup.h"

#include <QtCore/QProcess>

#include <csignal>

#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

ChildSetup::ChildSetup(int stdinFd, int stdoutFd, int stderrFd)
    : m_stdinFd(stdinFd)
    , m_stdoutFd(stdoutFd)
    , m_stderrFd(stderrFd)
{
}

void ChildSetup::prepare(QProcess *process)
{
    process->setChildProcessModifier([stdinFd = m_stdinFd, stdoutFd = m_stdoutFd,
                                      stderrFd = m_stderrFd, parentPid = ::getpid()] {
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
    });
}

void ChildSetup::started(QProcess *) {}

#pragma once

class QProcess;

// Starts the child on the relay's pipe ends: call prepare() before QProcess::start(), and
// started() once it has started. The child's stdin, stdout and stderr are the three descriptors
// given, and it does not outlive pipescope.
//
// POSIX: between fork and exec (QProcess::setChildProcessModifier) the descriptors go on 0, 1
// and 2, default signal handling comes back (pipescope ignores SIGPIPE and SIGXFSZ; ignored
// signals survive exec), and on Linux PR_SET_PDEATHSIG kills the child with pipescope. Only
// async-signal-safe calls happen in there.
//
// Windows (QProcess::setCreateProcessArgumentsModifier): the three handles are the child's
// standard handles (STARTF_USESTDHANDLES) and the only handles it inherits; it starts suspended,
// joins pipescope's job object, whose last handle closes with pipescope however pipescope ends
// (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE), and only then runs.
class ChildSetup
{
public:
    ChildSetup(int stdinFd, int stdoutFd, int stderrFd);

    void prepare(QProcess *process);
    void started(QProcess *process);

private:
    int m_stdinFd;
    int m_stdoutFd;
    int m_stderrFd;
    void *m_processInformation = nullptr; // Windows: QProcess's PROCESS_INFORMATION
};

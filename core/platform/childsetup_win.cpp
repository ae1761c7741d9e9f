#include "platform/childsetup.h"
#include "platform/win32.h"

#include <QtCore/QLoggingCategory>
#include <QtCore/QProcess>

#include <vector>

Q_LOGGING_CATEGORY(lcChildSetup, "pipescope.relay.child", QtWarningMsg)

namespace {

// One job for every child pipescope starts. Its only handle is this one, never closed: when
// pipescope ends, however it ends, the system closes it and ends what runs in the job.
HANDLE killOnCloseJob()
{
    static const HANDLE job = [] {
        const HANDLE created = CreateJobObjectW(nullptr, nullptr);
        if (!created)
            return HANDLE(nullptr);
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits = {};
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        SetInformationJobObject(created, JobObjectExtendedLimitInformation, &limits, sizeof limits);
        return created;
    }();
    return job;
}

// The child inherits exactly its three standard handles (PROC_THREAD_ATTRIBUTE_HANDLE_LIST),
// whatever else is inheritable in pipescope at that moment. Kept alive until CreateProcess.
struct InheritedHandles
{
    STARTUPINFOEXW startup = {};
    std::vector<char> attributeStorage;
    HANDLE handles[3] = {};
    int count = 0;
};

} // namespace

ChildSetup::ChildSetup(int stdinFd, int stdoutFd, int stderrFd)
    : m_stdinFd(stdinFd)
    , m_stdoutFd(stdoutFd)
    , m_stderrFd(stderrFd)
{
}

void ChildSetup::prepare(QProcess *process)
{
    const HANDLE in = handleOf(m_stdinFd);
    const HANDLE out = handleOf(m_stdoutFd);
    const HANDLE err = handleOf(m_stderrFd);
    void **processInformation = &m_processInformation;
    process->setCreateProcessArgumentsModifier(
        [in, out, err, processInformation](QProcess::CreateProcessArguments *arguments) {
            // Qt's STARTUPINFOW, widened to the extended form with the handle list.
            static thread_local InheritedHandles inherited;
            inherited = {};
            inherited.startup.StartupInfo = *arguments->startupInfo;
            inherited.startup.StartupInfo.cb = sizeof(STARTUPINFOEXW);
            inherited.startup.StartupInfo.dwFlags |= STARTF_USESTDHANDLES;
            inherited.startup.StartupInfo.hStdInput = in;
            inherited.startup.StartupInfo.hStdOutput = out;
            inherited.startup.StartupInfo.hStdError = err;
            for (HANDLE handle : {in, out, err}) {
                SetHandleInformation(handle, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
                inherited.handles[inherited.count++] = handle;
            }
            SIZE_T size = 0;
            InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
            inherited.attributeStorage.resize(size);
            auto *list
                = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(inherited.attributeStorage.data());
            if (InitializeProcThreadAttributeList(list, 1, 0, &size)
                && UpdateProcThreadAttribute(
                    list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited.handles,
                    sizeof(HANDLE) * size_t(inherited.count), nullptr, nullptr)) {
                inherited.startup.lpAttributeList = list;
                arguments->flags |= EXTENDED_STARTUPINFO_PRESENT;
            } else {
                inherited.startup.StartupInfo.cb = sizeof(STARTUPINFOW);
            }
            arguments->startupInfo = reinterpret_cast<Q_STARTUPINFO *>(&inherited.startup);
            arguments->inheritHandles = true;
            // Suspended until it is in the job (started()), so that nothing it starts escapes.
            arguments->flags |= CREATE_SUSPENDED;
            *processInformation = arguments->processInformation;
        });
}

void ChildSetup::started(QProcess *)
{
    auto *information = static_cast<PROCESS_INFORMATION *>(m_processInformation);
    if (!information)
        return;
    const HANDLE job = killOnCloseJob();
    if (!job || !AssignProcessToJobObject(job, information->hProcess))
        qCWarning(lcChildSetup) << "the child is not in pipescope's job: it may outlive pipescope";
    ResumeThread(information->hThread);
    // The child has its copies: ours stop being inheritable, so no later child gets them.
    for (int fd : {m_stdinFd, m_stdoutFd, m_stderrFd})
        SetHandleInformation(handleOf(fd), HANDLE_FLAG_INHERIT, 0);
}

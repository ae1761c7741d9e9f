#include "platform/processinfo.h"

#include "platform/privatefile.h"

#include <QtCore/QStandardPaths>

#include <windows.h>

#include <tlhelp32.h>

namespace {

// Calls f(entry) for each process until it returns true.
template<typename F>
void forEachProcess(F f)
{
    const HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snapshot == INVALID_HANDLE_VALUE)
        return;
    PROCESSENTRY32W entry = {};
    entry.dwSize = sizeof entry;
    for (BOOL more = Process32FirstW(snapshot, &entry); more;
         more = Process32NextW(snapshot, &entry)) {
        if (f(entry))
            break;
    }
    CloseHandle(snapshot);
}

} // namespace

ProcessIdentity parentProcess()
{
    ProcessIdentity parent;
    const DWORD self = GetCurrentProcessId();
    forEachProcess([&](const PROCESSENTRY32W &entry) {
        if (entry.th32ProcessID != self)
            return false;
        parent.pid = entry.th32ParentProcessID;
        return true;
    });
    // The parent may have ended, and its pid been reused: the name is then another program's,
    // which no one can tell from here.
    forEachProcess([&](const PROCESSENTRY32W &entry) {
        if (qint64(entry.th32ProcessID) != parent.pid)
            return false;
        parent.name = QString::fromWCharArray(entry.szExeFile);
        return true;
    });
    return parent;
}

QString privateRuntimeDirectory(QString *error)
{
    // Windows has no runtime directory: XDG_RUNTIME_DIR where something set one (MSYS2, a test),
    // else the user's local application data (not roaming).
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty()) {
        const QString path = runtime + QStringLiteral("/pipescope");
        return makePrivateDirectory(path, error) ? path : QString();
    }
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    if (base.isEmpty()) {
        *error = QStringLiteral("no local application data directory for this user");
        return QString();
    }
    const QString path = base + QStringLiteral("/pipescope/running");
    return makePrivateDirectory(path, error) ? path : QString();
}

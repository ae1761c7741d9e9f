#include "platform/privatefile.h"
#include "platform/win32.h"

#include <QtCore/QDir>
#include <QtCore/QFile>

#include <string>
#include <vector>

#include <fcntl.h>
#include <io.h>
// After windows.h:
#include <aclapi.h>
#include <sddl.h>

// Owner-only on Windows: a protected DACL (nothing inherited from the directory) that grants the
// current user, and nobody else, full access. The default directories (%LOCALAPPDATA%) are the
// user's own already; the DACL covers files the user puts elsewhere.

namespace {

// "D:P(A;FLAGS;FA;;;SID)" for the current user: FLAGS "OICI" makes it apply to what a
// directory will hold. Empty when the user's SID cannot be read.
QString ownerOnlySddl(const QString &inheritance)
{
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return {};
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::vector<char> buffer(size);
    QString sddl;
    wchar_t *sid = nullptr;
    if (GetTokenInformation(token, TokenUser, buffer.data(), size, &size)
        && ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER *>(buffer.data())->User.Sid, &sid)) {
        sddl = QStringLiteral("D:P(A;%1;FA;;;%2)").arg(inheritance, QString::fromWCharArray(sid));
        LocalFree(sid);
    }
    CloseHandle(token);
    return sddl;
}

// Owns a security descriptor made from SDDL.
struct OwnerOnlyDescriptor
{
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    explicit OwnerOnlyDescriptor(const QString &inheritance)
    {
        const QString sddl = ownerOnlySddl(inheritance);
        if (!sddl.isEmpty())
            ConvertStringSecurityDescriptorToSecurityDescriptorW(
                reinterpret_cast<const wchar_t *>(sddl.utf16()), SDDL_REVISION_1, &descriptor,
                nullptr);
    }
    ~OwnerOnlyDescriptor() { LocalFree(descriptor); }
    PACL dacl() const
    {
        BOOL present = FALSE, defaulted = FALSE;
        PACL acl = nullptr;
        if (descriptor)
            GetSecurityDescriptorDacl(descriptor, &present, &acl, &defaulted);
        return present ? acl : nullptr;
    }
};

// Gives the file or directory at `path` the owner-only DACL (`inheritance` as for
// ownerOnlySddl()).
void restrictToOwner(const QString &path, const QString &inheritance)
{
    const OwnerOnlyDescriptor ownerOnly(inheritance);
    if (!ownerOnly.dacl())
        return;
    std::wstring native = QDir::toNativeSeparators(path).toStdWString();
    SetNamedSecurityInfoW(native.data(), SE_FILE_OBJECT,
                          DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, nullptr,
                          nullptr, ownerOnly.dacl(), nullptr);
}

} // namespace

int createPrivateFile(const QString &path, PrivateFileCreation creation, QString *error)
{
    const OwnerOnlyDescriptor ownerOnly(QString{});
    SECURITY_ATTRIBUTES attributes = {sizeof attributes, ownerOnly.descriptor, FALSE};
    const QString native = QDir::toNativeSeparators(path);
    // Readers may open the file while it grows (the window, another pipescope).
    const HANDLE handle
        = CreateFileW(reinterpret_cast<const wchar_t *>(native.utf16()), GENERIC_WRITE,
                      FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, &attributes,
                      creation == PrivateFileCreation::NewFileOnly ? CREATE_NEW : CREATE_ALWAYS,
                      FILE_ATTRIBUTE_NORMAL, nullptr);
    if (handle == INVALID_HANDLE_VALUE) {
        *error = QStringLiteral("cannot create %1: %2").arg(path, systemMessage(GetLastError()));
        return -1;
    }
    // A file that existed keeps its own DACL through CREATE_ALWAYS: narrow it.
    if (GetLastError() == ERROR_ALREADY_EXISTS && GetFileType(handle) == FILE_TYPE_DISK
        && ownerOnly.dacl()) {
        SetSecurityInfo(handle, SE_FILE_OBJECT,
                        DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, nullptr,
                        nullptr, ownerOnly.dacl(), nullptr);
    }
    const int fd = _open_osfhandle(reinterpret_cast<intptr_t>(handle), _O_BINARY);
    if (fd < 0) {
        CloseHandle(handle);
        *error = QStringLiteral("cannot create %1: out of file descriptors").arg(path);
    }
    return fd;
}

bool makePrivateDirectory(const QString &path, QString *error)
{
    if (QDir(path).exists())
        return true;
    if (!QDir().mkpath(path)) {
        *error = QStringLiteral("cannot create directory %1").arg(path);
        return false;
    }
    restrictToOwner(path, QStringLiteral("OICI"));
    return true;
}

void makeFilePrivate(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        file.open(QIODevice::WriteOnly);
    file.close();
    restrictToOwner(path, QString{});
}

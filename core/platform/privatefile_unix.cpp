#include "platform/privatefile.h"

#include <QtCore/QDir>
#include <QtCore/QFile>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// A directory where other users may create files (/tmp): one of them could have put a file or a
// symbolic link at our path beforehand, to read what we record or to have us overwrite theirs.
bool inWorldWritableDirectory(const QByteArray &path)
{
    const qsizetype slash = path.lastIndexOf('/');
    const QByteArray directory = slash < 0    ? QByteArray(".")
                                 : slash == 0 ? QByteArray("/")
                                              : path.left(slash);
    struct stat info = {};
    return ::stat(directory.constData(), &info) == 0 && (info.st_mode & S_IWOTH);
}

} // namespace

int createPrivateFile(const QString &path, PrivateFileCreation creation, QString *error)
{
    const QByteArray encodedPath = QFile::encodeName(path);
    if (creation == PrivateFileCreation::ReplaceExisting && inWorldWritableDirectory(encodedPath)) {
        // Replace only a regular file of ours, and by a new file (O_EXCL): never open what
        // someone else put there.
        struct stat existing = {};
        if (::lstat(encodedPath.constData(), &existing) == 0) {
            if (!S_ISREG(existing.st_mode) || existing.st_uid != ::geteuid()) {
                *error = QStringLiteral("cannot create %1: it exists in a directory anyone can "
                                        "write to, and is not a file of yours")
                             .arg(path);
                return -1;
            }
            ::unlink(encodedPath.constData());
        }
        creation = PrivateFileCreation::NewFileOnly;
    }
    const int flags = O_WRONLY | O_CREAT | O_CLOEXEC
                      | (creation == PrivateFileCreation::NewFileOnly ? O_EXCL : O_TRUNC);
    const int fd = ::open(encodedPath.constData(), flags, 0600);
    // An existing file keeps its mode on O_TRUNC: narrow it. Never chmod what is not a regular
    // file (--record /dev/stdout, a FIFO...).
    struct stat info = {};
    const bool regular = fd >= 0 && ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
    if (fd < 0 || (regular && ::fchmod(fd, 0600) != 0)) {
        *error = QStringLiteral("cannot create %1: %2")
                     .arg(path, QString::fromLocal8Bit(strerror(errno)));
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    return fd;
}

bool makePrivateDirectory(const QString &path, QString *error)
{
    if (QDir(path).exists())
        return true;
    if (!QDir().mkpath(path) || ::chmod(QFile::encodeName(path).constData(), 0700) != 0) {
        *error = QStringLiteral("cannot create directory %1: %2")
                     .arg(path, QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    return true;
}

void makeFilePrivate(const QString &path)
{
    constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    QFile file(path);
    if (!file.exists())
        file.open(QIODevice::WriteOnly, ownerOnly);
    else
        file.setPermissions(ownerOnly);
}

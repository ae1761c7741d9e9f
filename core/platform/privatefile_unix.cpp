#include "privatefile.h"

#include <QtCore/QDir>
#include <QtCore/QFile>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int createPrivateFile(const QString &path, PrivateFileCreation creation, QString *error)
{
    const int flags = O_WRONLY | O_CREAT | O_CLOEXEC
                      | (creation == PrivateFileCreation::NewFileOnly ? O_EXCL : O_TRUNC);
    const int fd = ::open(QFile::encodeName(path).constData(), flags, 0600);
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

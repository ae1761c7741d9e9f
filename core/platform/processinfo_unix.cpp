#include "platform/processinfo.h"

#include "platform/privatefile.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QStandardPaths>

#include <unistd.h>

ProcessIdentity parentProcess()
{
    ProcessIdentity parent;
    parent.pid = ::getppid();
    // Linux: the program's file, else its command name (cut at 15 characters); elsewhere none.
    const QString proc = QStringLiteral("/proc/%1/").arg(parent.pid);
    parent.name = QFileInfo(QFileInfo(proc + QStringLiteral("exe")).symLinkTarget()).fileName();
    if (parent.name.isEmpty()) {
        QFile comm(proc + QStringLiteral("comm"));
        if (comm.open(QIODevice::ReadOnly))
            parent.name = QString::fromLocal8Bit(comm.readAll().trimmed());
    }
    return parent;
}

QString privateRuntimeDirectory(QString *error)
{
    // $XDG_RUNTIME_DIR, or a 0700 directory Qt makes in /tmp when it is not set.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (base.isEmpty()) {
        *error = QStringLiteral("no runtime directory for this user");
        return QString();
    }
    const QString path = base + QStringLiteral("/pipescope");
    return makePrivateDirectory(path, error) ? path : QString();
}

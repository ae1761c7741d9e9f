#include "relay/programlocator.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>

namespace {

LocatedProgram notFound(const QString &program, const QString &reason)
{
    return {QString(), 127, program + QStringLiteral(": ") + reason};
}

LocatedProgram notExecutable(const QString &program, const QString &reason)
{
    return {QString(), 126, program + QStringLiteral(": ") + reason};
}

bool isRunnable(const QFileInfo &info)
{
    return info.isFile() && info.isExecutable();
}

} // namespace

LocatedProgram locateProgram(const QString &program, const QString &workingDirectory,
                             const QString &searchPath)
{
    if (program.isEmpty())
        return notFound(QStringLiteral("''"), QStringLiteral("command not found"));

    if (program.contains(u'/')) {
        const QFileInfo info(QDir(workingDirectory).absoluteFilePath(program));
        if (!info.exists())
            return notFound(program, QStringLiteral("No such file or directory"));
        if (info.isDir())
            return notExecutable(program, QStringLiteral("Is a directory"));
        if (!isRunnable(info))
            return notExecutable(program, QStringLiteral("Permission denied"));
        return {info.absoluteFilePath(), 0, QString()};
    }

    bool foundButNotExecutable = false;
    for (const QString &directory : searchPath.split(u':')) {
        // The child runs in the working directory: relative PATH entries (and an empty one,
        // which means ".") are relative to it, as after `cd DIR` in a shell.
        const QString base
            = QDir(workingDirectory)
                  .absoluteFilePath(directory.isEmpty() ? QStringLiteral(".") : directory);
        const QFileInfo info(QDir(base).absoluteFilePath(program));
        if (isRunnable(info))
            return {info.absoluteFilePath(), 0, QString()};
        if (info.isFile())
            foundButNotExecutable = true;
    }
    if (foundButNotExecutable)
        return notExecutable(program, QStringLiteral("Permission denied"));
    return notFound(program, QStringLiteral("command not found"));
}

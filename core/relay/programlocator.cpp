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

bool hasSuffixOf(const QFileInfo &info, const QStringList &suffixes)
{
    return suffixes.contains(u'.' + info.suffix().toLower());
}

bool isRunnable(const QFileInfo &info, const ProgramSearchRules &rules)
{
    if (!info.isFile())
        return false;
    return rules.windows ? hasSuffixOf(info, rules.executableSuffixes) : info.isExecutable();
}

LocatedProgram found(const QFileInfo &info)
{
    const QString suffix = info.suffix().toLower();
    LocatedProgram located{info.absoluteFilePath(), 0, QString()};
    located.isBatchFile = suffix == QLatin1String("bat") || suffix == QLatin1String("cmd");
    return located;
}

bool namesAPath(const QString &program, const ProgramSearchRules &rules)
{
    if (!rules.windows)
        return program.contains(u'/');
    return program.contains(u'/') || program.contains(u'\\') || program.contains(u':');
}

// What `program` may be called in a directory: itself, and on Windows without an extension,
// itself with each executable suffix.
QStringList candidateNames(const QString &program, const ProgramSearchRules &rules)
{
    QStringList names{program};
    if (rules.windows && QFileInfo(program).suffix().isEmpty()) {
        for (const QString &suffix : rules.executableSuffixes)
            names << program + suffix;
    }
    return names;
}

} // namespace

ProgramSearchRules ProgramSearchRules::windowsWith(const QString &pathExt)
{
    ProgramSearchRules rules;
    rules.windows = true;
    const QString list = pathExt.isEmpty() ? QStringLiteral(".COM;.EXE;.BAT;.CMD") : pathExt;
    for (const QString &suffix : list.split(u';', Qt::SkipEmptyParts))
        rules.executableSuffixes << suffix.trimmed().toLower();
    return rules;
}

ProgramSearchRules ProgramSearchRules::native()
{
#ifdef Q_OS_WIN
    return windowsWith(qEnvironmentVariable("PATHEXT"));
#else
    return posix();
#endif
}

QString programName(const QString &program, const ProgramSearchRules &rules)
{
    const QString name = QFileInfo(program).fileName();
    for (const QString &suffix : rules.executableSuffixes) {
        if (name.size() > suffix.size() && name.endsWith(suffix, Qt::CaseInsensitive))
            return name.chopped(suffix.size());
    }
    return name;
}

LocatedProgram locateProgram(const QString &program, const QString &workingDirectory,
                             const QString &searchPath, const ProgramSearchRules &rules)
{
    if (program.isEmpty())
        return notFound(QStringLiteral("''"), QStringLiteral("command not found"));

    if (namesAPath(program, rules)) {
        const QString path = QDir(workingDirectory).absoluteFilePath(program);
        for (const QString &name : candidateNames(path, rules)) {
            const QFileInfo info(name);
            if (isRunnable(info, rules))
                return found(info);
        }
        const QFileInfo info(path);
        if (!info.exists())
            return notFound(program, QStringLiteral("No such file or directory"));
        if (info.isDir())
            return notExecutable(program, QStringLiteral("Is a directory"));
        return notExecutable(program, rules.windows ? QStringLiteral("not a program")
                                                    : QStringLiteral("Permission denied"));
    }

    // cmd.exe looks in the current directory before PATH; a POSIX shell only in PATH.
    QStringList directories = searchPath.split(rules.windows ? u';' : u':');
    if (rules.windows)
        directories.prepend(QStringLiteral("."));
    bool foundButNotExecutable = false;
    for (const QString &directory : std::as_const(directories)) {
        // The child runs in the working directory: relative PATH entries (and an empty one,
        // which means ".") are relative to it, as after `cd DIR` in a shell.
        const QString base
            = QDir(workingDirectory)
                  .absoluteFilePath(directory.isEmpty() ? QStringLiteral(".") : directory);
        for (const QString &name : candidateNames(program, rules)) {
            const QFileInfo info(QDir(base).absoluteFilePath(name));
            if (isRunnable(info, rules))
                return found(info);
            if (info.isFile())
                foundButNotExecutable = true;
        }
    }
    if (foundButNotExecutable)
        return notExecutable(program, rules.windows ? QStringLiteral("not a program")
                                                    : QStringLiteral("Permission denied"));
    return notFound(program, QStringLiteral("command not found"));
}

QString batchCommandLine(const QString &batchFile, const QStringList &arguments, QString *error)
{
    static const QString cmdSpecials = QStringLiteral("&|<>^%!\"\r\n");
    QString command = u'"' + QDir::toNativeSeparators(batchFile) + u'"';
    for (const QString &argument : arguments) {
        for (QChar c : argument) {
            if (cmdSpecials.contains(c)) {
                *error = QStringLiteral("%1: a batch file's arguments cannot hold %2 (cmd.exe "
                                        "would read it); run the program it starts instead")
                             .arg(QFileInfo(batchFile).fileName(),
                                  c == u'\r' || c == u'\n' ? QStringLiteral("a line break")
                                                           : QString(c));
                return {};
            }
        }
        const bool needsQuotes
            = argument.isEmpty() || argument.contains(u' ') || argument.contains(u'\t');
        command += u' ' + (needsQuotes ? u'"' + argument + u'"' : argument);
    }
    // /d: no AutoRun commands; /s: the outer quotes are stripped and the rest kept as it is.
    return QStringLiteral("/d /s /c \"") + command + u'"';
}

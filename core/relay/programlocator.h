#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>

// Finds the program a command line names, the way the system's shell would.
//
// POSIX: a name with a slash is a path (relative to the working directory); a bare name is
// searched for in PATH (':'-separated) and must be executable.
//
// Windows (cmd.exe's rules): a name with a slash, a backslash or a drive is a path; a bare name
// is searched for in the working directory, then in PATH (';'-separated). A name without an
// extension is tried with each of PATHEXT's (.COM, .EXE, .BAT, .CMD), and what is found must
// have one of them.
struct ProgramSearchRules
{
    bool windows = false;
    QStringList executableSuffixes; // Windows: PATHEXT's, lower case, with the dot

    static ProgramSearchRules posix() { return {}; }
    static ProgramSearchRules windowsWith(const QString &pathExt); // PATHEXT, or its default
    static ProgramSearchRules native();                            // this system's
};

struct LocatedProgram
{
    QString path;            // set when found and executable
    int failureExitCode = 0; // 127: not found; 126: found but not executable
    QString error;           // one line, e.g. "clangd: command not found"
    // Windows: a .bat or .cmd file, which only cmd.exe runs (see batchCommandLine()).
    bool isBatchFile = false;
};

// The program's name as people call it: "clangd" for /usr/bin/clangd, and on Windows also for
// C:\LLVM\bin\clangd.exe (an executable extension is left out).
QString programName(const QString &program,
                    const ProgramSearchRules &rules = ProgramSearchRules::native());

LocatedProgram locateProgram(const QString &program, const QString &workingDirectory,
                             const QString &searchPath,
                             const ProgramSearchRules &rules = ProgramSearchRules::native());

// Windows: cmd.exe's command line (QProcess::setNativeArguments) that runs a batch file with
// `arguments`, or an empty string with `error` set when an argument holds a character that
// cmd.exe would read as its own (& | < > ^ % ! " or a line break): cmd.exe gives such a character
// a meaning of its own even inside quotes, so it cannot be passed on safely.
QString batchCommandLine(const QString &batchFile, const QStringList &arguments, QString *error);

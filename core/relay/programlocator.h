#pragma once

#include <QtCore/QString>

// Finds the program a command line names, the way a POSIX shell would: a name with a slash is a
// path (relative to the working directory); a bare name is searched for in PATH.
struct LocatedProgram
{
    QString path;            // set when found and executable
    int failureExitCode = 0; // 127: not found; 126: found but not executable
    QString error;           // one line, e.g. "clangd: command not found"
};

LocatedProgram locateProgram(const QString &program, const QString &workingDirectory,
                             const QString &searchPath);

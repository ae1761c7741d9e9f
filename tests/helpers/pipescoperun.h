#pragma once

// Runs the pipescope binary to its end, as a script would.
#include "testconfig.h"

#include <QtCore/QProcess>
#include <QtCore/QStringList>

struct PipescopeRun
{
    QByteArray out;
    QByteArray err;
    int code = -1;
};

// Says in the log how a run that did not end well ended, so that a failed check on its output
// names the cause. A program that could not be started at all is tried once more: under Wine on
// a loaded machine, starting a process now and then fails before pipescope runs a single
// instruction.
inline PipescopeRun runPipescope(const QStringList &arguments)
{
    for (int attempt = 0;; ++attempt) {
        QProcess process;
        process.start(QStringLiteral(PIPESCOPE_BINARY), arguments);
        process.closeWriteChannel();
        const bool finished = process.waitForFinished(30000);
        if (!finished)
            process.kill();
        const PipescopeRun run{process.readAllStandardOutput(), process.readAllStandardError(),
                               process.exitCode()};
        if (process.error() == QProcess::FailedToStart && attempt == 0) {
            qWarning("pipescope %s did not start (%s); trying once more",
                     qPrintable(arguments.join(u' ')), qPrintable(process.errorString()));
            continue;
        }
        if (!finished || process.exitStatus() != QProcess::NormalExit || run.code != 0) {
            qWarning("pipescope %s: %s, exit code %d, stderr: %s", qPrintable(arguments.join(u' ')),
                     finished ? qPrintable(process.errorString()) : "timed out", run.code,
                     run.err.constData());
        }
        return run;
    }
}

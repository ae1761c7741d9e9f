#pragma once

// Records real traffic of tests/helpers/protocolserver through the pipescope binary, the test
// playing the client.
#include "testconfig.h"

#include <QtCore/QProcess>
#include <QtCore/QStringList>

// Records a session of `protocolserver ARGS` in `path`, playing the client: each step writes
// its bytes and then waits until the server's stdout holds `until` (when given). Headless, or
// with the live window open (offscreen in the tests), which decodes the traffic as it passes.
struct Step
{
    QByteArray write;
    QByteArray until;
};

enum class Recorder { Headless, WithWindow };

inline bool recordSession(const QString &path, const QStringList &serverArguments,
                          const QList<Step> &steps, Recorder recorder = Recorder::Headless)
{
    QProcess pipescope;
    QStringList arguments{recorder == Recorder::Headless ? QStringLiteral("--no-gui")
                                                         : QStringLiteral("--exit-with-child"),
                          QStringLiteral("--record"), path, QStringLiteral("--"),
                          QStringLiteral(PROTOCOLSERVER_BINARY)};
    pipescope.start(QStringLiteral(PIPESCOPE_BINARY), arguments + serverArguments);
    if (!pipescope.waitForStarted())
        return false;
    QByteArray out;
    for (const Step &step : steps) {
        pipescope.write(step.write);
        while (!step.until.isEmpty() && !out.contains(step.until)) {
            if (!pipescope.waitForReadyRead(10000))
                return false;
            out += pipescope.readAllStandardOutput();
        }
    }
    pipescope.closeWriteChannel();
    return pipescope.waitForFinished(10000) && pipescope.exitCode() == 0;
}

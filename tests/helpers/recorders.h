#pragma once

// Headless recorders the tests start, as an editor starts its servers, and the private runtime
// and cache directories they and the test share (the session registry and sessionsDirectory()).
#include "testconfig.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtCore/QUuid>

#include <memory>

namespace recorders {

// Points this test, and the programs it starts, at directories of `home`: a registry and a
// sessions directory no other test shares.
inline void useOwnDirectories(const QTemporaryDir &home)
{
    const QString runtime = home.filePath(QStringLiteral("run"));
    QDir().mkpath(runtime);
    QFile::setPermissions(runtime,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(home.filePath(QStringLiteral("cache"))));
}

// A name no other session uses (Windows shares a sessions directory between tests).
inline QString uniqueName(const QString &base)
{
    return base + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(8);
}

// pipescope recording the test child echoing its stdin, as session `name`, until its stdin is
// closed; headless unless `options` say otherwise.
inline std::unique_ptr<QProcess> start(const QString &name,
                                       const QStringList &options = {QStringLiteral("--no-gui")})
{
    auto process = std::make_unique<QProcess>();
    process->start(QStringLiteral(PIPESCOPE_BINARY),
                   options
                       + QStringList{QStringLiteral("--name"), name, QStringLiteral("--"),
                                     QStringLiteral(TESTCHILD_BINARY), QStringLiteral("echo")});
    process->waitForStarted();
    return process;
}

} // namespace recorders

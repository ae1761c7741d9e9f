#include "capture/sessionlist.h"

#include "capture/sessionregistry.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QSet>
#include <QtCore/QStandardPaths>

#include <algorithm>

namespace {

ListedSession readListedSession(const QString &path)
{
    ListedSession listed;
    listed.sessionFile = path;
    const QFileInfo info(path);
    listed.fileSize = info.size();
    listed.lastModifiedMs = info.lastModified().toMSecsSinceEpoch();
    SessionSummaryReader reader(path);
    if (!reader.readToEnd())
        listed.error = reader.errorString();
    listed.summary = reader.summary();
    return listed;
}

bool newestFirst(const ListedSession &a, const ListedSession &b)
{
    return a.startedAtMs() > b.startedAtMs();
}

} // namespace

qint64 ListedSession::startedAtMs() const
{
    return summary.startedAtMs ? summary.startedAtMs : lastModifiedMs;
}

qint64 ListedSession::durationMs() const
{
    if (live && summary.startedAtMs > 0)
        return qMax(qint64(0), QDateTime::currentMSecsSinceEpoch() - summary.startedAtMs);
    return summary.durationMs();
}

QString sessionDurationText(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s >= 3600)
        return QStringLiteral("%1 h %2 min")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QLatin1Char('0'));
    if (s >= 60)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 s").arg(s);
}

QString sessionsDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
           + QStringLiteral("/pipescope/sessions");
}

QFileInfoList recentSessionFiles(int limit)
{
    QFileInfoList files = QDir(sessionsDirectory())
                              .entryInfoList({QStringLiteral("*.pcapng")}, QDir::Files, QDir::Time);
    if (files.size() > limit)
        files.resize(limit);
    return files;
}

QList<ListedSession> listSessions(int recentLimit)
{
    QList<ListedSession> live;
    QList<ListedSession> recent;
    QSet<QString> listedFiles;
    for (const RegistryEntry &entry : readSessionRegistry()) {
        ListedSession listed = readListedSession(entry.session.sessionFile);
        listed.live = entry.live;
        listed.recorderPid = entry.session.recorderPid;
        if (entry.live)
            listed.registryEntry = entry.entryPath;
        // What the file cannot say yet (its started event is not written), the entry does.
        if (listed.summary.name.isEmpty())
            listed.summary.name = entry.session.name;
        if (listed.summary.command.isEmpty())
            listed.summary.command = entry.session.command;
        if (listed.summary.startedAtMs == 0)
            listed.summary.startedAtMs = entry.session.startedAtMs;
        if (listed.summary.startedBy.pid == 0)
            listed.summary.startedBy = entry.session.startedBy;
        listedFiles.insert(QFileInfo(listed.sessionFile).absoluteFilePath());
        (entry.live ? live : recent).append(listed);
    }
    for (const QFileInfo &file : recentSessionFiles(recentLimit)) {
        if (!listedFiles.contains(file.absoluteFilePath()))
            recent.append(readListedSession(file.absoluteFilePath()));
    }
    std::sort(live.begin(), live.end(), newestFirst);
    std::sort(recent.begin(), recent.end(), newestFirst);
    if (recent.size() > recentLimit)
        recent.resize(recentLimit);
    return live + recent;
}

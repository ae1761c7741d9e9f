#include "capture/sessionregistry.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLockFile>
#include <QtCore/QSaveFile>

#include <algorithm>
#include <atomic>

namespace {

const QLatin1String entrySuffix(".json");
const QLatin1String monitorLockName("monitor-%1.lock"); // the monitor's pid
const QLatin1String monitorLockPattern("monitor-*.lock");
const QLatin1String lockSuffix(".lock");

QString registryDirectory()
{
    QString error;
    return privateRuntimeDirectory(&error);
}

// The lock beside an entry: "4242-1.json" is held through "4242-1.lock".
QString lockPathOf(const QString &entryPath)
{
    return entryPath.chopped(entrySuffix.size()) + lockSuffix;
}

// A lock file whose holder's death makes it stale at once, however young (QLockFile looks for
// its process), and never by age: a recorder may run for weeks.
std::unique_ptr<QLockFile> lockFile(const QString &path)
{
    auto lock = std::make_unique<QLockFile>(path);
    lock->setStaleLockTime(0);
    return lock;
}

} // namespace

QByteArray RegisteredSession::toJson() const
{
    QJsonObject object{
        {QStringLiteral("name"), name},
        {QStringLiteral("sessionFile"), sessionFile},
        {QStringLiteral("pid"), recorderPid},
        {QStringLiteral("command"), QJsonArray::fromStringList(command)},
        {QStringLiteral("cwd"), workingDirectory},
        {QStringLiteral("startedAtMs"), startedAtMs},
        {QStringLiteral("parentPid"), startedBy.pid},
        {QStringLiteral("parentName"), startedBy.name},
    };
    if (showInMonitor)
        object.insert(QStringLiteral("showInMonitor"), true);
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<RegisteredSession> RegisteredSession::fromJson(const QByteArray &json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    RegisteredSession session;
    session.name = object.value(QStringLiteral("name")).toString();
    session.sessionFile = object.value(QStringLiteral("sessionFile")).toString();
    session.recorderPid = object.value(QStringLiteral("pid")).toInteger();
    for (const QJsonValue &value : object.value(QStringLiteral("command")).toArray())
        session.command << value.toString();
    session.workingDirectory = object.value(QStringLiteral("cwd")).toString();
    session.startedAtMs = object.value(QStringLiteral("startedAtMs")).toInteger();
    session.startedBy.pid = object.value(QStringLiteral("parentPid")).toInteger();
    session.startedBy.name = object.value(QStringLiteral("parentName")).toString();
    session.showInMonitor = object.value(QStringLiteral("showInMonitor")).toBool();
    if (session.sessionFile.isEmpty())
        return std::nullopt;
    return session;
}

SessionRegistration::SessionRegistration() = default;

SessionRegistration::~SessionRegistration()
{
    if (!m_lock)
        return;
    // The entry first: a reader that finds an entry without its lock takes it for stale.
    QFile::remove(m_entryPath);
    m_lock->unlock();
}

bool SessionRegistration::add(const RegisteredSession &session, QString *error)
{
    const QString directory = privateRuntimeDirectory(error);
    if (directory.isEmpty())
        return false;
    // One process may record several sessions (a window launches programs): numbered.
    static std::atomic<int> counter{0};
    const QString base
        = QDir(directory).filePath(QStringLiteral("%1-%2").arg(session.recorderPid).arg(++counter));
    auto lock = lockFile(base + lockSuffix);
    if (!lock->tryLock(0)) {
        *error = QStringLiteral("cannot lock %1").arg(base + lockSuffix);
        return false;
    }
    // Whole or not at all: a reader never sees half an entry.
    QSaveFile entry(base + entrySuffix);
    if (!entry.open(QIODevice::WriteOnly) || entry.write(session.toJson()) < 0 || !entry.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(entry.fileName(), entry.errorString());
        return false; // the lock goes with `lock`
    }
    m_lock = std::move(lock);
    m_entryPath = base + entrySuffix;
    return true;
}

MonitorPresence::MonitorPresence()
{
    const QString directory = registryDirectory();
    if (directory.isEmpty())
        return;
    // One lock per monitor: several may run, and each ends on its own.
    auto lock = lockFile(
        QDir(directory).filePath(QString(monitorLockName).arg(QCoreApplication::applicationPid())));
    if (lock->tryLock(0))
        m_lock = std::move(lock);
}

MonitorPresence::~MonitorPresence() = default; // QLockFile unlocks as it goes

bool isMonitorRunning()
{
    const QString directory = registryDirectory();
    if (directory.isEmpty())
        return false;
    const QDir dir(directory);
    for (const QString &name : dir.entryList({monitorLockPattern}, QDir::Files)) {
        // A lock that can be taken has no live holder (and goes as the probe does).
        if (!lockFile(dir.filePath(name))->tryLock(0))
            return true;
    }
    return false;
}

bool isRecorderRunning(const QString &entryPath)
{
    if (!QFile::exists(entryPath))
        return false; // it ended, and took its entry away
    // A lock that can be taken has no live holder.
    return !lockFile(lockPathOf(entryPath))->tryLock(0);
}

QList<RegistryEntry> readSessionRegistry()
{
    QList<RegistryEntry> entries;
    const QString directory = registryDirectory();
    if (directory.isEmpty())
        return entries;
    const QDir dir(directory);
    for (const QString &name :
         dir.entryList({QLatin1String("*") + entrySuffix}, QDir::Files, QDir::Name)) {
        const QString entryPath = dir.filePath(name);
        QFile file(entryPath);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const auto session = RegisteredSession::fromJson(file.readAll());
        file.close();
        auto probe = lockFile(lockPathOf(entryPath));
        const bool live = !probe->tryLock(0);
        if (!live) {
            // Its recorder is gone: the entry goes, then the lock we now hold.
            QFile::remove(entryPath);
            probe->unlock();
        }
        if (session)
            entries.append({*session, entryPath, live});
    }
    std::sort(entries.begin(), entries.end(), [](const RegistryEntry &a, const RegistryEntry &b) {
        return a.session.startedAtMs < b.session.startedAtMs;
    });
    return entries;
}

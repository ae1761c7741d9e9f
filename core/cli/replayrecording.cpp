#include "cli/replayrecording.h"

#include "codec/shellwords.h"
#include "relay/proxysession.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>

bool ReplayRecording::create(const QString &path, const QString &sessionName,
                             const QStringList &commandLine)
{
    QString target = path;
    auto creation = PrivateFileCreation::ReplaceExisting;
    if (target.isEmpty()) {
        target = newAutosavePath(sessionName, &m_error);
        if (target.isEmpty())
            return false;
        creation = PrivateFileCreation::NewFileOnly;
    }
    if (!m_store.create(target,
                        QStringLiteral("pipescope session: ") + joinedCommandLine(commandLine),
                        creation)) {
        m_error = m_store.errorString();
        return false;
    }
    SessionEvent started = SessionEvent::started(commandLine, QDir::currentPath(),
                                                 QCoreApplication::applicationPid(),
                                                 m_clock.startEpochNs() / 1000000);
    started.sessionName = sessionName;
    started.pipescopeVersion = QCoreApplication::applicationVersion();
    record(started);
    return true;
}

void ReplayRecording::record(Stream stream, QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    m_store.append(stream, m_clock.nowNs(), bytes.data(), bytes.size());
    flushPeriodically();
}

void ReplayRecording::record(const SessionEvent &event)
{
    const QByteArray payload = event.toPayload();
    m_store.append(Stream::Event, m_clock.nowNs(), payload.constData(), payload.size());
    flushPeriodically();
}

// As every recorder does, hands what was recorded to the file at least every 100 ms while it
// records (finish() hands the rest).
void ReplayRecording::flushPeriodically()
{
    constexpr int flushIntervalMs = 100;
    if (m_sinceFlush.isValid() && m_sinceFlush.elapsed() < flushIntervalMs)
        return;
    m_store.flush();
    m_sinceFlush.start();
}

bool ReplayRecording::finish()
{
    return m_store.flushAndWait() && !m_store.failed();
}

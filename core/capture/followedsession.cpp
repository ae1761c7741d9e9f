#include "capture/followedsession.h"

#include "capture/sessionregistry.h"

#include <QtCore/QTimer>

namespace {

// A byte flushed by the recorder (every 100 ms) is read within this.
constexpr int pollIntervalMs = 50;
// Whether the recorder still runs is asked less often: it takes a few file operations.
constexpr int pollsPerRecorderCheck = 10;

} // namespace

FollowedSession::FollowedSession(const QString &path, const QString &registryEntry, QObject *parent)
    : QObject(parent)
    , m_registryEntry(registryEntry)
    , m_timer(new QTimer(this))
{
    m_store.follow(path);
    m_timer->setInterval(pollIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &FollowedSession::poll);
}

FollowedSession::~FollowedSession() = default;

bool FollowedSession::start()
{
    if (m_store.failed())
        return false;
    readToEnd();
    if (m_store.failed())
        return false;
    m_recording = !m_registryEntry.isEmpty() && isRecorderRunning(m_registryEntry);
    if (m_recording)
        m_timer->start();
    return true;
}

void FollowedSession::poll()
{
    const qsizetype before = m_store.count();
    m_store.readAppended();
    takeIn(before);
    if (++m_pollsSinceRecorderCheck < pollsPerRecorderCheck)
        return;
    m_pollsSinceRecorderCheck = 0;
    if (isRecorderRunning(m_registryEntry))
        return;
    // It let go of the file (or died): what it wrote last is in the file now.
    readToEnd();
    m_timer->stop();
    m_recording = false;
    emit stateChanged();
    emit finished();
}

// Takes in what the file has now, in pieces until none is left.
void FollowedSession::readToEnd()
{
    const qsizetype before = m_store.count();
    while (m_store.readAppended() > 0) {
    }
    takeIn(before);
}

// Keeps the summary (the program's pid, how it ended) up to date with records from `from` on.
void FollowedSession::takeIn(qsizetype from)
{
    const qsizetype count = m_store.count();
    bool changed = false;
    for (qsizetype i = from; i < count; ++i) {
        const ChunkRecord record = m_store.record(i);
        const bool event = record.stream == Stream::Event;
        m_summary.add(record, event ? m_store.payload(record) : QByteArray());
        changed = changed || event;
    }
    if (changed)
        emit stateChanged();
}

QString FollowedSession::state() const
{
    if (!m_summary.end && m_recording && m_summary.childPid > 0)
        return QStringLiteral("running, pid %1").arg(m_summary.childPid);
    return m_summary.status(m_recording);
}

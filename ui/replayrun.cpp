#include "replayrun.h"

#include "cli/replaycommands.h"
#include "comparisonwindow.h"

#include <QtCore/QFileInfo>
#include <QtCore/QThread>

ReplayRun::ReplayRun(const QString &recordedPath, const ClientReplaySettings &settings,
                     QObject *parent)
    : QObject(parent)
    , m_recordedPath(recordedPath)
    , m_settings(settings)
{
}

ReplayRun::~ReplayRun()
{
    if (m_thread) {
        m_thread->wait(); // a replay ends on its own, its waits all bounded by the timeout
        delete m_thread;
    }
}

bool ReplayRun::start(QString *error)
{
    QString warning;
    if (!loadConversation(m_recordedPath, FramingChoice(), &m_recorded, error, &warning))
        return false;
    m_comparison = ComparisonSettings::defaults(m_recorded.protocol);
    ReplayOptions options;
    options.role = ReplayOptions::Role::Client;
    options.sessionPath = m_recordedPath;
    options.program = m_settings.program;
    options.arguments = m_settings.arguments;
    if (!m_recording.create(QString(), replaySessionName(m_recordedPath),
                            replayCommandLine(options))) {
        *error = m_recording.errorString();
        return false;
    }
    // The replay's QProcess lives and dies in the thread.
    m_thread = QThread::create([this] {
        ClientReplay replay(m_recorded, m_settings, &m_recording);
        if (!replay.run())
            m_error = replay.error();
    });
    connect(m_thread, &QThread::finished, this, [this] {
        if (m_error.isEmpty())
            checkReplay(&m_recording, m_recorded, m_comparison, nullptr);
        else
            m_recording.finish();
        emit finished(m_error);
    });
    m_thread->start();
    return true;
}

bool ReplayRun::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

ComparisonWindow *ReplayRun::comparison(QWidget *parent) const
{
    return new ComparisonWindow({m_recorded, QFileInfo(m_recordedPath).fileName()},
                                {replayedConversation(m_recording.store(), m_recorded),
                                 QFileInfo(m_recording.path()).fileName()},
                                m_comparison, {Stream::Stdout}, parent);
}

#include "relay/proxysession.h"
#include "codec/shellwords.h"

#include "capture/sessionlist.h"
#include "platform/privatefile.h"
#include "relay/programlocator.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>
#include <QtCore/QThread>

ProxySession::ProxySession(const RelayConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
}

ProxySession::~ProxySession()
{
    if (!m_thread)
        return;
    // The relay and its QProcess live in the relay thread: they are deleted there as it
    // finishes (deleteLater, see start()). Not with a blocking call into the thread: its
    // handshake happens inside Qt, where ThreadSanitizer cannot see it.
    m_thread->quit();
    m_thread->wait();
}

bool ProxySession::start(const QString &recordPath)
{
    if (m_config.sessionName.isEmpty())
        m_config.sessionName = programName(m_config.program);
    if (m_config.startedBy.pid == 0)
        m_config.startedBy = parentProcess();
    QString path = recordPath;
    auto creation = PrivateFileCreation::ReplaceExisting;
    if (path.isEmpty()) {
        path = newAutosavePath(m_config.sessionName, &m_errorString);
        if (path.isEmpty())
            return false;
        creation = PrivateFileCreation::NewFileOnly;
    }
    const QString comment = QStringLiteral("pipescope session: ")
                            + joinedCommandLine(QStringList{m_config.program} + m_config.arguments);
    if (!m_store.create(path, comment, creation)) {
        m_errorString = m_store.errorString();
        return false;
    }
    registerSession(path);

    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("relay"));
    m_relay = new StdioRelay(m_config, &m_store);
    m_relay->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_relay, &QObject::deleteLater);
    // Direct: childStarted comes from the relay thread before any byte is relayed, so that a
    // receiver connected without a context object (signal forwarding) is in place in time.
    connect(
        m_relay, &StdioRelay::started, this,
        [this](qint64 pid) {
            m_childPid = pid;
            emit childStarted(pid);
        },
        Qt::DirectConnection);
    const auto onChildExited = [this](ChildExit exit) {
        m_errorString = m_relay->errorString();
        m_childExited = true;
        emit childExited(exit);
    };
    connect(m_relay, &StdioRelay::childExited, this, onChildExited);
    connect(m_relay, &StdioRelay::finished, this, [this, onChildExited](ChildExit exit) {
        if (!m_childExited) // it could not be started
            onChildExited(exit);
        // Recording is over, and its end in the file (finished() says so): no longer listed.
        m_registration.reset();
        emit finished(exit);
    });
    // start() runs in the relay thread as it starts, before its event loop.
    connect(m_thread, &QThread::started, m_relay, &StdioRelay::start);
    m_thread->start();
    return true;
}

void ProxySession::registerSession(const QString &path)
{
    RegisteredSession entry;
    entry.name = m_config.sessionName;
    entry.sessionFile = QFileInfo(path).absoluteFilePath();
    entry.recorderPid = QCoreApplication::applicationPid();
    entry.command = QStringList{m_config.program} + m_config.arguments;
    entry.workingDirectory
        = m_config.workingDirectory.isEmpty() ? QDir::currentPath() : m_config.workingDirectory;
    entry.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    entry.startedBy = m_config.startedBy;
    entry.showInMonitor = m_config.showInMonitor;
    m_registration = std::make_unique<SessionRegistration>();
    QString error;
    // Unlisted, the session still records: never a reason not to relay.
    if (!m_registration->add(entry, &error))
        qWarning("pipescope: %s: the session is recorded but not listed in `pipescope sessions`",
                 qPrintable(error));
}

void ProxySession::sendInput(const QByteArray &bytes)
{
    if (m_relay)
        QMetaObject::invokeMethod(m_relay, [relay = m_relay, bytes] { relay->sendInput(bytes); });
}

void ProxySession::closeInput()
{
    if (m_relay)
        QMetaObject::invokeMethod(m_relay, &StdioRelay::closeInput);
}

void ProxySession::signalChild(ProcessSignal signal)
{
    if (m_relay)
        QMetaObject::invokeMethod(m_relay,
                                  [relay = m_relay, signal] { relay->signalChild(signal); });
}

void ProxySession::callTrafficHandler(const std::function<void(TrafficHandler &)> &call)
{
    if (m_relay) {
        QMetaObject::invokeMethod(m_relay, [relay = m_relay, call] {
            if (TrafficHandler *handler = relay->trafficHandler())
                call(*handler);
        });
    }
}

QString newAutosavePath(const QString &sessionName, QString *error)
{
    const QString directory = sessionsDirectory();
    if (!makePrivateDirectory(directory, error))
        return QString();
    // Unique within this pipescope (a window may launch several sessions a second); the file
    // is still created with O_EXCL, so another process cannot be overwritten either.
    const QString stamp
        = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    // The program's name first: what Save As and the exports suggest, and what people look for.
    QString name = sessionName;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._+-]")), QStringLiteral("_"));
    if (name.isEmpty() || name.startsWith(u'.'))
        name.prepend(QStringLiteral("session"));
    const QString base
        = QStringLiteral("%1-%2-%3").arg(name, stamp).arg(QCoreApplication::applicationPid());
    QString path = QDir(directory).filePath(base + QStringLiteral(".pcapng"));
    for (int n = 2; QFile::exists(path); ++n)
        path = QDir(directory).filePath(QStringLiteral("%1-%2.pcapng").arg(base).arg(n));
    return path;
}

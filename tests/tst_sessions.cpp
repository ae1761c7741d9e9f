// The sessions on the machine: recorders register themselves while they run, `pipescope
// sessions` and listSessions() find them, and an entry whose recorder died is shown as ended.
#include "capture/sessionlist.h"
#include "capture/sessionregistry.h"
#include "helpers/recorders.h"
#include "testutils.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <memory>

namespace {

std::optional<ListedSession> listed(const QString &name)
{
    for (const ListedSession &session : listSessions(100)) {
        if (session.summary.name == name)
            return session;
    }
    return std::nullopt;
}

// A headless recorder of the test child echoing its stdin, named `name`, recording to the
// sessions directory; it runs until its stdin is closed. Returns once it is listed and its
// session file has `input` (sent to it) on stdin; null when that does not happen in time.
std::unique_ptr<QProcess> startRecorder(const QString &name, const QByteArray &input)
{
    auto process = recorders::start(name);
    process->write(input);
    const bool recorded = QTest::qWaitFor(
        [&] {
            const auto session = listed(name);
            return session && session->summary.bytes[Stream::Stdin] == input.size();
        },
        10000);
    return recorded ? std::move(process) : nullptr;
}

// `pipescope sessions ARGUMENTS`'s standard output.
QByteArray runSessionsCommand(const QStringList &arguments)
{
    QProcess sessions;
    sessions.start(QStringLiteral(PIPESCOPE_BINARY),
                   QStringList{QStringLiteral("sessions")} + arguments);
    if (!sessions.waitForFinished(20000) || sessions.exitCode() != 0)
        return QByteArray();
    return sessions.readAllStandardOutput();
}

} // namespace

class tst_Sessions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // A runtime and a cache directory of our own, for us and the recorders we start.
        QVERIFY(m_home.isValid());
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_home.filePath(QStringLiteral("run"))));
        qputenv("XDG_CACHE_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("cache"))));
        QDir().mkpath(m_home.filePath(QStringLiteral("run")));
        QFile::setPermissions(m_home.filePath(QStringLiteral("run")), QFileDevice::ReadOwner
                                                                          | QFileDevice::WriteOwner
                                                                          | QFileDevice::ExeOwner);
    }

    void runningRecordersAreListed()
    {
        const QString alpha = recorders::uniqueName(QStringLiteral("alpha"));
        const QString beta = recorders::uniqueName(QStringLiteral("beta"));
        auto first = startRecorder(alpha, "hello\n");
        auto second = startRecorder(beta, "");
        QVERIFY(first && second);
        for (const QString &name : {alpha, beta}) {
            const ListedSession session = *listed(name);
            QVERIFY(session.live);
            QCOMPARE(session.status(), QStringLiteral("running"));
            QCOMPARE(QFileInfo(session.summary.command.value(0)).completeBaseName(),
                     QStringLiteral("testchild"));
            // Started by this test, as an editor starts its servers.
            QCOMPARE(session.summary.startedBy.pid, QCoreApplication::applicationPid());
#ifdef Q_OS_LINUX
            QCOMPARE(session.summary.startedBy.name, QStringLiteral("tst_sessions"));
#endif
            QVERIFY(QFileInfo(session.sessionFile).fileName().startsWith(name));
        }
        QTRY_COMPARE_WITH_TIMEOUT(listed(alpha)->summary.bytes[Stream::Stdout], 6, 5000); // echoed

        // Ended: no longer live, and how the child ended.
        first->closeWriteChannel();
        second->closeWriteChannel();
        QVERIFY(first->waitForFinished(10000));
        QVERIFY(second->waitForFinished(10000));
        for (const QString &name : {alpha, beta}) {
            const ListedSession session = *listed(name);
            QVERIFY(!session.live);
            QCOMPARE(session.status(), QStringLiteral("exited with code 0"));
        }
    }

    void recorderKilledIsShownEnded()
    {
        const QString name = recorders::uniqueName(QStringLiteral("victim"));
        auto recorder = startRecorder(name, "before the end\n");
        QVERIFY(recorder);
        QTRY_COMPARE_WITH_TIMEOUT(listed(name)->summary.bytes[Stream::Stdout], 15, 5000);
        const QString entryPath = [&] {
            for (const RegistryEntry &entry : readSessionRegistry()) {
                if (entry.session.name == name)
                    return entry.entryPath;
            }
            return QString();
        }();
        QVERIFY(isRecorderRunning(entryPath));

        testutils::killAbruptly(*recorder);
        QVERIFY(recorder->waitForFinished(10000)); // reaped, as its parent would
        QVERIFY(!isRecorderRunning(entryPath));
        const ListedSession session = *listed(name);
        QVERIFY(!session.live);
        QCOMPARE(session.status(), QStringLiteral("recorder gone"));
        // Every record that reached the file is there.
        QCOMPARE(session.summary.bytes[Stream::Stdout], 15);
        // Cleaned up: the entry is gone, the session file stays.
        QVERIFY(!QFile::exists(entryPath));
        QVERIFY(QFile::exists(session.sessionFile));
        for (const RegistryEntry &entry : readSessionRegistry())
            QVERIFY(entry.session.name != name);
    }

    void sessionsCommand()
    {
        const QString name = recorders::uniqueName(QStringLiteral("listed"));
        auto recorder = startRecorder(name, "ping\n");
        QVERIFY(recorder);

        const QJsonArray list
            = QJsonDocument::fromJson(runSessionsCommand({QStringLiteral("--json")})).array();
        QJsonObject found;
        for (const QJsonValue &value : list) {
            if (value.toObject().value(QStringLiteral("name")).toString() == name)
                found = value.toObject();
        }
        QCOMPARE(found.value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        QCOMPARE(found.value(QStringLiteral("pid")).toInteger(), recorder->processId());
        QVERIFY(QFile::exists(found.value(QStringLiteral("sessionFile")).toString()));
        QCOMPARE(found.value(QStringLiteral("bytes")).toObject().value(QStringLiteral("stdin")), 5);
        QCOMPARE(found.value(QStringLiteral("startedBy"))
                     .toObject()
                     .value(QStringLiteral("pid"))
                     .toInteger(),
                 QCoreApplication::applicationPid());

        // The table for people: a header, and the session's line with its name and status.
        const QStringList lines = QString::fromLocal8Bit(runSessionsCommand({})).split(u'\n');
        QVERIFY(lines.value(0).startsWith(QStringLiteral("NAME")));
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(), [&](const QString &line) {
            return line.startsWith(name) && line.contains(QStringLiteral("running"));
        }));

        recorder->closeWriteChannel();
        QVERIFY(recorder->waitForFinished(10000));
    }

    void wrongArguments()
    {
        QProcess sessions;
        sessions.start(QStringLiteral(PIPESCOPE_BINARY),
                       {QStringLiteral("sessions"), QStringLiteral("extra")});
        QVERIFY(sessions.waitForFinished(20000));
        QCOMPARE(sessions.exitCode(), 2);
        QCOMPARE(sessions.readAllStandardError().trimmed(),
                 QByteArray("pipescope: sessions takes no arguments (only --json) (see pipescope "
                            "--help)"));
        QVERIFY(sessions.readAllStandardOutput().isEmpty());
    }

private:
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(tst_Sessions)
#include "tst_sessions.moc"

// What pipescope must never do with the traffic it records or the machine it runs on: let
// another user read a capture or make us overwrite a file through a prepared name, open a network
// socket, or keep the values of environment variables.
#include "relay/proxysession.h"
#include "testconfig.h"
#include "testutils.h"
#include "wine.h"

#include <QtCore/QDir>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest>

#ifdef Q_OS_WIN
#include <winsock2.h>
#include <ws2tcpip.h>
// After winsock2.h:
#include <iphlpapi.h>
#else
#include <csignal>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace {

struct Finished
{
    QByteArray out;
    QByteArray err;
    int code = -1;
};

Finished runPipescope(const QStringList &arguments, const QProcessEnvironment &environment
                                                    = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(PIPESCOPE_BINARY), arguments);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000))
        process.kill();
    return {process.readAllStandardOutput(), process.readAllStandardError(), process.exitCode()};
}

#ifdef Q_OS_UNIX
int fileMode(const QString &path)
{
    struct stat info = {};
    ::stat(QFile::encodeName(path).constData(), &info);
    return int(info.st_mode & 07777);
}

// A directory anyone can write to, like /tmp (sticky, 1777).
QString makeSharedDirectory(const QTemporaryDir &parent)
{
    const QString path = parent.filePath(QStringLiteral("shared"));
    QDir().mkdir(path);
    ::chmod(QFile::encodeName(path).constData(), 01777);
    return path;
}
#endif

#ifdef Q_OS_WIN
// One of the system's tables of sockets by owner, read by `get(buffer, &size)`; empty if it
// cannot be read.
template<typename Get>
QByteArray socketTable(Get get)
{
    DWORD size = 0;
    get(nullptr, &size);
    QByteArray buffer(int(size), Qt::Uninitialized);
    return get(buffer.data(), &size) == NO_ERROR ? buffer : QByteArray();
}

// The rows of such a table that process `pid` owns, as "tcp port 80".
template<typename Table>
QStringList ownedBy(qint64 pid, const QByteArray &buffer, const char *kind)
{
    QStringList found;
    if (buffer.isEmpty())
        return found;
    const auto *table = reinterpret_cast<const Table *>(buffer.constData());
    for (DWORD i = 0; i < table->dwNumEntries; ++i) {
        if (table->table[i].dwOwningPid == DWORD(pid))
            found.append(QStringLiteral("%1 port %2")
                             .arg(QLatin1String(kind))
                             .arg(ntohs(u_short(table->table[i].dwLocalPort))));
    }
    return found;
}

// The internet sockets (TCP and UDP, IPv4 and IPv6) process `pid` holds open.
QStringList openInternetSockets(qint64 pid)
{
    const auto tcp = [](ULONG family) {
        return socketTable([family](PVOID table, PDWORD size) {
            return GetExtendedTcpTable(table, size, FALSE, family, TCP_TABLE_OWNER_PID_ALL, 0);
        });
    };
    const auto udp = [](ULONG family) {
        return socketTable([family](PVOID table, PDWORD size) {
            return GetExtendedUdpTable(table, size, FALSE, family, UDP_TABLE_OWNER_PID, 0);
        });
    };
    return ownedBy<MIB_TCPTABLE_OWNER_PID>(pid, tcp(AF_INET), "tcp")
           + ownedBy<MIB_TCP6TABLE_OWNER_PID>(pid, tcp(AF_INET6), "tcp6")
           + ownedBy<MIB_UDPTABLE_OWNER_PID>(pid, udp(AF_INET), "udp")
           + ownedBy<MIB_UDP6TABLE_OWNER_PID>(pid, udp(AF_INET6), "udp6");
}
#else
// The inodes of the internet sockets (TCP, UDP, raw; IPv4 and IPv6) in process `pid`'s network
// namespace, from /proc/PID/net/*: column 10 of each table.
QSet<QByteArray> internetSocketInodes(qint64 pid)
{
    QSet<QByteArray> inodes;
    for (const char *table : {"tcp", "tcp6", "udp", "udp6", "raw", "raw6", "udplite", "udplite6"}) {
        QFile file(QStringLiteral("/proc/%1/net/%2").arg(pid).arg(QLatin1String(table)));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        file.readLine(); // the header
        while (!file.atEnd()) {
            const QList<QByteArray> columns = file.readLine().simplified().split(' ');
            if (columns.size() > 9)
                inodes.insert(columns.at(9));
        }
    }
    return inodes;
}

// The internet sockets process `pid` holds open: its descriptors that are sockets
// ("socket:[INODE]") whose inode is in a TCP, UDP or raw table.
QStringList openInternetSockets(qint64 pid)
{
    const QSet<QByteArray> internet = internetSocketInodes(pid);
    QStringList found;
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    for (const QString &fd : fds.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)) {
        char link[256] = {};
        const ssize_t n
            = ::readlink(QFile::encodeName(fds.filePath(fd)).constData(), link, sizeof link - 1);
        const QByteArray name(link, n > 0 ? int(n) : 0);
        if (name.startsWith("socket:[") && internet.contains(name.mid(8, name.size() - 9))) {
            found.append(fd + QLatin1Char(' ') + QString::fromLatin1(name));
        }
    }
    return found;
}
#endif

// Wine's tables of sockets by owner (GetExtendedTcpTable) name no owner: pid 0 for every socket.
constexpr const char wineHidesSocketOwners[]
    = "Wine names no socket's owning process (pid 0 for every socket)";

} // namespace

class tst_Security : public QObject
{
    Q_OBJECT

private slots:
    void recordingRefusesWhatOthersPutInASharedDirectory_data();
    void recordingRefusesWhatOthersPutInASharedDirectory();
    void recordingReplacesItsOwnFileByANewOne();
    void socketCheckSeesAnInternetSocket();
    void opensNoNetworkSocket_data();
    void opensNoNetworkSocket();
    void sessionFileHoldsNoEnvironmentValues();
};

// In /tmp, another user could have prepared the name given to --record: a symbolic link to a
// file of ours (we would overwrite it) or a file of theirs (they would read the capture).
void tst_Security::recordingRefusesWhatOthersPutInASharedDirectory_data()
{
    QTest::addColumn<bool>("symlink");
    QTest::newRow("a symbolic link to a file of ours") << true;
    QTest::newRow("another user's file") << false;
}

void tst_Security::recordingRefusesWhatOthersPutInASharedDirectory()
{
    SKIP_ON_WINDOWS(
        "there is no shared, sticky directory like /tmp on Windows: %TEMP% is the user's own");
#ifdef Q_OS_UNIX
    QFETCH(bool, symlink);
    QTemporaryDir dir;
    const QString shared = makeSharedDirectory(dir);
    const QString record = shared + QStringLiteral("/session.pcapng");
    const QString precious = dir.filePath(QStringLiteral("precious.txt"));
    {
        QFile file(precious);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("do not overwrite\n");
    }
    if (symlink) {
        QVERIFY(QFile::link(precious, record));
    } else {
        if (::geteuid() != 0)
            QSKIP("giving a file to another user needs root");
        QVERIFY(QFile::copy(precious, record));
        QCOMPARE(::chown(QFile::encodeName(record).constData(), 65534, 65534), 0);
        ::chmod(QFile::encodeName(record).constData(), 0666);
    }

    const Finished run = runPipescope(
        testutils::headlessTestchild(record, {QStringLiteral("hex-out"), QStringLiteral("41")}));
    QCOMPARE(run.code, 1);
    QCOMPARE(run.out, QByteArray()); // the child was not started
    QCOMPARE(run.err, "pipescope: cannot create " + QFile::encodeName(record)
                          + ": it exists in a directory anyone can write to, and is not a file "
                            "of yours\n");
    QCOMPARE(testutils::fileBytes(precious), QByteArray("do not overwrite\n"));
    QCOMPARE(testutils::fileBytes(record), QByteArray("do not overwrite\n"));
#endif
}

// A file of ours in /tmp is replaced by a new file (created with O_EXCL), not truncated in
// place: whoever holds the old one (here: a hard link) keeps reading the old bytes.
void tst_Security::recordingReplacesItsOwnFileByANewOne()
{
    SKIP_ON_WINDOWS(
        "there is no shared, sticky directory like /tmp on Windows: %TEMP% is the user's own");
#ifdef Q_OS_UNIX
    QTemporaryDir dir;
    const QString shared = makeSharedDirectory(dir);
    const QString record = shared + QStringLiteral("/session.pcapng");
    {
        QFile file(record);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("an earlier capture\n");
    }
    ::chmod(QFile::encodeName(record).constData(), 0644);
    const QString oldLink = dir.filePath(QStringLiteral("old.pcapng"));
    QVERIFY(::link(QFile::encodeName(record).constData(), QFile::encodeName(oldLink).constData())
            == 0);

    const Finished run = runPipescope(
        testutils::headlessTestchild(record, {QStringLiteral("hex-out"), QStringLiteral("41")}));
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, QByteArray("A"));
    QCOMPARE(fileMode(record), 0600);
    QCOMPARE(testutils::loadSession(record).streamBytes(Stream::Stdout), QByteArray("A"));
    QCOMPARE(testutils::fileBytes(oldLink), QByteArray("an earlier capture\n"));
#endif
}

// The check below must be able to see a socket, or its silence would prove nothing.
void tst_Security::socketCheckSeesAnInternetSocket()
{
#ifdef Q_OS_WIN
    WSADATA winsock;
    QCOMPARE(WSAStartup(MAKEWORD(2, 2), &winsock), 0);
    const SOCKET fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd != INVALID_SOCKET);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    QCOMPARE(::listen(fd, 1), 0);
    const QStringList sockets = openInternetSockets(qint64(GetCurrentProcessId()));
    closesocket(fd);
    WSACleanup();
    if (runningUnderWine())
        QEXPECT_FAIL("", wineHidesSocketOwners, Continue);
    QCOMPARE(sockets.size(), 1);
#else
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    QCOMPARE(::listen(fd, 1), 0);
    const QStringList sockets = openInternetSockets(::getpid());
    ::close(fd);
    QCOMPARE(sockets.size(), 1);
#endif
}

void tst_Security::opensNoNetworkSocket_data()
{
    QTest::addColumn<bool>("window");
    QTest::newRow("headless proxy") << false;
    QTest::newRow("proxy with its window") << true;
}

void tst_Security::opensNoNetworkSocket()
{
    if (runningUnderWine())
        QSKIP(wineHidesSocketOwners); // the check would see nothing, whatever pipescope opened
    QFETCH(bool, window);
    QTemporaryDir dir;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
    QStringList arguments{QStringLiteral("--record"), dir.filePath(QStringLiteral("s.pcapng"))};
    arguments += window ? QStringLiteral("--exit-with-child") : QStringLiteral("--no-gui");
    arguments += {QStringLiteral("--"), QStringLiteral(TESTCHILD_BINARY),
                  QStringLiteral("pid-sleep"), QStringLiteral("3")};
    QProcess pipescope;
    pipescope.setProcessEnvironment(environment);
    pipescope.start(QStringLiteral(PIPESCOPE_BINARY), arguments);
    QVERIFY(pipescope.waitForStarted());
    // The child prints its pid once it runs: pipescope has set up the relay (and the window).
    QDeadlineTimer deadline(10000);
    while (!pipescope.canReadLine() && !deadline.hasExpired())
        pipescope.waitForReadyRead(100);
    QVERIFY(pipescope.canReadLine());
    if (window)
        QTest::qWait(1000); // the window has been shown and has painted
    const QStringList sockets = openInternetSockets(pipescope.processId());
    QVERIFY2(sockets.isEmpty(), qPrintable(sockets.join(QStringLiteral(", "))));
    QVERIFY(pipescope.waitForFinished(20000));
    QCOMPARE(pipescope.exitCode(), 0);
}

// Environment values are often secrets: neither pipescope's own environment nor the variables a
// launch adds for the child end up in the session file.
void tst_Security::sessionFileHoldsNoEnvironmentValues()
{
    const QByteArray secret = "s3cret-4f1c9a";
    QTemporaryDir dir;
    const QString proxied = dir.filePath(QStringLiteral("proxied.pcapng"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PIPESCOPE_TEST_TOKEN"), QString::fromLatin1(secret));
    const Finished run = runPipescope(
        testutils::headlessTestchild(proxied, {QStringLiteral("exit"), QStringLiteral("0")}),
        environment);
    QCOMPARE(run.code, 0);
    QVERIFY(testutils::fileBytes(proxied).size() > 0);
    QVERIFY(!testutils::fileBytes(proxied).contains(secret));

    RelayConfig config;
    config.program = QStringLiteral(TESTCHILD_BINARY);
    config.arguments = {QStringLiteral("exit"), QStringLiteral("0")};
    config.input = RelayConfig::Input::Window;
    config.parentStdin = config.parentStdout = config.parentStderr = -1;
    config.extraEnvironment
        = {QStringLiteral("PIPESCOPE_TEST_TOKEN=") + QString::fromLatin1(secret)};
    const QString launched = dir.filePath(QStringLiteral("launched.pcapng"));
    ProxySession session(config);
    QSignalSpy finished(&session, &ProxySession::finished);
    QVERIFY(session.start(launched));
    QVERIFY(finished.wait(20000));
    QVERIFY(testutils::fileBytes(launched).size() > 0);
    QVERIFY(!testutils::fileBytes(launched).contains(secret));
}

QTEST_GUILESS_MAIN(tst_Security)
#include "tst_security.moc"

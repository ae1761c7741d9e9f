// Nonsense from the user: every option given a wrong value, and session files that are random,
// cut, or lie about their block lengths. Each gets one line on stderr and an exit code, or a
// recovered prefix of what was recorded; never a crash, a hang, or output on stdout that is not
// the export.
#include "mainwindow.h"
#include "testconfig.h"
#include "testutils.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QProcess>
#include <QtCore/QRandomGenerator>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QtEndian>
#include <QtTest>

namespace {

struct Finished
{
    QByteArray out;
    QByteArray err;
    QProcess::ExitStatus status = QProcess::CrashExit;
    int code = -1;
    bool hung = false;
};

Finished runPipescope(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(PIPESCOPE_BINARY), arguments);
    process.closeWriteChannel();
    Finished run;
    if (!process.waitForFinished(20000)) {
        run.hung = true;
        process.kill();
        process.waitForFinished();
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.status = process.exitStatus();
    run.code = process.exitCode();
    return run;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Where each pcapng block starts: the block total length is the 32-bit word at +4.
QList<qsizetype> blockStarts(const QByteArray &file)
{
    QList<qsizetype> starts;
    for (qsizetype at = 0; at + 12 <= file.size();) {
        starts.append(at);
        const quint32 length = qFromLittleEndian<quint32>(file.constData() + at + 4);
        if (length < 12)
            break;
        at += length;
    }
    return starts;
}

// How many of the first `blocks` blocks carry a record (Enhanced Packet Blocks, type 6).
int recordBlocks(const QByteArray &file, const QList<qsizetype> &starts, qsizetype blocks)
{
    int records = 0;
    for (qsizetype i = 0; i < blocks; ++i)
        records += qFromLittleEndian<quint32>(file.constData() + starts.at(i)) == 6;
    return records;
}

QByteArray withBlockLength(QByteArray file, qsizetype blockStart, quint32 length)
{
    qToLittleEndian(length, file.data() + blockStart + 4);
    return file;
}

} // namespace

class tst_BadInput : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void nonsenseOptionsGetOneLine_data();
    void nonsenseOptionsGetOneLine();
    void damagedSessionFiles_data();
    void damagedSessionFiles();

private:
    QTemporaryDir m_dir;
    QString m_session; // a real recording: stdout and stderr chunks and lifecycle events
};

void tst_BadInput::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the window's recent files are not the user's
    QVERIFY(m_dir.isValid());
    m_session = m_dir.filePath(QStringLiteral("good.pcapng"));
    const Finished run
        = runPipescope({QStringLiteral("--no-gui"), QStringLiteral("--record"), m_session,
                        QStringLiteral("--"), QStringLiteral(TESTCHILD_BINARY),
                        QStringLiteral("interleave"), QStringLiteral("2000000")});
    QCOMPARE(run.code, 0);
    QVERIFY(blockStarts(testutils::fileBytes(m_session)).size() > 10);
}

void tst_BadInput::nonsenseOptionsGetOneLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message"); // a part of the one line

    const QString child = QStringLiteral(TESTCHILD_BINARY);
    const QString missing = m_dir.filePath(QStringLiteral("no/such/dir/x.pcapng"));
    const QString aDirectory = m_dir.filePath(QStringLiteral("a-directory"));
    QDir().mkdir(aDirectory);
    const auto proxy = [&](const QStringList &options) {
        return QStringList{QStringLiteral("--no-gui")} + options
               + QStringList{QStringLiteral("--"), child, QStringLiteral("exit"),
                             QStringLiteral("0")};
    };
    QTest::newRow("--record, no value") << QStringList{QStringLiteral("--record")} << 2
                                        << QStringLiteral("Missing value after '--record'");
    // The system's own words for why.
#ifdef Q_OS_WIN
    const QString noSuchDirectory = QStringLiteral("Path not found");
    const QString isADirectory = QStringLiteral("Access denied");
#else
    const QString noSuchDirectory = QStringLiteral("No such file or directory");
    const QString isADirectory = QStringLiteral("Is a directory");
#endif
    QTest::newRow("--record in a missing directory")
        << proxy({QStringLiteral("--record"), missing}) << 1
        << QStringLiteral("cannot create %1: %2").arg(missing, noSuchDirectory);
    QTest::newRow("--record a directory")
        << proxy({QStringLiteral("--record"), aDirectory}) << 1 << isADirectory;
    QTest::newRow("--cwd, no value") << QStringList{QStringLiteral("--cwd")} << 2
                                     << QStringLiteral("Missing value after '--cwd'");
    QTest::newRow("--cwd a missing directory")
        << proxy({QStringLiteral("--record"), m_dir.filePath(QStringLiteral("cwd.pcapng")),
                  QStringLiteral("--cwd"), missing})
        << 126 << QStringLiteral("chdir: No such file or directory");
    QTest::newRow("--no-gui with a value") << proxy({QStringLiteral("--no-gui=yes")}) << 2
                                           << QStringLiteral("Unexpected value after '--no-gui'");
    QTest::newRow("--exit-with-child with a value")
        << proxy({QStringLiteral("--exit-with-child=1")}) << 2
        << QStringLiteral("Unexpected value after '--exit-with-child'");
    for (const QString &framing :
         {QStringLiteral("xml"), QStringLiteral("stdout="), QStringLiteral("idle-gap=abc"),
          QStringLiteral("idle-gap=-5"), QStringLiteral("bogus=lines"), QStringLiteral(",,,")}) {
        QTest::addRow("--framing %s", qPrintable(framing))
            << proxy({QStringLiteral("--framing"), framing}) << 2 << QStringLiteral("--framing");
    }
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--bogus")} << 2 << QStringLiteral("bogus");
    QTest::newRow("no program after --")
        << QStringList{QStringLiteral("--")} << 2 << QStringLiteral("no program given after --");
    QTest::newRow("export: no file") << QStringList{QStringLiteral("export")} << 2
                                     << QStringLiteral("export needs a session file");
    QTest::newRow("export --format yaml")
        << QStringList{QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("yaml"),
                       m_session}
        << 2 << QStringLiteral("unknown export format 'yaml'");
    QTest::newRow("export --stream stdfoo")
        << QStringList{QStringLiteral("export"), QStringLiteral("--stream"),
                       QStringLiteral("stdfoo"), m_session}
        << 2 << QStringLiteral("unknown stream 'stdfoo'");
    QTest::newRow("export raw without a stream")
        << QStringList{QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("raw"),
                       m_session}
        << 2 << QStringLiteral("raw export needs --stream");
    QTest::newRow("export --messages --format text")
        << QStringList{QStringLiteral("export"), QStringLiteral("--messages"),
                       QStringLiteral("--format"), QStringLiteral("text"), m_session}
        << 2 << QStringLiteral("takes no --format or --stream");
    QTest::newRow("export -o into a missing directory")
        << QStringList{QStringLiteral("export"), QStringLiteral("-o"), missing, m_session} << 1
        << QStringLiteral("cannot write %1").arg(missing);
    QTest::newRow("export a missing file") << QStringList{QStringLiteral("export"), missing} << 1
                                           << QStringLiteral("cannot open %1").arg(missing);
    QTest::newRow("export a directory") << QStringList{QStringLiteral("export"), aDirectory} << 1
                                        << QStringLiteral("cannot open %1").arg(aDirectory);
    QTest::newRow("stats: two files") << QStringList{QStringLiteral("stats"), m_session, m_session}
                                      << 2 << QStringLiteral("stats takes one session file");
    QTest::newRow("stats a directory") << QStringList{QStringLiteral("stats"), aDirectory} << 1
                                       << QStringLiteral("cannot open %1").arg(aDirectory);
    QTest::newRow("stats --framing nonsense")
        << QStringList{QStringLiteral("stats"), QStringLiteral("--framing"), QStringLiteral("??"),
                       m_session}
        << 2 << QStringLiteral("--framing");
}

void tst_BadInput::nonsenseOptionsGetOneLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, code);
    QFETCH(QString, message);
    const Finished run = runPipescope(arguments);
    QVERIFY(!run.hung);
    QCOMPARE(run.status, QProcess::NormalExit);
    QCOMPARE(run.code, code);
    QCOMPARE(run.out, QByteArray());
    QVERIFY2(run.err.startsWith("pipescope: ") && run.err.count('\n') == 1, run.err.constData());
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
}

void tst_BadInput::damagedSessionFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("opens");  // a prefix of the recording is recovered
    QTest::addColumn<int>("records"); // for a recovered prefix: the records before the damage

    const QByteArray good = testutils::fileBytes(m_session);
    const QList<qsizetype> starts = blockStarts(good);
    const qsizetype middle = starts.at(starts.size() / 2);
    const int before = recordBlocks(good, starts, starts.size() / 2);
    QVERIFY(before > 4);
    QRandomGenerator random(7);
    QByteArray noise(64 * 1024, Qt::Uninitialized);
    random.fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);

    QTest::newRow("random bytes") << noise << false << 0;
    QTest::newRow("a valid header, then random bytes")
        << good.left(starts.at(1)) + noise << true << 0;
    QTest::newRow("cut in the middle of a block") << good.left(middle + 10) << true << before;
    QTest::newRow("a block length pointing past the end")
        << withBlockLength(good, middle, quint32(good.size() * 2)) << true << before;
    QTest::newRow("a huge declared block")
        << withBlockLength(good, middle, 0xfffffff0u) << true << before;
    QTest::newRow("a block length of zero") << withBlockLength(good, middle, 0) << true << before;
}

void tst_BadInput::damagedSessionFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, opens);
    QFETCH(int, records);
    const QString path = m_dir.filePath(QStringLiteral("damaged.pcapng"));
    QVERIFY(writeFile(path, bytes));

    const QByteArray fullExport = runPipescope({QStringLiteral("export"), m_session}).out;
    const QList<QByteArray> allRecords = fullExport.split('\n');

    for (const QStringList &command :
         {QStringList{QStringLiteral("export"), path},
          QStringList{QStringLiteral("export"), QStringLiteral("--messages"), path},
          QStringList{QStringLiteral("stats"), path}}) {
        const Finished run = runPipescope(command);
        const QByteArray what = command.join(u' ').toUtf8() + ": " + run.err;
        QVERIFY2(!run.hung, what.constData());
        QVERIFY2(run.status == QProcess::NormalExit, what.constData());
        QVERIFY2(run.err.startsWith("pipescope: "), what.constData());
        QVERIFY2(run.err.count('\n') == 1, what.constData()); // one line: the error or the warning
        if (!opens) {
            QCOMPARE(run.code, 1);
            QCOMPARE(run.out, QByteArray());
            continue;
        }
        QCOMPARE(run.code, 0);
        QVERIFY2(run.err.contains("cut off or damaged at byte"), what.constData());
        if (command.size() == 2 && command.first() == QLatin1String("export")) {
            // The intact recording's records up to the damage, each line whole JSON.
            const QList<QByteArray> lines = run.out.split('\n');
            QCOMPARE(lines.size() - 1, records);
            for (qsizetype i = 0; i < records; ++i) {
                QCOMPARE(lines.at(i), allRecords.at(i));
                QVERIFY(!QJsonDocument::fromJson(lines.at(i)).isNull());
            }
        }
    }

    // The window opens the recovered prefix, or says why not.
    MainWindow window;
    const bool opened = window.openFile(path);
    QCOMPARE(opened, opens);
}

QTEST_MAIN(tst_BadInput)
#include "tst_badinput.moc"

#include "relay/programlocator.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

// The layout every test works on, in a fresh temporary directory:
//   bin1/tool          executable
//   bin1/plain         not executable
//   bin1/subdir/       a directory
//   bin1/mixed         not executable
//   bin2/tool          executable (shadowed by bin1/tool when bin1 comes first)
//   bin2/mixed         executable
//   bin2/plain         not executable
//   work/local         executable, in no PATH directory
//   bin1/onlyhere      executable, only found through the working directory
class tst_ProgramLocator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void bareName_data();
    void bareName();
    void path_data();
    void path();
    void emptyPathEntryIsTheWorkingDirectory_data();
    void emptyPathEntryIsTheWorkingDirectory();
    void relativePathEntryIsRelativeToTheWorkingDirectory();

private:
    QString dir(const QString &name) const { return m_root.path() + u'/' + name; }
    // `expectedPath` empty: not found. Else the absolute path under the root.
    void verifyLocated(const LocatedProgram &located, const QString &expectedPath,
                       int failureExitCode, const QString &error) const
    {
        if (expectedPath.isEmpty()) {
            QCOMPARE(located.path, QString());
        } else {
            QVERIFY2(QDir::isAbsolutePath(located.path), qPrintable(located.path));
            QCOMPARE(QDir::cleanPath(located.path), dir(expectedPath));
        }
        QCOMPARE(located.failureExitCode, failureExitCode);
        QCOMPARE(located.error, error);
    }

    QTemporaryDir m_root;
};

namespace {

bool writeFile(const QString &path, bool executable)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write("#!/bin/sh\nexit 0\n") < 0)
        return false;
    file.close();
    QFile::Permissions permissions = QFile::ReadOwner | QFile::WriteOwner;
    if (executable)
        permissions |= QFile::ExeOwner | QFile::ExeUser | QFile::ExeGroup | QFile::ExeOther;
    return file.setPermissions(permissions);
}

} // namespace

void tst_ProgramLocator::initTestCase()
{
    QVERIFY(m_root.isValid());
    QDir root(m_root.path());
    for (const char *name : {"bin1", "bin2", "work", "bin1/subdir"})
        QVERIFY(root.mkpath(QLatin1String(name)));
    QVERIFY(writeFile(dir(QStringLiteral("bin1/tool")), true));
    QVERIFY(writeFile(dir(QStringLiteral("bin1/plain")), false));
    QVERIFY(writeFile(dir(QStringLiteral("bin1/mixed")), false));
    QVERIFY(writeFile(dir(QStringLiteral("bin1/onlyhere")), true));
    QVERIFY(writeFile(dir(QStringLiteral("bin2/tool")), true));
    QVERIFY(writeFile(dir(QStringLiteral("bin2/mixed")), true));
    QVERIFY(writeFile(dir(QStringLiteral("bin2/plain")), false));
    QVERIFY(writeFile(dir(QStringLiteral("work/local")), true));
    // The fixture itself: what is executable must be, and what is not must not be.
    QVERIFY(QFileInfo(dir(QStringLiteral("bin1/tool"))).isExecutable());
    QVERIFY(!QFileInfo(dir(QStringLiteral("bin1/plain"))).isExecutable());
}

void tst_ProgramLocator::bareName_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("searchPath"); // directories under the temporary root
    QTest::addColumn<QString>("expectedPath");   // under the temporary root; empty: not found
    QTest::addColumn<int>("failureExitCode");
    QTest::addColumn<QString>("error");

    const QString tool = QStringLiteral("tool");
    QTest::newRow("found in the only directory") << tool << QStringList{QStringLiteral("bin1")}
                                                 << QStringLiteral("bin1/tool") << 0 << QString();
    QTest::newRow("found in the second directory")
        << QStringLiteral("onlyhere") << QStringList{QStringLiteral("bin2"), QStringLiteral("bin1")}
        << QStringLiteral("bin1/onlyhere") << 0 << QString();
    QTest::newRow("first match wins: bin1 first")
        << tool << QStringList{QStringLiteral("bin1"), QStringLiteral("bin2")}
        << QStringLiteral("bin1/tool") << 0 << QString();
    QTest::newRow("first match wins: bin2 first")
        << tool << QStringList{QStringLiteral("bin2"), QStringLiteral("bin1")}
        << QStringLiteral("bin2/tool") << 0 << QString();
    QTest::newRow("missing directory in PATH is skipped")
        << tool << QStringList{QStringLiteral("nonexistent"), QStringLiteral("bin2")}
        << QStringLiteral("bin2/tool") << 0 << QString();
    QTest::newRow("non-executable earlier match is skipped")
        << QStringLiteral("mixed") << QStringList{QStringLiteral("bin1"), QStringLiteral("bin2")}
        << QStringLiteral("bin2/mixed") << 0 << QString();
    QTest::newRow("not found") << QStringLiteral("nosuch")
                               << QStringList{QStringLiteral("bin1"), QStringLiteral("bin2")}
                               << QString() << 127 << QStringLiteral("nosuch: command not found");
    QTest::newRow("not in PATH, though in the working directory")
        << QStringLiteral("local") << QStringList{QStringLiteral("bin1")} << QString() << 127
        << QStringLiteral("local: command not found");
    QTest::newRow("only non-executable")
        << QStringLiteral("plain") << QStringList{QStringLiteral("bin1"), QStringLiteral("bin2")}
        << QString() << 126 << QStringLiteral("plain: Permission denied");
    QTest::newRow("empty name") << QString() << QStringList{QStringLiteral("bin1")} << QString()
                                << 127 << QStringLiteral("'': command not found");
    QTest::newRow("a directory is not a command")
        << QStringLiteral("subdir") << QStringList{QStringLiteral("bin1")} << QString() << 127
        << QStringLiteral("subdir: command not found");
}

void tst_ProgramLocator::bareName()
{
    QFETCH(QString, program);
    QFETCH(QStringList, searchPath);
    QFETCH(QString, expectedPath);
    QFETCH(int, failureExitCode);
    QFETCH(QString, error);

    QStringList directories;
    for (const QString &name : searchPath)
        directories << dir(name);
    const LocatedProgram located
        = locateProgram(program, dir(QStringLiteral("work")), directories.join(u':'));
    verifyLocated(located, expectedPath, failureExitCode, error);
}

void tst_ProgramLocator::path_data()
{
    QTest::addColumn<QString>("program"); // "ROOT" stands for the temporary root
    QTest::addColumn<QString>("workingDirectory");
    QTest::addColumn<QString>("expectedPath");
    QTest::addColumn<int>("failureExitCode");
    QTest::addColumn<QString>("error");

    QTest::newRow("absolute") << QStringLiteral("ROOT/bin1/tool") << QStringLiteral("work")
                              << QStringLiteral("bin1/tool") << 0 << QString();
    QTest::newRow("relative ./") << QStringLiteral("./local") << QStringLiteral("work")
                                 << QStringLiteral("work/local") << 0 << QString();
    QTest::newRow("relative with a directory") << QStringLiteral("bin2/tool") << QString()
                                               << QStringLiteral("bin2/tool") << 0 << QString();
    QTest::newRow("relative ../") << QStringLiteral("../bin1/tool") << QStringLiteral("work")
                                  << QStringLiteral("bin1/tool") << 0 << QString();
    QTest::newRow("a path is never searched in PATH")
        << QStringLiteral("./tool") << QStringLiteral("work") << QString() << 127
        << QStringLiteral("./tool: No such file or directory");
    QTest::newRow("missing absolute")
        << QStringLiteral("ROOT/bin1/nosuch") << QStringLiteral("work") << QString() << 127
        << QStringLiteral("ROOT/bin1/nosuch: No such file or directory");
    QTest::newRow("missing relative")
        << QStringLiteral("./nosuch") << QStringLiteral("work") << QString() << 127
        << QStringLiteral("./nosuch: No such file or directory");
    QTest::newRow("directory") << QStringLiteral("bin1/subdir") << QString() << QString() << 126
                               << QStringLiteral("bin1/subdir: Is a directory");
    QTest::newRow("directory with a trailing slash")
        << QStringLiteral("ROOT/bin1/") << QStringLiteral("work") << QString() << 126
        << QStringLiteral("ROOT/bin1/: Is a directory");
    QTest::newRow("not executable")
        << QStringLiteral("./plain") << QStringLiteral("bin1") << QString() << 126
        << QStringLiteral("./plain: Permission denied");
}

void tst_ProgramLocator::path()
{
    QFETCH(QString, program);
    QFETCH(QString, workingDirectory);
    QFETCH(QString, expectedPath);
    QFETCH(int, failureExitCode);
    QFETCH(QString, error);

    program.replace(QLatin1String("ROOT"), m_root.path());
    error.replace(QLatin1String("ROOT"), m_root.path());
    // PATH holds every directory: a program named with a slash must not be looked up there.
    const QString searchPath = dir(QStringLiteral("bin1")) + u':' + dir(QStringLiteral("bin2"));
    const LocatedProgram located = locateProgram(
        program, workingDirectory.isEmpty() ? m_root.path() : dir(workingDirectory), searchPath);
    verifyLocated(located, expectedPath, failureExitCode, error);
}

void tst_ProgramLocator::emptyPathEntryIsTheWorkingDirectory_data()
{
    QTest::addColumn<QString>("searchPath"); // "ROOT" stands for the temporary root
    QTest::addColumn<QString>("expectedPath");

    // bin1/onlyhere is in no listed directory: only the empty entry (bin1, the working
    // directory) finds it.
    QTest::newRow("leading empty entry")
        << QStringLiteral(":ROOT/bin2") << QStringLiteral("bin1/onlyhere");
    QTest::newRow("empty entry in the middle")
        << QStringLiteral("ROOT/bin2::ROOT/work") << QStringLiteral("bin1/onlyhere");
    QTest::newRow("trailing empty entry")
        << QStringLiteral("ROOT/bin2:") << QStringLiteral("bin1/onlyhere");
    QTest::newRow("no empty entry") << QStringLiteral("ROOT/bin2:ROOT/work") << QString();
}

void tst_ProgramLocator::emptyPathEntryIsTheWorkingDirectory()
{
    QFETCH(QString, searchPath);
    QFETCH(QString, expectedPath);

    searchPath.replace(QLatin1String("ROOT"), m_root.path());
    const LocatedProgram located
        = locateProgram(QStringLiteral("onlyhere"), dir(QStringLiteral("bin1")), searchPath);
    if (expectedPath.isEmpty()) {
        QCOMPARE(located.path, QString());
        QCOMPARE(located.failureExitCode, 127);
    } else {
        QCOMPARE(QDir::cleanPath(located.path), dir(expectedPath));
        QCOMPARE(located.failureExitCode, 0);
        QCOMPARE(located.error, QString());
    }
}

// "." (or any relative entry) in PATH names the same directory as an empty entry: the one the
// program starts in, as for `cd DIR && prog` in a shell.
void tst_ProgramLocator::relativePathEntryIsRelativeToTheWorkingDirectory()
{
    // Our own current directory is the temporary root, which has no "onlyhere" in it.
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_root.path()));
    const LocatedProgram dot = locateProgram(QStringLiteral("onlyhere"),
                                             dir(QStringLiteral("bin1")), QStringLiteral("."));
    const LocatedProgram relative = locateProgram(
        QStringLiteral("onlyhere"), dir(QStringLiteral("work")), QStringLiteral("../bin1"));
    QVERIFY(QDir::setCurrent(previous));

    QCOMPARE(QDir::cleanPath(dot.path), dir(QStringLiteral("bin1/onlyhere")));
    QCOMPARE(QDir::cleanPath(relative.path), dir(QStringLiteral("bin1/onlyhere")));
}

QTEST_APPLESS_MAIN(tst_ProgramLocator)

#include "tst_programlocator.moc"

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
    void windowsRules_data();
    void windowsRules();
    void batchFileRunsThroughCmd_data();
    void batchFileRunsThroughCmd();
    void programNameLeavesOutAnExecutableExtension();

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

const ProgramSearchRules posix = ProgramSearchRules::posix();
const ProgramSearchRules windows = ProgramSearchRules::windowsWith(QString()); // PATHEXT's default

// POSIX's rules are about execute permissions, which Windows files do not have.
#ifdef Q_OS_WIN
#define SKIP_WITHOUT_EXECUTE_PERMISSIONS() \
    QSKIP("POSIX's rules need execute permissions; Windows files have none")
#else
#define SKIP_WITHOUT_EXECUTE_PERMISSIONS()
#endif

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
    // Windows' files, found by their extensions (whatever system the test runs on).
    QVERIFY(writeFile(dir(QStringLiteral("bin1/wtool.exe")), false));
    QVERIFY(writeFile(dir(QStringLiteral("bin2/wtool.exe")), false));
    QVERIFY(writeFile(dir(QStringLiteral("bin1/shim.cmd")), false));
    QVERIFY(writeFile(dir(QStringLiteral("bin1/notes.txt")), false));
    QVERIFY(writeFile(dir(QStringLiteral("work/here.exe")), false));
#ifndef Q_OS_WIN
    // The fixture itself: what is executable must be, and what is not must not be.
    QVERIFY(QFileInfo(dir(QStringLiteral("bin1/tool"))).isExecutable());
    QVERIFY(!QFileInfo(dir(QStringLiteral("bin1/plain"))).isExecutable());
#endif
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
    SKIP_WITHOUT_EXECUTE_PERMISSIONS();
    QFETCH(QString, program);
    QFETCH(QStringList, searchPath);
    QFETCH(QString, expectedPath);
    QFETCH(int, failureExitCode);
    QFETCH(QString, error);

    QStringList directories;
    for (const QString &name : searchPath)
        directories << dir(name);
    const LocatedProgram located
        = locateProgram(program, dir(QStringLiteral("work")), directories.join(u':'), posix);
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
    SKIP_WITHOUT_EXECUTE_PERMISSIONS();
    QFETCH(QString, program);
    QFETCH(QString, workingDirectory);
    QFETCH(QString, expectedPath);
    QFETCH(int, failureExitCode);
    QFETCH(QString, error);

    program.replace(QLatin1String("ROOT"), m_root.path());
    error.replace(QLatin1String("ROOT"), m_root.path());
    // PATH holds every directory: a program named with a slash must not be looked up there.
    const QString searchPath = dir(QStringLiteral("bin1")) + u':' + dir(QStringLiteral("bin2"));
    const LocatedProgram located
        = locateProgram(program, workingDirectory.isEmpty() ? m_root.path() : dir(workingDirectory),
                        searchPath, posix);
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
    SKIP_WITHOUT_EXECUTE_PERMISSIONS();
    QFETCH(QString, searchPath);
    QFETCH(QString, expectedPath);

    searchPath.replace(QLatin1String("ROOT"), m_root.path());
    const LocatedProgram located
        = locateProgram(QStringLiteral("onlyhere"), dir(QStringLiteral("bin1")), searchPath, posix);
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
    SKIP_WITHOUT_EXECUTE_PERMISSIONS();
    // Our own current directory is the temporary root, which has no "onlyhere" in it.
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_root.path()));
    const LocatedProgram dot = locateProgram(
        QStringLiteral("onlyhere"), dir(QStringLiteral("bin1")), QStringLiteral("."), posix);
    const LocatedProgram relative = locateProgram(
        QStringLiteral("onlyhere"), dir(QStringLiteral("work")), QStringLiteral("../bin1"), posix);
    QVERIFY(QDir::setCurrent(previous));

    QCOMPARE(QDir::cleanPath(dot.path), dir(QStringLiteral("bin1/onlyhere")));
    QCOMPARE(QDir::cleanPath(relative.path), dir(QStringLiteral("bin1/onlyhere")));
}

// cmd.exe's rules: the working directory first, then PATH (';'), and a bare name is tried with
// each of PATHEXT's extensions.
void tst_ProgramLocator::windowsRules_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("searchPath");
    QTest::addColumn<QString>("expectedPath");
    QTest::addColumn<int>("failureExitCode");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("batch");

    const QStringList both{QStringLiteral("bin2"), QStringLiteral("bin1")};
    QTest::newRow("bare name gets .exe")
        << QStringLiteral("wtool") << both << QStringLiteral("bin2/wtool.exe") << 0 << QString()
        << false;
    QTest::newRow("with its extension")
        << QStringLiteral("wtool.exe") << QStringList{QStringLiteral("bin1")}
        << QStringLiteral("bin1/wtool.exe") << 0 << QString() << false;
    QTest::newRow("a .cmd shim (npm's)")
        << QStringLiteral("shim") << both << QStringLiteral("bin1/shim.cmd") << 0 << QString()
        << true;
    QTest::newRow("the working directory before PATH")
        << QStringLiteral("here") << QStringList{QStringLiteral("bin1")}
        << QStringLiteral("work/here.exe") << 0 << QString() << false;
    QTest::newRow("not a program") << QStringLiteral("notes.txt") << both << QString() << 126
                                   << QStringLiteral("notes.txt: not a program") << false;
    QTest::newRow("not found") << QStringLiteral("nosuch") << both << QString() << 127
                               << QStringLiteral("nosuch: command not found") << false;
    QTest::newRow("a path, relative to the working directory")
        << QStringLiteral("../bin1/wtool") << QStringList() << QStringLiteral("bin1/wtool.exe") << 0
        << QString() << false;
    QTest::newRow("a path to nothing")
        << QStringLiteral("../bin1/nosuch") << QStringList() << QString() << 127
        << QStringLiteral("../bin1/nosuch: No such file or directory") << false;
}

void tst_ProgramLocator::windowsRules()
{
    QFETCH(QString, program);
    QFETCH(QStringList, searchPath);
    QFETCH(QString, expectedPath);
    QFETCH(int, failureExitCode);
    QFETCH(QString, error);
    QFETCH(bool, batch);

    QStringList directories;
    for (const QString &name : searchPath)
        directories << dir(name);
    const LocatedProgram located
        = locateProgram(program, dir(QStringLiteral("work")), directories.join(u';'), windows);
    verifyLocated(located, expectedPath, failureExitCode, error);
    QCOMPARE(located.isBatchFile, batch);
}

// Only cmd.exe runs a batch file, and it reads & | < > ^ % ! " as its own even inside quotes:
// arguments holding one are refused rather than passed on wrongly.
void tst_ProgramLocator::batchFileRunsThroughCmd_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("commandLine"); // empty: refused
    QTest::addColumn<QString>("error");

    const QString shim = QDir::toNativeSeparators(QStringLiteral("C:/npm/shim.cmd"));
    QTest::newRow("plain") << QStringList{QStringLiteral("--stdio")}
                           << QStringLiteral("/d /s /c \"\"%1\" --stdio\"").arg(shim) << QString();
    QTest::newRow("spaces and empty")
        << QStringList{QStringLiteral("a b"), QString()}
        << QStringLiteral("/d /s /c \"\"%1\" \"a b\" \"\"\"").arg(shim) << QString();
    QTest::newRow("an ampersand") << QStringList{QStringLiteral("a&calc")} << QString()
                                  << QStringLiteral("shim.cmd: a batch file's arguments cannot "
                                                    "hold & (cmd.exe would read it); run the "
                                                    "program it starts instead");
    QTest::newRow("a percent sign") << QStringList{QStringLiteral("%PATH%")} << QString()
                                    << QStringLiteral("shim.cmd: a batch file's arguments cannot "
                                                      "hold % (cmd.exe would read it); run the "
                                                      "program it starts instead");
    QTest::newRow("a quote") << QStringList{QStringLiteral("\"")} << QString()
                             << QStringLiteral("shim.cmd: a batch file's arguments cannot hold \" "
                                               "(cmd.exe would read it); run the program it "
                                               "starts instead");
}

void tst_ProgramLocator::batchFileRunsThroughCmd()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, commandLine);
    QFETCH(QString, error);
    QString reason;
    QCOMPARE(batchCommandLine(QStringLiteral("C:/npm/shim.cmd"), arguments, &reason), commandLine);
    QCOMPARE(reason, error);
}

// What autosaves are named after: the program as people call it.
void tst_ProgramLocator::programNameLeavesOutAnExecutableExtension()
{
    const ProgramSearchRules windows = ProgramSearchRules::windowsWith(QString());
    QCOMPARE(programName(QStringLiteral("C:/LLVM/bin/clangd.exe"), windows),
             QStringLiteral("clangd"));
    QCOMPARE(programName(QStringLiteral("typescript-language-server.CMD"), windows),
             QStringLiteral("typescript-language-server"));
    QCOMPARE(programName(QStringLiteral("server.py"), windows), QStringLiteral("server.py"));
    QCOMPARE(programName(QStringLiteral(".exe"), windows), QStringLiteral(".exe"));
    const ProgramSearchRules posix = ProgramSearchRules::posix();
    QCOMPARE(programName(QStringLiteral("/usr/bin/clangd"), posix), QStringLiteral("clangd"));
    QCOMPARE(programName(QStringLiteral("./tool.exe"), posix), QStringLiteral("tool.exe"));
}

QTEST_APPLESS_MAIN(tst_ProgramLocator)

#include "tst_programlocator.moc"

#include "launchdialog.h"

#include <QtCore/QDebug>
#include <QtCore/QDir>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>

Q_DECLARE_METATYPE(LaunchRequest)

namespace {

// The dialog's parts, found by object name.
struct Parts
{
    explicit Parts(LaunchDialog *dialog)
        : recent(dialog->findChild<QComboBox *>(QStringLiteral("recentCombo")))
        , program(dialog->findChild<QLineEdit *>(QStringLiteral("programEdit")))
        , arguments(dialog->findChild<QLineEdit *>(QStringLiteral("argumentsEdit")))
        , argumentsError(dialog->findChild<QLabel *>(QStringLiteral("argumentsError")))
        , workingDirectory(dialog->findChild<QLineEdit *>(QStringLiteral("workingDirectoryEdit")))
        , workingDirectoryError(
              dialog->findChild<QLabel *>(QStringLiteral("workingDirectoryError")))
        , environment(dialog->findChild<QPlainTextEdit *>(QStringLiteral("environmentEdit")))
        , environmentError(dialog->findChild<QLabel *>(QStringLiteral("environmentError")))
        , launch(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok))
    {
    }

    bool complete() const
    {
        return recent && program && arguments && argumentsError && workingDirectory
               && workingDirectoryError && environment && environmentError && launch;
    }

    QComboBox *recent;
    QLineEdit *program;
    QLineEdit *arguments;
    QLabel *argumentsError;
    QLineEdit *workingDirectory;
    QLabel *workingDirectoryError;
    QPlainTextEdit *environment;
    QLabel *environmentError;
    QPushButton *launch;
};

// A program found in PATH.
#ifdef Q_OS_WIN
const QString foundProgram = QStringLiteral("cmd");
#else
const QString foundProgram = QStringLiteral("cat");
#endif

// Launch runs the program only once it is found: the history's entries name one that is.
LaunchRequest numbered(int n)
{
    LaunchRequest request;
    request.program = foundProgram;
    request.arguments = {QStringLiteral("--n=%1").arg(n)};
    return request;
}

QList<LaunchRequest> storedHistory()
{
    QList<LaunchRequest> history;
    const QVariantList entries = QSettings().value(QStringLiteral("launch/history")).toList();
    for (const QVariant &entry : entries) {
        const auto request = LaunchRequest::fromVariantMap(entry.toMap());
        if (!request)
            return {};
        history.append(*request);
    }
    return history;
}

// Launches request through a fresh dialog, the way a user would.
void launch(const LaunchRequest &request)
{
    LaunchDialog dialog;
    dialog.setRequest(request);
    dialog.accept();
}

} // namespace

class tst_LaunchDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void initialState();
    void filledFieldsGiveRequest_data();
    void filledFieldsGiveRequest();
    void setRequestRoundTrip_data();
    void setRequestRoundTrip();
    void invalidInputDisablesLaunch_data();
    void invalidInputDisablesLaunch();
    void enterLaunchesWhenValid();
    void enterDoesNothingWhenInvalid();
    void programThatCannotBeFoundIsNotAccepted();
    void acceptingAddsToFrontOfHistory();
    void historyKeepsTwentyEntries();
    void duplicateMovesToFront();
    void choosingHistoryEntryFillsFields();
    void secondDialogSeesHistory();
    void brokenHistoryEntriesAreSkipped();
    void historyKeepsNoEnvironmentValues();
    void rejectingLeavesHistory();

private:
    QTemporaryDir m_dir;
};

void tst_LaunchDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("pipescope-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_launchdialog"));
    QSettings::setDefaultFormat(QSettings::IniFormat); // the file Settings keeps
    QVERIFY(m_dir.isValid());
    QFile file(m_dir.filePath(QStringLiteral("file.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
}

void tst_LaunchDialog::init()
{
    QSettings().clear();
}

void tst_LaunchDialog::cleanupTestCase()
{
    QSettings().clear();
}

void tst_LaunchDialog::initialState()
{
    LaunchDialog dialog;
    Parts parts(&dialog);
    QVERIFY(parts.complete());
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Launch Program"));
    QCOMPARE(parts.launch->text(), QStringLiteral("Launch"));
    QVERIFY(!parts.launch->isEnabled());
    QVERIFY(parts.launch->isDefault());
    QVERIFY(!parts.recent->isEnabled());
    QCOMPARE(parts.recent->count(), 0);
    QCOMPARE(dialog.history(), QList<LaunchRequest>());
    QVERIFY(dialog.minimumWidth() >= 400);
    QVERIFY(parts.argumentsError->isHidden());
    QVERIFY(parts.workingDirectoryError->isHidden());
    QVERIFY(parts.environmentError->isHidden());

    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.focusWidget(), parts.program);

    QTest::keyClicks(parts.program, foundProgram);
    QVERIFY(parts.launch->isEnabled());
    parts.program->setText(QStringLiteral("   "));
    QVERIFY(!parts.launch->isEnabled());
}

void tst_LaunchDialog::filledFieldsGiveRequest_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("arguments");
    QTest::addColumn<QString>("workingDirectory");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<LaunchRequest>("request");

    LaunchRequest plain;
    plain.program = QStringLiteral("clangd");
    plain.arguments = {QStringLiteral("--log=verbose"), QStringLiteral("-j=4")};
    QTest::newRow("plain") << QStringLiteral("clangd") << QStringLiteral("--log=verbose  -j=4")
                           << QString() << QString() << plain;

    LaunchRequest programOnly;
    programOnly.program = QStringLiteral("/bin/cat");
    QTest::newRow("program only, blanks trimmed")
        << QStringLiteral(" /bin/cat ") << QStringLiteral("   ") << QString() << QString()
        << programOnly;

    LaunchRequest quoted;
    quoted.program = QStringLiteral("server");
    quoted.arguments
        = {QStringLiteral("a b"), QString(), QStringLiteral("it's"), QStringLiteral("x\"y")};
    QTest::newRow("quoted arguments")
        << QStringLiteral("server") << QStringLiteral(R"('a b' "" it\'s "x\"y")") << QString()
        << QString() << quoted;

    LaunchRequest full;
    full.program = QStringLiteral("python3");
    full.arguments = {QStringLiteral("-u"), QStringLiteral("server.py")};
    full.workingDirectory = QDir::tempPath();
    full.environment = {QStringLiteral("PYTHONUNBUFFERED=1"), QStringLiteral("EMPTY="),
                        QStringLiteral("MSG= spaced value ")};
    QTest::newRow("working directory and environment, blank lines skipped")
        << QStringLiteral("python3") << QStringLiteral("-u server.py") << QDir::tempPath()
        << QStringLiteral("PYTHONUNBUFFERED=1\n\nEMPTY=\n  \nMSG= spaced value \n") << full;
}

void tst_LaunchDialog::filledFieldsGiveRequest()
{
    QFETCH(QString, program);
    QFETCH(QString, arguments);
    QFETCH(QString, workingDirectory);
    QFETCH(QString, environment);
    QFETCH(LaunchRequest, request);

    LaunchDialog dialog;
    Parts parts(&dialog);
    QVERIFY(parts.complete());
    QTest::keyClicks(parts.program, program);
    QTest::keyClicks(parts.arguments, arguments);
    QTest::keyClicks(parts.workingDirectory, workingDirectory);
    parts.environment->setPlainText(environment);

    QCOMPARE(dialog.request(), request);
    QVERIFY(parts.launch->isEnabled());
}

void tst_LaunchDialog::setRequestRoundTrip_data()
{
    QTest::addColumn<LaunchRequest>("request");

    LaunchRequest tricky;
    tricky.program = QStringLiteral("/opt/my tools/server");
    tricky.arguments = {QStringLiteral("a b"), QString(), QStringLiteral("it's"),
                        QStringLiteral(R"(\ "q" $HOME)"), QStringLiteral("caf\u00e9")};
    tricky.workingDirectory = QDir::tempPath();
    tricky.environment = {QStringLiteral("A=1"), QStringLiteral("B=two words")};
    QTest::newRow("tricky") << tricky;
    QTest::newRow("numbered") << numbered(7);
}

void tst_LaunchDialog::setRequestRoundTrip()
{
    QFETCH(LaunchRequest, request);

    LaunchDialog dialog;
    Parts parts(&dialog);
    dialog.setRequest(request);
    QCOMPARE(dialog.request(), request);
    QVERIFY(parts.launch->isEnabled());
}

void tst_LaunchDialog::invalidInputDisablesLaunch_data()
{
    QTest::addColumn<QString>("arguments");
    QTest::addColumn<QString>("workingDirectory");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QString>("field"); // object name of the error label that shows
    QTest::addColumn<QString>("error");

    QTest::newRow("unterminated quote")
        << QStringLiteral("-x 'abc") << QString() << QString() << QStringLiteral("argumentsError")
        << QStringLiteral("Unterminated single quote (opened at column 4)");
    QTest::newRow("trailing backslash")
        << QStringLiteral(R"(a\)") << QString() << QString() << QStringLiteral("argumentsError")
        << QStringLiteral("Backslash at column 2 escapes nothing");
    QTest::newRow("missing directory")
        << QString() << QStringLiteral("/no/such/directory/here") << QString()
        << QStringLiteral("workingDirectoryError") << QStringLiteral("No such directory");
    QTest::newRow("file as directory")
        << QString() << m_dir.filePath(QStringLiteral("file.txt")) << QString()
        << QStringLiteral("workingDirectoryError") << QStringLiteral("Not a directory");
    QTest::newRow("environment without equals")
        << QString() << QString() << QStringLiteral("FOO") << QStringLiteral("environmentError")
        << QStringLiteral(R"(Line 1: "FOO" is not NAME=VALUE)");
    QTest::newRow("environment bad name on line 3")
        << QString() << QString() << QStringLiteral("A=1\n\n1B=2\nC")
        << QStringLiteral("environmentError")
        << QStringLiteral("Line 3: \"1B\" is not a valid variable name (letters, digits and _, "
                          "not starting with a digit)");
}

void tst_LaunchDialog::invalidInputDisablesLaunch()
{
    QFETCH(QString, arguments);
    QFETCH(QString, workingDirectory);
    QFETCH(QString, environment);
    QFETCH(QString, field);
    QFETCH(QString, error);

    LaunchDialog dialog;
    Parts parts(&dialog);
    QVERIFY(parts.complete());
    parts.program->setText(foundProgram);
    QVERIFY(parts.launch->isEnabled());

    parts.arguments->setText(arguments);
    parts.workingDirectory->setText(workingDirectory);
    parts.environment->setPlainText(environment);
    QVERIFY(!parts.launch->isEnabled());
    const QList<QLabel *> labels{parts.argumentsError, parts.workingDirectoryError,
                                 parts.environmentError};
    for (QLabel *label : labels) {
        QCOMPARE(!label->isHidden(), label->objectName() == field);
        if (label->objectName() == field)
            QCOMPARE(label->text(), error);
    }

    // Accepting anyway (e.g. by a stray signal) neither closes the dialog nor records anything.
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!QSettings().contains(QStringLiteral("launch/history")));

    // Fixed, the error goes away.
    parts.arguments->clear();
    parts.workingDirectory->setText(m_dir.path());
    parts.environment->setPlainText(QStringLiteral("A=1"));
    QVERIFY(parts.launch->isEnabled());
    for (QLabel *label : labels)
        QVERIFY(label->isHidden());
}

void tst_LaunchDialog::enterLaunchesWhenValid()
{
    LaunchDialog dialog;
    Parts parts(&dialog);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClicks(parts.program, foundProgram);
    QTest::keyClick(parts.program, Qt::Key_Return);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(storedHistory().size(), 1);
}

// Launch looks for the program where the relay will: one it cannot find is named under the
// field, and the dialog stays open until the name is right.
void tst_LaunchDialog::programThatCannotBeFoundIsNotAccepted()
{
    LaunchDialog dialog;
    Parts parts(&dialog);
    auto *programError = dialog.findChild<QLabel *>(QStringLiteral("programError"));
    QVERIFY(programError);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClicks(parts.program, QStringLiteral("no-such-program-xyz"));
    QTest::keyClick(parts.program, Qt::Key_Return);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(programError->isVisible());
    QCOMPARE(programError->text(), QStringLiteral("No-such-program-xyz: command not found"));
    QVERIFY(storedHistory().isEmpty()); // a launch that was not made is not remembered

    parts.program->clear(); // editing clears the error until the next try
    QVERIFY(!programError->isVisible());
    QTest::keyClicks(parts.program, foundProgram);
    QTest::keyClick(parts.program, Qt::Key_Return);
    QCOMPARE(accepted.count(), 1);
}

void tst_LaunchDialog::enterDoesNothingWhenInvalid()
{
    LaunchDialog dialog;
    Parts parts(&dialog);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClick(parts.program, Qt::Key_Return); // no program yet
    QTest::keyClicks(parts.program, foundProgram);
    QTest::keyClicks(parts.arguments, QStringLiteral("\"open"));
    QTest::keyClick(parts.arguments, Qt::Key_Return);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(dialog.isVisible());
}

void tst_LaunchDialog::acceptingAddsToFrontOfHistory()
{
    launch(numbered(1));
    QCOMPARE(storedHistory(), QList<LaunchRequest>{numbered(1)});
    launch(numbered(2));
    QCOMPARE(storedHistory(), (QList<LaunchRequest>{numbered(2), numbered(1)}));

    LaunchDialog dialog;
    dialog.setRequest(numbered(3));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const QList<LaunchRequest> expected{numbered(3), numbered(2), numbered(1)};
    QCOMPARE(dialog.history(), expected);
    QCOMPARE(storedHistory(), expected);
}

void tst_LaunchDialog::historyKeepsTwentyEntries()
{
    for (int i = 0; i < 25; ++i)
        launch(numbered(i));
    const QList<LaunchRequest> history = storedHistory();
    QCOMPARE(history.size(), 20);
    QCOMPARE(history.first(), numbered(24));
    QCOMPARE(history.last(), numbered(5));

    LaunchDialog dialog;
    QCOMPARE(dialog.history(), history);
    QCOMPARE(Parts(&dialog).recent->count(), 20);
}

void tst_LaunchDialog::duplicateMovesToFront()
{
    launch(numbered(1));
    launch(numbered(2));
    launch(numbered(3));
    launch(numbered(1));
    QCOMPARE(storedHistory(), (QList<LaunchRequest>{numbered(1), numbered(3), numbered(2)}));
    launch(numbered(1));
    QCOMPARE(storedHistory(), (QList<LaunchRequest>{numbered(1), numbered(3), numbered(2)}));
}

void tst_LaunchDialog::choosingHistoryEntryFillsFields()
{
    LaunchRequest withEverything = numbered(1);
    withEverything.arguments.append(QStringLiteral("two words"));
    withEverything.workingDirectory = m_dir.path();
    withEverything.environment = {QStringLiteral("A=1"), QStringLiteral("B=2")};
    launch(withEverything);
    launch(numbered(2));

    LaunchDialog dialog;
    Parts parts(&dialog);
    QVERIFY(parts.complete());
    QVERIFY(parts.recent->isEnabled());
    QCOMPARE(parts.recent->count(), 2);
    QCOMPARE(parts.recent->itemText(0), numbered(2).displayText());
    QCOMPARE(parts.recent->itemText(1), withEverything.displayText());
    QCOMPARE(parts.recent->currentIndex(), 0);

    parts.program->setText(QStringLiteral("something else"));
    parts.environment->setPlainText(QStringLiteral("X=9"));
    QTest::keyClick(parts.recent, Qt::Key_Down);
    QCOMPARE(parts.recent->currentIndex(), 1);
    QCOMPARE(dialog.request(), withEverything.withoutEnvironmentValues());
    QCOMPARE(parts.program->text(), withEverything.program);
    QCOMPARE(parts.arguments->text(), QStringLiteral("--n=1 'two words'"));
    QCOMPARE(parts.workingDirectory->text(), m_dir.path());
    QCOMPARE(parts.environment->toPlainText(), QStringLiteral("A=\nB=")); // names only
    QVERIFY(parts.launch->isEnabled());

    QTest::keyClick(parts.recent, Qt::Key_Up);
    QCOMPARE(dialog.request(), numbered(2));
}

void tst_LaunchDialog::secondDialogSeesHistory()
{
    LaunchDialog first;
    Parts firstParts(&first);
    QCOMPARE(firstParts.recent->count(), 0);
    firstParts.program->setText(foundProgram);
    firstParts.arguments->setText(QStringLiteral("-n 'a file'"));
    first.accept();

    LaunchDialog second;
    Parts secondParts(&second);
    QCOMPARE(secondParts.recent->count(), 1);
    QVERIFY(secondParts.recent->isEnabled());
    LaunchRequest expected;
    expected.program = foundProgram;
    expected.arguments = {QStringLiteral("-n"), QStringLiteral("a file")};
    QCOMPARE(second.history(), QList<LaunchRequest>{expected});
    // It opens with the most recent launch filled in, ready to launch again.
    QCOMPARE(second.request(), expected);
    QVERIFY(secondParts.launch->isEnabled());
    QCOMPARE(secondParts.program->selectedText(), foundProgram);
}

void tst_LaunchDialog::brokenHistoryEntriesAreSkipped()
{
    QSettings().setValue(QStringLiteral("launch/history"),
                         QVariantList{QStringLiteral("not a map"), QVariantMap(),
                                      numbered(1).toVariantMap(), numbered(1).toVariantMap(),
                                      numbered(2).toVariantMap()});
    LaunchDialog dialog;
    QCOMPARE(dialog.history(), (QList<LaunchRequest>{numbered(1), numbered(2)}));
    QCOMPARE(Parts(&dialog).recent->count(), 2);
}

// Everything the settings hold under the history key, as text.
QString storedHistoryText()
{
    QString text;
    QDebug(&text) << QSettings().value(QStringLiteral("launch/history"));
    return text;
}

void tst_LaunchDialog::historyKeepsNoEnvironmentValues()
{
    LaunchRequest request = numbered(1);
    request.environment = {QStringLiteral("API_TOKEN=s3cret-value")};
    launch(request);
    QCOMPARE(storedHistory(), QList<LaunchRequest>{request.withoutEnvironmentValues()});
    QVERIFY(storedHistoryText().contains(QLatin1String("API_TOKEN")));
    QVERIFY(!storedHistoryText().contains(QLatin1String("s3cret")));

    // Values an earlier version kept are forgotten as soon as a dialog reads the history.
    QVariantMap legacy = numbered(2).toVariantMap();
    legacy.insert(QStringLiteral("environment"), QStringList{QStringLiteral("PASSWORD=hunter2")});
    QSettings().setValue(QStringLiteral("launch/history"), QVariantList{legacy});
    LaunchDialog dialog;
    QVERIFY(!storedHistoryText().contains(QLatin1String("hunter2")));
    QCOMPARE(Parts(&dialog).environment->toPlainText(), QStringLiteral("PASSWORD="));
}

void tst_LaunchDialog::rejectingLeavesHistory()
{
    launch(numbered(1));
    LaunchDialog dialog;
    dialog.setRequest(numbered(2));
    dialog.reject();
    QCOMPARE(storedHistory(), QList<LaunchRequest>{numbered(1)});
}

QTEST_MAIN(tst_LaunchDialog)

#include "tst_launchdialog.moc"

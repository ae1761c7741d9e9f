#include "inputbar.h"
#include "testutils.h"
#include "wine.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtGui/QAction>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QToolButton>

class tst_InputBar : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void defaults();
    void enterSends_data();
    void enterSends();
    void sendButtonSends();
    void emptyInput_data();
    void emptyInput();
    void invalidInputSendsNothing_data();
    void invalidInputSendsNothing();
    void errorClearsWhenEditing();
    void historyWalk();
    void historyKeepsEditedDraft();
    void historySkipsDuplicatesAndEmpty();
    void historyIsBounded();
    void historyPersists();
    void historyIsPrivateAndCanBeTurnedOff();
    void choicesPersist();
    void lineEndingPerFormat();
    void closeInput();
    void states_data();
    void states();
    void signalActions_data();
    void signalActions();
    void restart();
    void sendFile();
    void sendFileErrors();

private:
    static void typeAndEnter(InputBar &bar, const QString &text);
};

void tst_InputBar::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("pipescope-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_inputbar"));
    QSettings::setDefaultFormat(QSettings::IniFormat); // the file Settings keeps
}

void tst_InputBar::init()
{
    QSettings().clear();
}

void tst_InputBar::typeAndEnter(InputBar &bar, const QString &text)
{
    // keyClicks() knows ASCII only: other characters come as key events with their text.
    for (const QChar c : text) {
        if (c.unicode() < 0x80) {
            QTest::keyClick(bar.lineEdit(), char(c.unicode()));
        } else {
            QTest::sendKeyEvent(QTest::Click, bar.lineEdit(), Qt::Key_unknown, QString(c),
                                Qt::NoModifier);
        }
    }
    QTest::keyClick(bar.lineEdit(), Qt::Key_Return);
}

void tst_InputBar::defaults()
{
    InputBar bar;
    QCOMPARE(bar.state(), InputBar::State::NoChild);
    QCOMPARE(bar.format(), InputFormat::Text);
    QCOMPARE(bar.lineEnding(), LineEnding::Lf);
    QVERIFY(bar.history().isEmpty());
    QVERIFY(bar.errorText().isEmpty());
    QVERIFY(!bar.lineEdit()->placeholderText().isEmpty());
}

void tst_InputBar::enterSends_data()
{
    QTest::addColumn<InputFormat>("format");
    QTest::addColumn<LineEnding>("ending");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("text, LF") << InputFormat::Text << LineEnding::Lf << QStringLiteral("hi \\n")
                              << QByteArrayLiteral("hi \\n\n");
    QTest::newRow("text, CRLF") << InputFormat::Text << LineEnding::CrLf << QStringLiteral("hi")
                                << QByteArrayLiteral("hi\r\n");
    QTest::newRow("text, none") << InputFormat::Text << LineEnding::None << QStringLiteral("hi")
                                << QByteArrayLiteral("hi");
    QTest::newRow("text, UTF-8") << InputFormat::Text << LineEnding::None
                                 << QString::fromUtf8("caf\xc3\xa9")
                                 << QByteArrayLiteral("caf\xc3\xa9");
    QTest::newRow("escapes, LF") << InputFormat::Escaped << LineEnding::Lf
                                 << QStringLiteral("a\\tb\\x00") << QByteArray("a\tb\0\n", 5);
    QTest::newRow("escapes, CRLF") << InputFormat::Escaped << LineEnding::CrLf
                                   << QStringLiteral("\\e[0m") << QByteArrayLiteral("\x1b[0m\r\n");
    QTest::newRow("escapes, none") << InputFormat::Escaped << LineEnding::None
                                   << QStringLiteral("\\u00e9") << QByteArrayLiteral("\xc3\xa9");
    QTest::newRow("hex, none") << InputFormat::Hex << LineEnding::None
                               << QStringLiteral("de ad,0xbe ef")
                               << QByteArrayLiteral("\xde\xad\xbe\xef");
    QTest::newRow("hex, LF") << InputFormat::Hex << LineEnding::Lf << QStringLiteral("41")
                             << QByteArrayLiteral("A\n");
    QTest::newRow("hex, CRLF") << InputFormat::Hex << LineEnding::CrLf << QStringLiteral("4142")
                               << QByteArrayLiteral("AB\r\n");
    // A framed message takes no line ending: its framing says where it ends.
    QTest::newRow("Content-Length") << InputFormat::ContentLength << LineEnding::Lf
                                    << QStringLiteral(R"({"id": 1, "method": "x"})")
                                    << QByteArrayLiteral("Content-Length: 21\r\n\r\n"
                                                         R"({"id":1,"method":"x"})");
    QTest::newRow("msgpack") << InputFormat::Msgpack << LineEnding::Lf
                             << QStringLiteral(R"([2, "redraw", []])")
                             << QByteArrayLiteral("\x93\x02\xa6redraw\x90");
}

void tst_InputBar::enterSends()
{
    QFETCH(InputFormat, format);
    QFETCH(LineEnding, ending);
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);

    InputBar bar;
    bar.setState(InputBar::State::Running);
    bar.setFormat(format);
    bar.setLineEnding(ending);
    QCOMPARE(bar.format(), format);
    QCOMPARE(bar.lineEnding(), ending);
    QCOMPARE(bar.findChild<QComboBox *>(QStringLiteral("lineEndingCombo"))->isEnabled(),
             takesLineEnding(format));
    QSignalSpy spy(&bar, &InputBar::sendRequested);
    typeAndEnter(bar, text);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toByteArray(), expected);
    QVERIFY(bar.lineEdit()->text().isEmpty()); // cleared after a send
    QVERIFY(bar.errorText().isEmpty());
    QCOMPARE(bar.history(), QStringList{text});
}

void tst_InputBar::sendButtonSends()
{
    InputBar bar;
    bar.setState(InputBar::State::Running);
    QSignalSpy spy(&bar, &InputBar::sendRequested);
    QTest::keyClicks(bar.lineEdit(), QStringLiteral("ping"));
    auto *button = bar.findChild<QToolButton *>(QStringLiteral("sendButton"));
    QVERIFY(button);
    button->click();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toByteArray(), QByteArrayLiteral("ping\n"));
    QVERIFY(bar.lineEdit()->text().isEmpty());
}

void tst_InputBar::emptyInput_data()
{
    QTest::addColumn<LineEnding>("ending");
    QTest::addColumn<int>("sends");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("LF") << LineEnding::Lf << 1 << QByteArrayLiteral("\n");
    QTest::newRow("CRLF") << LineEnding::CrLf << 1 << QByteArrayLiteral("\r\n");
    QTest::newRow("none: nothing to send") << LineEnding::None << 0 << QByteArray();
}

void tst_InputBar::emptyInput()
{
    QFETCH(LineEnding, ending);
    QFETCH(int, sends);
    QFETCH(QByteArray, expected);

    InputBar bar;
    bar.setState(InputBar::State::Running);
    bar.setLineEnding(ending);
    QSignalSpy spy(&bar, &InputBar::sendRequested);
    QTest::keyClick(bar.lineEdit(), Qt::Key_Enter);
    QCOMPARE(spy.count(), sends);
    if (sends)
        QCOMPARE(spy.at(0).at(0).toByteArray(), expected);
    QVERIFY(bar.history().isEmpty()); // an empty line is not worth recalling
}

void tst_InputBar::invalidInputSendsNothing_data()
{
    QTest::addColumn<InputFormat>("format");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("cursor");

    QTest::newRow("hex, odd") << InputFormat::Hex << QStringLiteral("41 4")
                              << QStringLiteral("odd number of hex digits in '4'") << 3;
    QTest::newRow("hex, bad digit") << InputFormat::Hex << QStringLiteral("4g")
                                    << QStringLiteral("'g' is not a hex digit at column 2") << 1;
    QTest::newRow("escape, unknown") << InputFormat::Escaped << QStringLiteral("ab\\q")
                                     << QStringLiteral("Unknown escape \\q at column 3") << 2;
    QTest::newRow("escape, trailing backslash")
        << InputFormat::Escaped << QStringLiteral("ab\\")
        << QStringLiteral("Trailing backslash (write \\\\ for a backslash) at column 3") << 2;
}

void tst_InputBar::invalidInputSendsNothing()
{
    QFETCH(InputFormat, format);
    QFETCH(QString, text);
    QFETCH(QString, error);
    QFETCH(int, cursor);

    InputBar bar;
    bar.setState(InputBar::State::Running);
    bar.setFormat(format);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    auto *label = bar.findChild<QLabel *>(QStringLiteral("inputErrorLabel"));
    QVERIFY(label);
    QVERIFY(!label->isVisible());

    QSignalSpy spy(&bar, &InputBar::sendRequested);
    typeAndEnter(bar, text);
    QCOMPARE(spy.count(), 0);
    QVERIFY2(bar.errorText().startsWith(error), qPrintable(bar.errorText()));
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), bar.errorText());
    QCOMPARE(bar.lineEdit()->text(), text);             // kept for correction
    QCOMPARE(bar.lineEdit()->cursorPosition(), cursor); // at the mistake
    QVERIFY(bar.history().isEmpty());
}

void tst_InputBar::errorClearsWhenEditing()
{
    InputBar bar;
    bar.setState(InputBar::State::Running);
    bar.setFormat(InputFormat::Hex);
    bar.setLineEnding(LineEnding::None);
    QSignalSpy spy(&bar, &InputBar::sendRequested);
    typeAndEnter(bar, QStringLiteral("414"));
    QVERIFY(!bar.errorText().isEmpty());

    QTest::keyClick(bar.lineEdit(), Qt::Key_End);
    QTest::keyClick(bar.lineEdit(), Qt::Key_2);
    QVERIFY(bar.errorText().isEmpty());
    QTest::keyClick(bar.lineEdit(), Qt::Key_Return);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toByteArray(), QByteArrayLiteral("AB"));

    // Changing the format clears it too.
    typeAndEnter(bar, QStringLiteral("zz"));
    QVERIFY(!bar.errorText().isEmpty());
    bar.setFormat(InputFormat::Text);
    QVERIFY(bar.errorText().isEmpty());
}

void tst_InputBar::historyWalk()
{
    InputBar bar;
    bar.setState(InputBar::State::Running);
    QLineEdit *edit = bar.lineEdit();
    typeAndEnter(bar, QStringLiteral("first"));
    typeAndEnter(bar, QStringLiteral("second"));
    typeAndEnter(bar, QStringLiteral("third"));
    QCOMPARE(bar.history(), QStringList({QStringLiteral("third"), QStringLiteral("second"),
                                         QStringLiteral("first")}));

    QTest::keyClicks(edit, QStringLiteral("draft"));
    QTest::keyClick(edit, Qt::Key_Up);
    QCOMPARE(edit->text(), QStringLiteral("third"));
    QTest::keyClick(edit, Qt::Key_Up);
    QCOMPARE(edit->text(), QStringLiteral("second"));
    QTest::keyClick(edit, Qt::Key_Up);
    QCOMPARE(edit->text(), QStringLiteral("first"));
    QTest::keyClick(edit, Qt::Key_Up); // the oldest stays
    QCOMPARE(edit->text(), QStringLiteral("first"));
    QTest::keyClick(edit, Qt::Key_Down);
    QCOMPARE(edit->text(), QStringLiteral("second"));
    QTest::keyClick(edit, Qt::Key_Down);
    QCOMPARE(edit->text(), QStringLiteral("third"));
    QTest::keyClick(edit, Qt::Key_Down); // back to the unsent text
    QCOMPARE(edit->text(), QStringLiteral("draft"));
    QTest::keyClick(edit, Qt::Key_Down); // nothing newer
    QCOMPARE(edit->text(), QStringLiteral("draft"));

    // Sending a recalled entry sends it and brings it to the front.
    QSignalSpy spy(&bar, &InputBar::sendRequested);
    QTest::keyClick(edit, Qt::Key_Up);
    QTest::keyClick(edit, Qt::Key_Up);
    QCOMPARE(edit->text(), QStringLiteral("second"));
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toByteArray(), QByteArrayLiteral("second\n"));
    QVERIFY(edit->text().isEmpty());
    QCOMPARE(bar.history().first(), QStringLiteral("second"));
    QTest::keyClick(edit, Qt::Key_Up); // the walk starts again from the newest
    QCOMPARE(edit->text(), QStringLiteral("second"));
    QTest::keyClick(edit, Qt::Key_Down);
    QVERIFY(edit->text().isEmpty());
}

void tst_InputBar::historyKeepsEditedDraft()
{
    InputBar bar;
    bar.setState(InputBar::State::Running);
    QLineEdit *edit = bar.lineEdit();
    typeAndEnter(bar, QStringLiteral("one"));
    typeAndEnter(bar, QStringLiteral("two"));

    // An entry edited after recalling it becomes the draft.
    QTest::keyClick(edit, Qt::Key_Up);
    QTest::keyClick(edit, Qt::Key_Up);
    QCOMPARE(edit->text(), QStringLiteral("one"));
    QTest::keyClick(edit, Qt::Key_End);
    QTest::keyClicks(edit, QStringLiteral("!"));
    QTest::keyClick(edit, Qt::Key_Up);
    QCOMPARE(edit->text(), QStringLiteral("two"));
    QTest::keyClick(edit, Qt::Key_Down);
    QCOMPARE(edit->text(), QStringLiteral("one!"));
    QCOMPARE(bar.history(), QStringList({QStringLiteral("two"), QStringLiteral("one")}));
}

void tst_InputBar::historySkipsDuplicatesAndEmpty()
{
    InputBar bar;
    bar.setState(InputBar::State::Running);
    typeAndEnter(bar, QStringLiteral("a"));
    typeAndEnter(bar, QStringLiteral("a"));
    typeAndEnter(bar, QString());
    typeAndEnter(bar, QStringLiteral("b"));
    typeAndEnter(bar, QStringLiteral("a"));
    QCOMPARE(bar.history(),
             QStringList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("a")}));
}

void tst_InputBar::historyIsBounded()
{
    InputBar bar;
    bar.setState(InputBar::State::Running);
    for (int i = 0; i < InputBar::maxHistory + 20; ++i) {
        bar.lineEdit()->setText(QString::number(i));
        bar.send();
    }
    const QStringList history = bar.history();
    QCOMPARE(history.size(), InputBar::maxHistory);
    QCOMPARE(history.first(), QString::number(InputBar::maxHistory + 19));
    QCOMPARE(history.last(), QString::number(20));
    QCOMPARE(QSettings().value(QStringLiteral("input/history")).toStringList(), history);
}

void tst_InputBar::historyPersists()
{
    {
        InputBar bar;
        bar.setState(InputBar::State::Running);
        typeAndEnter(bar, QStringLiteral("remember me"));
        typeAndEnter(bar, QStringLiteral("and me"));
    }
    InputBar second;
    second.setState(InputBar::State::Running);
    QCOMPARE(second.history(),
             QStringList({QStringLiteral("and me"), QStringLiteral("remember me")}));
    QTest::keyClick(second.lineEdit(), Qt::Key_Up);
    QCOMPARE(second.lineEdit()->text(), QStringLiteral("and me"));
    QTest::keyClick(second.lineEdit(), Qt::Key_Up);
    QCOMPARE(second.lineEdit()->text(), QStringLiteral("remember me"));
}

// What is typed to a child may be a password or a token: the settings file that keeps it is
// readable by its owner only, and keeping it can be turned off, which forgets it.
void tst_InputBar::historyIsPrivateAndCanBeTurnedOff()
{
    const auto settingsFile = [] {
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    InputBar bar;
    bar.setState(InputBar::State::Running);
    QVERIFY(bar.rememberInputAction()->isChecked());
    typeAndEnter(bar, QStringLiteral("hunter2"));
    QVERIFY(settingsFile().contains("hunter2"));
    const QFileDevice::Permissions permissions
        = testutils::othersPermissions(QSettings().fileName());
    EXPECT_NO_DACL_UNDER_WINE();
    QCOMPARE(permissions, QFileDevice::Permissions());

    bar.rememberInputAction()->trigger(); // off
    QVERIFY(!settingsFile().contains("hunter2"));
    typeAndEnter(bar, QStringLiteral("s3cret"));
    QVERIFY(!settingsFile().contains("s3cret"));
    // This bar still recalls it; a new one has nothing to recall.
    QCOMPARE(bar.history(), QStringList({QStringLiteral("s3cret"), QStringLiteral("hunter2")}));
    InputBar next;
    QVERIFY(!next.rememberInputAction()->isChecked());
    QVERIFY(next.history().isEmpty());

    bar.rememberInputAction()->trigger(); // on again: what this bar recalls is kept
    QVERIFY(settingsFile().contains("s3cret"));
}

void tst_InputBar::choicesPersist()
{
    {
        InputBar bar;
        bar.setState(InputBar::State::Running);
        bar.setFormat(InputFormat::Escaped);
        bar.setLineEnding(LineEnding::CrLf);
    }
    InputBar second;
    QCOMPARE(second.format(), InputFormat::Escaped);
    QCOMPARE(second.lineEnding(), LineEnding::CrLf);

    // The user's choice through the combo box counts the same.
    auto *formatCombo = second.findChild<QComboBox *>(QStringLiteral("formatCombo"));
    QVERIFY(formatCombo);
    formatCombo->setCurrentIndex(formatCombo->findData(int(InputFormat::Hex)));
    InputBar third;
    QCOMPARE(third.format(), InputFormat::Hex);
}

void tst_InputBar::lineEndingPerFormat()
{
    InputBar bar;
    QCOMPARE(bar.format(), InputFormat::Text);
    QCOMPARE(bar.lineEnding(), LineEnding::Lf);
    bar.setFormat(InputFormat::Hex);
    QCOMPARE(bar.lineEnding(), LineEnding::None); // hex goes without one unless told
    bar.setLineEnding(LineEnding::CrLf);
    bar.setFormat(InputFormat::Text);
    QCOMPARE(bar.lineEnding(), LineEnding::Lf);
    bar.setFormat(InputFormat::Hex);
    QCOMPARE(bar.lineEnding(), LineEnding::CrLf);
}

void tst_InputBar::closeInput()
{
    InputBar bar;
    bar.setState(InputBar::State::Running);
    QSignalSpy closeSpy(&bar, &InputBar::closeInputRequested);
    QSignalSpy sendSpy(&bar, &InputBar::sendRequested);
    bar.closeInputAction()->trigger();
    QCOMPARE(closeSpy.count(), 1);
    QCOMPARE(bar.state(), InputBar::State::InputClosed);
    QVERIFY(!bar.lineEdit()->isEnabled());
    QVERIFY(!bar.closeInputAction()->isEnabled());
    QVERIFY(!bar.sendFileAction()->isEnabled());
    QVERIFY(bar.interruptAction()->isEnabled());
    QVERIFY(bar.killAction()->isEnabled());

    bar.lineEdit()->setText(QStringLiteral("too late"));
    bar.send();
    QCOMPARE(sendSpy.count(), 0);

    // A window that reports the child's exit while handling the request keeps that state.
    InputBar other;
    other.setState(InputBar::State::Running);
    connect(&other, &InputBar::closeInputRequested, &other,
            [&other] { other.setState(InputBar::State::Exited); });
    other.closeInputAction()->trigger();
    QCOMPARE(other.state(), InputBar::State::Exited);
}

void tst_InputBar::states_data()
{
    QTest::addColumn<InputBar::State>("state");
    QTest::addColumn<bool>("canSend");
    QTest::addColumn<bool>("canSignal");
    QTest::addColumn<bool>("canRestart");

    QTest::newRow("no child") << InputBar::State::NoChild << false << false << false;
    QTest::newRow("running") << InputBar::State::Running << true << true << true;
    QTest::newRow("input closed") << InputBar::State::InputClosed << false << true << true;
    QTest::newRow("exited") << InputBar::State::Exited << false << false << true;
}

void tst_InputBar::states()
{
    QFETCH(InputBar::State, state);
    QFETCH(bool, canSend);
    QFETCH(bool, canSignal);
    QFETCH(bool, canRestart);

    InputBar bar;
    // From every other state, so that each control is switched both ways.
    for (const auto from : {InputBar::State::NoChild, InputBar::State::Running,
                            InputBar::State::InputClosed, InputBar::State::Exited}) {
        bar.setState(from);
        bar.setState(state);
        QCOMPARE(bar.state(), state);
        QCOMPARE(bar.lineEdit()->isEnabled(), canSend);
        QCOMPARE(bar.findChild<QComboBox *>(QStringLiteral("formatCombo"))->isEnabled(), canSend);
        QCOMPARE(bar.findChild<QComboBox *>(QStringLiteral("lineEndingCombo"))->isEnabled(),
                 canSend);
        QCOMPARE(bar.findChild<QToolButton *>(QStringLiteral("sendButton"))->isEnabled(), canSend);
        QCOMPARE(bar.sendFileAction()->isEnabled(), canSend);
        QCOMPARE(bar.closeInputAction()->isEnabled(), canSend);
        QCOMPARE(bar.interruptAction()->isEnabled(), canSignal);
        QCOMPARE(bar.terminateAction()->isEnabled(), canSignal);
        QCOMPARE(bar.killAction()->isEnabled(), canSignal);
        QCOMPARE(bar.restartAction()->isEnabled(), canRestart);
        QCOMPARE(bar.findChild<QPushButton *>(QStringLiteral("childButton"))->isEnabled(),
                 canRestart);
    }

    // Enter sends only while the child reads its input.
    QSignalSpy spy(&bar, &InputBar::sendRequested);
    bar.lineEdit()->setText(QStringLiteral("x"));
    bar.send();
    QCOMPARE(spy.count(), canSend ? 1 : 0);
}

void tst_InputBar::signalActions_data()
{
    QTest::addColumn<int>("action");
    QTest::addColumn<ProcessSignal>("expected");

    QTest::newRow("interrupt") << 0 << ProcessSignal::Interrupt;
    QTest::newRow("terminate") << 1 << ProcessSignal::Terminate;
    QTest::newRow("kill") << 2 << ProcessSignal::Kill;
}

void tst_InputBar::signalActions()
{
    QFETCH(int, action);
    QFETCH(ProcessSignal, expected);

    for (const auto state : {InputBar::State::Running, InputBar::State::InputClosed}) {
        InputBar bar;
        bar.setState(state);
        QSignalSpy spy(&bar, &InputBar::signalRequested);
        const QList<QAction *> actions
            = {bar.interruptAction(), bar.terminateAction(), bar.killAction()};
        actions.at(action)->trigger();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<ProcessSignal>(), expected);
        QCOMPARE(bar.state(), state); // the window reports what the signal did
    }
}

void tst_InputBar::restart()
{
    InputBar bar;
    bar.setState(InputBar::State::Exited);
    QSignalSpy spy(&bar, &InputBar::restartRequested);
    bar.restartAction()->trigger();
    QCOMPARE(spy.count(), 1);

    // Disabled actions do nothing.
    bar.setState(InputBar::State::NoChild);
    bar.restartAction()->trigger();
    QCOMPARE(spy.count(), 1);
}

void tst_InputBar::sendFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("payload.bin"));
    const QByteArray payload("\x00\x01\xff\nbinary", 10);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(payload), payload.size());
    }

    InputBar bar;
    QSignalSpy spy(&bar, &InputBar::sendRequested);
    QVERIFY(!bar.sendFile(path)); // no child to send to
    bar.setState(InputBar::State::Running);
    bar.setFormat(InputFormat::Text);
    bar.setLineEnding(LineEnding::CrLf);
    QVERIFY(bar.sendFile(path));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toByteArray(), payload); // as it is, no line ending
    QVERIFY(bar.errorText().isEmpty());
    QVERIFY(bar.history().isEmpty());
}

void tst_InputBar::sendFileErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    InputBar bar;
    bar.setState(InputBar::State::Running);
    QSignalSpy spy(&bar, &InputBar::sendRequested);

    QVERIFY(!bar.sendFile(dir.filePath(QStringLiteral("missing.bin"))));
    QVERIFY2(bar.errorText().contains(QStringLiteral("missing.bin")), qPrintable(bar.errorText()));

    QVERIFY(!bar.sendFile(dir.path()));
    QVERIFY2(bar.errorText().contains(QStringLiteral("not a regular file")),
             qPrintable(bar.errorText()));

    // A sparse file just above the limit: refused with its size and the limit.
    const QString big = dir.filePath(QStringLiteral("big.bin"));
    {
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(InputBar::maxFileSize + 1));
    }
    QVERIFY(!bar.sendFile(big));
    QVERIFY2(bar.errorText().contains(QStringLiteral("big.bin")), qPrintable(bar.errorText()));
    QVERIFY2(bar.errorText().contains(QStringLiteral("64")), qPrintable(bar.errorText()));
    QCOMPARE(spy.count(), 0);

    // Exactly at the limit is fine.
    {
        QFile file(big);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(InputBar::maxFileSize));
    }
    QVERIFY(bar.sendFile(big));
    QVERIFY(bar.errorText().isEmpty());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toByteArray().size(), InputBar::maxFileSize);
}

QTEST_MAIN(tst_InputBar)

#include "tst_inputbar.moc"

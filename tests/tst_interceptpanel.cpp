// The Intercept dock on a program launched from the window: a breakpoint set there holds a
// request, the editor shows its body, and Forward Edited sends the edited body, re-framed.
#include "capture/capturestore.h"
#include "codec/inputencoding.h"
#include "helpers/dialogs.h"
#include "helpers/intercepted.h"
#include "helpers/lsp.h"
#include "intercept/interception.h"
#include "interceptpanel.h"
#include "mainwindow.h"
#include "messages/sessionmessages.h"
#include "messagesender.h"
#include "models/messagemodel.h"
#include "relay/launchrequest.h"
#include "relay/proxysession.h"
#include "ruleseditor.h"
#include "sessionview.h"
#include "testconfig.h"

#include <QtCore/QFile>
#include <QtGui/QAction>
#include <QtTest/QtTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableWidget>

namespace {

QByteArray streamBytes(const CaptureStore &store, Stream stream)
{
    QByteArray all;
    for (qsizetype i = 0; i < store.count(); ++i) {
        if (store.record(i).stream == stream)
            all += store.payload(store.record(i));
    }
    return all;
}

// Rules typed in the Rules tab: one with a mistake, one that answers hovers with an error.
const char brokenRules[] = R"({"rules": [{"match": "method ==", "action": "drop"}]})";
const char hoverErrorRules[]
    = "{\"rules\": [\n"
      "  {\"match\": \"method == \\\"textDocument/hover\\\"\", \"direction\": \"to-child\",\n"
      "   \"action\": \"error\", \"code\": -32803, \"message\": \"from the window\"}]}";

// Shows the window and launches protocolserver lsp from it, as File > Launch does.
bool launchLspServer(MainWindow &window)
{
    window.show();
    LaunchRequest request;
    request.program = QStringLiteral(PROTOCOLSERVER_BINARY);
    request.arguments = {QStringLiteral("lsp")};
    return window.launch(request);
}

} // namespace

class tst_InterceptPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void breakpointHoldsAndEditedBodyIsSent()
    {
        MainWindow window;
        QVERIFY(launchLspServer(window));
        SessionView *view = window.sessionView();
        QVERIFY(view->interception());
        InterceptPanel *panel = window.interceptPanel();
        panel->show();
        QVERIFY(panel->addButton()->isEnabled());
        // Its shortcut, like every other one of the window's, does one thing.
        QStringList shortcuts;
        for (const QAction *action : window.findChildren<QAction *>()) {
            if (!action->shortcut().isEmpty() && action->shortcutContext() != Qt::WidgetShortcut)
                shortcuts << action->shortcut().toString();
        }
        QVERIFY(shortcuts.contains(QStringLiteral("Ctrl+Shift+E")));
        QCOMPARE(QSet<QString>(shortcuts.begin(), shortcuts.end()).size(), shortcuts.size());

        panel->expressionEdit()->setText(QStringLiteral("method == \"initialize\""));
        panel->directionChoice()->setCurrentIndex(
            panel->directionChoice()->findData(int(TrafficDirection::ToChild)));
        panel->addButton()->click();
        QTest::qWait(100); // the breakpoint reaches the relay thread
        view->proxySession()->sendInput(
            lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})"));
        QTRY_COMPARE(panel->heldTable()->rowCount(), 1);
        QCOMPARE(panel->heldTable()->item(0, 3)->text(), QStringLiteral("initialize"));
        QVERIFY2(panel->bodyEditor()->toPlainText().contains(
                     QStringLiteral("\"method\": \"initialize\"")),
                 qPrintable(panel->bodyEditor()->toPlainText()));

        // A body that is no JSON is refused, in words, and stays held.
        panel->bodyEditor()->setPlainText(QStringLiteral("{\"id\": 1,"));
        panel->forwardEdited();
        QVERIFY(panel->noteLabel()->text().contains(QStringLiteral("not JSON")));
        QTest::qWait(100);
        QCOMPARE(panel->heldTable()->rowCount(), 1);

        panel->bodyEditor()->setPlainText(
            QStringLiteral("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"edited\"}"));
        panel->forwardEdited();
        QTRY_COMPARE(panel->heldTable()->rowCount(), 0);
        QTRY_VERIFY(streamBytes(view->proxySession()->store(), Stream::Stdout)
                        .contains(R"({"jsonrpc":"2.0","id":1,"result":{"echo":"edited"}})"));

        // Send: a template's request goes to the child with an id of pipescope's own.
        panel->messageSender()->templates()->setCurrentIndex(
            panel->messageSender()->templates()->findText(
                QStringLiteral("MCP: ping (to the server)")));
        emit panel->messageSender()->templates()->activated(
            panel->messageSender()->templates()->currentIndex());
        QVERIFY(
            panel->messageSender()->editor()->toPlainText().contains(QStringLiteral("\"ping\"")));
        panel->messageSender()->send();
        QTRY_VERIFY(
            streamBytes(view->proxySession()->store(), Stream::Stdout)
                .contains(R"({"jsonrpc":"2.0","id":"pipescope-1","result":{"echo":"ping"}})"));

        // Raw bytes, spelled with C escapes.
        panel->messageSender()->formatChoice()->setCurrentIndex(
            panel->messageSender()->formatChoice()->findData(int(InputFormat::Escaped)));
        panel->messageSender()->editor()->setPlainText(QStringLiteral("x\\x41\\n"));
        panel->messageSender()->send();
        QTRY_COMPARE(interceptedEvents(view->proxySession()->store()).size(), 3);
        QCOMPARE(interceptedEvents(view->proxySession()->store()).last().delivered,
                 QByteArray("xA\n"));
        // And in hex.
        panel->messageSender()->formatChoice()->setCurrentIndex(
            panel->messageSender()->formatChoice()->findData(int(InputFormat::Hex)));
        panel->messageSender()->editor()->setPlainText(QStringLiteral("42 4"));
        panel->messageSender()->send();
        QVERIFY2(panel->messageSender()->statusLabel()->text().contains(
                     QStringLiteral("odd number of hex digits")),
                 qPrintable(panel->messageSender()->statusLabel()->text()));
        panel->messageSender()->editor()->setPlainText(QStringLiteral("42 0a"));
        panel->messageSender()->send();
        QTRY_COMPARE(interceptedEvents(view->proxySession()->store()).size(), 4);
        QCOMPARE(interceptedEvents(view->proxySession()->store()).last().delivered,
                 QByteArray("B\n"));

        // A message from the timeline, to send again.
        window.setTimelineUnit(SessionView::TimelineUnit::Messages);
        QTRY_VERIFY(view->messageModel()->rowCount() > 2);
        view->goToMessage(1); // the initialize request (message 0 is the start)
        panel->messageSender()->takeSelectedMessage();
        QVERIFY2(panel->messageSender()->editor()->toPlainText().contains(
                     QStringLiteral("\"initialize\"")),
                 qPrintable(panel->messageSender()->editor()->toPlainText()));
        QCOMPARE(panel->messageSender()->formatChoice()->currentData().toInt(),
                 int(InputFormat::Text));
        QCOMPARE(panel->messageSender()->directionChoice()->currentData().toInt(),
                 int(Stream::Stdin));

        // A cancellation for the request selected (by its response here), with its id.
        view->proxySession()->sendInput(
            lsp(R"({"jsonrpc":"2.0","id":42,"method":"textDocument/hover","params":{}})"));
        const auto responseTo42 = [view] {
            const MessageLog &log = view->messages()->log();
            for (qsizetype i = 0; i < log.count(); ++i) {
                if (log.at(i).isResponse() && log.idText(log.at(i)) == "42")
                    return i;
            }
            return qsizetype(-1);
        };
        QTRY_VERIFY(responseTo42() >= 0);
        view->goToMessage(responseTo42());
        const int cancelTemplate = panel->messageSender()->templates()->findText(
            QStringLiteral("LSP: $/cancelRequest (for the selected request)"));
        emit panel->messageSender()->templates()->activated(cancelTemplate);
        QVERIFY2(
            panel->messageSender()->editor()->toPlainText().contains(QStringLiteral("\"id\": 42")),
            qPrintable(panel->messageSender()->editor()->toPlainText()));
        QCOMPARE(panel->messageSender()->directionChoice()->currentData().toInt(),
                 int(Stream::Stdin));
        view->goToMessage(0); // the start: no request to cancel
        emit panel->messageSender()->templates()->activated(cancelTemplate);
        QVERIFY2(panel->messageSender()->statusLabel()->text().contains(
                     QStringLiteral("Select the request")),
                 qPrintable(panel->messageSender()->statusLabel()->text()));
    }

    // A body that is not text is shown and edited in hex; what is typed there goes as it is,
    // re-framed, even when it is no JSON (to try the receiver).
    void binaryBodyIsEditedInHex()
    {
        MainWindow window;
        QVERIFY(launchLspServer(window));
        ProxySession *session = window.sessionView()->proxySession();
        InterceptPanel *panel = window.interceptPanel();
        panel->expressionEdit()->setText(QStringLiteral("!method"));
        panel->addButton()->click();
        QTest::qWait(100);
        session->sendInput(QByteArray("Content-Length: 4\r\n\r\n\x00\x01\xff\xfe", 25));
        QTRY_COMPARE(panel->heldTable()->rowCount(), 1);
        QVERIFY(panel->hexToggle()->isChecked());
        QCOMPARE(panel->bodyEditor()->toPlainText(), QStringLiteral("00 01 ff fe\n"));
        panel->bodyEditor()->setPlainText(QStringLiteral("7b 22 69 64 zz"));
        panel->forwardEdited();
        QVERIFY2(panel->noteLabel()->text().contains(QStringLiteral("not a hex digit")),
                 qPrintable(panel->noteLabel()->text()));
        panel->bodyEditor()->setPlainText(QStringLiteral("7b 22 69 64 22"));
        panel->forwardEdited();
        QTRY_COMPARE(interceptedEvents(session->store()).size(), 1);
        QCOMPARE(interceptedEvents(session->store()).first().delivered,
                 QByteArray("Content-Length: 5\r\n\r\n{\"id\""));
    }

    // Closing the window ends the program: a message held for it is reported in the session's
    // file, not lost without a word.
    void closingTheWindowReportsHeldMessages()
    {
        MainWindow window;
        QVERIFY(launchLspServer(window));
        ProxySession *session = window.sessionView()->proxySession();
        const QString path = session->store().path();
        InterceptPanel *panel = window.interceptPanel();
        panel->expressionEdit()->setText(QStringLiteral("method == \"initialize\""));
        panel->addButton()->click();
        QTest::qWait(100);
        session->sendInput(lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})"));
        QTRY_COMPARE(panel->heldTable()->rowCount(), 1);
        QString asked;
        dialogs::answerNextQuestion(QStringLiteral("End Program"), false, &asked);
        window.close();
        QTRY_VERIFY(!window.isVisible());
        CaptureStore saved;
        QVERIFY(saved.load(path));
        const QList<SessionEvent> events = interceptedEvents(saved);
        QCOMPARE(events.size(), 1);
        QVERIFY2(events.first().summary().contains(
                     QStringLiteral("still held when the child ended, never delivered")),
                 qPrintable(events.first().summary()));
        QFile::remove(path);
    }

    void rulesEditedInTheWindowApplyWhileItRuns()
    {
        MainWindow window;
        QVERIFY(launchLspServer(window));
        ProxySession *session = window.sessionView()->proxySession();
        RulesEditor *rules = window.interceptPanel()->rulesEditor();
        QVERIFY(rules->editor()->isEnabled());
        QCOMPARE(rules->statusLabel()->text(), QStringLiteral("No rules in force."));

        // A mistake is named in one line, and nothing is put in force.
        rules->editor()->setPlainText(QString::fromUtf8(brokenRules));
        QVERIFY(!rules->apply());
        QVERIFY2(rules->statusLabel()->text().contains(QStringLiteral("Not applied: the rules: "
                                                                      "rule 1: ")),
                 qPrintable(rules->statusLabel()->text()));

        rules->editor()->setPlainText(QString::fromUtf8(hoverErrorRules));
        QVERIFY(rules->apply());
        QCOMPARE(rules->statusLabel()->text(), QStringLiteral("1 rule in force."));
        QTest::qWait(100); // the rules reach the relay thread
        session->sendInput(lsp(R"({"jsonrpc":"2.0","id":5,"method":"textDocument/hover"})"));
        QTRY_COMPARE(interceptedEvents(session->store()).size(), 1);
        QVERIFY2(interceptedEvents(session->store())
                     .first()
                     .summary()
                     .startsWith(QStringLiteral("rule 1 error textDocument/hover #5 to-child: "
                                                "answered with error -32803: from the window")),
                 qPrintable(interceptedEvents(session->store()).first().summary()));

        // Saved, cleared (no rules), and opened again.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hover.json"));
        QVERIFY(rules->saveFile(path));
        rules->editor()->clear();
        QVERIFY(rules->apply());
        QCOMPARE(rules->statusLabel()->text(), QStringLiteral("No rules in force."));
        QVERIFY(rules->openFile(path));
        QCOMPARE(rules->editor()->toPlainText(), QString::fromUtf8(hoverErrorRules));
        QCOMPARE(rules->statusLabel()->text(), QStringLiteral("1 rule in force."));
        QVERIFY(!rules->openFile(dir.filePath(QStringLiteral("missing.json"))));
        QVERIFY(rules->statusLabel()->text().contains(QStringLiteral("Cannot open missing.json")));
    }

    void savedSessionSaysBreakpointsDoNotApply()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("saved.pcapng"));
        {
            CaptureStore store;
            QVERIFY(store.create(path, QString(), PrivateFileCreation::NewFileOnly));
            const QByteArray bytes = lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})");
            store.append(Stream::Stdin, 1000, bytes.constData(), bytes.size());
            QVERIFY(store.flushAndWait());
        }
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        InterceptPanel *panel = window.interceptPanel();
        QVERIFY(!panel->addButton()->isEnabled());
        QVERIFY(panel->noteLabel()->text().contains(QStringLiteral("Breakpoints apply to")));
        QVERIFY(!panel->rulesEditor()->editor()->isEnabled());
        QVERIFY(panel->rulesEditor()->statusLabel()->text().startsWith(
            QStringLiteral("Rules apply to a session this window relays")));
    }
};

QTEST_MAIN(tst_InterceptPanel)
#include "tst_interceptpanel.moc"

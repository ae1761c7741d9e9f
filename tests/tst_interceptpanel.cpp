// The Intercept dock on a program launched from the window: a breakpoint set there holds a
// request, the editor shows its body, and Forward Edited sends the edited body, re-framed.
#include "capture/capturestore.h"
#include "helpers/intercepted.h"
#include "helpers/lsp.h"
#include "intercept/interception.h"
#include "interceptpanel.h"
#include "mainwindow.h"
#include "models/messagemodel.h"
#include "relay/launchrequest.h"
#include "relay/proxysession.h"
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

} // namespace

class tst_InterceptPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void breakpointHoldsAndEditedBodyIsSent()
    {
        MainWindow window;
        window.show();
        LaunchRequest request;
        request.program = QStringLiteral(PROTOCOLSERVER_BINARY);
        request.arguments = {QStringLiteral("lsp")};
        QVERIFY(window.launch(request));
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
        panel->templates()->setCurrentIndex(
            panel->templates()->findText(QStringLiteral("MCP: ping (to the server)")));
        emit panel->templates()->activated(panel->templates()->currentIndex());
        QVERIFY(panel->sendEditor()->toPlainText().contains(QStringLiteral("\"ping\"")));
        panel->send();
        QTRY_VERIFY(
            streamBytes(view->proxySession()->store(), Stream::Stdout)
                .contains(R"({"jsonrpc":"2.0","id":"pipescope-1","result":{"echo":"ping"}})"));

        // Raw bytes, spelled with C escapes.
        panel->escapesToggle()->setChecked(true);
        panel->sendEditor()->setPlainText(QStringLiteral("x\\x41\\n"));
        panel->send();
        QTRY_COMPARE(interceptedEvents(view->proxySession()->store()).size(), 3);
        QCOMPARE(interceptedEvents(view->proxySession()->store()).last().delivered,
                 QByteArray("xA\n"));

        // A message from the timeline, to send again.
        window.setTimelineUnit(SessionView::TimelineUnit::Messages);
        QTRY_VERIFY(view->messageModel()->rowCount() > 2);
        view->goToMessage(1); // the initialize request (message 0 is the start)
        panel->takeSelectedMessage();
        QVERIFY2(panel->sendEditor()->toPlainText().contains(QStringLiteral("\"initialize\"")),
                 qPrintable(panel->sendEditor()->toPlainText()));
        QVERIFY(!panel->escapesToggle()->isChecked());
        QCOMPARE(panel->sendDirection()->currentData().toInt(), int(Stream::Stdin));
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
    }
};

QTEST_MAIN(tst_InterceptPanel)
#include "tst_interceptpanel.moc"

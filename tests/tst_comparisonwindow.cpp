// The comparison of two sessions in a window (File > Compare Sessions...) and File > Replay
// Against..., on sessions of tests/helpers/protocolserver recorded through pipescope.
#include "capture/capturestore.h"
#include "comparisonwindow.h"
#include "helpers/lsp.h"
#include "helpers/recordsession.h"
#include "mainwindow.h"
#include "messages/sessionmessages.h"
#include "models/comparisonmodel.h"
#include "replaymenu.h"
#include "sessiontabs.h"
#include "sessionview.h"
#include "testconfig.h"

#include <QtCore/QFileInfo>
#include <QtCore/QTemporaryDir>
#include <QtGui/QTextBlock>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QTableView>

namespace {

QList<Step> lspClientSteps()
{
    return {
        {lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":7}})"),
         "window/logMessage"},
        {lsp(R"({"jsonrpc":"2.0","id":"s1","result":null})"), {}},
        {lsp(R"({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"position":{"line":3}}})"),
         R"("echo":"textDocument/hover")"},
        {lsp(R"({"jsonrpc":"2.0","id":3,"method":"shutdown"})"), R"("echo":"shutdown")"},
        {lsp(R"({"jsonrpc":"2.0","method":"exit"})"), {}}};
}

// The lines a body view highlights.
QStringList highlighted(const QPlainTextEdit *view)
{
    QStringList lines;
    for (const QTextEdit::ExtraSelection &selection : view->extraSelections())
        lines.append(selection.cursor.block().text());
    return lines;
}

QString rowText(const ComparisonWindow *window)
{
    const QModelIndex current = window->table()->currentIndex();
    return window->table()
        ->model()
        ->index(current.row(), ComparisonModel::MessageColumn)
        .data()
        .toString();
}

} // namespace

class tst_ComparisonWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void differencesAreMarkedAndHighlighted();
    void sameSessionsHaveNoDifference();
    void replayAgainstAProgramShowsItLiveThenCompares();

private:
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    QTemporaryDir m_dir;
};

void tst_ComparisonWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("XDG_CACHE_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("cache"))));
    QVERIFY(recordSession(path("golden.pcapng"), {QStringLiteral("lsp")}, lspClientSteps()));
    QVERIFY(recordSession(
        path("altered.pcapng"),
        {QStringLiteral("lsp"), QStringLiteral("--alter"), QStringLiteral("textDocument/hover")},
        lspClientSteps()));
}

void tst_ComparisonWindow::differencesAreMarkedAndHighlighted()
{
    QString error;
    std::unique_ptr<ComparisonWindow> window(
        ComparisonWindow::open(path("golden.pcapng"), path("altered.pcapng"), &error));
    QVERIFY2(window, qPrintable(error));
    window->show();
    QCOMPARE(window->verdict()->text(), QStringLiteral("1 of 10 messages differs."));
    // Both sides, every message: 5 of the client's, 5 of the server's.
    QCOMPARE(window->table()->model()->rowCount(), 10);
    // It opens on the first difference, both bodies shown, the place highlighted.
    QCOMPARE(rowText(window.get()), QStringLiteral("response to textDocument/hover #1"));
    QCOMPARE(highlighted(window->actualBody()),
             QStringList{QStringLiteral("    \"altered\": true,")});
    // The recorded side has no such member: its parent is highlighted.
    QCOMPARE(highlighted(window->expectedBody()),
             QStringList({QStringLiteral("  \"result\": {"),
                          QStringLiteral("    \"echo\": \"textDocument/hover\""),
                          QStringLiteral("  }")}));
    QVERIFY(!window->goToDifference(true));
    QVERIFY(!window->goToDifference(false));
    // Any pair can be looked at; an equal one has nothing highlighted.
    window->table()->selectRow(0);
    QVERIFY(window->expectedBody()->toPlainText().contains(
        QStringLiteral("\"method\": \"initialize\"")));
    QVERIFY(window->actualBody()->extraSelections().isEmpty());
    QVERIFY(window->goToDifference(true));
    QCOMPARE(rowText(window.get()), QStringLiteral("response to textDocument/hover #1"));
}

void tst_ComparisonWindow::sameSessionsHaveNoDifference()
{
    QString error;
    std::unique_ptr<ComparisonWindow> window(
        ComparisonWindow::open(path("golden.pcapng"), path("golden.pcapng"), &error));
    QVERIFY(window);
    QCOMPARE(window->verdict()->text(), QStringLiteral("Every message as in golden.pcapng."));
    QVERIFY(!window->goToDifference(true));
    QVERIFY(!ComparisonWindow::open(path("golden.pcapng"), path("none.pcapng"), &error));
    QVERIFY(error.contains(QStringLiteral("none.pcapng")));
}

void tst_ComparisonWindow::replayAgainstAProgramShowsItLiveThenCompares()
{
    MainWindow window;
    window.show();
    QVERIFY(window.openFile(path("golden.pcapng")));
    QSignalSpy compared(window.replayMenu(), &ReplayMenu::comparisonOpened);
    QVERIFY(window.replayMenu()->replayAgainst(LaunchRequest{
        QStringLiteral(PROTOCOLSERVER_BINARY),
        {QStringLiteral("lsp"), QStringLiteral("--alter"), QStringLiteral("textDocument/hover")},
        QString(),
        {}}));
    // The replay's own session, in a tab beside the recording.
    QCOMPARE(window.sessionTabs()->count(), 2);
    QVERIFY(compared.wait(30000));
    auto *comparison = compared.first().first().value<ComparisonWindow *>();
    QVERIFY(comparison->isVisible());
    QCOMPARE(comparison->verdict()->text(), QStringLiteral("1 of 5 messages differs."));
    QCOMPARE(rowText(comparison), QStringLiteral("response to textDocument/hover #1"));
    // The replay's own session, which the tab showed as it grew.
    auto *replayed = qobject_cast<SessionView *>(window.sessionTabs()->widget(1));
    QVERIFY(QFileInfo(replayed->store()->path())
                .fileName()
                .startsWith(QStringLiteral("replay-golden-")));
    QVERIFY(replayed->store()->count() > 10);
    // The difference is a problem row there too.
    replayed->ensureMessageModel();
    QTRY_COMPARE(replayed->messages()->log().problems().size(), 1);
    QCOMPARE(replayed->messages()->log().problems().first().kind, ProblemKind::ReplayDiffered);
}

QTEST_MAIN(tst_ComparisonWindow)
#include "tst_comparisonwindow.moc"

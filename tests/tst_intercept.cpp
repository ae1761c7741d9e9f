// Breakpoints on a live session (Interception, as the window drives it): a message held at its
// boundary, then forwarded, edited, dropped or answered; later messages wait behind it; turning
// the breakpoints off or ending the input lets every held message go.
#include "capture/capturestore.h"
#include "capture/sessionevent.h"
#include "helpers/intercepted.h"
#include "helpers/lsp.h"
#include "intercept/interception.h"
#include "intercept/trafficinterceptor.h"
#include "relay/proxysession.h"
#include "testconfig.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

namespace {

const QByteArray initialize = lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})");
const QByteArray initialized = lsp(R"({"jsonrpc":"2.0","method":"initialized"})");

Breakpoint breakpoint(const QString &expression, TrafficDirection direction)
{
    std::optional<ParseError> error;
    return Breakpoint{*Filter::parse(expression, FilterTarget::Messages, &error), direction};
}

// protocolserver (lsp unless told) launched as from the window, its stdin from the test, with an
// Interception.
class Launched
{
public:
    explicit Launched(const QString &mode = QStringLiteral("lsp"))
        : m_interception(FramingChoice())
    {
        RelayConfig config;
        config.program = QStringLiteral(PROTOCOLSERVER_BINARY);
        config.arguments = {mode};
        config.input = RelayConfig::Input::Window;
        config.parentStdin = config.parentStdout = config.parentStderr = -1;
        config.trafficHandler = m_interception.factory();
        m_session = std::make_unique<ProxySession>(config);
        m_session->start(m_dir.filePath(QStringLiteral("session.pcapng")));
        m_interception.attach(m_session.get());
    }

    Interception &interception() { return m_interception; }
    ProxySession &session() { return *m_session; }

    // What the server wrote to a stream so far.
    QByteArray bytes(Stream stream) const
    {
        QByteArray all;
        const CaptureStore &store = m_session->store();
        for (qsizetype i = 0; i < store.count(); ++i) {
            if (store.record(i).stream == stream)
                all += store.payload(store.record(i));
        }
        return all;
    }

    QStringList events() const
    {
        QStringList summaries;
        for (const SessionEvent &event : interceptedEvents(m_session->store()))
            summaries << event.summary();
        return summaries;
    }

    bool finish()
    {
        QSignalSpy finished(m_session.get(), &ProxySession::finished);
        m_session->sendInput(lsp(R"({"jsonrpc":"2.0","method":"exit"})"));
        return finished.wait(20000);
    }

private:
    QTemporaryDir m_dir;
    Interception m_interception;
    std::unique_ptr<ProxySession> m_session;
};

// The relay's side, for the interceptor on its own: what it delivers and records.
class RecordingOutput final : public TrafficOutput
{
public:
    void deliver(Stream stream, const QByteArray &bytes) override { delivered[stream] += bytes; }
    void record(const SessionEvent &event) override { events << event.summary(); }
    qint64 nowNs() const override { return 0; }

    PerStream<QByteArray> delivered;
    QStringList events;
};

} // namespace

class tst_Intercept : public QObject
{
    Q_OBJECT

private slots:
    void heldMessageIsEditedAndForwarded()
    {
        Launched launched;
        launched.interception().setBreakpoints(
            {breakpoint(QStringLiteral("method == \"initialize\""), TrafficDirection::ToChild)});
        QTest::qWait(100); // the breakpoint reaches the relay thread before the bytes do
        launched.session().sendInput(initialize);
        launched.session().sendInput(initialized);
        QTRY_COMPARE(launched.interception().held().size(), 1);
        const HeldMessage held = launched.interception().held().first();
        QCOMPARE(held.message.method, QByteArray("initialize"));
        QCOMPARE(held.message.id, QByteArray("1"));
        QTest::qWait(200);
        QCOMPARE(launched.bytes(Stream::Stderr), QByteArray()); // neither reached the server

        HeldRelease edit;
        edit.kind = HeldRelease::Kind::ForwardEdited;
        edit.body = R"({"jsonrpc":"2.0","id":1,"method":"edited"})";
        launched.interception().release(held.id, edit);
        QTRY_VERIFY(launched.bytes(Stream::Stdout)
                        .startsWith(lsp(R"({"jsonrpc":"2.0","id":1,"result":{"echo":"edited"}})")));
        // In order: the edited request, then what waited behind it.
        QTRY_VERIFY(launched.bytes(Stream::Stderr).startsWith("got edited\ngot initialized\n"));
        QTRY_VERIFY(launched.interception().held().isEmpty());
        QVERIFY(launched.finish());
        QCOMPARE(launched.events().size(), 1);
        QVERIFY2(launched.events().first().startsWith(
                     QStringLiteral("edited initialize #1 to-child: held ")),
                 qPrintable(launched.events().first()));
    }

    void heldMessagesAreDroppedOrAnswered()
    {
        Launched launched;
        launched.interception().setBreakpoints({breakpoint(
            QStringLiteral("method == \"textDocument/hover\""), TrafficDirection::Both)});
        QTest::qWait(100);
        launched.session().sendInput(
            lsp(R"({"jsonrpc":"2.0","id":2,"method":"textDocument/hover"})"));
        QTRY_COMPARE(launched.interception().held().size(), 1);
        HeldRelease drop;
        drop.kind = HeldRelease::Kind::Drop;
        launched.interception().release(launched.interception().held().first().id, drop);
        QTRY_VERIFY(launched.interception().held().isEmpty());

        launched.session().sendInput(
            lsp(R"({"jsonrpc":"2.0","id":3,"method":"textDocument/hover"})"));
        QTRY_COMPARE(launched.interception().held().size(), 1);
        HeldRelease answer;
        answer.kind = HeldRelease::Kind::AnswerError;
        answer.code = -32000;
        answer.message = QStringLiteral("not now");
        launched.interception().release(launched.interception().held().first().id, answer);
        QTRY_VERIFY(launched.interception().held().isEmpty());
        QVERIFY(launched.finish());
        QVERIFY2(!launched.bytes(Stream::Stderr).contains("hover"),
                 launched.bytes(Stream::Stderr).constData());
        const QStringList events = launched.events();
        QCOMPARE(events.size(), 2);
        QVERIFY2(events.at(0).startsWith(QStringLiteral("dropped textDocument/hover #2 to-child")),
                 qPrintable(events.at(0)));
        QVERIFY2(events.at(1).startsWith(QStringLiteral("error textDocument/hover #3 to-child")),
                 qPrintable(events.at(1)));
    }

    // A request of pipescope's own gets an id of pipescope's own; its answer is recorded as read
    // but reaches nobody; a notification goes as it is, between two messages.
    void injectedRequestsAnswerIsKept()
    {
        RecordingOutput output;
        TrafficInterceptor interceptor({}, FramingChoice(), &output, 1024 * 1024);
        interceptor.take(Stream::Stdin, initialize); // the streams' framing, from the parent
        interceptor.take(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","id":1,"result":{}})").first(10));
        interceptor.inject(Stream::Stdout, R"({"jsonrpc":"2.0","method":"window/showMessage"})");
        QCOMPARE(output.delivered[Stream::Stdout].size(), 10); // not inside the response
        interceptor.take(Stream::Stdout, lsp(R"({"jsonrpc":"2.0","id":1,"result":{}})").mid(10));
        QVERIFY(output.delivered[Stream::Stdout].endsWith(
            lsp(R"({"jsonrpc":"2.0","method":"window/showMessage"})")));

        interceptor.inject(Stream::Stdin, R"({"jsonrpc":"2.0","id":7,"method":"ping"})");
        QVERIFY(output.delivered[Stream::Stdin].endsWith(
            lsp(R"({"id":"pipescope-1","jsonrpc":"2.0","method":"ping"})")));
        const qsizetype toParent = output.delivered[Stream::Stdout].size();
        interceptor.take(Stream::Stdout,
                         lsp(R"({"jsonrpc":"2.0","id":"pipescope-1","result":{}})"));
        QCOMPARE(output.delivered[Stream::Stdout].size(), toParent); // kept
        QCOMPARE(output.events,
                 QStringList({QStringLiteral("injected window/showMessage to-parent"),
                              QStringLiteral("injected ping #\"pipescope-1\" to-child"),
                              QStringLiteral("kept #\"pipescope-1\" to-parent: the answer to "
                                             "pipescope's request")}));
    }

    // A line protocol's prompt has no newline: with a breakpoint looking, it still reaches the
    // parent once it has waited a little, and the line it starts is not held.
    void promptPassesAfterAWhile()
    {
        RecordingOutput output;
        FramingChoice lines;
        lines.streams[Stream::Stdin] = lines.streams[Stream::Stdout] = Framing::Lines;
        TrafficInterceptor interceptor({}, lines, &output, 1024 * 1024);
        interceptor.setBreakpoints(
            {breakpoint(QStringLiteral("data contains \"ok\""), TrafficDirection::ToParent)});
        interceptor.take(Stream::Stdout, "ready\n> ");
        QCOMPARE(output.delivered[Stream::Stdout], QByteArray("ready\n"));
        QTRY_COMPARE(output.delivered[Stream::Stdout], QByteArray("ready\n> "));
        interceptor.take(Stream::Stdout, "ok\n");
        QCOMPARE(output.delivered[Stream::Stdout], QByteArray("ready\n> ok\n"));
        interceptor.take(Stream::Stdout, "ok\n"); // a whole line: held
        QCOMPARE(output.delivered[Stream::Stdout], QByteArray("ready\n> ok\n"));
        QCOMPARE(output.events, QStringList());
    }

    // Nothing is lost by accident: no breakpoints, or the input's end, let held messages go.
    void heldMessagesGoWhenBreakpointsGoOrInputEnds()
    {
        Launched launched;
        launched.interception().setBreakpoints(
            {breakpoint(QStringLiteral("kind == request"), TrafficDirection::ToChild)});
        QTest::qWait(100);
        launched.session().sendInput(initialize);
        QTRY_COMPARE(launched.interception().held().size(), 1);
        launched.interception().setBreakpoints({});
        QTRY_VERIFY(launched.bytes(Stream::Stdout).contains("\"echo\":\"initialize\""));
        QTRY_VERIFY(launched.interception().held().isEmpty());

        launched.interception().setBreakpoints(
            {breakpoint(QStringLiteral("kind == request"), TrafficDirection::ToChild)});
        QTest::qWait(100);
        launched.session().sendInput(lsp(R"({"jsonrpc":"2.0","id":4,"method":"shutdown"})"));
        QTRY_COMPARE(launched.interception().held().size(), 1);
        QSignalSpy finished(&launched.session(), &ProxySession::finished);
        launched.session().closeInput();
        QVERIFY(finished.wait(20000));
        QVERIFY(launched.bytes(Stream::Stderr).contains("got shutdown"));
        const QStringList events = launched.events();
        QCOMPARE(events.size(), 2);
        QVERIFY(events.at(0).startsWith(QStringLiteral("forwarded initialize #1 to-child")));
        QVERIFY(events.at(1).startsWith(QStringLiteral("forwarded shutdown #4 to-child")));
    }

    // A message held for a child that ended can never reach it: the session says so.
    void heldMessageForAnEndedChildIsReported()
    {
        Launched launched;
        launched.interception().setBreakpoints(
            {breakpoint(QStringLiteral("method == \"initialize\""), TrafficDirection::ToChild)});
        QTest::qWait(100);
        launched.session().sendInput(initialize);
        QTRY_COMPARE(launched.interception().held().size(), 1);
        QSignalSpy exited(&launched.session(), &ProxySession::childExited);
        launched.session().signalChild(ProcessSignal::Kill);
        // (Under Wine the pipes' end can come long after the exit: the exit is what counts.)
        QVERIFY(exited.wait(20000));
        QTRY_COMPARE(launched.events().size(), 1);
        const QStringList events = launched.events();
        QVERIFY2(events.first().startsWith(QStringLiteral("held initialize #1 to-child: held ")),
                 qPrintable(events.first()));
        QVERIFY2(events.first().endsWith(
                     QStringLiteral("; still held when the child ended, never delivered")),
                 qPrintable(events.first()));
        QTRY_VERIFY(launched.interception().held().isEmpty());
        QVERIFY(!launched.bytes(Stream::Stderr).contains("got initialize"));
    }

    // Breakpoints on NDJSON (MCP) and msgpack-rpc (Neovim): the request is held, edited, and
    // the receiver gets the edited one, framed as its stream frames.
    void heldMessageIsEditedOnEachFraming_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("edited"); // the body, as the panel hands it over
        QTest::addColumn<QByteArray>("answer");
        QTest::newRow("ndjson") << QStringLiteral("ndjson")
                                << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})"
                                              "\n")
                                << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"edited"})")
                                << QByteArray(R"({"jsonrpc":"2.0","id":1,"result":{"echo":)"
                                              R"("edited"}})"
                                              "\n");
        QTest::newRow("msgpack") << QStringLiteral("msgpack")
                                 << QByteArray("\x94\x00\x01\xaainitialize\x90", 15)
                                 << QByteArray("\x94\x00\x01\xa6"
                                               "edited\x90",
                                               11)
                                 << QByteArray("\x94\x01\x01\xc0\xa2ok");
    }

    void heldMessageIsEditedOnEachFraming()
    {
        QFETCH(QString, mode);
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, edited);
        QFETCH(QByteArray, answer);
        Launched launched(mode);
        launched.interception().setBreakpoints(
            {breakpoint(QStringLiteral("method == \"initialize\""), TrafficDirection::ToChild)});
        QTest::qWait(100);
        launched.session().sendInput(request);
        QTRY_COMPARE(launched.interception().held().size(), 1);
        QCOMPARE(launched.interception().held().first().message.method, QByteArray("initialize"));
        HeldRelease how;
        how.kind = HeldRelease::Kind::ForwardEdited;
        how.body = edited;
        launched.interception().release(launched.interception().held().first().id, how);
        QTRY_VERIFY(launched.bytes(Stream::Stdout).contains(answer));
        QVERIFY(launched.bytes(Stream::Stderr).contains("got edited"));
        QVERIFY(!launched.bytes(Stream::Stderr).contains("got initialize"));
        QSignalSpy finished(&launched.session(), &ProxySession::finished);
        launched.session().closeInput();
        QVERIFY(finished.wait(20000));
        QVERIFY2(launched.events().first().startsWith(QStringLiteral("edited initialize #1")),
                 qPrintable(launched.events().first()));
    }
};

QTEST_GUILESS_MAIN(tst_Intercept)
#include "tst_intercept.moc"

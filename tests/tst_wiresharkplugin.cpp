// The Wireshark plugin (resources/wireshark/pipescope.lua) as tshark runs it on a recorded LSP
// session: the streams and lifecycle events named, a summary per record in the Info column, and
// JSON bodies handed to Wireshark's JSON dissector. Skipped where tshark is not installed.
#include "capture/capturestore.h"
#include "capture/sessionevent.h"
#include "helpers/lsp.h"
#include "testconfig.h"

#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

namespace {

constexpr qint64 startNs = 1'700'000'000'000'000'000;

} // namespace

class tst_WiresharkPlugin : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tsharkSeesTheSession();

private:
    // Runs tshark with the plugin on the session; one line per record, fields tab-separated.
    QList<QByteArrayList> tshark(const QStringList &fields, const QString &displayFilter = {});

    QTemporaryDir m_dir;
    QString m_session;
    QString m_tshark;
};

void tst_WiresharkPlugin::initTestCase()
{
    m_tshark = QStandardPaths::findExecutable(QStringLiteral("tshark"));
    if (m_tshark.isEmpty())
        QSKIP("tshark is not installed (Debian: apt install tshark)");
    m_session = m_dir.filePath(QStringLiteral("lsp.pcapng"));
    CaptureStore store;
    QVERIFY(store.create(m_session, QString(), PrivateFileCreation::NewFileOnly));
    const auto add = [&store](Stream stream, qint64 atNs, const QByteArray &bytes) {
        store.append(stream, startNs + atNs, bytes.constData(), bytes.size());
    };
    const QByteArray started
        = SessionEvent::started({QStringLiteral("server")}, QStringLiteral("/"), 42, 0).toPayload();
    add(Stream::Event, 0, started);
    add(Stream::Stdin, 1000,
        lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file:///p"}})"));
    add(Stream::Stderr, 2000, "log: starting\n");
    add(Stream::Stdout, 3000,
        lsp(R"({"jsonrpc":"2.0","id":1,"result":{"capabilities":{}}})")
            + lsp(R"({"jsonrpc":"2.0","method":"window/logMessage","params":{"message":"hi"}})"));
    QVERIFY(store.flushAndWait());
}

QList<QByteArrayList> tst_WiresharkPlugin::tshark(const QStringList &fields,
                                                  const QString &displayFilter)
{
    QStringList arguments{
        QStringLiteral("-r"), m_session,
        QStringLiteral("-X"), QStringLiteral("lua_script:") + QStringLiteral(WIRESHARK_PLUGIN),
        QStringLiteral("-T"), QStringLiteral("fields")};
    for (const QString &field : fields)
        arguments << QStringLiteral("-e") << field;
    if (!displayFilter.isEmpty())
        arguments << QStringLiteral("-Y") << displayFilter;
    QProcess process;
    process.start(m_tshark, arguments);
    if (!process.waitForFinished(60000))
        qWarning("tshark did not finish");
    const QByteArray err = process.readAllStandardError();
    if (err.contains("Lua") || err.contains("error"))
        qWarning("tshark: %s", err.constData());
    QList<QByteArrayList> rows;
    for (const QByteArray &line : process.readAllStandardOutput().split('\n')) {
        if (!line.isEmpty())
            rows.append(line.split('\t'));
    }
    return rows;
}

void tst_WiresharkPlugin::tsharkSeesTheSession()
{
    const QList<QByteArrayList> rows
        = tshark({QStringLiteral("pipescope.stream"), QStringLiteral("pipescope.dir"),
                  QStringLiteral("pipescope.method"), QStringLiteral("_ws.col.Info")});
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.at(0), QByteArrayList({"events", "", "", "event started"}));
    QCOMPARE(rows.at(1),
             QByteArrayList({"stdin", "c2s", "initialize", "→ stdin request initialize #1"}));
    QCOMPARE(rows.at(2), QByteArrayList({"stderr", "s2c", "", "← stderr log: starting\\n"}));
    QCOMPARE(rows.at(3),
             QByteArrayList({"stdout", "s2c", "initialize,window/logMessage",
                             "← stdout response initialize #1, notification window/logMessage"}));

    // The bodies are Wireshark's JSON: its fields select them.
    const QList<QByteArrayList> json
        = tshark({QStringLiteral("frame.number"), QStringLiteral("json.value.string")},
                 QStringLiteral(R"(json.member == "rootUri")"));
    QCOMPARE(json.size(), 1);
    QCOMPARE(json.first().at(0), QByteArray("2"));
    QVERIFY2(json.first().at(1).contains("file:///p"), json.first().at(1).constData());
    QCOMPARE(tshark({QStringLiteral("frame.number")},
                    QStringLiteral("pipescope.kind == \"notification\""))
                 .size(),
             1);
}

QTEST_GUILESS_MAIN(tst_WiresharkPlugin)
#include "tst_wiresharkplugin.moc"

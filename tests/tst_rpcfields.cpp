#include "messages/rpcfields.h"

#include <QtCore/QByteArrayList>
#include <QtTest/QTest>

class tst_RpcFields : public QObject
{
    Q_OBJECT

private slots:
    void scanRpcFields_data();
    void scanRpcFields();
};

namespace {

const QByteArray lspRequest = QByteArrayLiteral(
    R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":)"
    R"({"textDocument":{"uri":"file:///a.cpp"},"position":{"line":3,"character":14}}})");

// The fields that differ from a default RpcFields, one word each, so that rows stay short and a
// failure shows every field at once.
QByteArray describe(const RpcFields &fields)
{
    QByteArrayList words;
    if (!fields.valid)
        words << QByteArrayLiteral("invalid");
    if (fields.isObject)
        words << QByteArrayLiteral("object");
    if (!fields.id.isEmpty())
        words << "id=" + fields.id;
    if (fields.hasMethod)
        words << "method=" + fields.method;
    if (fields.hasResult)
        words << QByteArrayLiteral("result");
    if (fields.hasError)
        words << QByteArrayLiteral("error");
    if (!fields.type.isEmpty())
        words << "type=" + fields.type;
    if (fields.seq != -1)
        words << "seq=" + QByteArray::number(fields.seq);
    if (fields.requestSeq != -1)
        words << "request_seq=" + QByteArray::number(fields.requestSeq);
    if (!fields.command.isEmpty())
        words << "command=" + fields.command;
    if (!fields.event.isEmpty())
        words << "event=" + fields.event;
    if (fields.hasSuccess)
        words << (fields.success ? QByteArrayLiteral("success=true")
                                 : QByteArrayLiteral("success=false"));
    if (!fields.paramsId.isEmpty())
        words << "params.id=" + fields.paramsId;
    return words.join(' ');
}

} // namespace

void tst_RpcFields::scanRpcFields_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("fields");

    // LSP and MCP (JSON-RPC 2.0)
    QTest::newRow("LSP request") << lspRequest
                                 << QByteArrayLiteral("object id=1 method=textDocument/hover");
    QTest::newRow("response with result")
        << QByteArrayLiteral(R"({"jsonrpc":"2.0","id":1,"result":{"contents":"int x"}})")
        << QByteArrayLiteral("object id=1 result");
    QTest::newRow("response with null result")
        << QByteArrayLiteral(R"({"jsonrpc":"2.0","id":2,"result":null})")
        << QByteArrayLiteral("object id=2 result");
    QTest::newRow("error response") << QByteArrayLiteral(
        R"({"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"not found"}})")
                                    << QByteArrayLiteral("object id=3 error");
    QTest::newRow("notification") << QByteArrayLiteral(
        R"({"jsonrpc":"2.0","method":"initialized","params":{}})")
                                  << QByteArrayLiteral("object method=initialized");
    QTest::newRow("id as string") << QByteArrayLiteral(
        R"({"jsonrpc":"2.0","id":"a1","method":"shutdown"})")
                                  << QByteArrayLiteral(R"(object id="a1" method=shutdown)");
    QTest::newRow("id as string with escapes, kept as written")
        << QByteArrayLiteral(R"({"id":"a\"1"})") << QByteArrayLiteral(R"(object id="a\"1")");
    QTest::newRow("id null") << QByteArrayLiteral(R"({"jsonrpc":"2.0","id":null,"error":{}})")
                             << QByteArrayLiteral("object id=null error");
    QTest::newRow("id as an object, kept as written")
        << QByteArrayLiteral(R"({"id":{"a":[1, 2]},"result":0})")
        << QByteArrayLiteral(R"(object id={"a":[1, 2]} result)");
    QTest::newRow("$/cancelRequest")
        << QByteArrayLiteral(R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":17}})")
        << QByteArrayLiteral("object method=$/cancelRequest params.id=17");
    QTest::newRow("MCP notifications/cancelled")
        << QByteArrayLiteral(R"({"jsonrpc":"2.0","method":"notifications/cancelled",)"
                             R"("params":{"requestId":"r-9","reason":"user"}})")
        << QByteArrayLiteral(R"(object method=notifications/cancelled params.id="r-9")");
    QTest::newRow("params before method")
        << QByteArrayLiteral(R"({"params":{"id":4},"method":"$/cancelRequest"})")
        << QByteArrayLiteral("object method=$/cancelRequest params.id=4");
    QTest::newRow("nested id and method keys are not top-level")
        << QByteArrayLiteral(R"({"jsonrpc":"2.0","method":"x","params":{"method":"y","a":)"
                             R"({"id":5,"result":1,"params":{"id":6}},"b":[{"id":7}]}})")
        << QByteArrayLiteral("object method=x");
    QTest::newRow("id inside a params array is not params.id")
        << QByteArrayLiteral(R"({"method":"m","params":[{"id":1}]})")
        << QByteArrayLiteral("object method=m");
    QTest::newRow("params.id of a params that is not top-level")
        << QByteArrayLiteral(R"({"result":{"params":{"id":1}}})")
        << QByteArrayLiteral("object result");
    QTest::newRow("method with escapes") << QByteArrayLiteral(R"({"method":"a\/b\u0041"})")
                                         << QByteArrayLiteral("object method=a/bA");
    QTest::newRow("method with UTF-8 text")
        << QByteArrayLiteral("{\"method\":\"caf\xc3\xa9/\xf0\x9f\x98\x80\"}")
        << QByteArrayLiteral("object method=caf\xc3\xa9/\xf0\x9f\x98\x80");
    QTest::newRow("method with an escaped surrogate pair")
        << QByteArrayLiteral(R"({"method":"\u00e9\uD83D\uDE00"})")
        << QByteArrayLiteral("object method=\xc3\xa9\xf0\x9f\x98\x80");
    QTest::newRow("UTF-8 text elsewhere")
        << QByteArrayLiteral("{\"id\":1,\"params\":{\"text\":\"\xe2\x82\xac \\\"\xc3\xa9\\\"\"}}")
        << QByteArrayLiteral("object id=1");
    QTest::newRow("method that is not a string")
        << QByteArrayLiteral(R"({"method":42})") << QByteArrayLiteral("object method=");
    QTest::newRow("a key with escapes does not match")
        << QByteArrayLiteral(R"({"\u0069d":1,"meth\u006fd":"m"})") << QByteArrayLiteral("object");
    QTest::newRow("the last of repeated keys wins")
        << QByteArrayLiteral(R"({"id":1,"method":"a","id":"two","method":"b"})")
        << QByteArrayLiteral(R"(object id="two" method=b)");
    QTest::newRow("a repeated key of another type clears the field")
        << QByteArrayLiteral(R"({"method":"a","method":null,"seq":1,"seq":1.5})")
        << QByteArrayLiteral("object method=");
    QTest::newRow("a repeated params clears params.id")
        << QByteArrayLiteral(R"({"params":{"id":1},"params":{}})") << QByteArrayLiteral("object");
    QTest::newRow("whitespace around members")
        << QByteArrayLiteral(" {\n  \"id\" : 8 ,\n  \"method\" : \"m\"\n}\n")
        << QByteArrayLiteral("object id=8 method=m");

    // Debug Adapter Protocol
    QTest::newRow("DAP request") << QByteArrayLiteral(
        R"({"seq":153,"type":"request","command":"next",)"
        R"("arguments":{"threadId":3}})")
                                 << QByteArrayLiteral("object type=request seq=153 command=next");
    QTest::newRow("DAP response, success false")
        << QByteArrayLiteral(R"({"seq":154,"type":"response","request_seq":153,)"
                             R"("success":false,"command":"next","message":"cancelled"})")
        << QByteArrayLiteral(
               "object type=response seq=154 request_seq=153 command=next success=false");
    QTest::newRow("DAP response, success true")
        << QByteArrayLiteral(R"({"seq":2,"type":"response","request_seq":1,"success":true,)"
                             R"("command":"initialize","body":{}})")
        << QByteArrayLiteral(
               "object type=response seq=2 request_seq=1 command=initialize success=true");
    QTest::newRow("DAP event") << QByteArrayLiteral(
        R"({"seq":7,"type":"event","event":"stopped",)"
        R"("body":{"reason":"breakpoint","threadId":1,"seq":99}})")
                               << QByteArrayLiteral("object type=event seq=7 event=stopped");
    QTest::newRow("seq that is not an integer")
        << QByteArrayLiteral(R"({"seq":1.0,"request_seq":1e2,"type":"event"})")
        << QByteArrayLiteral("object type=event");
    QTest::newRow("seq beyond qint64")
        << QByteArrayLiteral(R"({"seq":9223372036854775808,"request_seq":9223372036854775807})")
        << QByteArrayLiteral("object request_seq=9223372036854775807");
    QTest::newRow("seq as a string")
        << QByteArrayLiteral(R"({"seq":"1"})") << QByteArrayLiteral("object");
    QTest::newRow("success that is not a boolean")
        << QByteArrayLiteral(R"({"success":"true"})") << QByteArrayLiteral("object");

    // Not an object, or not valid
    QTest::newRow("array") << QByteArrayLiteral(R"([{"id":1}])") << QByteArray();
    QTest::newRow("string") << QByteArrayLiteral(R"("id")") << QByteArray();
    QTest::newRow("invalid after the fields")
        << QByteArrayLiteral(R"({"id":1,"method":"m",})") << QByteArrayLiteral("invalid");
    QTest::newRow("two messages") << QByteArrayLiteral(R"({"id":1}{"id":2})")
                                  << QByteArrayLiteral("invalid");
    QTest::newRow("empty body") << QByteArray() << QByteArrayLiteral("invalid");
}

void tst_RpcFields::scanRpcFields()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, fields);
    const RpcFields scanned = ::scanRpcFields(body);
    // An invalid body's fields may be partly filled: only `valid` counts.
    if (fields == "invalid")
        QVERIFY(!scanned.valid);
    else
        QCOMPARE(describe(scanned), fields);
}

QTEST_APPLESS_MAIN(tst_RpcFields)

#include "tst_rpcfields.moc"

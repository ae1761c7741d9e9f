#include "codec/bytesformat.h"

#include <QtTest>

class tst_BytesFormat : public QObject
{
    Q_OBJECT

private slots:
    void format_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<BytesFormat>("format");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray mixed("GET /\r\n\x00\xff", 9);
        QTest::newRow("hex") << mixed << BytesFormat::Hex
                             << QByteArray("47 45 54 20 2f 0d 0a 00 ff");
        QTest::newRow("base64") << mixed << BytesFormat::Base64 << mixed.toBase64();
        QTest::newRow("text keeps UTF-8")
            << QByteArray("h\xc3\xa9") << BytesFormat::Text << QByteArray("h\xc3\xa9");
        QTest::newRow("text replaces invalid bytes")
            << QByteArray("a\xff") << BytesFormat::Text << QByteArray("a\xef\xbf\xbd");
        QTest::newRow("C string") << mixed << BytesFormat::CString
                                  << QByteArray("\"GET /\\r\\n\\x00\\xff\"");
        QTest::newRow("C string quotes and backslash")
            << QByteArray("say \"hi\" \\ ok?") << BytesFormat::CString
            << QByteArray("\"say \\\"hi\\\" \\\\ ok\\?\"");
        QTest::newRow("C string: hex escape before a hex digit")
            << QByteArray("\x01"
                          "ab",
                          3)
            << BytesFormat::CString << QByteArray("\"\\x01\"\"ab\"");
        QTest::newRow("C string: hex escape before a non-hex letter")
            << QByteArray("\x01"
                          "g",
                          2)
            << BytesFormat::CString << QByteArray("\"\\x01g\"");
        QTest::newRow("empty") << QByteArray() << BytesFormat::CString << QByteArray("\"\"");
    }
    void format()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(BytesFormat, format);
        QFETCH(QByteArray, expected);
        QCOMPARE(formatBytes(bytes, format), expected);
    }
};

QTEST_GUILESS_MAIN(tst_BytesFormat)
#include "tst_bytesformat.moc"

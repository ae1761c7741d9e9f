#include "messages/requesttable.h"

#include <QtTest/QTest>

class tst_RequestTable : public QObject
{
    Q_OBJECT

private slots:
    void answersOpenRequestsOnce()
    {
        RequestTable table;
        table.add("1", 10);
        table.add("\"a\"", 11);
        QCOMPARE(table.open("1"), 10);
        QCOMPARE(table.answer("1"), 10);
        QCOMPARE(table.answer("1"), -1);   // a second answer finds nothing open...
        QCOMPARE(table.answered("1"), 10); // ...but knows whom it was for
        QCOMPARE(table.open("1"), -1);
        QCOMPARE(table.answer("\"a\""), 11);
        QCOMPARE(table.answer("\"b\""), -1);
        QCOMPARE(table.answered("\"b\""), -1);
    }

    void numericAndStringIdsDiffer()
    {
        RequestTable table;
        table.add("7", 1);
        table.add("\"7\"", 2); // JSON-RPC: 7 and "7" are different ids
        QCOMPARE(table.answer("\"7\""), 2);
        QCOMPARE(table.answer("7"), 1);
    }

    void openRowsAreTheUnanswered()
    {
        RequestTable table;
        for (int i = 0; i < 5; ++i)
            table.add(QByteArray::number(i), i);
        table.add("\"x\"", 5);
        table.answer("2");
        QList<qsizetype> open = table.openRows();
        std::sort(open.begin(), open.end());
        QCOMPARE(open, QList<qsizetype>({0, 1, 3, 4, 5}));
    }

    void answeredMemoryIsBounded()
    {
        RequestTable table;
        const qsizetype count = RequestTable::answeredMemory + 10;
        for (qsizetype i = 0; i < count; ++i) {
            table.add(QByteArray::number(i), i);
            QCOMPARE(table.answer(QByteArray::number(i)), i);
        }
        QCOMPARE(table.answered(QByteArray::number(count - 1)), count - 1); // recent: known
        QCOMPARE(table.answered("0"), -1);                                  // long ago: forgotten
        QVERIFY(table.openRows().isEmpty());
    }
};

QTEST_APPLESS_MAIN(tst_RequestTable)
#include "tst_requesttable.moc"

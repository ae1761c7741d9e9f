#include "capture/capturestore.h"
#include "capture/chunksequence.h"

#include <QtCore/QTemporaryDir>
#include <QtTest>

class tst_ChunkSequence : public QObject
{
    Q_OBJECT

private slots:
    void readsAcrossRecordsAtEveryOffset()
    {
        QTemporaryDir dir;
        CaptureStore store;
        QVERIFY(store.create(dir.filePath(QStringLiteral("s.pcapng")), QString(),
                             PrivateFileCreation::NewFileOnly));
        const QList<QByteArray> payloads{
            QByteArrayLiteral("abc"),    QByteArray(), QByteArrayLiteral("d"),
            QByteArrayLiteral("efghij"), QByteArray(), QByteArrayLiteral("kl")};
        QByteArray all;
        QList<qsizetype> indices;
        for (const QByteArray &payload : payloads) {
            store.append(Stream::Stdout, 0, payload.constData(), payload.size());
            store.append(Stream::Stdin, 0, "noise", 5); // not part of the sequence
            indices.append(store.count() - 2);
            all += payload;
        }
        const ChunkSequence sequence(&store, indices);
        QCOMPARE(sequence.size(), all.size());
        for (qint64 offset = 0; offset <= all.size(); ++offset) {
            for (qint64 length = 0; length <= all.size() + 1; ++length)
                QCOMPARE(sequence.read(offset, length), all.mid(offset, length));
        }
        QCOMPARE(sequence.read(-1, 3), QByteArray());

        // positionAt finds the record holding a byte; startOf maps back.
        QCOMPARE(sequence.recordIndex(sequence.positionAt(0)), indices[0]);
        QCOMPARE(sequence.recordIndex(sequence.positionAt(3)), indices[2]); // skips the empty one
        QCOMPARE(sequence.recordIndex(sequence.positionAt(5)), indices[3]);
        QCOMPARE(sequence.startOf(sequence.positionAt(5)), 4);

        const ChunkSequence stdoutOnly = ChunkSequence::forStream(&store, Stream::Stdout);
        QCOMPARE(stdoutOnly.read(0, 100), all);
        QCOMPARE(ChunkSequence::forStream(&store, Stream::Stdin).size(), 30);
        QCOMPARE(ChunkSequence::forStream(&store, Stream::Stderr).size(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_ChunkSequence)
#include "tst_chunksequence.moc"

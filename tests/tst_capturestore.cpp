#include "capture/capturestore.h"

#include "capture/pcapngreader.h"
#include "testutils.h"
#include "wine.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#endif

namespace {

constexpr qint64 baseNs = 1700000000000000000;

struct Chunk
{
    Stream stream;
    qint64 timestampNs;
    QByteArray payload;
};

QList<Chunk> someChunks()
{
    return {
        {Stream::Event, baseNs, QByteArrayLiteral("{\"event\":\"started\"}")},
        {Stream::Stdin, baseNs + 1000, QByteArrayLiteral("hello\n")},
        {Stream::Stdout, baseNs + 2000, QByteArray("\0\xff\x80 binary\r\n", 12)},
        {Stream::Stdout, baseNs + 2001, QByteArray()},
        {Stream::Stderr, baseNs + 3000, QByteArrayLiteral("abc")}, // needs padding
        {Stream::Stdout, baseNs + 4000, QByteArray(70000, 'z')},
        {Stream::Event, baseNs + 5000, QByteArrayLiteral("{\"code\":0,\"event\":\"exited\"}")},
    };
}

#ifdef Q_OS_UNIX
int fileMode(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

#endif

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &content, QFile::Permissions permissions)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size()
           && file.setPermissions(permissions);
}

// The session file's records, read back from disk.
struct ReadBack
{
    bool ok = false;
    QString sectionComment;
    QString warning;
    QList<ChunkRecord> records;
    QList<QByteArray> payloads;
};

ReadBack readBack(const QString &path)
{
    ReadBack result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return result;
    PcapngReader reader(&file);
    result.ok = reader.scan([&](const ChunkRecord &record) {
        result.records.append(record);
        result.payloads.append(reader.payload(record));
    });
    result.sectionComment = reader.sectionComment();
    result.warning = reader.warning();
    return result;
}

#ifdef Q_OS_UNIX
// Lowers the file-size limit (RLIMIT_FSIZE, a stand-in for a full disk) while it lives; writes past
// it fail with EFBIG instead of raising SIGXFSZ.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &m_old);
        m_oldHandler = ::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit = {bytes, m_old.rlim_max};
        m_ok = ::setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &m_old);
        ::signal(SIGXFSZ, m_oldHandler);
    }
    bool ok() const { return m_ok; }

private:
    rlimit m_old = {};
    void (*m_oldHandler)(int) = nullptr;
    bool m_ok = false;
};
#endif

} // namespace

class tst_CaptureStore : public QObject
{
    Q_OBJECT

private slots:
    void createIsPrivate();
    void createNewFileOnlyRefusesAnExistingFile();
    void createNewFileOnlyDoesNotFollowASymlink();
    void createReplacesAndNarrowsAnExistingFile();
    void createInAMissingDirectory();
    void createOnAFullDevice();
    void recordsPastAWriteFailureKeepTheirBytes();
    void appendIndexesRecords();
    void payloadBeforeAndAfterFlush();
    void largeChunksFlushThemselves();
    void fileReadsBack();
    void destructorFlushes();
    void followsAGrowingFile();
    void followingWaitsForABlockStillBeingWritten();

private:
    QString path(const QString &name) const { return m_dir.path() + u'/' + name; }

    QTemporaryDir m_dir;
};

void tst_CaptureStore::createIsPrivate()
{
    QVERIFY(m_dir.isValid());
    for (const auto creation :
         {PrivateFileCreation::NewFileOnly, PrivateFileCreation::ReplaceExisting}) {
        const QString file
            = path(creation == PrivateFileCreation::NewFileOnly ? QStringLiteral("new.pcapng")
                                                                : QStringLiteral("replace.pcapng"));
        CaptureStore store;
        QVERIFY2(store.create(file, QStringLiteral("prog"), creation),
                 qPrintable(store.errorString()));
        QCOMPARE(store.errorString(), QString());
        QVERIFY(!store.failed());
        QCOMPARE(store.path(), file);
        QCOMPARE(store.count(), qsizetype(0));
#ifdef Q_OS_UNIX
        QCOMPARE(fileMode(file), 0600);
        QCOMPARE(QFileInfo(file).permissions()
                     & (QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                        | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther
                        | QFile::ExeOther),
                 QFile::ReadOwner | QFile::WriteOwner);
#endif
        EXPECT_NO_DACL_UNDER_WINE();
        QCOMPARE(testutils::othersPermissions(file), QFile::Permissions());
        // The header is on disk right away.
        QVERIFY(QFileInfo(file).size() > 0);
        QCOMPARE(QFileInfo(file).size(), store.fileSize());
    }
}

void tst_CaptureStore::createNewFileOnlyRefusesAnExistingFile()
{
    const QString file = path(QStringLiteral("exists.pcapng"));
    const QByteArray content = QByteArrayLiteral("precious data\n");
    QVERIFY(writeFile(file, content, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup));

    CaptureStore store;
    QVERIFY(!store.create(file, QStringLiteral("prog"), PrivateFileCreation::NewFileOnly));
    QVERIFY(store.failed());
    QVERIFY(!store.errorString().isEmpty());
    QVERIFY2(!store.errorString().contains(u'\n'), qPrintable(store.errorString()));
    QVERIFY2(store.errorString().contains(file), qPrintable(store.errorString()));
    // Left alone: same bytes, same mode.
    QCOMPARE(readFile(file), content);
#ifdef Q_OS_UNIX
    QCOMPARE(fileMode(file), 0640);
#endif
    // Nothing is indexed on a store that could not be created.
    store.append(Stream::Stdout, baseNs, "x", 1);
    QCOMPARE(store.count(), qsizetype(0));
    QVERIFY(!store.flush());
    QCOMPARE(readFile(file), content);
}

// A name pipescope picked itself may have been planted as a link to somewhere else.
void tst_CaptureStore::createNewFileOnlyDoesNotFollowASymlink()
{
#ifdef Q_OS_WIN
    QSKIP("a symbolic link needs a privilege on Windows, and QFile::link makes a shortcut (.lnk),"
          " a plain file; CREATE_NEW refuses any existing name there");
#endif
    const QString target = path(QStringLiteral("link-target"));
    const QString link = path(QStringLiteral("link.pcapng"));
    QVERIFY(QFile::link(target, link)); // dangling: the target does not exist

    CaptureStore store;
    QVERIFY(!store.create(link, QString(), PrivateFileCreation::NewFileOnly));
    QVERIFY(store.failed());
    QVERIFY(!store.errorString().isEmpty());
    QVERIFY(!QFileInfo::exists(target));
}

void tst_CaptureStore::createReplacesAndNarrowsAnExistingFile()
{
    const QString file = path(QStringLiteral("old.pcapng"));
    QVERIFY(writeFile(file, QByteArray(100000, 'o'),
                      QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
#ifdef Q_OS_UNIX
    QCOMPARE(fileMode(file), 0644);
#endif

    CaptureStore store;
    QVERIFY2(
        store.create(file, QStringLiteral("new session"), PrivateFileCreation::ReplaceExisting),
        qPrintable(store.errorString()));
#ifdef Q_OS_UNIX
    QCOMPARE(fileMode(file), 0600);
#endif
    {
        EXPECT_NO_DACL_UNDER_WINE();
        QCOMPARE(testutils::othersPermissions(file), QFile::Permissions());
    }
    QCOMPARE(QFileInfo(file).size(), store.fileSize());
    QVERIFY(store.fileSize() < 100000);
    QVERIFY(!readFile(file).contains("oooo"));

    const ReadBack back = readBack(file);
    QVERIFY(back.ok);
    QCOMPARE(back.warning, QString());
    QCOMPARE(back.sectionComment, QStringLiteral("new session"));
    QCOMPARE(back.records.size(), 0);
}

void tst_CaptureStore::createInAMissingDirectory()
{
    const QString file = path(QStringLiteral("missing/dir/s.pcapng"));
    for (const auto creation :
         {PrivateFileCreation::NewFileOnly, PrivateFileCreation::ReplaceExisting}) {
        CaptureStore store;
        QVERIFY(!store.create(file, QString(), creation));
        QVERIFY(store.failed());
        QVERIFY(!store.errorString().isEmpty());
        QVERIFY2(!store.errorString().contains(u'\n'), qPrintable(store.errorString()));
        QVERIFY2(store.errorString().contains(file), qPrintable(store.errorString()));
        QVERIFY(!QFileInfo::exists(file));
    }
}

void tst_CaptureStore::createOnAFullDevice()
{
#ifdef Q_OS_WIN
    QSKIP("Windows has no device that is always full, as Linux's /dev/full");
#else
    if (!QFileInfo::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full here");
    const int mode = fileMode(QStringLiteral("/dev/full"));

    CaptureStore store;
    QVERIFY(!store.create(QStringLiteral("/dev/full"), QStringLiteral("prog"),
                          PrivateFileCreation::ReplaceExisting));
    QVERIFY(store.failed());
    QVERIFY(!store.errorString().isEmpty());
    QVERIFY2(!store.errorString().contains(u'\n'), qPrintable(store.errorString()));
    QVERIFY2(store.errorString().contains(QLatin1String("space")), qPrintable(store.errorString()));
    // A device is never chmod-ed.
    QCOMPARE(fileMode(QStringLiteral("/dev/full")), mode);

    // Recording stops; appends index nothing.
    store.append(Stream::Stdout, baseNs, "abc", 3);
    QCOMPARE(store.count(), qsizetype(0));
    QVERIFY(!store.flush());
#endif
}

// The disk fills while recording: the file keeps what fitted, and every record the store indexed,
// those it took before the failure came to light included, still reads back whole.
void tst_CaptureStore::recordsPastAWriteFailureKeepTheirBytes()
{
#ifdef Q_OS_WIN
    QSKIP(testutils::noFullDiskOnWindows);
#else
    const QString file = path(QStringLiteral("full.pcapng"));
    CaptureStore store;
    QVERIFY(store.create(file, QString(), PrivateFileCreation::NewFileOnly));
    QList<QByteArray> payloads;
    {
        const FileSizeLimit limit(1536 * 1024);
        QVERIFY(limit.ok());
        // Small records (copied into the writer's buffer) and large ones (passed through),
        // unaligned, each with its own bytes; a flush now and then, as the recorder does.
        for (int i = 0; i < 3000 && !store.failed(); ++i) {
            const int size = i % 7 == 0 ? 40000 + i : 3000 + i;
            QByteArray payload(size, char('a' + i % 26));
            payload.replace(0, 8, QByteArray::number(i).rightJustified(8, '0'));
            store.append(Stream::Stdout, baseNs + i, payload.constData(), payload.size());
            payloads.append(payload);
            if (i % 50 == 49)
                store.flush();
        }
        QVERIFY(!store.flushAndWait());
    }
    QVERIFY(store.failed());
    QVERIFY2(store.errorString().contains(QLatin1String("File too large")),
             qPrintable(store.errorString()));

    // More was indexed than the file holds: those records come from memory.
    const qsizetype indexed = store.count();
    const ReadBack inFile = readBack(file);
    QVERIFY(indexed > inFile.records.size());
    QVERIFY(store.record(indexed - 1).offset > QFileInfo(file).size());
    for (qsizetype i = 0; i < indexed; ++i)
        QCOMPARE(store.payload(store.record(i)), payloads.at(i));
    // The file opens with a prefix of them.
    for (qsizetype i = 0; i < inFile.records.size(); ++i)
        QCOMPARE(inFile.payloads.at(i), payloads.at(i));

    // Nothing more is indexed, and asking again changes nothing.
    store.append(Stream::Stdout, baseNs + 5000, "late", 4);
    QCOMPARE(store.count(), indexed);
    QCOMPARE(store.payload(store.record(indexed - 1)), payloads.at(indexed - 1));
#endif
}

void tst_CaptureStore::appendIndexesRecords()
{
    CaptureStore store;
    QVERIFY(store.create(path(QStringLiteral("index.pcapng")), QString(),
                         PrivateFileCreation::NewFileOnly));
    const QList<Chunk> chunks = someChunks();
    qint64 lastOffset = -1;
    for (int i = 0; i < chunks.size(); ++i) {
        const Chunk &chunk = chunks.at(i);
        const qint64 sizeBefore = store.fileSize();
        const quint64 seq = store.append(chunk.stream, chunk.timestampNs, chunk.payload.constData(),
                                         chunk.payload.size());
        QCOMPARE(seq, quint64(i));
        QCOMPARE(store.count(), qsizetype(i + 1));
        // The file grows by at least the payload and the block around it.
        QVERIFY(store.fileSize() >= sizeBefore + chunk.payload.size() + 32);
        const ChunkRecord record = store.record(i);
        QCOMPARE(record.seq, quint64(i));
        QCOMPARE(record.timestampNs, chunk.timestampNs);
        QCOMPARE(record.stream, chunk.stream);
        QCOMPARE(qsizetype(record.length), chunk.payload.size());
        QVERIFY(record.offset > lastOffset);
        QVERIFY(record.offset + record.length <= store.fileSize());
        lastOffset = record.offset;
    }
    QVERIFY(!store.failed());
}

void tst_CaptureStore::payloadBeforeAndAfterFlush()
{
    const QString file = path(QStringLiteral("payload.pcapng"));
    CaptureStore store;
    QVERIFY(store.create(file, QString(), PrivateFileCreation::NewFileOnly));
    const qint64 headerSize = QFileInfo(file).size();
    const QList<Chunk> chunks = someChunks();
    for (const Chunk &chunk : chunks) {
        store.append(chunk.stream, chunk.timestampNs, chunk.payload.constData(),
                     chunk.payload.size());
    }

    // Not flushed yet (no chunk is big enough to flush by itself): read from the writer.
    QCOMPARE(QFileInfo(file).size(), headerSize);
    for (int i = 0; i < chunks.size(); ++i)
        QCOMPARE(store.payload(store.record(i)), chunks.at(i).payload);

    QVERIFY(store.flush()); // hands the blocks to the file's writer thread, which writes soon
    QTRY_COMPARE(QFileInfo(file).size(), store.fileSize());
    for (int i = 0; i < chunks.size(); ++i)
        QCOMPARE(store.payload(store.record(i)), chunks.at(i).payload);

    // Appends after a flush mix both sources.
    store.append(Stream::Stderr, baseNs + 9000, "late", 4);
    QCOMPARE(store.payload(store.record(chunks.size())), QByteArrayLiteral("late"));
    QCOMPARE(store.payload(store.record(1)), QByteArrayLiteral("hello\n"));
}

void tst_CaptureStore::largeChunksFlushThemselves()
{
    const QString file = path(QStringLiteral("large.pcapng"));
    CaptureStore store;
    QVERIFY(store.create(file, QString(), PrivateFileCreation::NewFileOnly));
    QList<QByteArray> payloads;
    for (int i = 0; i < 40; ++i) {
        payloads.append(QByteArray(65536, char('a' + i % 26)) + QByteArray::number(i));
        store.append(Stream::Stdout, baseNs + i, payloads.last().constData(),
                     payloads.last().size());
    }
    // 2.5 MiB went through a buffer of about 1 MiB: most of it reaches the disk without flush().
    QTRY_VERIFY(QFileInfo(file).size() > 1024 * 1024);
    QCOMPARE(store.count(), payloads.size());
    for (int i = 0; i < payloads.size(); ++i)
        QCOMPARE(store.payload(store.record(i)), payloads.at(i));
}

void tst_CaptureStore::fileReadsBack()
{
    const QString file = path(QStringLiteral("readback.pcapng"));
    const QList<Chunk> chunks = someChunks();
    CaptureStore store;
    QVERIFY(store.create(file, QStringLiteral("prog 'a b'"), PrivateFileCreation::NewFileOnly));
    for (const Chunk &chunk : chunks) {
        store.append(chunk.stream, chunk.timestampNs, chunk.payload.constData(),
                     chunk.payload.size(),
                     chunk.stream == Stream::Event ? QStringLiteral("an event") : QString());
    }
    QVERIFY(store.flushAndWait());

    const ReadBack back = readBack(file);
    QVERIFY(back.ok);
    QCOMPARE(back.warning, QString());
    QCOMPARE(back.sectionComment, QStringLiteral("prog 'a b'"));
    QCOMPARE(back.records.size(), chunks.size());
    for (int i = 0; i < chunks.size(); ++i) {
        const ChunkRecord &read = back.records.at(i);
        const ChunkRecord stored = store.record(i);
        QCOMPARE(read.seq, stored.seq);
        QCOMPARE(read.timestampNs, chunks.at(i).timestampNs);
        QCOMPARE(read.timestampNs, stored.timestampNs);
        QCOMPARE(read.stream, stored.stream);
        QCOMPARE(read.length, stored.length);
        QCOMPARE(read.offset, stored.offset);
        QCOMPARE(back.payloads.at(i), chunks.at(i).payload);
    }
}

void tst_CaptureStore::destructorFlushes()
{
    const QString file = path(QStringLiteral("destructor.pcapng"));
    {
        CaptureStore store;
        QVERIFY(store.create(file, QString(), PrivateFileCreation::NewFileOnly));
        store.append(Stream::Stdout, baseNs, "unflushed", 9);
    }
    const ReadBack back = readBack(file);
    QVERIFY(back.ok);
    QCOMPARE(back.records.size(), 1);
    QCOMPARE(back.payloads.at(0), QByteArrayLiteral("unflushed"));
}

void tst_CaptureStore::followsAGrowingFile()
{
    const QString file = path(QStringLiteral("growing.pcapng"));
    CaptureStore recorder;
    QVERIFY(recorder.create(file, QStringLiteral("prog"), PrivateFileCreation::NewFileOnly));
    recorder.append(Stream::Stdin, baseNs, "first", 5);
    QVERIFY(recorder.flushAndWait());

    CaptureStore follower;
    QVERIFY(follower.follow(file));
    QCOMPARE(follower.count(), 0); // nothing is read until asked
    QCOMPARE(follower.readAppended(), 1);
    QCOMPARE(follower.sectionComment(), QStringLiteral("prog"));
    QCOMPARE(follower.payload(follower.record(0)), QByteArrayLiteral("first"));

    // Not flushed yet: not in the file, so not followed.
    recorder.append(Stream::Stdout, baseNs + 1, "second", 6);
    recorder.append(Stream::Stderr, baseNs + 2, "third", 5);
    QCOMPARE(follower.readAppended(), 0);
    QVERIFY(recorder.flushAndWait());
    QCOMPARE(follower.readAppended(), 2);
    QCOMPARE(follower.count(), 3);
    for (qsizetype i = 0; i < 3; ++i) {
        QCOMPARE(follower.record(i).offset, recorder.record(i).offset);
        QCOMPARE(follower.record(i).stream, recorder.record(i).stream);
        QCOMPARE(follower.payload(follower.record(i)), recorder.payload(recorder.record(i)));
    }
    QCOMPARE(follower.streamBytes(Stream::Stdout), 6);
    // The recorder's marks come in as it makes them.
    recorder.annotate({1, 0}, Annotation{true, false, QStringLiteral("look")});
    QCOMPARE(follower.readAppended(), 0); // an annotation is not a record
    QCOMPARE(follower.annotation({1, 0}).comment, QStringLiteral("look"));
    QCOMPARE(follower.count(), 3);
    QCOMPARE(follower.warning(), QString());
}

void tst_CaptureStore::followingWaitsForABlockStillBeingWritten()
{
    // A recording whose last block is cut short: being written, as far as a follower knows.
    const QString whole = path(QStringLiteral("whole.pcapng"));
    {
        CaptureStore recorder;
        QVERIFY(recorder.create(whole, QString(), PrivateFileCreation::NewFileOnly));
        recorder.append(Stream::Stdout, baseNs, "complete", 8);
        recorder.append(Stream::Stdout, baseNs + 1, "written in two goes", 19);
    }
    const QByteArray bytes = testutils::fileBytes(whole);
    const QString file = path(QStringLiteral("halfway.pcapng"));
    QFile halfway(file);
    QVERIFY(halfway.open(QIODevice::WriteOnly));
    const qsizetype cut = bytes.size() - 20;
    QCOMPARE(halfway.write(bytes.left(cut)), cut);
    QVERIFY(halfway.flush());

    CaptureStore follower;
    QVERIFY(follower.follow(file));
    QCOMPARE(follower.readAppended(), 1);
    QCOMPARE(follower.readAppended(), 0);
    QCOMPARE(follower.warning(), QString()); // not damage: the rest is on its way

    QCOMPARE(halfway.write(bytes.mid(cut)), bytes.size() - cut);
    QVERIFY(halfway.flush());
    QCOMPARE(follower.readAppended(), 1);
    QCOMPARE(follower.payload(follower.record(1)), QByteArrayLiteral("written in two goes"));

    // A whole block that cannot be one (a packet block too short for its fields): damage, and
    // nothing is read past it.
    const quint32 tooShort[] = {6, 16, 0, 16};
    QCOMPARE(halfway.write(reinterpret_cast<const char *>(tooShort), sizeof tooShort), 16);
    QVERIFY(halfway.flush());
    QCOMPARE(follower.readAppended(), 0);
    QVERIFY(follower.warning().contains(QStringLiteral("damaged at byte %1").arg(bytes.size())));
}

QTEST_APPLESS_MAIN(tst_CaptureStore)

#include "tst_capturestore.moc"

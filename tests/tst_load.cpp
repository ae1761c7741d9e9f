// pipescope under load, as a user runs it (`pipescope --no-gui --record FILE -- PROGRAM`): every
// byte arrives, in order, on the stream it was written to; the session file holds exactly the same
// bytes per stream; and pipescope's resident memory stays under a bound whatever the volume.
//
// The bound (README, Performance): 1 MiB buffered per direction and 8 MiB queued for the disk,
// plus one 32-byte index entry per recorded chunk. On top of the process's baseline (Qt and the
// C++ runtime, about 20 MiB) that is under 40 MiB; the tests allow
//     64 MiB + 32 bytes per recorded chunk
// checked against the peak of VmRSS and VmHWM sampled every 50 ms while pipescope runs (measured
// on the 2-core development VM: 30 MiB at most, relaying 1 GiB on each stream at once).
//
// Bytes are checked by a 64-bit hash (tests/helpers/bulkbytes.h) on the way out of pipescope and
// in the file, so that no GiB is ever held in memory. PIPESCOPE_LOAD_BYTES sets the size of the
// three-stream test (default 1 GiB; 64 MiB under a sanitizer, which is many times slower).
#include "helpers/bulkbytes.h"
#include "testconfig.h"
#include "testutils.h"

#include <QtCore/QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <thread>

using namespace testutils;

namespace {

constexpr qint64 MiB = 1024 * 1024;
constexpr qint64 memoryBoundBase = 64 * MiB;
constexpr qint64 memoryBoundPerChunk = 32;
constexpr qint64 maxChunk = 256 * 1024; // a record holds one read at most (Wireshark's limit)

// Sizes shrink under a sanitizer: the same paths run, in a time the suite can afford.
qint64 scaled(qint64 bytes, qint64 sanitizedBytes)
{
    return sanitizedBuild ? sanitizedBytes : bytes;
}

quint64 bulkHash(qint64 size, quint64 seed)
{
    BulkGenerator generator(seed);
    StreamHash hash;
    std::vector<char> buffer(256 * 1024);
    for (qint64 done = 0; done < size;) {
        const size_t n = size_t(qMin<qint64>(qint64(buffer.size()), size - done));
        generator.fill(buffer.data(), n);
        hash.add(buffer.data(), n);
        done += qint64(n);
    }
    return hash.value();
}

QByteArray hex(quint64 value)
{
    return QByteArray::number(value, 16).rightJustified(16, '0');
}

// The session file read back: a hash and a byte count per stream, the number of records, and
// whether they are in time order and within the size of one read.
struct Recording
{
    bool ok = false;
    QString warning;
    PerStreamWithEvents<StreamHash> streams;
    qsizetype records = 0;
    qint32 largestChunk = 0;
    bool inTimeOrder = true;
    QList<SessionEvent> events;

    quint64 hash(Stream stream) const { return streams[stream].value(); }
    qint64 bytes(Stream stream) const { return qint64(streams[stream].count); }
};

Recording readRecording(const QString &path)
{
    Recording recording;
    qint64 lastTimestamp = 0;
    recording.ok = scanSession(
        path,
        [&](const ChunkRecord &record, const QByteArray &payload) {
            ++recording.records;
            recording.streams[record.stream].add(payload.constData(), size_t(payload.size()));
            recording.inTimeOrder = recording.inTimeOrder && record.timestampNs >= lastTimestamp;
            lastTimestamp = record.timestampNs;
            if (record.stream == Stream::Event) {
                if (const auto event = SessionEvent::fromPayload(payload))
                    recording.events << *event;
            } else {
                recording.largestChunk = qMax(recording.largestChunk, record.length);
            }
        },
        &recording.warning);
    return recording;
}

// One headless run: `feed` writes the child's input (stdin is closed after it), the outputs go
// to `onStdout` and `onStderr` as they arrive, and pipescope's memory is sampled throughout.
struct LoadRun
{
    QTemporaryDir dir;
    QString record = dir.filePath(QStringLiteral("s.pcapng"));
    bool started = false;
    bool finished = false;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    int exitCode = -1;
    qint64 peakMemory = 0;
    int memorySamples = 0;

    LoadRun(const QStringList &child, const std::function<void(int)> &feed,
            const std::function<void(const char *, qsizetype)> &onStdout,
            const std::function<void(const char *, qsizetype)> &onStderr)
    {
        PipedProcess pipescope;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
        pipescope.process.setProcessEnvironment(environment);
        started
            = pipescope.start(QStringLiteral(PIPESCOPE_BINARY), headlessTestchild(record, child));
        if (!started)
            return;
        MemorySampler memory(pipescope.pid());
        std::thread writer([&] {
            if (feed)
                feed(pipescope.input);
            pipescope.closeInput();
        });
        std::thread errors([&] { drainFd(pipescope.error, onStderr, 240000); });
        drainFd(pipescope.output, onStdout, 240000);
        errors.join();
        writer.join();
        finished = pipescope.waitForFinished(60000);
        memory.stop();
        exitStatus = pipescope.process.exitStatus();
        exitCode = pipescope.process.exitCode();
        peakMemory = memory.peakBytes();
        memorySamples = memory.samples();
    }

    // The bound for a run that recorded `records` records; sanitizers bring their own heaps.
    // On Windows a working set counts every page of the DLLs mapped (Qt's, and under Wine Wine's
    // own, some 130 MiB): the bound is over what an idle session holds (idleSessionMemory).
    bool memoryWithinBound(qsizetype records) const
    {
        const qint64 bound = idleSessionMemory + memoryBoundBase + memoryBoundPerChunk * records;
        qInfo("pipescope peak resident memory: %.1f MiB (%d samples), bound %.1f MiB",
              double(peakMemory) / MiB, memorySamples, double(bound) / MiB);
        if (sanitizedBuild)
            return true;
        // No sample (pipescope gone before the first one) would prove nothing.
        return memorySamples > 0 && peakMemory > 0 && peakMemory < bound;
    }
    static inline qint64 idleSessionMemory = 0;
};

// Writes `size` bulk bytes of `seed` in pieces of `piece` bytes, hashing what it wrote.
void writeBulk(int fd, qint64 size, quint64 seed, StreamHash *hash, size_t piece = 256 * 1024)
{
    BulkGenerator generator(seed);
    std::vector<char> buffer(piece);
    for (qint64 done = 0; done < size;) {
        const size_t n = size_t(qMin<qint64>(qint64(piece), size - done));
        generator.fill(buffer.data(), n);
        hash->add(buffer.data(), n);
        if (!writeAll(fd, QByteArray::fromRawData(buffer.data(), qsizetype(n))))
            return;
        done += qint64(n);
    }
}

quint64 fnv1a(const QByteArray &bytes)
{
    quint64 hash = 1469598103934665603ull;
    for (char c : bytes) {
        hash ^= quint8(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

} // namespace

class tst_Load : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
#ifndef Q_OS_WIN
        ::signal(SIGPIPE, SIG_IGN);
#else
        // A session whose child writes nothing and exits, for the working set of the DLLs.
        const auto ignore = [](const char *, qsizetype) {};
        const LoadRun idle({QStringLiteral("exit"), QStringLiteral("0")}, {}, ignore, ignore);
        QVERIFY(idle.finished && idle.memorySamples > 0);
        LoadRun::idleSessionMemory = idle.peakMemory;
        qInfo("an idle session's working set: %.1f MiB", double(idle.peakMemory) / MiB);
#endif
        if (sanitizedBuild)
            qInfo("sanitizer build: sizes reduced, memory bound not checked");
    }

    // Random binary data through all three streams at once, 1 GiB each.
    void gibibyteThroughEachStreamAtOnce()
    {
        qint64 size = scaled(1024 * MiB, 64 * MiB);
        if (qEnvironmentVariableIsSet("PIPESCOPE_LOAD_BYTES"))
            size = qEnvironmentVariableIntValue("PIPESCOPE_LOAD_BYTES");
        const quint64 inSeed = 11, outSeed = 12, errSeed = 13;
        StreamHash sent, out, errHead, errAll;
        QByteArray errTail;
        const LoadRun run(
            {QStringLiteral("streams"), QString::number(size), QString::number(outSeed),
             QString::number(errSeed)},
            [&](int fd) { writeBulk(fd, size, inSeed, &sent); },
            [&](const char *data, qsizetype n) { out.add(data, size_t(n)); },
            [&](const char *data, qsizetype n) {
                errAll.add(data, size_t(n));
                const qsizetype head
                    = qsizetype(qBound<qint64>(0, size - qint64(errHead.count), n));
                errHead.add(data, size_t(head));
                errTail.append(data + head, n - head);
            });
        QVERIFY(run.started);
        QVERIFY(run.finished);
        QCOMPARE(run.exitStatus, QProcess::NormalExit);
        QCOMPARE(run.exitCode, 0);

        // The parent got each output byte-exact, and the child got the input byte-exact.
        QCOMPARE(qint64(out.count), size);
        QCOMPARE(hex(out.value()), hex(bulkHash(size, outSeed)));
        QCOMPARE(qint64(errHead.count), size);
        QCOMPARE(hex(errHead.value()), hex(bulkHash(size, errSeed)));
        QCOMPARE(errTail, "stdin " + QByteArray::number(size) + ' ' + hex(sent.value()) + '\n');

        // The file holds exactly those bytes, per stream.
        const Recording recording = readRecording(run.record);
        QVERIFY(recording.ok);
        QCOMPARE(recording.warning, QString());
        QCOMPARE(recording.bytes(Stream::Stdin), size);
        QCOMPARE(hex(recording.hash(Stream::Stdin)), hex(sent.value()));
        QCOMPARE(recording.bytes(Stream::Stdout), size);
        QCOMPARE(hex(recording.hash(Stream::Stdout)), hex(out.value()));
        QCOMPARE(recording.bytes(Stream::Stderr), qint64(errAll.count));
        QCOMPARE(hex(recording.hash(Stream::Stderr)), hex(errAll.value()));
        QVERIFY(recording.largestChunk <= maxChunk);
        QVERIFY(recording.inTimeOrder);
        QVERIFY(!recording.events.isEmpty());
        QVERIFY(std::any_of(
            recording.events.cbegin(), recording.events.cend(),
            [](const SessionEvent &event) { return event.kind == SessionEvent::Kind::Exited; }));
        QVERIFY(run.memoryWithinBound(recording.records));
    }

    // 100 000 writes of one byte each, in each direction: every byte arrives, in order, and a
    // record per read costs no more than its index entry.
    void hundredThousandOneByteWrites_data()
    {
        QTest::addColumn<bool>("toChild");
        QTest::newRow("child to parent") << false;
        QTest::newRow("parent to child") << true;
    }
    void hundredThousandOneByteWrites()
    {
        QFETCH(bool, toChild);
        const int writes = 100000;
        const QByteArray bytes = generatedBytes(writes, 21);
        QByteArray out;
        const auto collect = [&](const char *data, qsizetype n) { out.append(data, n); };
        QByteArray err;
        const auto collectErr = [&](const char *data, qsizetype n) { err.append(data, n); };
        const LoadRun run = toChild ? LoadRun(
                                {QStringLiteral("sink")},
                                [&](int fd) {
                                    for (char byte : bytes) {
                                        if (!writeAll(fd, QByteArray(1, byte)))
                                            return;
                                    }
                                },
                                collect, collectErr)
                                    : LoadRun({QStringLiteral("one-byte-writes"),
                                               QString::number(writes), QStringLiteral("21")},
                                              {}, collect, collectErr);
        QVERIFY(run.started);
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(err, QByteArray());
        if (toChild)
            QCOMPARE(out, QByteArray::number(writes) + ' ' + hex(fnv1a(bytes)) + '\n');
        else
            QVERIFY(out == bytes);

        const LoadedSession session = loadSession(run.record);
        QVERIFY(session.ok);
        QVERIFY(session.streamBytes(toChild ? Stream::Stdin : Stream::Stdout) == bytes);
        QVERIFY(run.memoryWithinBound(session.records.size()));
    }

    // One line of 64 MiB, without a newline until its end: the relay never waits for one, nor
    // holds the line; each record stays within one read.
    void singleLongLine_data()
    {
        QTest::addColumn<bool>("toChild");
        QTest::newRow("child to parent") << false;
        QTest::newRow("parent to child and back") << true;
    }
    void singleLongLine()
    {
        QFETCH(bool, toChild);
        const qint64 size = scaled(64 * MiB, 16 * MiB);
        QByteArray line(size, Qt::Uninitialized);
        fillLine(line.data(), size_t(size), 31);
        StreamHash out;
        QByteArray err;
        const LoadRun run(
            toChild ? QStringList{QStringLiteral("echo")}
                    : QStringList{QStringLiteral("long-line"), QString::number(size),
                                  QStringLiteral("31")},
            [&](int fd) {
                if (toChild)
                    writeAll(fd, line);
            },
            [&](const char *data, qsizetype n) { out.add(data, size_t(n)); },
            [&](const char *data, qsizetype n) { err.append(data, n); });
        QVERIFY(run.started);
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(err, QByteArray());
        StreamHash expected;
        expected.add(line.constData(), size_t(line.size()));
        QCOMPARE(qint64(out.count), size);
        QCOMPARE(hex(out.value()), hex(expected.value()));

        const Recording recording = readRecording(run.record);
        QVERIFY(recording.ok);
        QCOMPARE(hex(recording.hash(Stream::Stdout)), hex(expected.value()));
        if (toChild)
            QCOMPARE(hex(recording.hash(Stream::Stdin)), hex(expected.value()));
        QVERIFY(recording.largestChunk <= maxChunk);
        QVERIFY(run.memoryWithinBound(recording.records));
    }

    // stdout and stderr written alternately, 1 byte to 64 KiB at a time, as fast as they go:
    // the two streams never mix, in the parent or in the file.
    void stdoutAndStderrInterleavedAtFullSpeed()
    {
        const qint64 size = scaled(256 * MiB, 32 * MiB);
        StreamHash out, err;
        const LoadRun run(
            {QStringLiteral("interleave-random"), QString::number(size), QStringLiteral("41"),
             QStringLiteral("42")},
            {}, [&](const char *data, qsizetype n) { out.add(data, size_t(n)); },
            [&](const char *data, qsizetype n) { err.add(data, size_t(n)); });
        QVERIFY(run.started);
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(qint64(out.count), size);
        QCOMPARE(qint64(err.count), size);
        QCOMPARE(hex(out.value()), hex(bulkHash(size, 41)));
        QCOMPARE(hex(err.value()), hex(bulkHash(size, 42)));

        const Recording recording = readRecording(run.record);
        QVERIFY(recording.ok);
        QCOMPARE(hex(recording.hash(Stream::Stdout)), hex(out.value()));
        QCOMPARE(hex(recording.hash(Stream::Stderr)), hex(err.value()));
        QCOMPARE(recording.bytes(Stream::Stdin), qint64(0));
        QVERIFY(recording.inTimeOrder);
        QVERIFY(run.memoryWithinBound(recording.records));
    }
};

QTEST_GUILESS_MAIN(tst_Load)
#include "tst_load.moc"

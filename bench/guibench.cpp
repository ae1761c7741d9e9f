// guibench: the GUI budgets of DESIGN.md measured on a real MainWindow (offscreen by default):
// live ingest of many small chunks, opening a 1 GiB session, literal search over it, a monitor
// following 20 live sessions.
// Run by hand; prints figures; never part of the test suite. See bench/README.md.
#include "capture/capturestore.h"
#include "capture/chunksequence.h"
#include "capture/sessionregistry.h"
#include "filterbar.h"
#include "mainwindow.h"
#include "models/messagemodel.h"
#include "models/timelinemodel.h"
#include "search/searchpattern.h"
#include "search/streamsearch.h"
#include "sessionsmonitor.h"
#include "sessiontabs.h"
#include "sessionview.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>
#include <QtWidgets/QTableView>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <limits>
#include <thread>
#include <vector>

#include <unistd.h>

namespace {

constexpr qint64 nsPerMs = 1000000;
constexpr qint64 nsPerSecond = 1000000000;
constexpr int stallIntervalMs = 5;
constexpr int settleMs = 250;                  // after the last row: the final layout and paint
constexpr qint64 flushEveryNs = 200 * nsPerMs; // what the recorder guarantees
constexpr qsizetype ingestChunkSize = 50;
constexpr int plantedNeedles = 5;
// '-' never occurs in the generated text, so the needle matches only where it was planted.
const QByteArray needle = QByteArrayLiteral("pipescope-needle-42");

// Budgets from DESIGN.md.
constexpr double maxStallMs = 50;
constexpr double maxBytesPerChunk = 100;
constexpr double maxOpenSeconds = 2;
constexpr double maxSearchSeconds = 1;
constexpr double maxMessagesSeconds = 2;
// Sorting the message timeline by a column: a click should answer within a second.
constexpr double maxSortSeconds = 1.0;
constexpr double maxFilterSeconds = 1.0;    // DESIGN.md: a 1 M-message session filtered in < 1 s
constexpr double maxMonitorLatencyMs = 300; // a byte written by a child, shown in a monitor (p95)

void say(const char *format, ...) Q_ATTRIBUTE_FORMAT_PRINTF(1, 2);
void say(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    std::vprintf(format, args);
    va_end(args);
    std::fflush(stdout);
}

void complain(const QString &message)
{
    std::fprintf(stderr, "guibench: %s\n", qPrintable(message));
    std::fflush(stderr);
}

QByteArray format(const char *format, ...) Q_ATTRIBUTE_FORMAT_PRINTF(1, 2);
QByteArray format(const char *format, ...)
{
    char buffer[256];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    return QByteArray(buffer);
}

double seconds(qint64 ns)
{
    return double(ns) / double(nsPerSecond);
}

double milliseconds(qint64 ns)
{
    return double(ns) / double(nsPerMs);
}

// Resident memory of this process in bytes (VmRSS), or -1.
qint64 residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:")) {
            const QByteArray value = line.mid(6).trimmed(); // "123456 kB"
            bool ok = false;
            const qint64 kib = value.left(value.indexOf(' ')).toLongLong(&ok);
            return ok ? kib * 1024 : -1;
        }
    }
    return -1;
}

// Runs the event loop for `ms` milliseconds.
void processEventsFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Times every event delivered in the GUI thread while recording, and keeps the slow ones: what the
// event loop was doing during a stall (--verbose).
class TimingApplication : public QApplication
{
public:
    struct SlowEvent
    {
        qint64 startNs;
        qint64 durationNs;
        int depth; // 0: delivered by the event loop itself, 1: inside such a delivery...
        QByteArray what;
    };

    using QApplication::QApplication;

    void startRecording(qint64 thresholdNs)
    {
        m_slow.clear();
        m_thresholdNs = thresholdNs;
        m_clock.start();
        m_recording = true;
    }
    std::vector<SlowEvent> stopRecording()
    {
        m_recording = false;
        return std::move(m_slow);
    }

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_recording || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        const qint64 start = m_clock.nsecsElapsed();
        ++m_depth;
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        const qint64 duration = m_clock.nsecsElapsed() - start;
        if (duration >= m_thresholdNs) {
            QByteArray what = receiver->metaObject()->className();
            if (!receiver->objectName().isEmpty())
                what += " \"" + receiver->objectName().toUtf8() + '"';
            if (receiver->parent())
                what += QByteArray(" in ") + receiver->parent()->metaObject()->className();
            what += format(", event type %d", int(event->type()));
            m_slow.push_back({start, duration, m_depth, what});
        }
        return result;
    }

private:
    QElapsedTimer m_clock;
    qint64 m_thresholdNs = 0;
    bool m_recording = false;
    int m_depth = 0;
    std::vector<SlowEvent> m_slow;
};

void printSlowEvents(const std::vector<TimingApplication::SlowEvent> &events, qint64 thresholdNs)
{
    say("    events that took %.0f ms or more to handle (nested ones indented):\n",
        milliseconds(thresholdNs));
    for (const TimingApplication::SlowEvent &event : events) {
        say("    at %8.1f ms: %6.1f ms %*s%s\n", milliseconds(event.startNs),
            milliseconds(event.durationNs), 2 * event.depth, "", event.what.constData());
    }
}

// The longest gaps between the timeouts of a fast timer in this thread, minus its interval: how
// long the event loop could not run.
class StallMeter
{
public:
    explicit StallMeter(int intervalMs)
        : m_intervalNs(intervalMs * nsPerMs)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(intervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { tick(); });
    }

    void start()
    {
        m_stalls.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }

    void stop()
    {
        tick();
        m_timer.stop();
        std::sort(m_stalls.begin(), m_stalls.end());
    }

    qint64 maxNs() const { return m_stalls.empty() ? 0 : m_stalls.back(); }
    qint64 percentileNs(double p) const
    {
        if (m_stalls.empty())
            return 0;
        const size_t i = std::min(m_stalls.size() - 1, size_t(p * double(m_stalls.size())));
        return m_stalls[i];
    }
    qint64 countOver(qint64 ns) const
    {
        return m_stalls.end() - std::upper_bound(m_stalls.begin(), m_stalls.end(), ns);
    }
    size_t samples() const { return m_stalls.size(); }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_stalls.push_back(std::max<qint64>(0, now - m_last - m_intervalNs));
        m_last = now;
    }

    qint64 m_intervalNs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<qint64> m_stalls;
};

// Notices the first paint of a widget and leaves an event loop once it is done.
class PaintWatcher : public QObject
{
public:
    explicit PaintWatcher(QEventLoop *loop)
        : m_loop(loop)
    {
    }
    bool painted() const { return m_painted; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            // Takes effect when this paint (and the backing-store flush around it) returns.
            m_loop->quit();
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QEventLoop *m_loop;
    bool m_painted = false;
};

// Appends `count` 50-byte stdout lines ("line 000000123: abc...\n") as fast as it can, or at
// `rate` chunks per second, flushing every 200 ms like the recorder.
struct Producer
{
    CaptureStore *store = nullptr;
    qint64 count = 0;
    qint64 rate = 0; // 0: as fast as possible
    std::atomic_bool stop{false};
    std::atomic_bool done{false};
    qint64 elapsedNs = 0; // valid once done

    void run()
    {
        char line[ingestChunkSize];
        std::memcpy(line, "line 000000000: abcdefghijklmnopqrstuvwxyz0123456\n", ingestChunkSize);
        QElapsedTimer clock;
        clock.start();
        const qint64 originNs = QDateTime::currentMSecsSinceEpoch() * nsPerMs;
        qint64 lastTimestamp = 0;
        qint64 lastFlush = 0;
        for (qint64 i = 0; i < count; ++i) {
            if ((i & 1023) == 0) {
                if (stop.load(std::memory_order_relaxed))
                    break;
                const qint64 now = clock.nsecsElapsed();
                if (now - lastFlush >= flushEveryNs) {
                    store->flush();
                    lastFlush = now;
                }
            }
            if (rate > 0 && (i & 63) == 0) {
                const qint64 due = qint64(double(i) * double(nsPerSecond) / double(rate));
                const qint64 ahead = due - clock.nsecsElapsed();
                if (ahead > 0)
                    std::this_thread::sleep_for(std::chrono::nanoseconds(ahead));
            }
            qint64 timestamp = originNs + clock.nsecsElapsed();
            if (timestamp <= lastTimestamp)
                timestamp = lastTimestamp + 1;
            lastTimestamp = timestamp;
            quint64 number = quint64(i);
            for (int digit = 13; digit >= 5; --digit) {
                line[digit] = char('0' + number % 10);
                number /= 10;
            }
            store->append(Stream::Stdout, timestamp, line, ingestChunkSize);
        }
        store->flush();
        elapsedNs = clock.nsecsElapsed();
        done = true;
    }
};

struct Row
{
    QByteArray measure;
    QByteArray figure;
    QByteArray target; // empty: for information
    bool met = true;
};

struct Options
{
    qint64 chunks = 1000000;
    qint64 rate = 0;
    qint64 openChunks = 1000000;
    qint64 openChunkSize = 1024;
    bool ingest = true;
    bool open = true;
    bool search = true;
    bool messages = true;
    qint64 messageCount = 1000000;
    bool monitor = true;
    qint64 monitorSessions = 20;
    qint64 monitorRate = 1000000; // bytes per second, per session
    qint64 monitorSeconds = 20;
    bool cold = false;
    bool keep = false;
    bool verbose = false;
};

struct Bench
{
    Options options;
    QString directory;
    QList<Row> rows;
    QStringList notes;

    void info(const QByteArray &measure, const QByteArray &figure)
    {
        rows.append({measure, figure, QByteArray(), true});
    }
    void check(const QByteArray &measure, const QByteArray &figure, const QByteArray &target,
               bool met)
    {
        rows.append({measure, figure, target, met});
    }

    bool runIngest();
    bool runStoreOnlyIngest();
    bool writeSession(const QString &path);
    bool prepareCache(const QString &path);
    bool runOpen(const QString &path);
    bool runSearch(const QString &path);
    bool writeMessageSession(const QString &path);
    bool runMessages(const QString &path);
    bool runFilters(MainWindow *window, QEventLoop *loop);
    bool runMonitor();
};

bool Bench::runIngest()
{
    const qint64 n = options.chunks;
    say("ingest: %lld chunks of %lld bytes into a live store shown in the window%s\n", qlonglong(n),
        qlonglong(ingestChunkSize),
        options.rate > 0 ? qPrintable(QStringLiteral(", %1 chunks/s").arg(options.rate))
                         : ", as fast as possible");
    // Declared first: the window (and its model, which reads the store) goes first.
    CaptureStore store;
    if (!store.create(directory + QStringLiteral("/ingest.pcapng"),
                      QStringLiteral("guibench ingest"), PrivateFileCreation::NewFileOnly)) {
        complain(QStringLiteral("cannot create the ingest session: ") + store.errorString());
        return false;
    }
    auto window = std::make_unique<MainWindow>();
    window->show();
    window->showLiveStore(&store);
    processEventsFor(500);
    const qint64 rssBefore = residentBytes();

    TimelineModel *model = window->sessionView()->timelineModel();
    QEventLoop loop;
    QElapsedTimer clock;
    qint64 rowsDoneNs = -1;
    QObject::connect(model, &QAbstractItemModel::rowsInserted, &loop, [&] {
        if (rowsDoneNs < 0 && model->rowCount() >= n) {
            rowsDoneNs = clock.nsecsElapsed();
            QTimer::singleShot(settleMs, &loop, &QEventLoop::quit);
        }
    });
    // How long each batch of rows takes from beginInsertRows to the end of the rowsInserted
    // handlers (the view's, the window's tail following, then this one, connected last).
    struct Batch
    {
        qint64 startNs;
        qint64 rows;
        qint64 durationNs;
    };
    std::vector<Batch> batches;
    qint64 batchStartNs = 0;
    QObject::connect(model, &QAbstractItemModel::rowsAboutToBeInserted, &loop,
                     [&] { batchStartNs = clock.nsecsElapsed(); });
    QObject::connect(model, &QAbstractItemModel::rowsInserted, &loop,
                     [&](const QModelIndex &, int first, int last) {
                         batches.push_back({batchStartNs, qint64(last) - first + 1,
                                            clock.nsecsElapsed() - batchStartNs});
                     });
    Producer producer;
    producer.store = &store;
    producer.count = n;
    producer.rate = options.rate;
    const qint64 timeoutNs = (600 + (options.rate > 0 ? 2 * n / options.rate : 0)) * nsPerSecond;
    QTimer watchdog;
    QObject::connect(&watchdog, &QTimer::timeout, &loop, [&] {
        if (store.failed())
            loop.exit(1);
        else if (clock.nsecsElapsed() > timeoutNs)
            loop.exit(2);
    });
    watchdog.start(200);

    auto *timing = static_cast<TimingApplication *>(QCoreApplication::instance());
    StallMeter meter(stallIntervalMs);
    meter.start();
    clock.start();
    if (options.verbose)
        timing->startRecording(20 * nsPerMs);
    std::thread thread([&producer] { producer.run(); });
    const int outcome = loop.exec();
    meter.stop();
    const std::vector<TimingApplication::SlowEvent> slowEvents = timing->stopRecording();
    watchdog.stop();
    producer.stop = true;
    thread.join();
    store.flushAndWait();
    const qint64 rssAfter = residentBytes();

    if (outcome == 1) {
        complain(QStringLiteral("ingest: recording failed: ") + store.errorString());
        return false;
    }
    if (outcome == 2) {
        complain(
            QStringLiteral("ingest: timed out with %1 of %2 rows").arg(model->rowCount()).arg(n));
        return false;
    }
    const double perChunk = double(rssAfter - rssBefore) / double(n);
    say("  producer appended %lld chunks in %.2f s (%.0f chunks/s); %lld rows after %.2f s\n",
        qlonglong(n), seconds(producer.elapsedNs), double(n) / seconds(producer.elapsedNs),
        qlonglong(model->rowCount()), seconds(rowsDoneNs));
    say("  event loop: %zu samples of a %d ms timer, %lld stalls over 50 ms, max %.1f ms\n",
        meter.samples(), stallIntervalMs, qlonglong(meter.countOver(50 * nsPerMs)),
        milliseconds(meter.maxNs()));
    const auto slowest
        = std::max_element(batches.begin(), batches.end(), [](const Batch &a, const Batch &b) {
              return a.durationNs < b.durationNs;
          });
    if (slowest != batches.end()) {
        say("  %zu batches of rows; the slowest: %lld rows at %.0f ms, inserted in %.1f ms\n",
            batches.size(), qlonglong(slowest->rows), milliseconds(slowest->startNs),
            milliseconds(slowest->durationNs));
    }
    if (options.verbose) {
        for (const Batch &batch : batches) {
            say("    batch at %8.1f ms: %7lld rows, inserted in %6.1f ms\n",
                milliseconds(batch.startNs), qlonglong(batch.rows), milliseconds(batch.durationNs));
        }
        const qint64 threshold = 20 * nsPerMs;
        say("    event-loop stalls over %.0f ms: %lld\n", milliseconds(threshold),
            qlonglong(meter.countOver(threshold)));
        printSlowEvents(slowEvents, threshold);
    }
    say("  VmRSS %.1f MiB before, %.1f MiB after\n", double(rssBefore) / 1048576.0,
        double(rssAfter) / 1048576.0);

    const QByteArray label
        = format("ingest %lld x %lld B", qlonglong(n), qlonglong(ingestChunkSize));
    info(label + ": producer appends", format("%.2f s", seconds(producer.elapsedNs)));
    info(label + ": all rows in the model", format("%.2f s", seconds(rowsDoneNs)));
    check(label + ": longest event-loop stall", format("%.1f ms", milliseconds(meter.maxNs())),
          format("<= %.0f ms", maxStallMs), milliseconds(meter.maxNs()) <= maxStallMs);
    if (slowest != batches.end()) {
        info(label + format(": slowest of %zu row batches", batches.size()),
             format("%.1f ms", milliseconds(slowest->durationNs)));
    }
    info(label + ": p99 event-loop stall",
         format("%.1f ms", milliseconds(meter.percentileNs(0.99))));
    check(label + ": RSS growth per chunk", format("%.1f B", perChunk),
          format("< %.0f B", maxBytesPerChunk), perChunk < maxBytesPerChunk);
    return true;
}

// The store's share of the RAM per chunk: the same appends in a child process without a window
// (a fresh heap, so memory freed by the window run cannot hide any growth).
bool Bench::runStoreOnlyIngest()
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--store-child"), QString::number(options.chunks),
                 directory + QStringLiteral("/store-only.pcapng")});
    if (!child.waitForFinished(600000) || child.exitStatus() != QProcess::NormalExit
        || child.exitCode() != 0) {
        complain(QStringLiteral("the store-only child failed: ") + child.errorString());
        return false;
    }
    const QList<QByteArray> fields = child.readAllStandardOutput().trimmed().split(' ');
    if (fields.size() != 2) {
        complain(QStringLiteral("the store-only child printed no figures"));
        return false;
    }
    const double perChunk
        = double(fields.at(1).toLongLong() - fields.at(0).toLongLong()) / double(options.chunks);
    say("  store alone (child process, no window): %.1f B per chunk\n", perChunk);
    info(format("ingest %lld x %lld B: RSS per chunk, store alone", qlonglong(options.chunks),
                qlonglong(ingestChunkSize)),
         format("%.1f B", perChunk));
    return true;
}

// Hidden mode: `guibench --store-child N PATH` appends N chunks to a new store at PATH with no
// window and prints "RSS_BEFORE RSS_AFTER".
int storeChild(qint64 n, const QString &path)
{
    CaptureStore store;
    if (!store.create(path, QStringLiteral("guibench store-only"),
                      PrivateFileCreation::NewFileOnly)) {
        complain(store.errorString());
        return 1;
    }
    const qint64 before = residentBytes();
    Producer producer;
    producer.store = &store;
    producer.count = n;
    producer.run();
    if (!store.flushAndWait() || store.count() != n) {
        complain(QStringLiteral("store-only ingest failed: ") + store.errorString());
        return 1;
    }
    const qint64 after = residentBytes();
    say("%lld %lld\n", qlonglong(before), qlonglong(after));
    return 0;
}

// Text for the open and search session: words of lower-case letters and digits, lines of
// 60 to 100 bytes. Never contains '-'.
QByteArray makeTextPool(qsizetype size)
{
    QByteArray pool;
    pool.reserve(size);
    quint64 state = 0x9e3779b97f4a7c15ULL;
    const auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzetaoinshrdlu0123456789";
    qsizetype lineLength = 0;
    while (pool.size() < size) {
        const int word = 2 + int(next() % 8);
        for (int i = 0; i < word; ++i)
            pool.append(alphabet[next() % (sizeof alphabet - 1)]);
        lineLength += word + 1;
        if (lineLength > 60 + qsizetype(next() % 40)) {
            pool.append('\n');
            lineLength = 0;
        } else {
            pool.append(' ');
        }
    }
    pool.truncate(size);
    return pool;
}

bool isPlanted(qint64 index, qint64 count)
{
    for (int k = 0; k < plantedNeedles; ++k) {
        qint64 at = count * (2 * k + 1) / (2 * plantedNeedles);
        if (at % 4 == 3)
            --at; // a stdout chunk
        if (index == at)
            return true;
    }
    return false;
}

// About count * size bytes of payload: three stdout chunks to one stdin chunk, the needle
// planted in `plantedNeedles` stdout chunks.
bool Bench::writeSession(const QString &path)
{
    const qint64 n = options.openChunks;
    const qsizetype size = qsizetype(options.openChunkSize);
    say("session: writing %lld chunks of %lld bytes (stdout and stdin, 3:1)...\n", qlonglong(n),
        qlonglong(size));
    QElapsedTimer clock;
    clock.start();
    CaptureStore store;
    if (!store.create(path, QStringLiteral("guibench open/search"),
                      PrivateFileCreation::NewFileOnly)) {
        complain(QStringLiteral("cannot create the session: ") + store.errorString());
        return false;
    }
    const QByteArray pool = makeTextPool(std::max<qsizetype>(256 * 1024, 4 * size));
    QByteArray chunk(size, ' ');
    const qint64 originNs = QDateTime::currentMSecsSinceEpoch() * nsPerMs;
    qint64 lastFlush = 0;
    for (qint64 i = 0; i < n; ++i) {
        const qsizetype from = qsizetype((quint64(i) * 7919) % quint64(pool.size() - size));
        std::memcpy(chunk.data(), pool.constData() + from, size_t(size));
        const QByteArray header = format("chunk %09lld ", qlonglong(i));
        std::memcpy(chunk.data(), header.constData(), size_t(header.size()));
        chunk[size - 1] = '\n';
        if (isPlanted(i, n))
            std::memcpy(chunk.data() + 24, needle.constData(), size_t(needle.size()));
        store.append(i % 4 == 3 ? Stream::Stdin : Stream::Stdout, originNs + i * 1000,
                     chunk.constData(), size);
        if ((i & 1023) == 0 && clock.nsecsElapsed() - lastFlush >= flushEveryNs) {
            store.flush();
            lastFlush = clock.nsecsElapsed();
        }
    }
    if (!store.flushAndWait()) {
        complain(QStringLiteral("writing the session failed: ") + store.errorString());
        return false;
    }
    const qint64 fileSize = QFile(path).size();
    say("  %.2f GiB written in %.1f s\n", double(fileSize) / 1073741824.0,
        seconds(clock.nsecsElapsed()));
    info(format("session file: %lld chunks", qlonglong(n)),
         format("%.2f GiB", double(fileSize) / 1073741824.0));
    return true;
}

// Warm (default): reads the file once, since the recorder writes with O_DIRECT and leaves
// nothing in the page cache. Cold: drops the page cache.
bool Bench::prepareCache(const QString &path)
{
    if (options.cold) {
        ::sync();
        QFile control(QStringLiteral("/proc/sys/vm/drop_caches"));
        if (!control.open(QIODevice::WriteOnly) || control.write("1\n") != 2 || !control.flush()) {
            complain(QStringLiteral("--cold: cannot drop the page cache: ")
                     + control.errorString());
            return false;
        }
        return true;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        complain(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    QByteArray buffer(8 * 1024 * 1024, Qt::Uninitialized);
    while (file.read(buffer.data(), buffer.size()) > 0) {
    }
    return true;
}

bool Bench::runOpen(const QString &path)
{
    say("open: MainWindow::openFile() until the timeline's first paint (%s page cache)...\n",
        options.cold ? "cold" : "warm");
    if (!prepareCache(path))
        return false;
    auto window = std::make_unique<MainWindow>();
    window->show();
    processEventsFor(500);

    QEventLoop loop;
    PaintWatcher watcher(&loop);
    QTimer::singleShot(120000, &loop, [&loop] { loop.exit(1); });
    QElapsedTimer clock;
    clock.start();
    const bool opened = window->openFile(path);
    const qint64 returnedNs = clock.nsecsElapsed();
    if (!opened) {
        complain(QStringLiteral("openFile() failed on ") + path);
        return false;
    }
    // The session's view exists once openFile() returns; it paints in the event loop.
    window->sessionView()->timelineView()->viewport()->installEventFilter(&watcher);
    const int outcome = loop.exec();
    const qint64 paintedNs = clock.nsecsElapsed();
    window->sessionView()->timelineView()->viewport()->removeEventFilter(&watcher);
    if (outcome != 0 || !watcher.painted()) {
        complain(QStringLiteral("open: no paint of the timeline within 120 s"));
        return false;
    }
    const int rows = window->sessionView()->timelineModel()->rowCount();
    if (rows != options.openChunks) {
        complain(QStringLiteral("open: %1 rows, expected %2").arg(rows).arg(options.openChunks));
        return false;
    }
    say("  openFile() returned after %.3f s, first paint after %.3f s, %d rows\n",
        seconds(returnedNs), seconds(paintedNs), rows);
    const QByteArray cache = options.cold ? "cold" : "warm";
    info("open (" + cache + "): openFile() returns", format("%.3f s", seconds(returnedNs)));
    check("open (" + cache + "): first paint of the timeline", format("%.3f s", seconds(paintedNs)),
          format("< %.0f s", maxOpenSeconds), seconds(paintedNs) < maxOpenSeconds);
    return true;
}

bool Bench::runSearch(const QString &path)
{
    say("search: literal \"%s\" over the session's stdout stream...\n", needle.constData());
    if (options.cold && !prepareCache(path))
        return false;
    QElapsedTimer clock;
    clock.start();
    CaptureStore store;
    if (!store.load(path)) {
        complain(store.errorString());
        return false;
    }
    const qint64 loadNs = clock.nsecsElapsed();
    const auto pattern
        = SearchPattern::parse(QString::fromLatin1(needle), SearchMode::Text, Qt::CaseSensitive);
    if (!pattern) {
        complain(QStringLiteral("cannot parse the search pattern"));
        return false;
    }

    clock.restart();
    const ChunkSequence sequence = ChunkSequence::forStream(&store, Stream::Stdout);
    const qint64 buildNs = clock.nsecsElapsed();
    const SearchResult result = findAllMatches(sequence, *pattern);
    const qint64 totalNs = clock.nsecsElapsed();
    const qint64 findNs = totalNs - buildNs;

    // What the search worker builds before it reads: the sequences of all three streams.
    clock.restart();
    for (const Stream stream : byteStreams)
        ChunkSequence::forStream(&store, stream);
    const qint64 allStreamsNs = clock.nsecsElapsed();

    const double gib = double(sequence.size()) / 1073741824.0;
    say("  store loaded in %.3f s; %.2f GiB of stdout in %lld chunks; %lld matches\n",
        seconds(loadNs), gib, qlonglong(sequence.recordCount()), qlonglong(result.matches.size()));
    say("  sequence %.3f s + findAllMatches %.3f s (%.2f GB/s) = %.3f s\n", seconds(buildNs),
        seconds(findNs), double(sequence.size()) / double(findNs), seconds(totalNs));
    if (result.matches.size() != plantedNeedles) {
        complain(QStringLiteral("search: %1 matches, expected %2")
                     .arg(result.matches.size())
                     .arg(plantedNeedles));
        return false;
    }
    const QByteArray label = format("search %.2f GiB stdout", gib);
    info(label + ": ChunkSequence::forStream", format("%.3f s", seconds(buildNs)));
    info(label + ": findAllMatches", format("%.3f s", seconds(findNs)));
    check(label + ": sequence + search", format("%.3f s", seconds(totalNs)),
          format("< %.0f s", maxSearchSeconds), seconds(totalNs) < maxSearchSeconds);
    info("search: forStream x 3 streams (search worker)", format("%.3f s", seconds(allStreamsNs)));
    return true;
}

// LSP traffic of `messageCount` messages: requests on stdin answered on stdout, one read each.
bool Bench::writeMessageSession(const QString &path)
{
    const qint64 n = options.messageCount;
    say("messages: writing a session of %lld LSP messages...\n", qlonglong(n));
    CaptureStore store;
    if (!store.create(path, QStringLiteral("guibench messages"),
                      PrivateFileCreation::NewFileOnly)) {
        complain(QStringLiteral("cannot create the session: ") + store.errorString());
        return false;
    }
    const qint64 originNs = QDateTime::currentMSecsSinceEpoch() * nsPerMs;
    for (qint64 i = 0; i < n; ++i) {
        const qint64 id = i / 2;
        const QByteArray body
            = i % 2 == 0
                  ? format(
                      R"({"jsonrpc":"2.0","id":%lld,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///src/main.cpp"},"position":{"line":%lld,"character":7}}})",
                      qlonglong(id), qlonglong(id % 5000))
                  : format(
                      R"json({"jsonrpc":"2.0","id":%lld,"result":{"contents":{"kind":"plaintext","value":"int main()"}}})json",
                      qlonglong(id));
        const QByteArray message
            = format("Content-Length: %lld\r\n\r\n", qlonglong(body.size())) + body;
        store.append(i % 2 == 0 ? Stream::Stdin : Stream::Stdout, originNs + i * 10000,
                     message.constData(), message.size());
        if ((i & 65535) == 0)
            store.flush();
    }
    if (!store.flushAndWait()) {
        complain(QStringLiteral("writing the session failed: ") + store.errorString());
        return false;
    }
    info(format("message session: %lld messages", qlonglong(n)),
         format("%.0f MB", double(QFile(path).size()) / 1e6));
    return true;
}

// Opens the session, which speaks LSP and so opens in Messages mode: the time from the open
// until every message is decoded, in the model, and painted; and the longest the event loop
// waited meanwhile. Then sorts the million rows by latency and by method, as a click on a
// column's header does: the time until the sorted rows are painted.
bool Bench::runMessages(const QString &path)
{
    if (!prepareCache(path))
        return false;
    auto window = std::make_unique<MainWindow>();
    window->show();
    processEventsFor(500); // the window shown and settled before the session opens
    if (!window->openFile(path)) {
        complain(QStringLiteral("openFile() failed on ") + path);
        return false;
    }
    if (window->timelineUnit() != MainWindow::TimelineUnit::Messages) {
        complain(QStringLiteral("messages: the session did not open in Messages mode"));
        return false;
    }
    say("messages: decoding...\n");
    auto *timing = static_cast<TimingApplication *>(QCoreApplication::instance());
    const qint64 slowThresholdNs = 20 * nsPerMs;
    StallMeter meter(stallIntervalMs);
    meter.start();
    if (options.verbose)
        timing->startRecording(slowThresholdNs);
    QElapsedTimer clock;
    clock.start();
    MessageModel *model = window->sessionView()->messageModel();
    QEventLoop loop;
    QTimer::singleShot(120000, &loop, [&loop] { loop.exit(1); });
    if (!model->isComplete()) {
        QObject::connect(model, &MessageModel::decodingComplete, &loop, [&loop] { loop.quit(); });
        if (loop.exec() != 0) {
            complain(QStringLiteral("messages: decoding did not complete within 120 s"));
            return false;
        }
    }
    PaintWatcher watcher(&loop);
    window->sessionView()->timelineView()->viewport()->installEventFilter(&watcher);
    window->sessionView()->timelineView()->viewport()->update();
    loop.exec();
    const qint64 doneNs = clock.nsecsElapsed();
    meter.stop();
    const std::vector<TimingApplication::SlowEvent> slowEvents = timing->stopRecording();
    if (options.verbose)
        printSlowEvents(slowEvents, slowThresholdNs);
    window->sessionView()->timelineView()->viewport()->removeEventFilter(&watcher);
    if (model->rowCount() != options.messageCount) {
        complain(QStringLiteral("messages: %1 rows, expected %2")
                     .arg(model->rowCount())
                     .arg(options.messageCount));
        return false;
    }
    say("  %d message rows decoded and painted after %.3f s; event loop max stall %.1f ms\n",
        model->rowCount(), seconds(doneNs), milliseconds(meter.maxNs()));
    check(format("open in Messages mode: %lld messages decoded and painted",
                 qlonglong(options.messageCount)),
          format("%.3f s", seconds(doneNs)), format("< %.0f s", maxMessagesSeconds),
          seconds(doneNs) < maxMessagesSeconds);
    check("open in Messages mode: longest event-loop stall",
          format("%.1f ms", milliseconds(meter.maxNs())), format("< %.0f ms", maxStallMs),
          milliseconds(meter.maxNs()) < maxStallMs);

    for (const auto &[column, name] : {std::pair{MessageModel::LatencyColumn, "latency"},
                                       std::pair{MessageModel::MethodColumn, "method"}}) {
        QElapsedTimer sortClock;
        sortClock.start();
        window->sessionView()->timelineView()->sortByColumn(column, Qt::DescendingOrder);
        PaintWatcher painted(&loop);
        window->sessionView()->timelineView()->viewport()->installEventFilter(&painted);
        window->sessionView()->timelineView()->viewport()->update();
        loop.exec();
        window->sessionView()->timelineView()->viewport()->removeEventFilter(&painted);
        const qint64 sortNs = sortClock.nsecsElapsed();
        say("  sorted by %s and painted after %.3f s\n", name, seconds(sortNs));
        check(format("sort %lld messages by %s", qlonglong(options.messageCount), name),
              format("%.3f s", seconds(sortNs)), format("< %.0f s", maxSortSeconds),
              seconds(sortNs) < maxSortSeconds);
    }
    window->sessionView()->timelineView()->sortByColumn(MessageModel::NumberColumn,
                                                        Qt::AscendingOrder);
    return runFilters(window.get(), &loop);
}

// Applies filters from the filter bar, as Enter does, over every message: the time until the
// filtered rows are painted, and the longest the event loop waited meanwhile. From a field of
// the message log, the message's bytes, and a path into each body (each one parsed).
bool Bench::runFilters(MainWindow *window, QEventLoop *loop)
{
    const QStringList expressions{
        QStringLiteral("method == textDocument/hover && latency > 5us"),
        QStringLiteral(R"(data contains "\"line\":42,")"),
        QStringLiteral("params.position.line == 42"),
    };
    FilterBar *bar = window->sessionView()->filterBar();
    for (const QString &expression : expressions) {
        StallMeter meter(stallIntervalMs);
        meter.start();
        QElapsedTimer clock;
        clock.start();
        bar->applyExpression(expression);
        MessageModel *model = window->sessionView()->messageModel();
        if (model->isFiltering()) { // matched in the background: wait for the new rows
            const QMetaObject::Connection done = QObject::connect(
                model, &MessageModel::filteringChanged, loop, [loop] { loop->quit(); });
            loop->exec();
            QObject::disconnect(done);
        }
        PaintWatcher painted(loop);
        window->sessionView()->timelineView()->viewport()->installEventFilter(&painted);
        window->sessionView()->timelineView()->viewport()->update();
        loop->exec();
        window->sessionView()->timelineView()->viewport()->removeEventFilter(&painted);
        const qint64 filterNs = clock.nsecsElapsed();
        processEventsFor(2 * stallIntervalMs); // the meter sees the stall the apply made
        meter.stop();
        const int rows = model->rowCount();
        say("  filter %s: %d rows, painted after %.3f s; event loop max stall %.1f ms\n",
            qPrintable(expression), rows, seconds(filterNs), milliseconds(meter.maxNs()));
        check(format("filter %lld messages: %s", qlonglong(options.messageCount),
                     qPrintable(expression)),
              format("%.3f s, stall %.0f ms", seconds(filterNs), milliseconds(meter.maxNs())),
              format("< %.0f s, stall < %.0f ms", maxFilterSeconds, maxStallMs),
              seconds(filterNs) < maxFilterSeconds && milliseconds(meter.maxNs()) < maxStallMs);
        bar->applyExpression(QString());
    }
    return true;
}

void printTable(const QList<Row> &rows)
{
    int width = 7;
    for (const Row &row : rows)
        width = std::max(width, int(row.measure.size()));
    say("\n%-*s  %12s  %10s  %s\n", width, "measure", "figure", "target", "result");
    for (const Row &row : rows) {
        say("%-*s  %12s  %10s  %s\n", width, row.measure.constData(), row.figure.constData(),
            row.target.isEmpty() ? "-" : row.target.constData(),
            row.target.isEmpty() ? ""
            : row.met            ? "met"
                                 : "NOT MET");
    }
}

bool parseCount(const QCommandLineParser &parser, const QString &name, qint64 minimum,
                qint64 maximum, qint64 *value)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const qint64 parsed = parser.value(name).toLongLong(&ok);
    if (!ok || parsed < minimum || parsed > maximum) {
        complain(QStringLiteral("--%1 wants a whole number from %2 to %3, not \"%4\"")
                     .arg(name)
                     .arg(minimum)
                     .arg(maximum)
                     .arg(parser.value(name)));
        return false;
    }
    *value = parsed;
    return true;
}

// Hidden mode: `guibench --lsp-writer RATE SECONDS` writes LSP-framed notifications of about
// 300 bytes to stdout at RATE bytes/s for SECONDS, each with a write of its own: a busy language
// server.
int lspWriter(qint64 rate, qint64 seconds)
{
    QElapsedTimer clock;
    clock.start();
    qint64 written = 0;
    qint64 number = 0;
    while (clock.nsecsElapsed() < seconds * nsPerSecond) {
        const qint64 due
            = qint64(double(clock.nsecsElapsed()) * double(rate) / double(nsPerSecond));
        while (written < due) {
            ++number;
            const QByteArray body = format(
                R"json({"jsonrpc":"2.0","method":"$/progress","params":{"token":"indexing","value":{"kind":"report","message":"indexing file %06lld of 999999: src/module/subdirectory/source_file_name.cpp","percentage":%lld}}})json",
                qlonglong(number), qlonglong(number % 100));
            const QByteArray message
                = "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
            for (qsizetype done = 0; done < message.size();) {
                const ssize_t n
                    = ::write(1, message.constData() + done, size_t(message.size() - done));
                if (n <= 0)
                    return 1;
                done += n;
            }
            written += message.size();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return 0;
}

qint64 epochNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A monitor following live sessions in tabs: each session a real headless pipescope recording a
// child (--lsp-writer) that writes LSP messages at a steady rate. Measures the event loop's
// stalls, the memory per followed record, and how long a record takes from the relay reading it
// to its row in the monitor's timeline (the recorder flushes every 100 ms, the monitor reads
// every 50 ms, the timeline inserts rows at up to 30 per second).
bool Bench::runMonitor()
{
    const qint64 n = options.monitorSessions;
    say("monitor: %lld live sessions of %lld B/s of LSP messages for %lld s, followed in tabs\n",
        qlonglong(n), qlonglong(options.monitorRate), qlonglong(options.monitorSeconds));
    // A registry and a sessions directory of the benchmark's own, for it and its recorders.
    const QString runtime = directory + QStringLiteral("/run");
    QDir().mkpath(runtime);
    QFile::setPermissions(runtime,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(directory + QStringLiteral("/cache")));
    const QString pipescope
        = QCoreApplication::applicationDirPath() + QStringLiteral("/../app/pipescope");
    if (!QFileInfo(pipescope).isExecutable()) {
        complain(QStringLiteral("monitor: no pipescope at ") + pipescope);
        return false;
    }

    auto window = std::make_unique<MainWindow>();
    window->show();
    window->monitor()->show();
    processEventsFor(500);
    const qint64 rssBefore = residentBytes();

    std::vector<std::unique_ptr<QProcess>> recorders;
    for (qint64 i = 0; i < n; ++i) {
        auto recorder = std::make_unique<QProcess>();
        recorder->setStandardOutputFile(QProcess::nullDevice());
        recorder->start(pipescope,
                        {QStringLiteral("--no-gui"), QStringLiteral("--name"),
                         QStringLiteral("bench-%1").arg(i), QStringLiteral("--"),
                         QCoreApplication::applicationFilePath(), QStringLiteral("--lsp-writer"),
                         QString::number(options.monitorRate),
                         QString::number(options.monitorSeconds)});
        recorders.push_back(std::move(recorder));
    }
    QList<RegistryEntry> entries;
    QElapsedTimer waited;
    waited.start();
    while (entries.size() < n && waited.elapsed() < 20000) {
        processEventsFor(50);
        entries = readSessionRegistry();
    }
    if (entries.size() < n) {
        complain(
            QStringLiteral("monitor: %1 of %2 recorders registered").arg(entries.size()).arg(n));
        return false;
    }

    std::vector<qint64> latencies;
    qint64 openedNs = 0;
    for (const RegistryEntry &entry : entries) {
        if (!window->monitor()->open(entry.session.sessionFile, entry.entryPath))
            return false;
        SessionView *view = window->sessionView();
        const CaptureStore *store = view->store();
        // The records made after the tabs opened: those a person watching would wait for.
        QObject::connect(view->timelineModel(), &QAbstractItemModel::rowsInserted, view,
                         [&latencies, &openedNs, store](const QModelIndex &, int first, int last) {
                             const qint64 now = epochNs();
                             for (int row = first; row <= last && row < store->count(); ++row) {
                                 const qint64 madeNs = store->record(row).timestampNs;
                                 if (openedNs > 0 && madeNs > openedNs)
                                     latencies.push_back(now - madeNs);
                             }
                         });
    }
    openedNs = epochNs();
    // What the tabs hold once they caught up is their own: the growth from here on is per record.
    processEventsFor(1000);
    const qint64 rssOpened = residentBytes();
    qint64 recordsOpened = 0;
    for (SessionView *view : window->sessionTabs()->views())
        recordsOpened += view->store()->count();

    StallMeter meter(stallIntervalMs);
    meter.start();
    const auto allEnded = [&] {
        return std::all_of(recorders.begin(), recorders.end(), [](const auto &recorder) {
            return recorder->state() == QProcess::NotRunning;
        });
    };
    QElapsedTimer clock;
    clock.start();
    while (!allEnded() && clock.elapsed() < (options.monitorSeconds + 30) * 1000)
        processEventsFor(100);
    processEventsFor(1500); // the last flush, read and rows
    meter.stop();
    const qint64 rssAfter = residentBytes();

    qint64 records = 0;
    qint64 bytes = 0;
    for (SessionView *view : window->sessionTabs()->views()) {
        records += view->store()->count();
        bytes += view->store()->streamBytes(Stream::Stdout);
    }
    std::sort(latencies.begin(), latencies.end());
    const auto percentile = [&](double p) {
        return latencies.empty() ? 0
                                 : latencies[std::min(latencies.size() - 1,
                                                      size_t(p * double(latencies.size())))];
    };
    const double perRecord
        = double(rssAfter - rssOpened) / double(std::max<qint64>(1, records - recordsOpened));
    say("  %d tabs followed %lld records, %.1f MB of stdout; %zu latency samples\n",
        int(window->sessionTabs()->count()), qlonglong(records), double(bytes) / 1e6,
        latencies.size());
    say("  RSS: %.1f MB with the monitor open, %.1f MB with %d tabs caught up, %.1f MB at the "
        "end\n",
        double(rssBefore) / 1e6, double(rssOpened) / 1e6, int(window->sessionTabs()->count()),
        double(rssAfter) / 1e6);
    say("  event loop: %zu samples of a %d ms timer, max stall %.1f ms\n", meter.samples(),
        stallIntervalMs, milliseconds(meter.maxNs()));
    const QByteArray label
        = format("monitor %lld x %.1f MB/s", qlonglong(n), double(options.monitorRate) / 1e6);
    check(label + ": read to row, p95",
          format("%.0f ms (p50 %.0f ms)", milliseconds(percentile(0.95)),
                 milliseconds(percentile(0.5))),
          format("< %.0f ms", maxMonitorLatencyMs),
          !latencies.empty() && milliseconds(percentile(0.95)) < maxMonitorLatencyMs);
    check(label + ": longest event-loop stall", format("%.1f ms", milliseconds(meter.maxNs())),
          format("< %.0f ms", maxStallMs), milliseconds(meter.maxNs()) < maxStallMs);
    check(label + ": RSS growth per followed record", format("%.1f B", perRecord),
          format("< %.0f B", maxBytesPerChunk), perRecord < maxBytesPerChunk);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc == 4 && std::strcmp(argv[1], "--store-child") == 0)
        return storeChild(QByteArray(argv[2]).toLongLong(), QString::fromLocal8Bit(argv[3]));
    if (argc == 4 && std::strcmp(argv[1], "--lsp-writer") == 0)
        return lspWriter(QByteArray(argv[2]).toLongLong(), QByteArray(argv[3]).toLongLong());

    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimingApplication app(argc, argv);
    // Settings (recent files, geometry) go to the temporary directory, not the user's.
    QCoreApplication::setOrganizationName(QStringLiteral("pipescope-guibench"));
    QCoreApplication::setApplicationName(QStringLiteral("guibench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures pipescope's GUI budgets (DESIGN.md) on a real MainWindow: live ingest of small "
        "chunks, opening a ~1 GiB session, literal search over it. Runs offscreen unless "
        "QT_QPA_PLATFORM is set."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("chunks"), QStringLiteral("Ingest: chunks of 50 bytes (default 1000000)."),
         QStringLiteral("N")},
        {QStringLiteral("rate"),
         QStringLiteral("Ingest: append at N chunks/s (default 0: as fast as possible)."),
         QStringLiteral("N")},
        {QStringLiteral("open-chunks"),
         QStringLiteral("Open/search: chunks in the session (default 1000000)."),
         QStringLiteral("N")},
        {QStringLiteral("open-chunk-size"),
         QStringLiteral("Open/search: bytes per chunk (default 1024)."), QStringLiteral("B")},
        {QStringLiteral("messages"),
         QStringLiteral("Messages: LSP messages in the session (default 1000000)."),
         QStringLiteral("N")},
        {QStringLiteral("monitor-sessions"),
         QStringLiteral("Monitor: live sessions followed (default 20)."), QStringLiteral("N")},
        {QStringLiteral("monitor-rate"),
         QStringLiteral("Monitor: bytes per second each session's child writes (default "
                        "1000000)."),
         QStringLiteral("B")},
        {QStringLiteral("monitor-seconds"),
         QStringLiteral("Monitor: how long the children write (default 20)."), QStringLiteral("S")},
        {QStringLiteral("only"),
         QStringLiteral("Run only this measure: ingest, open, search, messages or monitor; "
                        "repeatable."),
         QStringLiteral("WHAT")},
        {QStringLiteral("cold"),
         QStringLiteral("Drop the page cache (needs root) before open and search, instead of "
                        "reading the session once to warm it.")},
        {QStringLiteral("keep"), QStringLiteral("Keep the temporary directory and its files.")},
        {QStringLiteral("verbose"),
         QStringLiteral("Ingest: print every batch of rows; ingest and messages: the events "
                        "that held the event loop 20 ms or more.")},
    });
    parser.process(app);

    Bench bench;
    Options &options = bench.options;
    if (!parseCount(parser, QStringLiteral("chunks"), 1, std::numeric_limits<int>::max(),
                    &options.chunks)
        || !parseCount(parser, QStringLiteral("rate"), 0, std::numeric_limits<int>::max(),
                       &options.rate)
        || !parseCount(parser, QStringLiteral("open-chunks"), 100, std::numeric_limits<int>::max(),
                       &options.openChunks)
        || !parseCount(parser, QStringLiteral("open-chunk-size"), 64, 16 * 1024 * 1024,
                       &options.openChunkSize)
        || !parseCount(parser, QStringLiteral("messages"), 2, std::numeric_limits<int>::max(),
                       &options.messageCount)
        || !parseCount(parser, QStringLiteral("monitor-sessions"), 1, 200, &options.monitorSessions)
        || !parseCount(parser, QStringLiteral("monitor-rate"), 1000, 1000000000,
                       &options.monitorRate)
        || !parseCount(parser, QStringLiteral("monitor-seconds"), 1, 3600,
                       &options.monitorSeconds)) {
        return 1;
    }
    if (parser.isSet(QStringLiteral("only"))) {
        options.ingest = options.open = options.search = options.messages = options.monitor = false;
        const QStringList values = parser.values(QStringLiteral("only"));
        for (const QString &value : values) {
            if (value == QLatin1String("ingest")) {
                options.ingest = true;
            } else if (value == QLatin1String("open")) {
                options.open = true;
            } else if (value == QLatin1String("search")) {
                options.search = true;
            } else if (value == QLatin1String("messages")) {
                options.messages = true;
            } else if (value == QLatin1String("monitor")) {
                options.monitor = true;
            } else {
                complain(QStringLiteral("--only wants ingest, open, search, messages or monitor, "
                                        "not \"%1\"")
                             .arg(value));
                return 1;
            }
        }
    }
    options.cold = parser.isSet(QStringLiteral("cold"));
    options.keep = parser.isSet(QStringLiteral("keep"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));

    QTemporaryDir directory(QDir::tempPath() + QStringLiteral("/guibench-XXXXXX"));
    if (!directory.isValid()) {
        complain(QStringLiteral("cannot create a temporary directory: ") + directory.errorString());
        return 1;
    }
    directory.setAutoRemove(!options.keep);
    bench.directory = directory.path();
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       directory.path() + QStringLiteral("/settings"));

    say("guibench: platform %s, pid %lld, temporary files in %s\n",
        qPrintable(QGuiApplication::platformName()), qlonglong(QCoreApplication::applicationPid()),
        qPrintable(directory.path()));

    bool ok = true;
    if (options.ingest)
        ok = bench.runIngest() && bench.runStoreOnlyIngest();
    const QString session = directory.path() + QStringLiteral("/session.pcapng");
    if (ok && (options.open || options.search))
        ok = bench.writeSession(session);
    if (ok && options.open)
        ok = bench.runOpen(session);
    if (ok && options.search)
        ok = bench.runSearch(session);
    const QString messageSession = directory.path() + QStringLiteral("/messages.pcapng");
    if (ok && options.messages)
        ok = bench.writeMessageSession(messageSession) && bench.runMessages(messageSession);
    if (ok && options.monitor)
        ok = bench.runMonitor();

    printTable(bench.rows);
    if (options.keep)
        say("\nkept %s\n", qPrintable(directory.path()));
    return ok ? 0 : 1;
}

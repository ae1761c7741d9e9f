// decodebench: how fast the message layer decodes LSP-framed traffic (DESIGN.md budget: at least
// 200 MB/s on one core). It builds a session in memory that looks like a language server's
// (requests, responses, diagnostics, edits, now and then a whole file) and cuts it into chunks
// the way pipe reads do, then times MessageDecoder over it: framing, JSON scanning,
// classification and pairing, everything but reading the file. Run by hand; prints figures.
//
//   decodebench [MB]     generated traffic, 256 MB by default
//   decodebench FILE     a saved session, read from the file as the window reads it
#include "capture/capturestore.h"
#include "messages/messagedecoder.h"
#include "messages/sessionmessages.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QRandomGenerator>

#include <cctype>
#include <cstdio>

namespace {

constexpr double targetMBps = 200;

QByteArray lsp(const QByteArray &body)
{
    return "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// Text that needs escaping now and then, as source code does.
QByteArray sourceText(QRandomGenerator &random, int size)
{
    static const QByteArray words[]
        = {"int ",         "return ",           "value", "\\n    ",   "(x)", "{", "}",
           "\\\"name\\\"", "std::vector<int> ", "; ",    "// note\\n"};
    QByteArray text;
    while (text.size() < size)
        text += words[random.bounded(int(std::size(words)))];
    return text;
}

struct Traffic
{
    QByteArray client;
    QByteArray server;
    qsizetype messages = 0;
    // Where each message ends, in the order they were sent: chunks never put a response
    // ahead of its request.
    QList<std::pair<Stream, qsizetype>> messageEnds;

    void send(Stream stream, const QByteArray &message)
    {
        QByteArray &bytes = stream == Stream::Stdin ? client : server;
        bytes += message;
        messageEnds.append({stream, bytes.size()});
        ++messages;
    }
};

Traffic makeTraffic(qint64 targetBytes)
{
    QRandomGenerator random(42);
    Traffic traffic;
    int id = 0;
    while (traffic.client.size() + traffic.server.size() < targetBytes) {
        ++id;
        const QByteArray uri
            = "\"file:///home/user/project/src/module" + QByteArray::number(id % 50) + ".cpp\"";
        const int kind = random.bounded(100);
        if (kind < 2) { // open a whole file
            traffic.send(
                Stream::Stdin,
                lsp(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":)"
                    + uri + R"(,"languageId":"cpp","version":1,"text":")"
                    + sourceText(random, 100000) + "\"}}}"));
        } else if (kind < 30) { // an edit
            traffic.send(
                Stream::Stdin,
                lsp(R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":)"
                    + uri + R"(,"version":)" + QByteArray::number(id)
                    + R"(},"contentChanges":[{"range":{"start":{"line":12,"character":4},"end":{"line":12,"character":9}},"text":")"
                    + sourceText(random, 40 + random.bounded(400)) + "\"}]}}"));
        } else if (kind < 60) { // diagnostics
            QByteArray diagnostics;
            const int count = random.bounded(1, 8);
            for (int i = 0; i < count; ++i) {
                diagnostics
                    += (i ? "," : "") + QByteArray(R"({"range":{"start":{"line":)")
                       + QByteArray::number(i * 7) + R"(,"character":2},"end":{"line":)"
                       + QByteArray::number(i * 7)
                       + R"(,"character":14}},"severity":1,"code":"undeclared_var_use","source":"clang","message":"Use of undeclared identifier 'valeu'; did you mean 'value'?"})";
            }
            traffic.send(
                Stream::Stdout,
                lsp(R"({"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":)"
                    + uri + R"(,"diagnostics":[)" + diagnostics + "]}}"));
        } else { // a request and its response
            traffic.send(Stream::Stdin,
                         lsp(R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id)
                             + R"(,"method":"textDocument/hover","params":{"textDocument":{"uri":)"
                             + uri + R"(},"position":{"line":42,"character":17}}})"));
            traffic.send(
                Stream::Stdout,
                lsp(R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id)
                    + R"(,"result":{"contents":{"kind":"markdown","value":"### function `value`\n\n---\n)"
                    + sourceText(random, 100 + random.bounded(600))
                    + R"("},"range":{"start":{"line":42,"character":12},"end":{"line":42,"character":22}}}})"));
        }
    }
    return traffic;
}

struct Chunk
{
    Stream stream;
    qsizetype offset;
    qsizetype size;
};

// Each message written on its own, as servers do, and read in pieces of at most 64 KiB.
QList<Chunk> cutIntoChunks(const Traffic &traffic)
{
    QRandomGenerator random(7);
    QList<Chunk> chunks;
    qsizetype offsets[2] = {0, 0};
    for (const auto &[stream, end] : traffic.messageEnds) {
        qsizetype &offset = offsets[stream == Stream::Stdin ? 0 : 1];
        while (offset < end) {
            const qsizetype size = std::min<qsizetype>(end - offset, random.bounded(4096, 65537));
            chunks.append(Chunk{stream, offset, size});
            offset += size;
        }
    }
    return chunks;
}

} // namespace

// Times the decoding of a saved session, as the window and `pipescope stats` do it: reading
// the records from the file included.
int decodeFile(const QString &path)
{
    QElapsedTimer timer;
    timer.start();
    CaptureStore store;
    if (!store.load(path)) {
        std::fprintf(stderr, "decodebench: %s\n", qPrintable(store.errorString()));
        return 1;
    }
    const qint64 loadNs = timer.nsecsElapsed();
    SessionMessages messages(&store, FramingChoice());
    messages.decodeAll();
    const double seconds = double(timer.nsecsElapsed() - loadNs) / 1e9;
    qint64 bytes = 0;
    for (const Stream stream : byteStreams)
        bytes += store.streamBytes(stream);
    std::printf("%s: loaded in %.3f s; %lld records, %.1f MB decoded into %lld messages in %.3f s "
                "(%.0f MB/s, %.2f M messages/s)\n",
                qPrintable(path), double(loadNs) / 1e9, qint64(store.count()), double(bytes) / 1e6,
                qint64(messages.log().count()), seconds, double(bytes) / 1e6 / seconds,
                double(messages.log().count()) / 1e6 / seconds);
    return 0;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc > 1 && !QByteArray(argv[1]).isEmpty() && !std::isdigit(argv[1][0]))
        return decodeFile(QString::fromLocal8Bit(argv[1]));
    const qint64 megabytes = argc > 1 ? QByteArray(argv[1]).toLongLong() : 256;
    std::printf("building %lld MB of LSP traffic...\n", megabytes);
    const Traffic traffic = makeTraffic(megabytes * 1000 * 1000);
    const QList<Chunk> chunks = cutIntoChunks(traffic);
    const double totalMB = double(traffic.client.size() + traffic.server.size()) / 1e6;

    double best = 0;
    for (int run = 0; run < 3; ++run) {
        MessageLog log;
        MessageDecoder decoder(&log, FramingChoice());
        QElapsedTimer timer;
        timer.start();
        qsizetype index = 0;
        for (const Chunk &chunk : chunks) {
            const QByteArray &bytes
                = chunk.stream == Stream::Stdin ? traffic.client : traffic.server;
            ChunkRecord record;
            record.seq = quint64(index);
            record.stream = chunk.stream;
            record.timestampNs = index * 1000;
            record.length = qint32(chunk.size);
            decoder.feed(record, index++, QByteArrayView(bytes).sliced(chunk.offset, chunk.size));
        }
        decoder.finish();
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        const double mbps = totalMB / seconds;
        best = std::max(best, mbps);
        std::printf("run %d: %.1f MB, %lld messages (%lld in the log, %lld problems) in %.3f s: "
                    "%.0f MB/s, %.2f M messages/s\n",
                    run + 1, totalMB, qint64(traffic.messages), qint64(log.count()),
                    qint64(log.problems().size()), seconds, mbps,
                    double(log.count()) / seconds / 1e6);
    }
    std::printf("LSP-framed decoding: best %.0f MB/s (target >= %.0f MB/s): %s\n", best, targetMBps,
                best >= targetMBps ? "met" : "NOT met");
    return 0;
}

// Fuzzes the reading of session files: PcapngReader over a random-access and a sequential
// device, CaptureStore::load() over a file as pipescope opens one, and the messages decoded from
// what it loaded (SessionMessages, with detected and with chosen framings).
//
// Input: a session file (pcapng).
//
// Invariants: a file that does not scan gives no record and a one-line error; every record lies
// inside the file, numbered from 0, and its payload is those bytes; every way of reading gives
// the same records and payloads; the decoded messages tile each stream and read back its bytes.
#include "fuzzinput.h"
#include "messagelogcheck.h"

#include "capture/capturestore.h"
#include "capture/pcapngreader.h"
#include "messages/sessionmessages.h"

#include "../helpers/sequentialdevice.h"

#include <QtCore/QBuffer>
#include <QtCore/QTemporaryFile>

namespace {

bool sameRecord(const ChunkRecord &a, const ChunkRecord &b)
{
    return a.seq == b.seq && a.timestampNs == b.timestampNs && a.offset == b.offset
           && a.length == b.length && a.stream == b.stream;
}

// Scans `device` and checks each record against the file's bytes.
QList<ChunkRecord> scanAndCheck(QIODevice *device, const QByteArray &file, bool *ok)
{
    PcapngReader reader(device);
    QList<ChunkRecord> records;
    *ok = reader.scan([&](const ChunkRecord &record) { records.append(record); });
    if (!*ok) {
        FUZZ_CHECK(records.isEmpty());
        FUZZ_CHECK(!reader.errorString().isEmpty() && !reader.errorString().contains(u'\n'));
        return records;
    }
    FUZZ_CHECK(reader.errorString().isEmpty());
    FUZZ_CHECK(!reader.warning().contains(u'\n'));
    reader.userApplication();
    reader.sectionComment();
    for (qsizetype i = 0; i < records.size(); ++i) {
        const ChunkRecord &record = records.at(i);
        FUZZ_CHECK(record.seq == quint64(i));
        FUZZ_CHECK(quint8(record.stream) < int(allStreams.size()));
        FUZZ_CHECK(record.offset >= 0 && record.length >= 0);
        FUZZ_CHECK(record.offset + record.length <= file.size());
        FUZZ_CHECK(reader.payload(record) == file.mid(record.offset, record.length));
    }
    return records;
}

QTemporaryFile &sessionFile()
{
    static QTemporaryFile file;
    if (!file.isOpen() && !file.open())
        fuzzFailure(__FILE__, __LINE__, "cannot create a temporary file");
    return file;
}

void checkMessages(const CaptureStore &store, const FramingChoice &choice,
                   const PerStream<QByteArray> &streams)
{
    SessionMessages messages(&store, choice);
    messages.decodeAll();
    FUZZ_CHECK(messages.decodedRecords() == store.count());

    DecodedBytes decoded;
    for (qsizetype i = 0; i < store.count(); ++i) {
        const ChunkRecord record = store.record(i);
        decoded.add(record.stream, store.payload(record));
    }
    const MessageLog &log = messages.log();
    checkMessageLog(log, store.count(), decoded);

    for (qsizetype row = 0; row < log.count(); ++row) {
        const MessageRecord &record = log.at(row);
        const QList<qsizetype> records = messages.recordsOf(row);
        if (record.kind == MessageKind::Event) {
            FUZZ_CHECK(messages.eventPayload(row)
                       == store.payload(store.record(record.eventRecord)));
            continue;
        }
        FUZZ_CHECK(!records.isEmpty());
        const QByteArray &stream = streams[record.stream];
        FUZZ_CHECK(messages.bytes(row) == stream.mid(record.begin, record.size()));
        FUZZ_CHECK(messages.header(row) == stream.mid(record.begin, record.headerLength));
        FUZZ_CHECK(
            messages.body(row)
            == stream.mid(record.begin + record.headerLength, record.size() - record.headerLength));
        // Rows that touch the message's bytes include the row itself.
        FUZZ_CHECK(
            messages.messagesTouching(record.stream, record.begin, record.end).contains(row));
    }
    for (qsizetype i = 0; i < qMin<qsizetype>(store.count(), 64); ++i) {
        for (const qsizetype row : messages.messagesOfRecord(i))
            FUZZ_CHECK(row >= 0 && row < log.count());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray file(reinterpret_cast<const char *>(data), qsizetype(size));

    QBuffer buffer;
    buffer.setData(file);
    buffer.open(QIODevice::ReadOnly);
    bool ok = false;
    const QList<ChunkRecord> records = scanAndCheck(&buffer, file, &ok);

    SequentialDevice pipe(file); // the reader cannot seek, and takes the bytes as they come
    bool pipeOk = false;
    const QList<ChunkRecord> pipeRecords = scanAndCheck(&pipe, file, &pipeOk);
    FUZZ_CHECK(pipeOk == ok);
    FUZZ_CHECK(std::equal(records.cbegin(), records.cend(), pipeRecords.cbegin(),
                          pipeRecords.cend(), sameRecord));

    QTemporaryFile &temporary = sessionFile();
    if (!temporary.resize(0) || !temporary.seek(0) || temporary.write(file) != file.size()
        || !temporary.flush()) {
        fuzzFailure(__FILE__, __LINE__, "cannot write the temporary file");
    }
    CaptureStore store;
    FUZZ_CHECK(store.load(temporary.fileName()) == ok);
    if (!ok) {
        FUZZ_CHECK(!store.errorString().isEmpty());
        return 0;
    }
    FUZZ_CHECK(!store.isLive());
    FUZZ_CHECK(store.count() == records.size());
    PerStream<QByteArray> streams;
    PerStreamWithEvents<qint64> streamBytes;
    for (qsizetype i = 0; i < records.size(); ++i) {
        const ChunkRecord record = store.record(i);
        FUZZ_CHECK(sameRecord(record, records.at(i)));
        const QByteArray payload = file.mid(record.offset, record.length);
        FUZZ_CHECK(store.payload(record) == payload);
        FUZZ_CHECK(store.mappedPayload(record) == payload);
        streamBytes[record.stream] += record.length;
        if (record.stream != Stream::Event)
            streams[record.stream] += payload;
    }
    for (const Stream stream : {Stream::Stdin, Stream::Stdout, Stream::Stderr, Stream::Event})
        FUZZ_CHECK(store.streamBytes(stream) == streamBytes[stream]);

    // As opened without --framing, then with a framing chosen for every stream.
    checkMessages(store, FramingChoice(), streams);
    constexpr Framing chosen[] = {Framing::ContentLength, Framing::JsonLines, Framing::Lines,
                                  Framing::MsgpackRpc,    Framing::IdleGap,   Framing::Raw};
    FramingChoice choice;
    choice.streams = PerStream<Framing>(chosen[size % std::size(chosen)]);
    checkMessages(store, choice, streams);
    return 0;
}

#include "messages/sessionmessages.h"

#include "capture/capturestore.h"

SessionMessages::SessionMessages(const CaptureStore *store, const FramingChoice &choice)
    : m_store(store)
    , m_choice(choice)
    , m_decoder(&m_log, choice)
    , m_streams(std::array{ChunkSequence(store), ChunkSequence(store), ChunkSequence(store)})
{
    // About one message per read. Reserving saves copying growing lists in the middle of a
    // decode: on a VM, the copy and its page faults held the event loop for milliseconds per
    // doubling. Reserved pages that are never touched cost no memory.
    m_log.reserve(store->count());
    for (const Stream stream : byteStreams) {
        m_streams[stream].reserve(store->count());
        m_streamRows[stream].reserve(store->count());
    }
}

qsizetype SessionMessages::decodeMore(qsizetype maxRecords)
{
    const qsizetype end = std::min(m_store->count(), m_decoded + maxRecords);
    const qsizetype first = m_decoded;
    for (; m_decoded < end; ++m_decoded) {
        const ChunkRecord record = m_store->record(m_decoded);
        QByteArray copy;
        QByteArrayView payload = m_store->mappedPayload(record);
        if (payload.isNull()) {
            copy = m_store->payload(record);
            payload = copy;
        }
        if (record.stream != Stream::Event)
            m_streams[record.stream].append(m_decoded, record.length);
        m_decoder.feed(record, m_decoded, payload);
    }
    indexNewRows();
    return m_decoded - first;
}

void SessionMessages::decodeAll()
{
    decodeMore(m_store->count() - m_decoded);
    finish();
}

void SessionMessages::finish()
{
    m_decoder.finish();
    indexNewRows();
}

void SessionMessages::idle(qint64 nowNs)
{
    m_decoder.idle(nowNs);
    indexNewRows();
}

void SessionMessages::indexNewRows()
{
    for (; m_indexedRows < m_log.count(); ++m_indexedRows) {
        const MessageRecord &record = m_log.at(m_indexedRows);
        if (record.kind != MessageKind::Event)
            m_streamRows[record.stream].append(m_indexedRows);
    }
}

QList<qsizetype> SessionMessages::messagesOfRecord(qsizetype recordIndex) const
{
    if (recordIndex >= m_decoded)
        return {};
    const ChunkRecord record = m_store->record(recordIndex);
    if (record.stream == Stream::Event) {
        for (qsizetype messageIndex = 0; messageIndex < m_log.count();
             ++messageIndex) { // a few events: a scan will do
            if (m_log.at(messageIndex).kind == MessageKind::Event
                && m_log.at(messageIndex).eventRecord == recordIndex)
                return {messageIndex};
        }
        return {};
    }
    const ChunkSequence &sequence = streamBytes(record.stream);
    const qsizetype position = sequence.positionOfRecord(recordIndex);
    if (position < 0)
        return {};
    return messagesTouching(record.stream, sequence.startOf(position),
                            sequence.startOf(position) + record.length);
}

AnnotationAnchor SessionMessages::anchorOf(qsizetype messageIndex) const
{
    const MessageRecord &message = m_log.at(messageIndex);
    if (message.kind == MessageKind::Event)
        return {message.eventRecord, 0};
    const ChunkSequence &sequence = streamBytes(message.stream);
    const qsizetype position = sequence.positionAt(message.begin);
    return {sequence.recordIndex(position), qint32(message.begin - sequence.startOf(position))};
}

qsizetype SessionMessages::messageAt(const AnnotationAnchor &anchor) const
{
    const QList<qsizetype> candidates = messagesOfRecord(anchor.record);
    for (const qsizetype messageIndex : candidates) {
        if (anchorOf(messageIndex) == anchor)
            return messageIndex;
    }
    return -1;
}

QList<qsizetype> SessionMessages::messagesTouching(Stream stream, qint64 begin, qint64 end) const
{
    QList<qsizetype> rows;
    if (stream == Stream::Event)
        return rows;
    const QList<qsizetype> &streamRows = m_streamRows[stream];
    // Messages tile their stream in order: the first one ending after `begin`, and on.
    auto it
        = std::partition_point(streamRows.cbegin(), streamRows.cend(), [&](qsizetype messageIndex) {
              return m_log.at(messageIndex).end <= begin;
          });
    for (; it != streamRows.cend() && m_log.at(*it).begin < std::max(end, begin + 1); ++it)
        rows.append(*it);
    return rows;
}

QByteArray SessionMessages::bytes(qsizetype messageIndex, qint64 limit) const
{
    const MessageRecord &record = m_log.at(messageIndex);
    if (record.kind == MessageKind::Event)
        return eventPayload(messageIndex);
    return streamBytes(record.stream).read(record.begin, std::min(record.size(), limit));
}

QByteArray SessionMessages::header(qsizetype messageIndex) const
{
    const MessageRecord &record = m_log.at(messageIndex);
    if (record.kind == MessageKind::Event || record.headerLength == 0)
        return QByteArray();
    return streamBytes(record.stream).read(record.begin, record.headerLength);
}

QByteArray SessionMessages::body(qsizetype messageIndex, qint64 limit) const
{
    const MessageRecord &record = m_log.at(messageIndex);
    if (record.kind == MessageKind::Event)
        return eventPayload(messageIndex);
    const qint64 begin = record.begin + record.headerLength;
    return streamBytes(record.stream).read(begin, std::min(record.end - begin, limit));
}

QByteArray SessionMessages::eventPayload(qsizetype messageIndex) const
{
    const MessageRecord &record = m_log.at(messageIndex);
    if (record.eventRecord < 0)
        return QByteArray();
    return m_store->payload(m_store->record(record.eventRecord));
}

QList<qsizetype> SessionMessages::recordsOf(qsizetype messageIndex) const
{
    const MessageRecord &record = m_log.at(messageIndex);
    if (record.kind == MessageKind::Event)
        return {record.eventRecord};
    QList<qsizetype> records;
    const ChunkSequence &sequence = streamBytes(record.stream);
    if (sequence.recordCount() == 0)
        return records;
    const qint64 last = std::max(record.begin, record.end - 1);
    for (qsizetype position = sequence.positionAt(record.begin);
         position < sequence.recordCount() && sequence.startOf(position) <= last; ++position) {
        records.append(sequence.recordIndex(position));
    }
    return records;
}

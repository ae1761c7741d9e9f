#pragma once

#include "capture/stream.h"

#include <QtCore/QObject>

#include <functional>
#include <vector>

class PipeReader;
class PipeWriter;
class TrafficHandler;

// One direction of the relay: bytes read from a source descriptor are reported through the chunk
// callback (the recorder), buffered, and written to a sink descriptor.
//
// The buffer is bounded: once `highWaterBytes` are waiting for a slow sink, the channel stops
// reading its source until the sink has taken them, so the writer on the other side blocks just
// as it would on a direct pipe. Other channels are unaffected.
//
// End of file travels through: when the source ends, the sink is closed once the buffer is
// written. When the sink's reader is gone (EPIPE), the source is closed too, so that its writer
// learns the same thing it would have learnt without pipescope in between.
class RelayChannel : public QObject
{
    Q_OBJECT

public:
    using ChunkHandler = std::function<void(Stream, const char *, qsizetype)>;
    // How to close a descriptor of ours: the child's pipes are closed, pipescope's own 0/1/2 are
    // pointed at /dev/null instead so their numbers stay taken.
    using Closer = std::function<void(int)>;

    struct Endpoint
    {
        int fd = -1;
        Closer close;
    };

    // A channel reads its source descriptor, or, Pushed, is fed by push() (the window's input
    // bar) and has no source descriptor.
    enum class SourceKind { Descriptor, Pushed };

    RelayChannel(Stream stream, Endpoint source, Endpoint sink, qsizetype highWaterBytes,
                 ChunkHandler onChunk, QObject *parent = nullptr,
                 SourceKind sourceKind = SourceKind::Descriptor);
    ~RelayChannel() override;

    // Starts watching the source. Call once, in the thread the channel lives in.
    void start();

    // Stops reading: closes the source now, and the sink once the buffered bytes are written.
    void shutdownSource();

    // Pushed channels: relays (and records) bytes as if they had been read from a source, and
    // ends the input like EOF on a source.
    void push(const QByteArray &bytes);
    void endPush() { shutdownSource(); }

    // From now on what the channel reads goes to `handler` (recorded first, as always), and
    // reaches the sink when the handler delivers it. Null: straight to the sink again.
    void setHandler(TrafficHandler *handler) { m_handler = handler; }
    // Bytes for the sink, from the handler: a message it let through, or one it made. Empty:
    // only that what it holds changed.
    void deliver(const QByteArray &bytes);

    Stream stream() const { return m_stream; }
    bool isSourceOpen() const { return m_source.fd >= 0 || m_pushOpen; }
    bool isFinished() const { return !isSourceOpen() && m_sink.fd < 0; }
    qsizetype bufferedBytes() const { return qsizetype(m_tail - m_head); }

signals:
    void sourceEnded(); // EOF or read error on the source
    void sinkClosed();  // the sink was closed (after sinkBroken() too)
    void sinkBroken();  // the sink's reader went away; buffered bytes were dropped

private:
    void readSource();
    void startSinkWriter();
    bool readOnce(); // true when the read filled up and more may be waiting
    void writeSink();
    void closeSource();
    void closeSink();    // once the writer has flushed
    void closeSinkNow(); // even with a write under way
    void updateNotifiers();
    // Buffered here, held by the handler and still on its way out in the writer: what the
    // high-water mark bounds.
    qsizetype heldBytes() const;
    // Nothing left to write: the sink can close once the source has ended.
    bool drained() const;
    void sourceFinished();                      // the source ended or was shut down
    void append(const char *data, size_t size); // to the buffer's tail, growing it if need be
    void makeRoom(size_t size);

    Stream m_stream;
    Endpoint m_source;
    Endpoint m_sink;
    qsizetype m_highWaterBytes;
    ChunkHandler m_onChunk;
    TrafficHandler *m_handler = nullptr;
    std::vector<char> m_handlerReads; // reads for the handler land here, apart from the buffer
    bool m_pushOpen = false;          // a Pushed channel before endPush()
    bool m_sinkClosing = false;       // closeSink() waits for the writer to flush
    PipeReader *m_reader = nullptr;
    PipeWriter *m_writer = nullptr;
    // Bytes read but not yet written are m_buffer[m_head, m_tail). Reads land directly at the
    // tail, so a chunk is copied only into the recorder and into the sink.
    std::vector<char> m_buffer;
    size_t m_head = 0;
    size_t m_tail = 0;
};

#include "intercept/liveframer.h"

#include "messages/framingdetector.h"

LiveFramer::LiveFramer(Framing choice, qsizetype maxHeldBytes, PieceHandler onPiece)
    : m_maxHeldBytes(maxHeldBytes)
    , m_onPiece(std::move(onPiece))
{
    if (choice != Framing::Auto)
        decide(choice);
}

LiveFramer::~LiveFramer() = default;

bool LiveFramer::framesMessages() const
{
    return m_framing && *m_framing != Framing::Raw && *m_framing != Framing::IdleGap;
}

void LiveFramer::take(QByteArrayView bytes, qint64 nowNs)
{
    m_nowNs = nowNs;
    const qint64 offset = m_bytesStart + m_bytes.size();
    m_bytes.append(bytes.data(), bytes.size());
    if (m_decoder) {
        m_decoder->feed(bytes, offset, nowNs);
    } else if (!m_framing) {
        m_waiting.append(bytes.data(), bytes.size());
        FramingEvidence evidence;
        evidence.start
            = QByteArrayView(m_waiting).first(std::min(m_waiting.size(), detectionLimit));
        evidence.peerFraming = m_peerFraming;
        // A complete line is evidence enough: a line protocol's first command must not wait
        // for fifteen more that will not come before its answer.
        evidence.ended = m_waiting.contains('\n');
        if (const std::optional<Framing> framing = detectFraming(evidence))
            decide(*framing);
    }
    emitPieces(nowNs);
}

void LiveFramer::decideNow()
{
    if (m_framing || m_waiting.isEmpty())
        return;
    FramingEvidence evidence;
    evidence.start = QByteArrayView(m_waiting).first(std::min(m_waiting.size(), detectionLimit));
    evidence.peerFraming = m_peerFraming;
    evidence.ended = true;
    decide(detectFraming(evidence).value_or(Framing::Raw));
    emitPieces(m_nowNs);
}

void LiveFramer::passPartialLine()
{
    if (!holdsPartialLine())
        return;
    const qint64 end = m_bytesStart + m_bytes.size();
    Piece piece{Frame{m_bytesStart, end, 0, FrameFlaw::None, m_nowNs}, std::exchange(m_bytes, {}),
                false, false};
    m_bytesStart = end;
    m_onPiece(piece);
}

void LiveFramer::finish()
{
    decideNow();
    if (m_decoder)
        m_decoder->finish();
    m_holding = false; // what is left goes
    emitPieces(m_nowNs);
}

void LiveFramer::decide(Framing framing)
{
    m_framing = framing;
    const QByteArray waiting = std::exchange(m_waiting, {});
    if (!framesMessages())
        return;
    m_decoder = makeFrameDecoder(framing, this, FramingChoice::defaultIdleGapMs);
    // The stream so far, from its first byte: nothing has been sent before a decision but what
    // passed unheld, and the decoder needs it all to find where messages end.
    if (!waiting.isEmpty())
        m_decoder->feed(waiting, 0, m_nowNs);
}

void LiveFramer::frame(const Frame &frame, QByteArrayView)
{
    m_frames.append(frame);
}

void LiveFramer::emitPieces(qint64 nowNs)
{
    // Messages the decoder completed: whole when none of their bytes went on yet.
    qsizetype sent = 0; // of m_bytes, removed once at the end
    for (const Frame &frame : std::as_const(m_frames)) {
        if (frame.end <= m_bytesStart)
            continue; // all of it went on unheld
        const qsizetype size = frame.end - m_bytesStart;
        // The usual case, a read that ends with its message, takes the buffer as it is.
        Piece piece{frame,
                    sent == 0 && size == m_bytes.size() ? std::exchange(m_bytes, {})
                                                        : m_bytes.mid(sent, size),
                    frame.begin >= m_bytesStart && frame.flaw != FrameFlaw::Unframed, true};
        sent += size;
        m_bytesStart = frame.end;
        m_onPiece(piece);
    }
    m_frames.clear(); // keeps its room for the next read's
    if (!m_bytes.isEmpty())
        m_bytes.remove(0, sent);
    // The rest waits for its message's end, unless nothing is held or it is too long to hold.
    const bool holds = m_holding && (framesMessages() || !m_framing);
    if (m_bytes.isEmpty() || (holds && m_bytes.size() <= m_maxHeldBytes))
        return;
    const qint64 end = m_bytesStart + m_bytes.size();
    // Raw bytes end no message but are between messages at every read.
    const bool betweenMessages = m_framing && !framesMessages();
    Piece piece{Frame{m_bytesStart, end, 0, FrameFlaw::None, nowNs}, std::exchange(m_bytes, {}),
                false, betweenMessages};
    m_bytesStart = end;
    m_onPiece(piece);
}

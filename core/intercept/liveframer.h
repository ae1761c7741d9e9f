#pragma once

#include "messages/decoders/framedecoder.h"
#include "messages/framing.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>

#include <functional>
#include <memory>
#include <optional>

// Cuts one direction of live traffic into messages, for acting on them. While it holds (a rule
// or breakpoint looks at this direction), bytes wait here until their message is complete and
// come out as one piece; otherwise they come out as they come, and it only keeps track of where
// messages begin and end, so that holding can start at the next message's start and bytes of
// pipescope's own go in between two messages. A message longer than the bound it may hold goes
// on as it comes, unheld.
//
// Unlike the message layer's framer, it decides the framing at the first complete line (or two
// msgpack bytes, or when told that the bytes have waited long enough): every byte it waits on is
// a byte the receiver has not got. Raw and idle-gap streams have no messages: their bytes come
// out as they come.
class LiveFramer final : private FrameSink
{
public:
    struct Piece
    {
        Frame frame;
        QByteArray bytes;
        // The whole message: rules and breakpoints may act on it. Otherwise a part of one that
        // went on unheld, or bytes of a stream without messages.
        bool whole = false;
        bool endsMessage = false; // its last bytes: the stream is between messages after it
    };
    using PieceHandler = std::function<void(const Piece &piece)>;

    // `choice`: Auto detects (with the other direction's framing as a hint, see setPeer).
    LiveFramer(Framing choice, qsizetype maxHeldBytes, PieceHandler onPiece);
    ~LiveFramer() override;

    void setHolding(bool holding) { m_holding = holding; }
    void take(QByteArrayView bytes, qint64 nowNs);
    // Bytes not yet framed have waited long enough: decide with what there is.
    void decideNow();
    // A line protocol's partial line (a prompt waiting for input) has waited long enough for
    // its newline: it comes out as it is, and no rule or breakpoint sees the line it starts.
    void passPartialLine();
    // The source ended: a last incomplete message comes out as it is.
    void finish();
    void setPeer(std::optional<Framing> framing) { m_peerFraming = framing; }

    std::optional<Framing> framing() const { return m_framing; }
    // Framed into messages (breakpoints and rules apply), rather than passed as they come.
    bool framesMessages() const;
    bool isUndecided() const { return !m_framing && !m_waiting.isEmpty(); }
    bool holdsPartialLine() const
    {
        return m_holding && m_framing == Framing::Lines && !m_bytes.isEmpty();
    }
    qsizetype heldBytes() const { return m_bytes.size(); }

private:
    void frame(const Frame &frame, QByteArrayView body) override;
    void decide(Framing framing);
    void emitPieces(qint64 nowNs);

    qsizetype m_maxHeldBytes;
    PieceHandler m_onPiece;
    bool m_holding = true;
    std::optional<Framing> m_framing;
    std::optional<Framing> m_peerFraming;
    std::unique_ptr<FrameDecoder> m_decoder;
    QByteArray m_waiting; // for the decoder, until the framing is decided
    qint64 m_nowNs = 0;
    QList<Frame> m_frames; // found by the decoder, not yet sent
    QByteArray m_bytes;    // not yet sent: the stream from m_bytesStart on
    qint64 m_bytesStart = 0;
};

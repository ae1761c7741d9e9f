#pragma once

#include "intercept/breakpoint.h"
#include "intercept/interceptrule.h"
#include "intercept/liveframer.h"
#include "messages/framing.h"
#include "relay/traffichandler.h"

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSet>

#include <deque>
#include <memory>
#include <optional>

class QTimer;
struct LiveMessage;

// Frames stdin and stdout as they pass through the relay, holds the messages breakpoints match
// until the window releases them (docs/intercept.md), and applies --rules to each message
// (docs/rules.md): delays it, drops it, answers it in the receiver's place, or breaks its framing
// on purpose. Each direction keeps its order: a message held back holds back those after it,
// while the other direction flows. Streams that are not framed as messages (raw, idle-gap) pass
// as they come. Every action is recorded as an intercepted event; what the sender wrote is
// recorded as always.
class TrafficInterceptor final : public QObject, public TrafficHandler
{
    Q_OBJECT

public:
    TrafficInterceptor(QList<InterceptRule> rules, const FramingChoice &framing,
                       TrafficOutput *output, qsizetype boundBytes);
    ~TrafficInterceptor() override;

    void take(Stream stream, QByteArrayView bytes) override;
    void sourceEnded(Stream stream) override;
    void receiverEnded(Stream stream) override;
    qsizetype heldBytes(Stream stream) const override;

    // The rules from now on (edited in the window), each counting its matches afresh.
    void setRules(const QList<InterceptRule> &rules);
    // The breakpoints from now on (the window's; in this object's thread). With none, every
    // message held is forwarded.
    void setBreakpoints(const QList<Breakpoint> &breakpoints);
    // Releases a held message (an id held() gave); one already released is ignored.
    void release(qint64 heldId, const HeldRelease &how);
    void releaseAll(); // forwards every held message, in order
    // Sends a message of pipescope's own to the child (Stdin) or to the parent (Stdout), framed
    // as that stream is framed, between two of its messages. A request gets an id of
    // pipescope's own ("pipescope-1"; msgpack-rpc and DAP numbers from 1000000000), and its
    // answer is recorded but not passed on. `Raw`: the bytes as they are, unframed.
    enum class Injected : quint8 { Message, Raw };
    void inject(Stream towards, const QByteArray &body, Injected what = Injected::Message);

signals:
    void held(const HeldMessage &message);
    void released(qint64 heldId);

private:
    // Bytes on their way out of one direction, in order, each after a pause of its own.
    struct Outgoing
    {
        QByteArray bytes;
        int pauseMs = 0;
        bool endsMessage = true; // the receiver is between two messages once it has these
        qint64 readyAtNs = -1;   // set when it reaches the front of the queue
        qint64 heldId = 0;       // held by a breakpoint until released: nothing passes it
    };
    struct Request
    {
        QByteArray method;
        qint64 timeNs = 0;
    };
    struct Direction
    {
        Stream stream = Stream::Stdin;
        std::unique_ptr<LiveFramer> framer;
        // Bytes whose framing is undecided, or a partial line, wait no longer than this.
        QTimer *waitTimer = nullptr;
        QTimer *releaseTimer = nullptr;
        std::deque<Outgoing> queue;
        qsizetype queuedBytes = 0;
        // pipescope's own messages (answers) wait for the receiver to be between two messages.
        QList<QByteArray> own;
        bool midMessage = false;             // the receiver has part of a message
        QHash<QByteArray, Request> requests; // the requests this side sent, by id
        QSet<QByteArray> ownRequests;        // pipescope's, sent this way: their answers stay
    };
    struct RuleState
    {
        InterceptRule rule;
        int acted = 0;
        QRandomGenerator random;
    };

    Direction &direction(Stream stream) { return stream == Stream::Stdin ? m_toChild : m_toParent; }
    Direction &other(const Direction &direction);
    void onPiece(Direction &direction, const LiveFramer::Piece &piece);
    LiveMessage describe(Direction &direction, const LiveFramer::Piece &piece);
    RuleState *firstMatch(const Direction &direction, const LiveMessage &message);
    void act(Direction &direction, RuleState &state, const LiveMessage &message);
    void enqueue(Direction &direction, QByteArray bytes, int pauseMs = 0, bool endsMessage = true);
    void sendOwn(Direction &direction, const QByteArray &message);
    void pump(Direction &direction);
    void recordEvent(const Direction &direction, int rule, const QString &action,
                     const LiveMessage &message, const QString &detail,
                     const QByteArray &delivered);
    bool breaksOn(const Direction &direction, const LiveMessage &message) const;
    // The held messages' ids, oldest first: all, or those of one direction.
    QList<qint64> heldIds(std::optional<Stream> stream = std::nullopt) const;
    QString heldFor(const HeldMessage &held) const; // "held 3.2 s"
    void hold(Direction &direction, const LiveMessage &message);
    void updateHolding();

    QList<RuleState> m_rules;
    QList<Breakpoint> m_breakpoints;
    QHash<qint64, HeldMessage> m_held; // by id, until released
    qint64 m_lastOwnId = 0;
    qint64 m_lastHeldId = 0;
    TrafficOutput *m_output;
    qint64 m_startNs;
    Direction m_toChild;
    Direction m_toParent;
};

// The factory a relay takes (RelayConfig::trafficHandler) for these rules.
TrafficHandlerFactory interceptorFactory(const QList<InterceptRule> &rules,
                                         const FramingChoice &framing);

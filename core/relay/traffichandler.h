#pragma once

#include "capture/sessionevent.h"
#include "capture/stream.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>

#include <functional>
#include <memory>

// How a TrafficHandler sends bytes on and says what it did; the relay implements it.
class TrafficOutput
{
public:
    virtual ~TrafficOutput() = default;
    // Writes `bytes` to the sink of `stream`'s direction: Stdin's goes to the child, Stdout's to
    // the parent (an answer to the parent's request goes there). Empty bytes: nothing to send,
    // but what the handler holds of that direction changed (a message dropped).
    virtual void deliver(Stream stream, const QByteArray &bytes) = 0;
    virtual void record(const SessionEvent &event) = 0;
    virtual qint64 nowNs() const = 0; // the session's clock
};

// Acts on the traffic between the parent and the child (core/intercept/): while a relay has one,
// what it reads from the parent (Stdin) and from the child's stdout goes to the handler instead
// of straight to the other side, and reaches it when the handler delivers it. Stderr always
// passes by. Lives in the relay's thread.
class TrafficHandler
{
public:
    virtual ~TrafficHandler() = default;
    // Bytes read from `stream`'s source, in order, already recorded as what the sender wrote.
    virtual void take(Stream stream, QByteArrayView bytes) = 0;
    // The source ended: whatever the handler holds of it is delivered (or dropped) now or soon.
    virtual void sourceEnded(Stream stream) = 0;
    // The receiver of `stream`'s direction is gone (the child ended): what the handler holds for
    // it can never be delivered; it says so, and lets it go.
    virtual void receiverEnded(Stream stream) = 0;
    // Bytes taken and not yet delivered or dropped: they count against the direction's bound,
    // so that a sender is slowed down while a message is held, as a full pipe would slow it.
    virtual qsizetype heldBytes(Stream stream) const = 0;
};

// Made by the relay once its channels exist, in its thread. `boundBytes`: the most a direction
// holds before its source is paused; a handler holding that much of one message must let it go.
using TrafficHandlerFactory
    = std::function<std::unique_ptr<TrafficHandler>(TrafficOutput *output, qsizetype boundBytes)>;

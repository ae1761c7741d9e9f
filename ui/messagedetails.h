#pragma once

#include "detailpane.h"

#include <QtCore/QList>

class SessionMessages;

// What the detail pane shows for selected messages, worked out from the session's messages.

// The messages' bytes, one after the other (in the order given), up to `limit` bytes.
QByteArray messageBytes(const SessionMessages &messages, const QList<qsizetype> &messageIndices,
                        qint64 limit);

// One message decoded, titled "request #1 initialize" or "response #1 · 104.3 ms".
DecodedMessage decodedMessage(const SessionMessages &messages, qsizetype messageIndex);

// The message the user picked, decoded; a request and its response go together, as two tabs
// with the one picked in front.
struct DecodedExchange
{
    QList<DecodedMessage> messages;
    int current = 0;
};
DecodedExchange decodedExchange(const SessionMessages &messages, qsizetype messageIndex);

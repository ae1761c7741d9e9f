#pragma once

#include "replay/conversation.h"
#include "replay/conversationdiff.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QString>

// pipescope in the recorded server's place (`pipescope replay --as server`, docs/replay.md).
// Fed each complete message the client sends, it says what to send back: the recorded answer to
// the recorded request that matches (method and params, masked; equal requests used up in
// recorded order) with the client's id, and what the server sent on its own after the client
// message that preceded it. A request that matches nothing is answered with an error that names
// the closest recorded request; a notification that differs takes the place of the first unused
// recorded one of its method, and is reported. Holds no I/O: the command line reads and writes
// for it.
class ServerReplay
{
public:
    struct Output
    {
        QByteArray bytes; // framed, ready to write
        // How long after the client message it answers the recorded server wrote it (for
        // --timing recorded).
        qint64 delayNs = 0;
    };
    // A message that did not go as recorded: for the replay's session and its report.
    struct Problem
    {
        QByteArray method;
        QString detail;
    };

    ServerReplay(Conversation recording, ComparisonSettings settings);

    // What the server wrote before the client's first message (a banner, a first notification).
    QList<Output> start();
    // One complete message from the client, header included (`headerLength` bytes of it).
    QList<Output> receive(const QByteArray &bytes, qint32 headerLength);
    // For raw and idle-gap sessions, which have no messages: everything the server wrote, each
    // delay counted from the session's start.
    QList<Output> allServerBytes() const;

    // Problems since the last call.
    QList<Problem> takeProblems();
    // The recorded client messages that never came, as "request textDocument/hover (message 12)".
    QStringList unplayed() const;
    const Conversation &recording() const { return m_recording; }

private:
    qsizetype matchClientMessage(const ConversationMessage &incoming) const;
    // The first recorded client message of the same kind and method not yet used, or -1.
    qsizetype firstUnused(const ConversationMessage &incoming) const;
    void emitUpTo(qsizetype clientIndex, QList<Output> *out);
    void emitServerMessage(qsizetype index, QList<Output> *out);
    QString closestRequest(const ConversationMessage &incoming, qsizetype *differences) const;
    // The recorded answer a client's answer stands for (checked against it), or -1.
    qsizetype checkAnswer(const ConversationMessage &incoming);
    QList<ValueDifference> differencesFrom(const ConversationMessage &recorded,
                                           const ConversationMessage &incoming) const;

    Conversation m_recording;
    ComparisonSettings m_settings;
    QString m_clientRoot; // the workspace the live client names
    QList<bool> m_used;   // per recorded message: a client message matched, a server one sent
    QHash<qsizetype, QByteArray> m_clientIds; // recorded request -> the live client's id for it
    qsizetype m_emittedUpTo = -1;             // server messages up to this index went out
    qint64 m_anchorNs = 0; // when the recorded client message being answered was written
    QList<Problem> m_problems;
};

#pragma once

#include "replay/comparisonprofile.h"
#include "replay/conversation.h"
#include "replay/replaymasks.h"
#include "replay/valuediff.h"

// What differs between two recordings of a conversation, message by message.
struct MessageDifference
{
    enum class Status { Same, Changed, Missing, Extra };
    Status status = Status::Changed;
    Stream stream = Stream::Stdout;
    // Which message, the same in both recordings: "response to textDocument/hover #2",
    // "notification window/logMessage #1", "line 4".
    QString message;
    QByteArray method;
    qsizetype expectedRow = 0; // rows of the two sessions (1-based); 0: none
    qsizetype actualRow = 0;
    qsizetype expectedIndex = -1; // into the conversations' messages; -1: none
    qsizetype actualIndex = -1;
    QList<ValueDifference> differences; // Changed: where the bodies differ

    // One line: "response to textDocument/hover #1: result.echo: expected "a", got "b"".
    QString summary() const;
    // The same message differing in another run (in whatever way) has the same identity.
    QString identity() const;
};

// How messages are compared: what is masked, and each method's rules.
struct ComparisonSettings
{
    ReplayMasks masks;
    ComparisonProfile profile;

    // The defaults of the expected conversation's protocol.
    static ComparisonSettings defaults(ReplayProtocol protocol);
};

// A conversation as it is compared: the streams of one without messages (raw, idle-gap) as one
// message each, so that their bytes count and not where reads happened to cut them. Others as
// they are.
Conversation comparableConversation(const Conversation &conversation);

// Where two messages' bodies differ: structurally, masked (each with its side's workspace root),
// under the method's rules, when both are RPC; otherwise as masked text.
QList<ValueDifference> messageDifferences(const ConversationMessage &expected,
                                          const QString &expectedRoot,
                                          const ConversationMessage &actual,
                                          const QString &actualRoot,
                                          const ComparisonSettings &settings);

// Every message of `streams` in two conversations, aligned: requests and notifications by
// method and occurrence, responses by their request, lines and other data by position. Each
// pair compared (Same or Changed), those of one side only Missing or Extra; in the first
// conversation's order, extra messages where the second had them.
QList<MessageDifference> alignConversations(const Conversation &expected,
                                            const Conversation &actual,
                                            const ComparisonSettings &settings,
                                            const QList<Stream> &streams);

// The pairs of alignConversations() that differ. `compared` receives how many messages of the
// first conversation were looked at.
QList<MessageDifference> compareConversations(const Conversation &expected,
                                              const Conversation &actual,
                                              const ComparisonSettings &settings,
                                              const QList<Stream> &streams,
                                              qsizetype *compared = nullptr);

// The body of a message of a conversation without trees (a line, a packet) as compared: line
// ending removed, masks applied.
QByteArray comparedText(const ConversationMessage &message, const ReplayMasks &masks);

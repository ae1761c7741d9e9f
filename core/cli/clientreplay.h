#pragma once

#include "messages/decoders/framedecoder.h"
#include "replay/conversation.h"

#include <QtCore/QHash>
#include <QtCore/QProcess>
#include <QtCore/QSet>
#include <QtCore/QStringList>

#include <memory>

class ReplayRecording;

struct ClientReplaySettings
{
    QString program;
    QStringList arguments;
    QString workingDirectory;
    QStringList environment;     // extra "NAME=VALUE" entries for the program
    int timeoutMs = 10000;       // for each answer, and for the program's end
    bool recordedTiming = false; // keep the recorded pauses between the client's messages
};

// One run of `pipescope replay --as client` (docs/replay.md): starts the program and plays the
// recorded client side to it in order. Before each message it waits (up to the timeout) for what
// the recorded server had sent by then: the answers to earlier requests, its own notifications
// and requests. The server's requests are answered with the recorded client's answers, under the
// live request's id. Everything goes into `recording`, which the caller then compares with the
// recorded session.
class ClientReplay final : private FrameSink
{
public:
    ClientReplay(const Conversation &recorded, const ClientReplaySettings &settings,
                 ReplayRecording *recording);
    ~ClientReplay() override;

    // False when the program could not be started (error() says why).
    bool run();
    QString error() const { return m_error; }
    // What went wrong along the way that the comparison will not show: a program that would not
    // end, a request of the server's that the recorded server never sent.
    QStringList notes() const { return m_notes; }

private:
    struct Expectation
    {
        qsizetype index = 0;  // of the recorded server message
        QString key;          // "request M", "notification M", "data", or "" (an answer)
        int ordinal = 0;      // the key's n-th occurrence
        QByteArray answersId; // an answer: the id of the request it answers
    };

    void frame(const Frame &frame, QByteArrayView body) override;
    void readOutput();
    void send(const QByteArray &bytes);
    // Waits (up to the timeout) until the live server has sent what the recorded one had sent
    // before the recorded message `index`.
    void awaitServerBefore(qsizetype index);
    bool metUpTo(qsizetype index);
    bool isMet(const Expectation &expectation) const;
    void answerServerRequest(const QByteArray &method, const QByteArray &id, QByteArrayView body);
    void playBytes();
    void endProgram();

    const Conversation &m_recorded;
    ClientReplaySettings m_settings;
    ReplayRecording *m_recording;
    QProcess m_process;
    QString m_error;
    QStringList m_notes;

    QList<Expectation> m_expectations;
    qsizetype m_expectationsPassed = 0; // met, or waited for in vain
    // What the live server sent so far.
    QHash<QString, int> m_liveCounts; // by Expectation::key
    QSet<QByteArray> m_answeredIds;

    std::unique_ptr<FrameDecoder> m_stdoutFramer; // the live server's messages, as they come
    qint64 m_stdoutOffset = 0;
};

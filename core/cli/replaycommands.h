#pragma once

#include "cli/commandresult.h"
#include "messages/framing.h"
#include "replay/conversationdiff.h"

#include <QtCore/QStringList>

class CaptureStore;
class ReplayRecording;
class QIODevice;

// What `pipescope replay` and `pipescope diff` were asked (docs/replay.md).
struct ReplayOptions
{
    enum class Role { Server, Client };
    Role role = Role::Server;
    QString sessionPath; // the recorded (golden) session; diff: the first of the two
    QString otherPath;   // diff: the second session
    // --as client: the program to verify
    QString program;
    QStringList arguments;
    QString workingDirectory;
    QStringList ignore;          // --ignore, each a path pattern (a regular expression for lines)
    QString profilePath;         // --profile
    bool recordedTiming = false; // --timing recorded
    int runs = 1;                // --runs
    bool update = false;         // --update
    int timeoutMs = 10000;       // --timeout
    QString reportPath;          // --report FILE.json
    QString recordPath;          // --record: the replay's own session
    FramingChoice framing;       // --framing, for reading the recorded session
};

// The exit codes of replay and diff: everything as recorded, differences, or the check could not
// be made (a wrong option, an unreadable session, a program that would not start).
enum ReplayExit { ReplayPassed = 0, ReplayDiffered = 1, ReplayUnusable = 2 };

// A session file's conversation. False with `error` set when it cannot be read.
bool loadConversation(const QString &path, const FramingChoice &framing, Conversation *conversation,
                      QString *error, QString *warning);

// "replay-NAME": a replay's session name, after the recorded session's file.
QString replaySessionName(const QString &recordedPath);
// The replay's command line as its session records it: `pipescope replay --as ROLE FILE [--
// PROGRAM ARGS]`.
QStringList replayCommandLine(const ReplayOptions &options);

// The conversation a replay of `recorded` recorded into `store`, read with the recorded
// session's framings.
Conversation replayedConversation(const CaptureStore &store, const Conversation &recorded);

// Compares what a client replay recorded with the recording (the server's side), and records
// each difference as a `replay` event of the replay's session, which it then flushes.
QList<MessageDifference> checkReplay(ReplayRecording *recording, const Conversation &recorded,
                                     const ComparisonSettings &settings, qsizetype *compared);

// The masks and rules for comparing against `conversation`: its protocol's defaults, --ignore
// and --profile. False with `error` set when an option is wrong.
bool comparisonSettings(const ReplayOptions &options, const Conversation &conversation,
                        ComparisonSettings *settings, QString *error);

// `pipescope replay --as server`: plays the recorded server on standard input and output until
// the client closes its side; the report goes to `report` (stderr: stdout is the client's).
int replayAsServer(const ReplayOptions &options, QIODevice *report);
// `pipescope replay --as client`: plays the recorded client to the program and compares; the
// report goes to `report`.
int replayAsClient(const ReplayOptions &options, QIODevice *report);
// `pipescope diff A B`: the two sessions' conversations compared, both sides.
int diffSessions(const ReplayOptions &options, QIODevice *report);

#pragma once

#include "capture/chunkrecord.h"
#include "capture/sessionevent.h"
#include "capture/stream.h"
#include "platform/processinfo.h"

#include <QtCore/QFile>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <memory>
#include <optional>

class PcapngReader;

// What a session file says of itself at a glance, from its records and lifecycle events: for
// the Sessions panel and `pipescope sessions`. Nothing per record is kept.
struct SessionSummary
{
    QString name; // --name as recorded, else the program's file name
    QStringList command;
    QString workingDirectory;
    qint64 childPid = 0;
    qint64 startedAtMs = 0;  // 0 until the started event
    qint64 lastRecordNs = 0; // when the latest record was made
    ProcessIdentity startedBy;
    PerStream<qint64> bytes;
    qsizetype records = 0;
    std::optional<SessionEvent> end; // exited or start-failed: the session is over

    // Takes one record in; `payload` matters for an event.
    void add(const ChunkRecord &record, const QByteArray &payload);
    qint64 durationMs() const;
    // "running", "exited with code 0", "killed by signal 9 (SIGKILL)", "could not start",
    // "recorder gone" (no end in the file and `recorderRunning` false: killed, crashed).
    QString status(bool recorderRunning) const;
};

// "nvim (4100)", or the pid alone when the name is not known; empty for none.
QString startedByText(const ProcessIdentity &startedBy);

// Reads a session file's summary, all of it at once (update() until nothing is left) or as the
// file grows, a call at a time.
class SessionSummaryReader
{
public:
    explicit SessionSummaryReader(const QString &path);
    ~SessionSummaryReader();

    // Takes in what reached the file since the last call. False, with errorString(), when the
    // file cannot be read or is not a session file.
    bool update();
    // Takes in all that is in the file now.
    bool readToEnd();
    const SessionSummary &summary() const { return m_summary; }
    QString path() const { return m_file.fileName(); }
    QString errorString() const { return m_errorString; }

private:
    QFile m_file;
    std::unique_ptr<PcapngReader> m_reader;
    SessionSummary m_summary;
    QString m_errorString;
};

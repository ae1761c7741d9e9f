#pragma once

#include "capture/sessionsummary.h"

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QString>

#include <map>
#include <memory>

class QThread;

// Reads session files in a thread of its own, for the Sessions panel: each file's summary
// (SessionSummary: name, command, bytes per stream, how it ended) and its messages and problems.
// Each file's records go straight from the file into a message decoder as it grows: no index of
// the records is kept, only the messages' log that pairing needs, and for an ended session only
// its figures. The GUI thread reads none of it.
class SessionCounter final : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QString sessionFile;
        // The file has its end (the program's exit) and no recorder writes it: it is decoded to
        // the end once, and only its counts kept. Otherwise it is read on as it grows.
        bool complete = false;
    };

    // What was read of one file.
    struct Figures
    {
        SessionSummary summary;
        qsizetype messages = 0;
        qsizetype problems = 0;
        QString error; // why the file, or the rest of it, cannot be read
    };

    explicit SessionCounter(QObject *parent = nullptr);
    ~SessionCounter() override; // stops the thread

    // The sessions to read now; one no longer asked for is forgotten. Returns at once: figures
    // come by counted(), in this object's thread, as they change.
    void count(const QList<Request> &sessions);

signals:
    void counted(const QString &sessionFile, const SessionCounter::Figures &figures);

private:
    struct Session;
    // In the counter's thread.
    void countAll(const QList<Request> &sessions);
    void update(const Request &request, Session &session);
    void sendFigures(const QString &sessionFile, const Figures &figures); // to this thread

    QThread *m_thread;
    QObject *m_worker; // the thread's context for the calls it runs
    std::map<QString, std::unique_ptr<Session>> m_sessions; // touched in the thread only
};

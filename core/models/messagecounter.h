#pragma once

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QString>

#include <map>
#include <memory>

class QThread;

// Counts the messages and problems of session files in a thread of its own, for the Sessions
// panel. Each file's records go straight from the file into a message decoder, as it grows: no
// index of the records is kept, only the messages' log that pairing needs, and for an ended
// session only its counts.
class MessageCounter final : public QObject
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

    explicit MessageCounter(QObject *parent = nullptr);
    ~MessageCounter() override; // stops the thread

    // The sessions to count now; one no longer asked for is forgotten. Returns at once: counts
    // come by counted(), in this object's thread, as they change.
    void count(const QList<Request> &sessions);

signals:
    void counted(const QString &sessionFile, qsizetype messages, qsizetype problems);

private:
    struct Session;
    // In the counter's thread.
    void countAll(const QList<Request> &sessions);
    void update(const Request &request, Session &session);

    QThread *m_thread;
    QObject *m_worker; // the thread's context for the calls it runs
    std::map<QString, std::unique_ptr<Session>> m_sessions; // touched in the thread only
};

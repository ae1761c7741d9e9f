#include "models/sessioncounter.h"

#include "capture/pcapngreader.h"
#include "messages/messagedecoder.h"

#include <QtCore/QFile>
#include <QtCore/QThread>

struct SessionCounter::Session
{
    explicit Session(const QString &path)
        : file(path)
        , decoder(&log, FramingChoice())
    {
    }

    QFile file;
    std::unique_ptr<PcapngReader> reader;
    MessageLog log;
    MessageDecoder decoder; // into `log`
    SessionSummary summary;
    qsizetype records = 0;
    bool done = false; // ended and counted, or unreadable: nothing more to read
    qsizetype lastRecords = -1;
    qsizetype lastMessages = -1;
    qsizetype lastProblems = -1;
};

SessionCounter::SessionCounter(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new QObject)
{
    m_thread->setObjectName(QStringLiteral("message counter"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

SessionCounter::~SessionCounter()
{
    m_thread->quit();
    m_thread->wait();
}

void SessionCounter::count(const QList<Request> &sessions)
{
    QMetaObject::invokeMethod(m_worker, [this, sessions] { countAll(sessions); });
}

void SessionCounter::countAll(const QList<Request> &sessions)
{
    std::map<QString, std::unique_ptr<Session>> kept;
    for (const Request &request : sessions) {
        auto found = m_sessions.find(request.sessionFile);
        std::unique_ptr<Session> session = found != m_sessions.end()
                                               ? std::move(found->second)
                                               : std::make_unique<Session>(request.sessionFile);
        update(request, *session);
        kept.emplace(request.sessionFile, std::move(session));
    }
    m_sessions = std::move(kept);
}

void SessionCounter::update(const Request &request, Session &session)
{
    if (session.done)
        return;
    if (!session.reader) {
        if (!session.file.open(QIODevice::ReadOnly)) {
            session.done = true;
            return;
        }
        session.reader = std::make_unique<PcapngReader>(&session.file);
    }
    qint64 parsed = -1;
    while (session.reader->parsedSize() != parsed) {
        parsed = session.reader->parsedSize();
        if (!session.reader->readAppended([&session](const ChunkRecord &record) {
                const QByteArray payload = session.reader->payload(record);
                session.decoder.feed(record, session.records++, payload);
                session.summary.add(record,
                                    record.stream == Stream::Event ? payload : QByteArray());
            })) {
            break;
        }
    }
    if (request.complete)
        session.decoder.finish(); // partial messages and open requests are final
    const qsizetype messages = session.log.count();
    const qsizetype problems = session.log.problems().size();
    if (session.records != session.lastRecords || messages != session.lastMessages
        || problems != session.lastProblems) {
        session.lastRecords = session.records;
        session.lastMessages = messages;
        session.lastProblems = problems;
        QMetaObject::invokeMethod(
            this,
            [this, file = request.sessionFile, summary = session.summary, messages, problems] {
                emit counted(file, summary, messages, problems);
            },
            Qt::QueuedConnection);
    }
    if (request.complete) {
        // Only the counts stay.
        session.reader.reset();
        session.file.close();
        session.log = MessageLog();
        session.done = true;
    }
}

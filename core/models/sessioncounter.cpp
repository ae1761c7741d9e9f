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
    Figures figures;
    qsizetype records = 0;
    bool done = false; // ended and counted, or unreadable: nothing more to read
    qsizetype lastRecords = -1;
    Figures last; // as last sent
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
            sendFigures(request.sessionFile, {{}, 0, 0, session.file.errorString()});
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
                session.figures.summary.add(record, record.stream == Stream::Event ? payload
                                                                                   : QByteArray());
            })) {
            session.done = true; // not pcapng, or it cannot be read
            break;
        }
    }
    if (request.complete)
        session.decoder.finish(); // partial messages and open requests are final
    Figures &figures = session.figures;
    figures.messages = session.log.count();
    figures.problems = session.log.problems().size();
    figures.error = session.reader->errorString().isEmpty() ? session.reader->warning()
                                                            : session.reader->errorString();
    if (session.records != session.lastRecords || figures.messages != session.last.messages
        || figures.problems != session.last.problems || figures.error != session.last.error) {
        session.lastRecords = session.records;
        session.last = figures;
        sendFigures(request.sessionFile, figures);
    }
    if (request.complete || session.done) {
        // Only the counts stay.
        session.reader.reset();
        session.file.close();
        session.log = MessageLog();
        session.done = true;
    }
}

void SessionCounter::sendFigures(const QString &sessionFile, const Figures &figures)
{
    QMetaObject::invokeMethod(
        this, [this, sessionFile, figures] { emit counted(sessionFile, figures); },
        Qt::QueuedConnection);
}

#include "capture/sessionsummary.h"

#include "capture/pcapngreader.h"

#include <QtCore/QFileInfo>

namespace {

// "clangd" for /usr/bin/clangd and for C:\LLVM\bin\clangd.exe.
QString programFileName(const QString &program)
{
    QString name = QFileInfo(QString(program).replace(u'\\', u'/')).fileName();
    if (name.endsWith(QLatin1String(".exe"), Qt::CaseInsensitive))
        name.chop(4);
    return name;
}

} // namespace

void SessionSummary::add(const ChunkRecord &record, const QByteArray &payload)
{
    ++records;
    lastRecordNs = qMax(lastRecordNs, record.timestampNs);
    if (record.stream != Stream::Event) {
        bytes[record.stream] += record.length;
        return;
    }
    const auto event = SessionEvent::fromPayload(payload);
    if (!event)
        return;
    switch (event->kind) {
    case SessionEvent::Kind::Started:
    case SessionEvent::Kind::StartFailed:
        command = event->arguments;
        name = event->sessionName.isEmpty() && !command.isEmpty()
                   ? programFileName(command.constFirst())
                   : event->sessionName;
        if (event->kind == SessionEvent::Kind::StartFailed) {
            end = event;
            break;
        }
        workingDirectory = event->workingDirectory;
        childPid = event->pid;
        startedAtMs = event->startedAtMs;
        startedBy = {event->startedByPid, event->startedByName};
        break;
    case SessionEvent::Kind::Exited:
        end = event;
        break;
    default:
        break;
    }
}

qint64 SessionSummary::durationMs() const
{
    if (startedAtMs == 0 || lastRecordNs == 0)
        return 0;
    return qMax(qint64(0), lastRecordNs / 1000000 - startedAtMs);
}

QString SessionSummary::status(bool recorderRunning) const
{
    if (end && end->kind == SessionEvent::Kind::StartFailed)
        return QStringLiteral("could not start");
    if (end)
        return end->summary();
    return recorderRunning ? QStringLiteral("running") : QStringLiteral("recorder gone");
}

QString startedByText(const ProcessIdentity &startedBy)
{
    if (startedBy.pid == 0)
        return QString();
    return startedBy.name.isEmpty()
               ? QString::number(startedBy.pid)
               : QStringLiteral("%1 (%2)").arg(startedBy.name).arg(startedBy.pid);
}

SessionSummaryReader::SessionSummaryReader(const QString &path)
    : m_file(path)
{
}

SessionSummaryReader::~SessionSummaryReader() = default;

bool SessionSummaryReader::update()
{
    if (!m_reader) {
        if (!m_file.open(QIODevice::ReadOnly)) {
            m_errorString = QStringLiteral("cannot open %1: %2").arg(path(), m_file.errorString());
            return false;
        }
        m_reader = std::make_unique<PcapngReader>(&m_file);
    }
    const bool read = m_reader->readAppended([this](const ChunkRecord &record) {
        m_summary.add(record,
                      record.stream == Stream::Event ? m_reader->payload(record) : QByteArray());
    });
    if (!read)
        m_errorString = path() + QStringLiteral(": ") + m_reader->errorString();
    return read;
}

bool SessionSummaryReader::readToEnd()
{
    qint64 parsed = -1;
    while (m_reader == nullptr || m_reader->parsedSize() != parsed) {
        parsed = m_reader ? m_reader->parsedSize() : -1;
        if (!update())
            return false;
    }
    return true;
}

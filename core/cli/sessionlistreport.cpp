#include "cli/sessionlistreport.h"

#include "codec/shellwords.h"

#include <QtCore/QDateTime>
#include <QtCore/QIODevice>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLocale>

namespace {

QJsonObject sessionObject(const ListedSession &session)
{
    const SessionSummary &summary = session.summary;
    QJsonObject object{
        {QStringLiteral("name"), summary.name},
        {QStringLiteral("status"), session.status()},
        {QStringLiteral("live"), session.live},
        {QStringLiteral("sessionFile"), session.sessionFile},
        {QStringLiteral("command"), QJsonArray::fromStringList(summary.command)},
        {QStringLiteral("cwd"), summary.workingDirectory},
        {QStringLiteral("startedAt"),
         summary.startedAtMs ? QDateTime::fromMSecsSinceEpoch(summary.startedAtMs, Qt::UTC)
                                   .toString(Qt::ISODateWithMs)
                             : QString()},
        {QStringLiteral("durationMs"), session.durationMs()},
        {QStringLiteral("bytes"),
         QJsonObject{{QStringLiteral("stdin"), summary.bytes[Stream::Stdin]},
                     {QStringLiteral("stdout"), summary.bytes[Stream::Stdout]},
                     {QStringLiteral("stderr"), summary.bytes[Stream::Stderr]}}},
        {QStringLiteral("fileSize"), session.fileSize},
    };
    if (session.recorderPid)
        object.insert(QStringLiteral("pid"), session.recorderPid);
    if (summary.childPid)
        object.insert(QStringLiteral("childPid"), summary.childPid);
    if (summary.startedBy.pid) {
        object.insert(QStringLiteral("startedBy"),
                      QJsonObject{{QStringLiteral("pid"), summary.startedBy.pid},
                                  {QStringLiteral("name"), summary.startedBy.name}});
    }
    if (summary.end && summary.end->kind == SessionEvent::Kind::Exited) {
        object.insert(summary.end->exitKind == SessionEvent::ExitKind::Code
                          ? QStringLiteral("exitCode")
                          : QStringLiteral("signal"),
                      summary.end->exitCode);
    }
    if (!session.error.isEmpty())
        object.insert(QStringLiteral("error"), session.error);
    return object;
}

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

} // namespace

CommandResult writeSessionList(const QList<ListedSession> &sessions, bool json, QIODevice *output)
{
    QByteArray text;
    if (json) {
        QJsonArray array;
        for (const ListedSession &session : sessions)
            array.append(sessionObject(session));
        text = QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else {
        QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("STATUS"),
                                 QStringLiteral("STARTED"), QStringLiteral("DURATION"),
                                 QStringLiteral("STDIN"), QStringLiteral("STDOUT"),
                                 QStringLiteral("STDERR"), QStringLiteral("STARTED BY"),
                                 QStringLiteral("COMMAND"), QStringLiteral("FILE")}};
        for (const ListedSession &session : sessions) {
            const SessionSummary &summary = session.summary;
            rows.append(
                {summary.name.isEmpty() ? QStringLiteral("?") : summary.name, session.status(),
                 summary.startedAtMs ? QDateTime::fromMSecsSinceEpoch(summary.startedAtMs)
                                           .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                     : QString(),
                 sessionDurationText(session.durationMs()), sizeText(summary.bytes[Stream::Stdin]),
                 sizeText(summary.bytes[Stream::Stdout]), sizeText(summary.bytes[Stream::Stderr]),
                 startedByText(summary.startedBy), joinedCommandLine(summary.command),
                 session.sessionFile});
        }
        // Columns as wide as their widest cell; the last one as long as it is.
        QList<qsizetype> widths(rows.constFirst().size(), 0);
        for (const QStringList &row : rows) {
            for (qsizetype i = 0; i + 1 < row.size(); ++i)
                widths[i] = qMax(widths[i], row.at(i).size());
        }
        for (const QStringList &row : rows) {
            QString line;
            for (qsizetype i = 0; i < row.size(); ++i)
                line += i + 1 < row.size() ? row.at(i).leftJustified(widths[i] + 2) : row.at(i);
            text += line.trimmed().toLocal8Bit() + '\n';
        }
        if (sessions.isEmpty())
            text = "no running or recent sessions\n";
    }
    if (output->write(text) != text.size())
        return CommandResult::failure(QStringLiteral("cannot write the session list: ")
                                      + output->errorString());
    return {};
}

#include "capture/sessionevent.h"

#include "codec/shellwords.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <csignal>
#include <cstring>

namespace {

struct KindName
{
    SessionEvent::Kind kind;
    QLatin1String name;
};

const KindName kindNames[] = {
    {SessionEvent::Kind::Started, QLatin1String("started")},
    {SessionEvent::Kind::StartFailed, QLatin1String("start-failed")},
    {SessionEvent::Kind::StdinClosed, QLatin1String("stdin-closed")},
    {SessionEvent::Kind::StdoutClosed, QLatin1String("stdout-closed")},
    {SessionEvent::Kind::StderrClosed, QLatin1String("stderr-closed")},
    {SessionEvent::Kind::Exited, QLatin1String("exited")},
};

QString kindName(SessionEvent::Kind kind)
{
    for (const KindName &entry : kindNames) {
        if (entry.kind == kind)
            return entry.name;
    }
    return QString();
}

} // namespace

SessionEvent SessionEvent::started(const QStringList &arguments, const QString &workingDirectory,
                                   qint64 pid, qint64 startedAtMs)
{
    SessionEvent event;
    event.kind = Kind::Started;
    event.arguments = arguments;
    event.workingDirectory = workingDirectory;
    event.pid = pid;
    event.startedAtMs = startedAtMs;
    return event;
}

SessionEvent SessionEvent::startFailed(const QStringList &arguments, const QString &error)
{
    SessionEvent event;
    event.kind = Kind::StartFailed;
    event.arguments = arguments;
    event.error = error;
    return event;
}

SessionEvent SessionEvent::closed(Kind kind)
{
    SessionEvent event;
    event.kind = kind;
    return event;
}

SessionEvent SessionEvent::exited(ExitKind exitKind, int codeOrSignal)
{
    SessionEvent event;
    event.kind = Kind::Exited;
    event.exitKind = exitKind;
    event.exitCode = codeOrSignal;
    return event;
}

QByteArray SessionEvent::toPayload() const
{
    QJsonObject object{{QStringLiteral("event"), kindName(kind)}};
    switch (kind) {
    case Kind::Started:
        object.insert(QStringLiteral("argv"), QJsonArray::fromStringList(arguments));
        object.insert(QStringLiteral("cwd"), workingDirectory);
        object.insert(QStringLiteral("pid"), pid);
        object.insert(QStringLiteral("startedAtMs"), startedAtMs);
        if (!pipescopeVersion.isEmpty())
            object.insert(QStringLiteral("pipescope"), pipescopeVersion);
        break;
    case Kind::StartFailed:
        object.insert(QStringLiteral("argv"), QJsonArray::fromStringList(arguments));
        object.insert(QStringLiteral("error"), error);
        break;
    case Kind::Exited:
        object.insert(exitKind == ExitKind::Code ? QStringLiteral("code")
                                                 : QStringLiteral("signal"),
                      exitCode);
        break;
    case Kind::StdinClosed:
    case Kind::StdoutClosed:
    case Kind::StderrClosed:
        break;
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<SessionEvent> SessionEvent::fromPayload(const QByteArray &payload)
{
    const QJsonDocument document = QJsonDocument::fromJson(payload);
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    const QString name = object.value(QStringLiteral("event")).toString();
    const auto entry = std::find_if(std::begin(kindNames), std::end(kindNames),
                                    [&](const KindName &e) { return e.name == name; });
    if (entry == std::end(kindNames))
        return std::nullopt;

    SessionEvent event;
    event.kind = entry->kind;
    for (const QJsonValue &value : object.value(QStringLiteral("argv")).toArray())
        event.arguments << value.toString();
    event.workingDirectory = object.value(QStringLiteral("cwd")).toString();
    event.pid = object.value(QStringLiteral("pid")).toInteger();
    event.startedAtMs = object.value(QStringLiteral("startedAtMs")).toInteger();
    event.pipescopeVersion = object.value(QStringLiteral("pipescope")).toString();
    event.error = object.value(QStringLiteral("error")).toString();
    if (object.contains(QStringLiteral("signal"))) {
        event.exitKind = ExitKind::Signal;
        event.exitCode = object.value(QStringLiteral("signal")).toInt();
    } else {
        event.exitCode = object.value(QStringLiteral("code")).toInt();
    }
    return event;
}

QString SessionEvent::summary() const
{
    switch (kind) {
    case Kind::Started:
        return QStringLiteral("started pid %1: %2").arg(pid).arg(joinedCommandLine(arguments));
    case Kind::StartFailed:
        return QStringLiteral("could not start %1: %2").arg(joinedCommandLine(arguments), error);
    case Kind::StdinClosed:
        return QStringLiteral("stdin closed");
    case Kind::StdoutClosed:
        return QStringLiteral("stdout closed");
    case Kind::StderrClosed:
        return QStringLiteral("stderr closed");
    case Kind::Exited:
        if (exitKind == ExitKind::Code)
            return QStringLiteral("exited with code %1").arg(exitCode);
        return QStringLiteral("killed by signal %1 (%2)").arg(exitCode).arg(signalName(exitCode));
    }
    return QString();
}

QString signalName(int signal)
{
#if defined(__GLIBC__)
    if (const char *abbrev = sigabbrev_np(signal))
        return QLatin1String("SIG") + QLatin1String(abbrev);
#endif
    return QStringLiteral("signal %1").arg(signal);
}

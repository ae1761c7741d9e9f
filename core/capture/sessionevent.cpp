#include "capture/sessionevent.h"

#include "codec/shellwords.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <iterator>

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
    {SessionEvent::Kind::Intercepted, QLatin1String("intercepted")},
    {SessionEvent::Kind::Replay, QLatin1String("replay")},
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

SessionEvent SessionEvent::intercepted(const QString &action, int rule, const QString &direction)
{
    SessionEvent event;
    event.kind = Kind::Intercepted;
    event.action = action;
    event.rule = rule;
    event.direction = direction;
    return event;
}

SessionEvent SessionEvent::replay(const QString &method, const QString &detail)
{
    SessionEvent event;
    event.kind = Kind::Replay;
    event.method = method;
    event.detail = detail;
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
        if (!sessionName.isEmpty())
            object.insert(QStringLiteral("name"), sessionName);
        if (startedByPid > 0) {
            object.insert(QStringLiteral("parentPid"), startedByPid);
            object.insert(QStringLiteral("parentName"), startedByName);
        }
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
    case Kind::Intercepted:
        object.insert(QStringLiteral("action"), action);
        if (rule > 0)
            object.insert(QStringLiteral("rule"), rule);
        object.insert(QStringLiteral("direction"), direction);
        if (!method.isEmpty())
            object.insert(QStringLiteral("method"), method);
        if (!messageId.isEmpty())
            object.insert(QStringLiteral("id"), messageId);
        if (!detail.isEmpty())
            object.insert(QStringLiteral("detail"), detail);
        if (!delivered.isEmpty())
            object.insert(QStringLiteral("delivered"), QString::fromLatin1(delivered.toBase64()));
        break;
    case Kind::Replay:
        if (!method.isEmpty())
            object.insert(QStringLiteral("method"), method);
        object.insert(QStringLiteral("detail"), detail);
        break;
    case Kind::StdinClosed:
    case Kind::StdoutClosed:
    case Kind::StderrClosed:
        break;
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool SessionEvent::isIntercepted(QByteArrayView payload)
{
    const std::optional<SessionEvent> event = fromPayload(payload.toByteArray());
    return event && event->kind == Kind::Intercepted;
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
    event.sessionName = object.value(QStringLiteral("name")).toString();
    event.startedByPid = object.value(QStringLiteral("parentPid")).toInteger();
    event.startedByName = object.value(QStringLiteral("parentName")).toString();
    event.error = object.value(QStringLiteral("error")).toString();
    event.action = object.value(QStringLiteral("action")).toString();
    event.rule = object.value(QStringLiteral("rule")).toInt();
    event.direction = object.value(QStringLiteral("direction")).toString();
    event.method = object.value(QStringLiteral("method")).toString();
    event.messageId = object.value(QStringLiteral("id")).toString();
    event.detail = object.value(QStringLiteral("detail")).toString();
    event.delivered
        = QByteArray::fromBase64(object.value(QStringLiteral("delivered")).toString().toLatin1());
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
        if (exitKind == ExitKind::Code) {
            const QString status = ntStatusName(exitCode);
            if (status.isEmpty())
                return QStringLiteral("exited with code %1").arg(exitCode);
            return QStringLiteral("exited with code 0x%1 (%2)")
                .arg(quint32(exitCode), 8, 16, QLatin1Char('0'))
                .arg(status);
        }
        return QStringLiteral("killed by signal %1 (%2)").arg(exitCode).arg(signalName(exitCode));
    case Kind::Intercepted: {
        // "rule 1 error: textDocument/hover #3 to-child: error -32803: injected failure"
        QString text = rule > 0 ? QStringLiteral("rule %1 %2").arg(rule).arg(action) : action;
        if (!method.isEmpty())
            text += u' ' + method;
        if (!messageId.isEmpty())
            text += QStringLiteral(" #") + messageId;
        text += u' ' + direction;
        if (!detail.isEmpty())
            text += QStringLiteral(": ") + detail;
        return text;
    }
    case Kind::Replay:
        // "replay: textDocument/hover: no recorded request matches (closest: message 12 ...)"
        return QStringLiteral("replay: ") + (method.isEmpty() ? QString() : method + u": ")
               + detail;
    }
    return QString();
}

QString signalName(int signal)
{
    // Linux's numbers, whichever system reads the file.
    static const char *const names[]
        = {nullptr,  "HUP",  "INT",    "QUIT", "ILL",   "TRAP", "ABRT", "BUS",
           "FPE",    "KILL", "USR1",   "SEGV", "USR2",  "PIPE", "ALRM", "TERM",
           "STKFLT", "CHLD", "CONT",   "STOP", "TSTP",  "TTIN", "TTOU", "URG",
           "XCPU",   "XFSZ", "VTALRM", "PROF", "WINCH", "IO",   "PWR",  "SYS"};
    if (signal > 0 && signal < int(std::size(names)))
        return QLatin1String("SIG") + QLatin1String(names[signal]);
    return QStringLiteral("signal %1").arg(signal);
}

QString ntStatusName(int exitCode)
{
    // The crashes a Windows program most often ends with, and Ctrl+C.
    struct Status
    {
        quint32 code;
        const char *name;
    };
    static const Status statuses[] = {
        {0xC0000005, "STATUS_ACCESS_VIOLATION"},
        {0xC0000017, "STATUS_NO_MEMORY"},
        {0xC000001D, "STATUS_ILLEGAL_INSTRUCTION"},
        {0xC0000025, "STATUS_NONCONTINUABLE_EXCEPTION"},
        {0xC0000026, "STATUS_INVALID_DISPOSITION"},
        {0xC000008C, "STATUS_ARRAY_BOUNDS_EXCEEDED"},
        {0xC000008D, "STATUS_FLOAT_DENORMAL_OPERAND"},
        {0xC000008E, "STATUS_FLOAT_DIVIDE_BY_ZERO"},
        {0xC0000091, "STATUS_FLOAT_OVERFLOW"},
        {0xC0000094, "STATUS_INTEGER_DIVIDE_BY_ZERO"},
        {0xC0000095, "STATUS_INTEGER_OVERFLOW"},
        {0xC0000096, "STATUS_PRIVILEGED_INSTRUCTION"},
        {0xC00000FD, "STATUS_STACK_OVERFLOW"},
        {0xC0000135, "STATUS_DLL_NOT_FOUND"},
        {0xC0000138, "STATUS_ORDINAL_NOT_FOUND"},
        {0xC0000139, "STATUS_ENTRYPOINT_NOT_FOUND"},
        {0xC000013A, "STATUS_CONTROL_C_EXIT"},
        {0xC0000142, "STATUS_DLL_INIT_FAILED"},
        {0xC0000374, "STATUS_HEAP_CORRUPTION"},
        {0xC0000409, "STATUS_STACK_BUFFER_OVERRUN"},
        {0xC0000417, "STATUS_INVALID_CRUNTIME_PARAMETER"},
        {0x80000003, "STATUS_BREAKPOINT"},
    };
    for (const Status &status : statuses) {
        if (status.code == quint32(exitCode))
            return QLatin1String(status.name);
    }
    // What Windows itself counts as a crash (QProcess too); exit(-1) is 0xFFFFFFFF, not one.
    if (quint32(exitCode) >= 0xC0000000 && quint32(exitCode) < 0xD0000000)
        return QStringLiteral("an NTSTATUS error");
    return QString();
}

#include "relay/launchrequest.h"

#include "codec/shellwords.h"

#include "capture/sessionevent.h"

#include <algorithm>

namespace {

const QString programKey = QStringLiteral("program");
const QString argumentsKey = QStringLiteral("arguments");
const QString workingDirectoryKey = QStringLiteral("workingDirectory");
const QString environmentNamesKey = QStringLiteral("environmentNames");
// Before names only: "NAME=VALUE" entries. Read (and their values dropped), never written.
const QString environmentEntriesKey = QStringLiteral("environment");

QString environmentName(const QString &entry)
{
    return entry.left(entry.indexOf(u'='));
}

bool isNameStart(QChar c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || c == u'_';
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= u'0' && c <= u'9');
}

} // namespace

QString LaunchRequest::displayText() const
{
    QString text = joinedCommandLine(QStringList(program) + arguments);
    if (!workingDirectory.isEmpty())
        text += QStringLiteral(" (in %1)").arg(workingDirectory);
    return text;
}

QStringList LaunchRequest::environmentNames() const
{
    QStringList names;
    for (const QString &entry : environment)
        names.append(environmentName(entry));
    return names;
}

LaunchRequest LaunchRequest::withoutEnvironmentValues() const
{
    LaunchRequest request = *this;
    for (QString &entry : request.environment)
        entry = environmentName(entry) + u'=';
    return request;
}

QVariantMap LaunchRequest::toVariantMap() const
{
    QVariantMap map;
    map.insert(programKey, program);
    map.insert(argumentsKey, arguments);
    if (!workingDirectory.isEmpty())
        map.insert(workingDirectoryKey, workingDirectory);
    if (!environment.isEmpty())
        map.insert(environmentNamesKey, environmentNames());
    return map;
}

std::optional<LaunchRequest> LaunchRequest::fromVariantMap(const QVariantMap &map)
{
    LaunchRequest request;
    request.program = map.value(programKey).toString();
    if (request.program.isEmpty())
        return std::nullopt;
    request.arguments = map.value(argumentsKey).toStringList();
    request.workingDirectory = map.value(workingDirectoryKey).toString();
    for (const QString &name : map.value(environmentNamesKey).toStringList())
        request.environment.append(name + u'=');
    for (const QString &entry : map.value(environmentEntriesKey).toStringList())
        request.environment.append(environmentName(entry) + u'=');
    return request;
}

bool operator==(const LaunchRequest &a, const LaunchRequest &b)
{
    return a.program == b.program && a.arguments == b.arguments
           && a.workingDirectory == b.workingDirectory && a.environment == b.environment;
}

QList<LaunchRequest> historyWith(const QList<LaunchRequest> &history, const LaunchRequest &request,
                                 int maxSize)
{
    QList<LaunchRequest> result{request};
    for (const LaunchRequest &entry : history) {
        if (result.size() >= maxSize)
            break;
        if (entry != request)
            result.append(entry);
    }
    return result.mid(0, qMax(maxSize, 0));
}

QString validateEnvironmentEntry(const QString &line)
{
    const qsizetype equals = line.indexOf(u'=');
    if (equals < 0)
        return QStringLiteral("\"%1\" is not NAME=VALUE").arg(line);
    const QStringView name = QStringView(line).left(equals);
    if (name.isEmpty())
        return QStringLiteral("the name before '=' is missing");
    const bool validName
        = isNameStart(name.front()) && std::all_of(name.begin(), name.end(), isNameChar);
    if (!validName)
        return QStringLiteral("\"%1\" is not a valid variable name (letters, digits and _, not "
                              "starting with a digit)")
            .arg(name);
    if (line.contains(u'\n') || line.contains(u'\r'))
        return QStringLiteral("the value of %1 holds a line break").arg(name);
    if (line.contains(QChar(u'\0')))
        return QStringLiteral("the value of %1 holds a NUL character").arg(name);
    return QString();
}

#include "intercept/interceptrule.h"

#include "codec/inputencoding.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <algorithm>
#include <iterator>

namespace {

struct ActionName
{
    InterceptRule::Action action;
    const char *name;
};

constexpr ActionName actionNames[] = {
    {InterceptRule::Action::Delay, "delay"},
    {InterceptRule::Action::Drop, "drop"},
    {InterceptRule::Action::Respond, "respond"},
    {InterceptRule::Action::Error, "error"},
    {InterceptRule::Action::WrongLength, "wrong-length"},
    {InterceptRule::Action::Split, "split"},
    {InterceptRule::Action::StrayBytes, "stray-bytes"},
};

// The members each action takes besides the ones every rule has.
QStringList actionMembers(InterceptRule::Action action)
{
    switch (action) {
    case InterceptRule::Action::Delay:
        return {QStringLiteral("ms")};
    case InterceptRule::Action::Drop:
        return {};
    case InterceptRule::Action::Respond:
        return {QStringLiteral("result")};
    case InterceptRule::Action::Error:
        return {QStringLiteral("code"), QStringLiteral("message")};
    case InterceptRule::Action::WrongLength:
        return {QStringLiteral("by")};
    case InterceptRule::Action::Split:
        return {QStringLiteral("writes"), QStringLiteral("pauseMs")};
    case InterceptRule::Action::StrayBytes:
        return {QStringLiteral("bytes")};
    }
    return {};
}

// A whole number in [minimum, maximum], or why not.
std::optional<int> wholeNumber(const QJsonValue &value, int minimum, int maximum)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number != double(qint64(number)) || number < minimum || number > maximum)
        return std::nullopt;
    return int(number);
}

// Reads one rule; an empty string when it is good, else what is wrong with it.
QString readRule(const QJsonObject &object, InterceptRule *rule)
{
    const QString matchText = object.value(QStringLiteral("match")).toString();
    if (matchText.isEmpty())
        return QStringLiteral("\"match\" must be a filter expression");
    std::optional<ParseError> filterError;
    const std::optional<Filter> filter
        = Filter::parse(matchText, FilterTarget::Messages, &filterError);
    if (!filter)
        return QStringLiteral("\"match\": ") + filterError->text();
    rule->match = *filter;

    const QString direction = object.value(QStringLiteral("direction")).toString();
    if (direction == QLatin1String("to-child"))
        rule->direction = TrafficDirection::ToChild;
    else if (direction == QLatin1String("to-parent"))
        rule->direction = TrafficDirection::ToParent;
    else if (direction == QLatin1String("both") || !object.contains(QStringLiteral("direction")))
        rule->direction = TrafficDirection::Both;
    else
        return QStringLiteral("\"direction\" must be \"to-child\", \"to-parent\" or \"both\"");

    const QString actionText = object.value(QStringLiteral("action")).toString();
    const auto action
        = std::find_if(std::begin(actionNames), std::end(actionNames),
                       [&](const ActionName &a) { return actionText == QLatin1String(a.name); });
    if (action == std::end(actionNames)) {
        return QStringLiteral("\"action\" must be one of delay, drop, respond, error, "
                              "wrong-length, split, stray-bytes");
    }
    rule->action = action->action;

    const QStringList common{QStringLiteral("match"),       QStringLiteral("direction"),
                             QStringLiteral("action"),      QStringLiteral("times"),
                             QStringLiteral("probability"), QStringLiteral("seed"),
                             QStringLiteral("comment")};
    const QStringList own = actionMembers(rule->action);
    for (const QString &key : object.keys()) {
        if (!common.contains(key) && !own.contains(key)) {
            return QStringLiteral("\"%1\" is not a member of a %2 rule")
                .arg(key, QLatin1String(action->name));
        }
    }

    const QJsonValue ms = object.value(QStringLiteral("ms"));
    constexpr int maxMs = 24 * 3600 * 1000;
    switch (rule->action) {
    case InterceptRule::Action::Delay:
        if (const std::optional<int> fixed = wholeNumber(ms, 0, maxMs)) {
            rule->minMs = rule->maxMs = *fixed;
        } else {
            const QJsonArray range = ms.toArray();
            const std::optional<int> low = wholeNumber(range.at(0), 0, maxMs);
            const std::optional<int> high = wholeNumber(range.at(1), 0, maxMs);
            if (range.size() != 2 || !low || !high || *low > *high)
                return QStringLiteral("\"ms\" must be milliseconds or [min, max]");
            rule->minMs = *low;
            rule->maxMs = *high;
        }
        break;
    case InterceptRule::Action::Respond:
        if (!object.contains(QStringLiteral("result")))
            return QStringLiteral("a respond rule needs a \"result\"");
        rule->result = object.value(QStringLiteral("result"));
        break;
    case InterceptRule::Action::Error: {
        const std::optional<int> code
            = wholeNumber(object.value(QStringLiteral("code")), INT_MIN, INT_MAX);
        if (!code)
            return QStringLiteral("an error rule needs a whole-number \"code\"");
        rule->code = *code;
        rule->message = object.value(QStringLiteral("message")).toString();
        break;
    }
    case InterceptRule::Action::WrongLength:
        if (object.contains(QStringLiteral("by"))) {
            const std::optional<int> by
                = wholeNumber(object.value(QStringLiteral("by")), -1000000, 1000000);
            if (!by || *by == 0)
                return QStringLiteral("\"by\" must be a whole number of bytes other than 0");
            rule->lengthDelta = *by;
        }
        break;
    case InterceptRule::Action::Split: {
        if (object.contains(QStringLiteral("writes"))) {
            const std::optional<int> writes
                = wholeNumber(object.value(QStringLiteral("writes")), 2, 1000);
            if (!writes)
                return QStringLiteral("\"writes\" must be from 2 to 1000");
            rule->writes = *writes;
        }
        if (object.contains(QStringLiteral("pauseMs"))) {
            const std::optional<int> pause
                = wholeNumber(object.value(QStringLiteral("pauseMs")), 0, 60000);
            if (!pause)
                return QStringLiteral("\"pauseMs\" must be from 0 to 60000");
            rule->pauseMs = *pause;
        }
        break;
    }
    case InterceptRule::Action::StrayBytes: {
        const EncodedInput bytes = encodeInput(object.value(QStringLiteral("bytes")).toString(),
                                               InputFormat::Escaped, LineEnding::None);
        if (!bytes.isValid())
            return QStringLiteral("\"bytes\": ") + bytes.error->text();
        if (bytes.bytes.isEmpty())
            return QStringLiteral("a stray-bytes rule needs \"bytes\" (C escapes allowed)");
        rule->strayBytes = bytes.bytes;
        break;
    }
    case InterceptRule::Action::Drop:
        break;
    }

    if (object.contains(QStringLiteral("times"))) {
        const std::optional<int> times
            = wholeNumber(object.value(QStringLiteral("times")), 1, INT_MAX);
        if (!times)
            return QStringLiteral("\"times\" must be a whole number from 1");
        rule->times = *times;
    }
    if (object.contains(QStringLiteral("probability"))) {
        const QJsonValue probability = object.value(QStringLiteral("probability"));
        if (!probability.isDouble() || probability.toDouble() < 0 || probability.toDouble() > 1)
            return QStringLiteral("\"probability\" must be from 0 to 1");
        rule->probability = probability.toDouble();
    }
    if (object.contains(QStringLiteral("seed"))) {
        const std::optional<int> seed
            = wholeNumber(object.value(QStringLiteral("seed")), 0, INT_MAX);
        if (!seed)
            return QStringLiteral("\"seed\" must be a whole number from 0");
        rule->seed = quint32(*seed);
    }
    return QString();
}

} // namespace

QByteArray trafficDirectionName(TrafficDirection direction)
{
    switch (direction) {
    case TrafficDirection::ToChild:
        return "to-child";
    case TrafficDirection::ToParent:
        return "to-parent";
    case TrafficDirection::Both:
        break;
    }
    return "both";
}

QByteArray interceptActionName(InterceptRule::Action action)
{
    for (const ActionName &entry : actionNames) {
        if (entry.action == action)
            return entry.name;
    }
    return QByteArray();
}

QString InterceptRule::label() const
{
    return QStringLiteral("rule %1 (%2)")
        .arg(number)
        .arg(QLatin1String(interceptActionName(action)));
}

std::optional<QList<InterceptRule>> parseInterceptRules(const QByteArray &json, const QString &name,
                                                        QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("%1: not JSON: %2 at byte %3")
                     .arg(name, parseError.errorString())
                     .arg(parseError.offset + 1);
        return std::nullopt;
    }
    const QJsonValue list = document.object().value(QStringLiteral("rules"));
    if (!list.isArray()) {
        *error = name + QStringLiteral(": expected {\"rules\": [...]}");
        return std::nullopt;
    }
    QList<InterceptRule> rules;
    for (const QJsonValue &value : list.toArray()) {
        InterceptRule rule;
        rule.number = int(rules.size()) + 1;
        const QString problem = value.isObject() ? readRule(value.toObject(), &rule)
                                                 : QStringLiteral("a rule is a JSON object");
        if (!problem.isEmpty()) {
            *error = QStringLiteral("%1: rule %2: %3").arg(name).arg(rule.number).arg(problem);
            return std::nullopt;
        }
        rules.append(rule);
    }
    return rules;
}

std::optional<QList<InterceptRule>> loadInterceptRules(const QString &path, QString *error,
                                                       QByteArray *json)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray contents = file.readAll();
    if (json)
        *json = contents;
    return parseInterceptRules(contents, QFileInfo(path).fileName(), error);
}

#include "replay/replaymasks.h"

#include "codec/textescape.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QUrl>

namespace {

// An ISO 8601 date and time, as logs and results write them.
const QRegularExpression &timestampPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)"));
    return pattern;
}

QString withRootMasked(QString text, const QString &root)
{
    if (!root.isEmpty()) {
        const QString uri = QUrl::fromLocalFile(root).toString(QUrl::FullyEncoded);
        text.replace(uri, QStringLiteral("${root}"));
        text.replace(root, QStringLiteral("${root}"));
    }
    text.replace(timestampPattern(), QStringLiteral("<time>"));
    return text;
}

} // namespace

QJsonValue maskedValue()
{
    return QStringLiteral("<masked>");
}

ReplayMasks ReplayMasks::defaults(ReplayProtocol protocol)
{
    ReplayMasks masks;
    masks.m_protocol = protocol;
    QStringList paths;
    switch (protocol) {
    case ReplayProtocol::JsonRpc:
        // Request ids are mapped, not compared; the rest changes with every run of a client.
        paths = {QStringLiteral("id"),
                 QStringLiteral("params.processId"),
                 QStringLiteral("params.textDocument.version"),
                 QStringLiteral("params.workDoneToken"),
                 QStringLiteral("params.partialResultToken"),
                 QStringLiteral("params.token"),
                 QStringLiteral("params.requestId"),
                 QStringLiteral("params.id")};
        break;
    case ReplayProtocol::Dap:
        paths = {QStringLiteral("seq"), QStringLiteral("request_seq"),
                 QStringLiteral("body.processId"), QStringLiteral("body.systemProcessId"),
                 QStringLiteral("arguments.processId")};
        break;
    case ReplayProtocol::MsgpackRpc:
        paths = {QStringLiteral("msgid")};
        break;
    case ReplayProtocol::Lines:
    case ReplayProtocol::Bytes:
        break;
    }
    for (const QString &path : paths)
        masks.m_paths.append(PathPattern(path));
    return masks;
}

bool ReplayMasks::addIgnore(const QString &pattern, QString *error)
{
    if (m_protocol != ReplayProtocol::Lines) {
        m_paths.append(PathPattern(pattern));
        return true;
    }
    const QRegularExpression expression(pattern);
    if (!expression.isValid()) {
        *error
            = QStringLiteral("'%1' is not a regular expression: %2")
                  .arg(QString::fromUtf8(escapedText(pattern.toUtf8())), expression.errorString());
        return false;
    }
    m_lineMasks.append(expression);
    return true;
}

QJsonValue ReplayMasks::apply(const QJsonValue &tree, const QString &root) const
{
    TreePath path;
    return masked(tree, &path, root);
}

QJsonValue ReplayMasks::masked(const QJsonValue &value, TreePath *path, const QString &root) const
{
    for (const PathPattern &pattern : m_paths) {
        if (pattern.matches(*path))
            return maskedValue();
    }
    if (value.isString())
        return withRootMasked(value.toString(), root);
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            path->append(QString::number(i));
            array[i] = masked(array.at(i), path, root);
            path->removeLast();
        }
        return array;
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto member = object.begin(); member != object.end(); ++member) {
            path->append(member.key());
            *member = masked(member.value(), path, root);
            path->removeLast();
        }
        return object;
    }
    return value;
}

QByteArray ReplayMasks::applyToLine(const QByteArray &line) const
{
    QString text = QString::fromUtf8(line);
    for (const QRegularExpression &expression : m_lineMasks)
        text.replace(expression, QStringLiteral("<masked>"));
    return text.toUtf8();
}

QStringList ReplayMasks::ignored() const
{
    QStringList patterns;
    for (const PathPattern &pattern : m_paths)
        patterns.append(pattern.text());
    for (const QRegularExpression &expression : m_lineMasks)
        patterns.append(expression.pattern());
    return patterns;
}

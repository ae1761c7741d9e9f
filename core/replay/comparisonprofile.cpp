#include "replay/comparisonprofile.h"

#include "codec/textescape.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace {

// A name from the file, as an error line shows it: control characters escaped, so the error
// stays one line.
QString shown(const QString &name)
{
    return QString::fromUtf8(escapedText(name.toUtf8()));
}

// "unordered by label" -> Unordered, "label".
bool readArrayMode(const QString &text, ArrayComparison *comparison)
{
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    static const QHash<QString, ArrayComparison::Mode> modes{
        {QStringLiteral("ordered"), ArrayComparison::Mode::Ordered},
        {QStringLiteral("unordered"), ArrayComparison::Mode::Unordered},
        {QStringLiteral("subset"), ArrayComparison::Mode::Subset}};
    if (words.isEmpty() || !modes.contains(words.first()))
        return false;
    comparison->mode = modes.value(words.first());
    if (words.size() == 1)
        return true;
    if (words.size() != 3 || words.at(1) != QLatin1String("by")
        || comparison->mode == ArrayComparison::Mode::Ordered)
        return false;
    comparison->key = words.at(2);
    return true;
}

} // namespace

const ArrayComparison *MethodComparison::arrayAt(const TreePath &path) const
{
    // The last rule given wins: a profile file's rules come after the defaults.
    for (auto it = arrays.crbegin(); it != arrays.crend(); ++it) {
        if (it->path.matches(path))
            return &*it;
    }
    return nullptr;
}

bool MethodComparison::ignores(const TreePath &path) const
{
    return std::any_of(ignore.cbegin(), ignore.cend(),
                       [&](const PathPattern &pattern) { return pattern.matches(path); });
}

ComparisonProfile ComparisonProfile::defaults(ReplayProtocol protocol)
{
    ComparisonProfile profile;
    if (protocol == ReplayProtocol::JsonRpc) {
        // A completion's result is a CompletionList or an array of items: both are covered.
        const QByteArray lsp = R"({"textDocument/completion": {
            "ignore": ["result.items.*.score", "result.items.*.sortText",
                       "result.*.score", "result.*.sortText"],
            "arrays": {"result.items": "unordered by label", "result": "unordered by label"}}})";
        QString error;
        profile.extend(lsp, &error);
        Q_ASSERT(error.isEmpty());
    }
    return profile;
}

bool ComparisonProfile::extend(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not JSON at offset %1: %2")
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return false;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("a profile is a JSON object of methods");
        return false;
    }
    QHash<QString, MethodComparison> added;
    const QJsonObject methods = document.object();
    for (auto method = methods.begin(); method != methods.end(); ++method) {
        const QJsonObject rules = method.value().toObject();
        if (!method.value().isObject()) {
            *error = QStringLiteral("'%1': its rules are an object").arg(shown(method.key()));
            return false;
        }
        MethodComparison &comparison = added[method.key()];
        for (auto rule = rules.begin(); rule != rules.end(); ++rule) {
            const QString where = shown(method.key()) + QStringLiteral(": ") + shown(rule.key());
            if (rule.key() == QLatin1String("ignore") && rule.value().isArray()) {
                for (const QJsonValue &path : rule.value().toArray()) {
                    if (!path.isString()) {
                        *error = where + QStringLiteral(": paths are strings");
                        return false;
                    }
                    comparison.ignore.append(PathPattern(path.toString()));
                }
            } else if (rule.key() == QLatin1String("arrays") && rule.value().isObject()) {
                const QJsonObject arrays = rule.value().toObject();
                for (auto array = arrays.begin(); array != arrays.end(); ++array) {
                    ArrayComparison arrayComparison;
                    arrayComparison.path = PathPattern(array.key());
                    if (!readArrayMode(array.value().toString(), &arrayComparison)) {
                        *error
                            = QStringLiteral("%1: %2: '%3' is not ordered, unordered [by KEY] "
                                             "or subset [by KEY]")
                                  .arg(where, shown(array.key()), shown(array.value().toString()));
                        return false;
                    }
                    comparison.arrays.append(arrayComparison);
                }
            } else if (rule.key() == QLatin1String("tolerance") && rule.value().isDouble()
                       && rule.value().toDouble() >= 0) {
                comparison.tolerance = rule.value().toDouble();
            } else {
                *error = where
                         + QStringLiteral(": expected \"ignore\": [paths], \"arrays\": {path: "
                                          "mode} or \"tolerance\": a number");
                return false;
            }
        }
    }
    for (auto it = added.begin(); it != added.end(); ++it) {
        MethodComparison &existing = m_methods[it.key()];
        existing.ignore += it->ignore;
        existing.arrays += it->arrays;
        if (it->tolerance > 0)
            existing.tolerance = it->tolerance;
    }
    return true;
}

MethodComparison ComparisonProfile::forMethod(const QByteArray &method) const
{
    MethodComparison comparison = m_methods.value(QStringLiteral("*"));
    const auto own = m_methods.constFind(QString::fromUtf8(method));
    if (own != m_methods.cend()) {
        comparison.ignore += own->ignore;
        comparison.arrays += own->arrays;
        if (own->tolerance > 0)
            comparison.tolerance = own->tolerance;
    }
    return comparison;
}

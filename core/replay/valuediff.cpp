#include "replay/valuediff.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <cmath>

namespace {

class TreeComparison
{
public:
    explicit TreeComparison(const MethodComparison &rules)
        : m_rules(rules)
    {
    }

    void compare(const QJsonValue &expected, const QJsonValue &actual, TreePath *path)
    {
        if (m_rules.ignores(*path))
            return;
        if (expected.isDouble() && actual.isDouble()) {
            if (std::abs(expected.toDouble() - actual.toDouble()) > m_rules.tolerance)
                differ(*path, expected, actual);
        } else if (expected.isObject() && actual.isObject()) {
            compareObjects(expected.toObject(), actual.toObject(), path);
        } else if (expected.isArray() && actual.isArray()) {
            const ArrayComparison *array = m_rules.arrayAt(*path);
            if (!array || array->mode == ArrayComparison::Mode::Ordered)
                compareInOrder(expected.toArray(), actual.toArray(), path);
            else
                compareAnyOrder(expected.toArray(), actual.toArray(), *array, path);
        } else if (expected != actual) {
            differ(*path, expected, actual);
        }
    }

    QList<ValueDifference> differences;

private:
    void differ(const TreePath &path, const QJsonValue &expected, const QJsonValue &actual)
    {
        if (!m_rules.ignores(path))
            differences.append({path, expected, actual});
    }

    void compareObjects(const QJsonObject &expected, const QJsonObject &actual, TreePath *path)
    {
        // QJsonObject keeps its keys sorted: both sides are walked in the same order.
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            path->append(it.key());
            compare(it.value(), actual.value(it.key()), path);
            path->removeLast();
        }
        for (auto it = actual.begin(); it != actual.end(); ++it) {
            if (!expected.contains(it.key()))
                differ(*path + QStringList{it.key()}, QJsonValue::Undefined, it.value());
        }
    }

    void compareInOrder(const QJsonArray &expected, const QJsonArray &actual, TreePath *path)
    {
        for (qsizetype i = 0; i < std::max(expected.size(), actual.size()); ++i) {
            path->append(QString::number(i));
            compare(expected.at(i), actual.at(i), path);
            path->removeLast();
        }
    }

    bool equalUnderRules(const QJsonValue &expected, const QJsonValue &actual, TreePath *path)
    {
        TreeComparison inner(m_rules);
        inner.compare(expected, actual, path);
        return inner.differences.isEmpty();
    }

    void compareAnyOrder(const QJsonArray &expected, const QJsonArray &actual,
                         const ArrayComparison &rule, TreePath *path)
    {
        QList<bool> used(actual.size(), false);
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const QJsonValue item = expected.at(i);
            path->append(arrayElementStep(item, &rule, i));
            qsizetype found = -1;
            for (qsizetype j = 0; j < actual.size() && found < 0; ++j) {
                if (used.at(j))
                    continue;
                const bool same = rule.key.isEmpty()
                                      ? equalUnderRules(item, actual.at(j), path)
                                      : item.toObject().value(rule.key)
                                            == actual.at(j).toObject().value(rule.key);
                if (same)
                    found = j;
            }
            if (found < 0) {
                differ(*path, item, QJsonValue::Undefined);
            } else {
                used[found] = true;
                compare(item, actual.at(found), path);
            }
            path->removeLast();
        }
        if (rule.mode == ArrayComparison::Mode::Subset)
            return;
        for (qsizetype j = 0; j < actual.size(); ++j) {
            if (!used.at(j))
                differ(*path + QStringList{arrayElementStep(actual.at(j), &rule, j)},
                       QJsonValue::Undefined, actual.at(j));
        }
    }

    const MethodComparison &m_rules;
};

} // namespace

QString compactJsonText(const QJsonValue &value)
{
    // A one-element array's text without its brackets: scalars included.
    return QString::fromUtf8(
        QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).chopped(1).mid(1));
}

QString arrayElementStep(const QJsonValue &element, const ArrayComparison *rule, qsizetype index)
{
    if (!rule || rule->mode == ArrayComparison::Mode::Ordered || rule->key.isEmpty())
        return QString::number(index);
    const QJsonValue value = element.toObject().value(rule->key);
    return rule->key + u'=' + (value.isString() ? value.toString() : compactJsonText(value));
}

QList<ValueDifference> compareTrees(const QJsonValue &expected, const QJsonValue &actual,
                                    const MethodComparison &rules)
{
    TreeComparison comparison(rules);
    TreePath path;
    comparison.compare(expected, actual, &path);
    return comparison.differences;
}

QString valueText(const QJsonValue &value)
{
    if (value.isUndefined())
        return QStringLiteral("(absent)");
    QString text = compactJsonText(value);
    constexpr int maxLength = 120;
    if (text.size() > maxLength)
        text = text.left(maxLength - 3) + QStringLiteral("...");
    return text;
}

QString differencesSummary(const QList<ValueDifference> &differences)
{
    if (differences.isEmpty())
        return QString();
    const ValueDifference &first = differences.first();
    QString text
        = QStringLiteral("%1: expected %2, got %3")
              .arg(treePathText(first.path), valueText(first.expected), valueText(first.actual));
    if (differences.size() > 1)
        text += QStringLiteral(" (and %1 more)").arg(differences.size() - 1);
    return text;
}

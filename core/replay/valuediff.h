#pragma once

#include "replay/comparisonprofile.h"
#include "replay/pathpattern.h"

#include <QtCore/QJsonValue>
#include <QtCore/QList>

// One place where two message bodies differ. A value that is absent on one side is Undefined.
struct ValueDifference
{
    TreePath path;
    QJsonValue expected;
    QJsonValue actual;
};

// The differences between two body trees, structurally (member order never counts), under
// `rules`: ignored paths skipped, arrays compared as the rules say, numbers within the tolerance
// equal. Empty when they match.
QList<ValueDifference> compareTrees(const QJsonValue &expected, const QJsonValue &actual,
                                    const MethodComparison &rules);

// An array element's step in a path: its index, or key=value in an array the rule matches by a
// key (`rule` may be null: an ordered array).
QString arrayElementStep(const QJsonValue &element, const ArrayComparison *rule, qsizetype index);

// The first difference on one line, "result.echo: expected "a", got "b" (and 2 more)".
QString differencesSummary(const QList<ValueDifference> &differences);

// Any value (scalars included) as compact JSON.
QString compactJsonText(const QJsonValue &value);

// A value on one line for reports: compact JSON, "(absent)" for Undefined, long values cut.
QString valueText(const QJsonValue &value);

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

// The first difference on one line, "result.echo: expected "a", got "b" (and 2 more)".
QString differencesSummary(const QList<ValueDifference> &differences);

// A value on one line for reports: compact JSON, "(absent)" for Undefined, long values cut.
QString valueText(const QJsonValue &value);

#pragma once

#include "replay/comparisonprofile.h"

#include <QtCore/QHash>
#include <QtCore/QJsonValue>
#include <QtCore/QString>

#include <utility>

// A message body as the comparison view shows it: indented JSON, members in the order the
// comparison walks them, and the lines each value spans, by its path's text (treePathText), so
// that a difference can be highlighted where it is. Array elements are named as `rules` name
// them ("items[label=printf]" in an array matched by label).
struct BodyText
{
    QString text;
    QHash<QString, std::pair<int, int>> lines; // path -> first and last line (0-based)
};

BodyText bodyText(const QJsonValue &tree, const MethodComparison &rules);

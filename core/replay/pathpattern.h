#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>

// A place in a message body's tree as a list of steps: member names, and array elements as
// their index ("3") or, in arrays compared by a key, as key=value ("label=printf").
using TreePath = QStringList;

// "result.items[3].score", "result.items[label=printf]"; "(body)" for the root.
QString treePathText(const TreePath &path);

// A pattern over tree paths, written as dotted steps: `params.textDocument.version`,
// `result.items.*.score` (`*`: any one step, a member or an element), `**.timestamp` (`**`: any
// number of steps, none included).
class PathPattern
{
public:
    PathPattern() = default;
    explicit PathPattern(const QString &text);

    bool matches(const TreePath &path) const;
    QString text() const { return m_steps.join(u'.'); }
    bool isEmpty() const { return m_steps.isEmpty(); }

private:
    bool matchesFrom(qsizetype step, const TreePath &path, qsizetype at) const;

    QStringList m_steps;
};

#include "replay/pathpattern.h"

QString treePathText(const TreePath &path)
{
    if (path.isEmpty())
        return QStringLiteral("(body)");
    QString text;
    for (const QString &step : path) {
        bool isIndex = false;
        step.toLongLong(&isIndex);
        if (isIndex || step.contains(u'='))
            text += u'[' + step + u']';
        else
            text += (text.isEmpty() ? QString() : QStringLiteral(".")) + step;
    }
    return text;
}

PathPattern::PathPattern(const QString &text)
    : m_steps(text.split(u'.', Qt::SkipEmptyParts))
{
}

bool PathPattern::matches(const TreePath &path) const
{
    return !m_steps.isEmpty() && matchesFrom(0, path, 0);
}

bool PathPattern::matchesFrom(qsizetype step, const TreePath &path, qsizetype at) const
{
    if (step == m_steps.size())
        return at == path.size();
    const QString &want = m_steps.at(step);
    if (want == QLatin1String("**")) {
        for (qsizetype skip = at; skip <= path.size(); ++skip) {
            if (matchesFrom(step + 1, path, skip))
                return true;
        }
        return false;
    }
    if (at == path.size())
        return false;
    return (want == QLatin1String("*") || want == path.at(at))
           && matchesFrom(step + 1, path, at + 1);
}

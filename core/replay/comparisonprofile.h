#pragma once

#include "replay/conversation.h"
#include "replay/pathpattern.h"

#include <QtCore/QHash>
#include <QtCore/QList>

// How the elements of one array are compared.
struct ArrayComparison
{
    enum class Mode {
        Ordered,   // element by element
        Unordered, // the same elements in any order (matched by `key` when given)
        Subset,    // every expected element is still there, in any order; more may be
    };
    PathPattern path;
    Mode mode = Mode::Ordered;
    QString key; // a member that identifies an element ("label"); empty: whole elements
};

// The comparison rules for the messages of one method.
struct MethodComparison
{
    QList<PathPattern> ignore;
    QList<ArrayComparison> arrays;
    double tolerance = 0; // numbers this close count as equal

    const ArrayComparison *arrayAt(const TreePath &path) const;
    bool ignores(const TreePath &path) const;
};

// Per-method comparison rules (docs/replay.md): real servers answer the same request a little
// differently each run, and a comparison that calls that a regression is of no use. Each protocol
// has defaults (LSP: completion items in any order, matched by label, score and sortText
// ignored); a profile file extends them.
class ComparisonProfile
{
public:
    static ComparisonProfile defaults(ReplayProtocol protocol);

    // Adds the rules of a profile file's JSON text:
    //   {"METHOD or *": {"ignore": [PATH...], "arrays": {PATH: "ordered" | "unordered" |
    //    "unordered by KEY" | "subset" | "subset by KEY"}, "tolerance": NUMBER}, ...}
    // False with a one-line `error` when it is not such a text.
    bool extend(const QByteArray &json, QString *error);

    // The rules for messages of `method`: those for "*" and the method's own.
    MethodComparison forMethod(const QByteArray &method) const;

private:
    QHash<QString, MethodComparison> m_methods; // "*": every method
};

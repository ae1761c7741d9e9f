#pragma once

#include "codec/parseerror.h"
#include "filter/filterfields.h"

#include <QtCore/QString>

#include <memory>
#include <optional>

class FilterSubject;

// A filter expression, parsed, checked and compiled once (docs/filters.md): `method ==
// "textDocument/completion" && latency > 200ms`. Cheap to copy and safe to share between
// threads: matching keeps no state in the filter (each thread has its own subject).
class Filter
{
public:
    struct Node;

    // nullopt with `error` set (a one-line reason and its position) when the expression does not
    // parse, names a field `target` does not have, or compares a field with a value it cannot
    // hold. An empty expression is an error: no filter is a null std::optional.
    static std::optional<Filter> parse(const QString &expression, FilterTarget target,
                                       std::optional<ParseError> *error);

    const QString &expression() const { return m_expression; }
    FilterTarget target() const { return m_target; }
    bool matches(FilterSubject &subject) const;
    // The same expression over the same target: they select the same rows.
    friend bool operator==(const Filter &a, const Filter &b)
    {
        return a.m_target == b.m_target && a.m_expression == b.m_expression;
    }
    friend bool operator!=(const Filter &a, const Filter &b) { return !(a == b); }
    // Whether the expression names `field` (a body path: FilterField::Body).
    bool usesField(FilterField field) const;
    // Whether what it selects changes with the session's marks, comments or time references.
    bool usesAnnotations() const;

private:
    QString m_expression;
    FilterTarget m_target = FilterTarget::Messages;
    std::shared_ptr<const Node> m_root;
    quint32 m_fieldsUsed = 0; // bits: 1 << FilterField
};

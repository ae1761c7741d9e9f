#pragma once

#include <QtCore/QList>

#include <functional>

// The rows of a table that can hide some of its items: maps rows to item indices and back.
// Items are numbered in order of arrival; the table looks at new ones in batches. Unfiltered,
// row n is item n and nothing is stored; filtered, a sorted list holds the item of each row.
class FilteredRows
{
public:
    using Predicate = std::function<bool(qsizetype item)>;

    // Shows every item seen so far.
    void showAll();
    // Shows the items seen so far that pass, and from now on only new ones that pass.
    void filter(const Predicate &passes);
    bool isFiltered() const { return m_filtered; }

    // Looks at the items up to `itemCount` (exclusive) and returns how many rows they add at
    // the end; commitNewItems() then adds them. A model calls beginInsertRows in between.
    int prepareNewItems(qsizetype itemCount);
    void commitNewItems();

    // Forgets every item (the items are numbered anew).
    void clear();

    qsizetype itemCount() const { return m_itemCount; }
    int rowCount() const { return int(m_filtered ? m_rows.size() : m_itemCount); }
    qsizetype item(int row) const;
    int rowOf(qsizetype item) const; // -1 when hidden or not seen yet

private:
    bool m_filtered = false;
    Predicate m_passes;
    qsizetype m_itemCount = 0;
    qsizetype m_pendingItemCount = 0;
    QList<qsizetype> m_rows;    // row -> item, only while filtered
    QList<qsizetype> m_pending; // rows prepared, not committed yet
};

#pragma once

#include <QtCore/QList>
#include <QtCore/Qt>

#include <functional>

// The rows of a table that can hide some of its items and sort the others: maps rows to item
// indices and back. Items are numbered in order of arrival; the table looks at new ones in
// batches. Unfiltered and in item order, row n is item n and nothing is stored; otherwise a list
// holds the item of each row.
class FilteredRows
{
public:
    using Predicate = std::function<bool(qsizetype item)>;
    using SortKey = std::function<qint64(qsizetype item)>;

    // Shows every item seen so far.
    void showAll();
    // Shows the items seen so far that pass, and from now on only new ones that pass.
    void filter(const Predicate &passes);
    bool isFiltered() const { return m_filtered; }

    // Orders the rows by `key` (ties keep their order of arrival), ascending or descending; a
    // null key: item order. A key is taken once per item, when the item arrives: it must not
    // change later.
    void setOrder(const SortKey &key, Qt::SortOrder order);
    bool isOrdered() const { return bool(m_key); }

    // In item order: looks at the items up to `itemCount` (exclusive) and returns how many rows
    // they add at the end; commitNewItems() then adds them. A model calls beginInsertRows in
    // between.
    int prepareNewItems(qsizetype itemCount);
    void commitNewItems();
    // Ordered: takes the items up to `itemCount` into their places (a model's layout change).
    void mergeNewItems(qsizetype itemCount);

    // Forgets every item (the items are numbered anew); the order stays.
    void clear();

    qsizetype itemCount() const { return m_itemCount; }
    int rowCount() const { return int(isListed() ? m_rows.size() : m_itemCount); }
    qsizetype item(int row) const;
    int rowOf(qsizetype item) const; // -1 when hidden or not seen yet

private:
    bool isListed() const { return m_filtered || isOrdered(); }
    bool comesBefore(qsizetype a, qsizetype b) const;
    void takeKeys(qsizetype itemCount);
    void sortRows();

    bool m_filtered = false;
    Predicate m_passes;
    SortKey m_key;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    QList<qint64> m_keys; // per item, while ordered
    qsizetype m_itemCount = 0;
    qsizetype m_pendingItemCount = 0;
    QList<qsizetype> m_rows;        // row -> item, while filtered or ordered
    QList<qsizetype> m_pending;     // rows prepared, not committed yet
    mutable QList<int> m_rowOfItem; // item -> row, while ordered (built when first asked)
};

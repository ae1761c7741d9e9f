#pragma once

#include "models/filteredrows.h"

#include <QtCore/QAbstractTableModel>

#include <functional>

// A table whose rows are FilteredRows (the timeline of reads, the timeline of messages): takes
// new items in batches, at the end (beginInsertRows) or, when sorted, into their places (a layout
// change), and keeps persistent indexes (the selection, the current row) on their items when
// the rows move.
class FilteredTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    // What sort() was last asked for: the number column, ascending, until then.
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

protected:
    // Takes the items up to `itemCount` (exclusive); false when there were none.
    bool takeNewItems(qsizetype itemCount);
    // Runs `change` (it may reorder the rows) as one layout change.
    void changeLayout(const std::function<void()> &change);

    FilteredRows m_rows; // row <-> item
    int m_sortColumn = 0;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

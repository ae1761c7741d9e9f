#include "models/filteredtablemodel.h"

int FilteredTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.rowCount();
}

bool FilteredTableModel::takeNewItems(qsizetype itemCount)
{
    if (itemCount <= m_rows.itemCount())
        return false;
    if (m_rows.isOrdered()) {
        changeLayout([&] { m_rows.mergeNewItems(itemCount); });
        return true;
    }
    const int first = m_rows.rowCount();
    const int added = m_rows.prepareNewItems(itemCount);
    if (added > 0)
        beginInsertRows(QModelIndex(), first, first + added - 1);
    m_rows.commitNewItems();
    if (added > 0)
        endInsertRows();
    return true;
}

void FilteredTableModel::changeLayout(const std::function<void()> &change)
{
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<qsizetype> items;
    items.reserve(before.size());
    for (const QModelIndex &index : before)
        items.append(index.isValid() ? m_rows.item(index.row()) : -1);
    change();
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        const int row = items.at(i) >= 0 ? m_rows.rowOf(items.at(i)) : -1;
        after.append(row >= 0 ? index(row, before.at(i).column()) : QModelIndex());
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

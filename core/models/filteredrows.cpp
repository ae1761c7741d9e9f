#include "models/filteredrows.h"

#include <algorithm>

void FilteredRows::showAll()
{
    m_filtered = false;
    m_passes = nullptr;
    m_rows.clear();
    if (isOrdered()) {
        for (qsizetype item = 0; item < m_itemCount; ++item)
            m_rows.append(item);
        sortRows();
    }
}

void FilteredRows::filter(const Predicate &passes)
{
    m_filtered = true;
    m_passes = passes;
    m_rows.clear();
    for (qsizetype item = 0; item < m_itemCount; ++item) {
        if (m_passes(item))
            m_rows.append(item);
    }
    sortRows();
}

void FilteredRows::setOrder(const SortKey &key, Qt::SortOrder order)
{
    m_key = key;
    m_order = order;
    m_keys.clear();
    takeKeys(m_itemCount);
    if (m_filtered) {
        filter(m_passes);
    } else {
        showAll();
    }
}

int FilteredRows::prepareNewItems(qsizetype itemCount)
{
    Q_ASSERT(!isOrdered());
    m_pendingItemCount = itemCount;
    m_pending.clear();
    if (!m_filtered)
        return int(std::max<qsizetype>(0, itemCount - m_itemCount));
    for (qsizetype item = m_itemCount; item < itemCount; ++item) {
        if (m_passes(item))
            m_pending.append(item);
    }
    return int(m_pending.size());
}

void FilteredRows::commitNewItems()
{
    m_itemCount = std::max(m_itemCount, m_pendingItemCount);
    m_rows.append(m_pending);
    m_pending.clear();
}

void FilteredRows::mergeNewItems(qsizetype itemCount)
{
    Q_ASSERT(isOrdered());
    if (itemCount <= m_itemCount)
        return;
    takeKeys(itemCount);
    const qsizetype kept = m_rows.size();
    for (qsizetype item = m_itemCount; item < itemCount; ++item) {
        if (!m_filtered || m_passes(item))
            m_rows.append(item);
    }
    m_itemCount = itemCount;
    const auto before = [this](qsizetype a, qsizetype b) { return comesBefore(a, b); };
    std::sort(m_rows.begin() + kept, m_rows.end(), before);
    std::inplace_merge(m_rows.begin(), m_rows.begin() + kept, m_rows.end(), before);
    m_rowOfItem.clear();
}

void FilteredRows::clear()
{
    m_itemCount = 0;
    m_pendingItemCount = 0;
    m_rows.clear();
    m_pending.clear();
    m_keys.clear();
    m_rowOfItem.clear();
}

qsizetype FilteredRows::item(int row) const
{
    return isListed() ? m_rows.at(row) : qsizetype(row);
}

int FilteredRows::rowOf(qsizetype item) const
{
    if (item < 0 || item >= m_itemCount)
        return -1;
    if (isOrdered()) {
        if (m_rowOfItem.size() != m_itemCount) {
            m_rowOfItem.fill(-1, m_itemCount);
            for (qsizetype row = 0; row < m_rows.size(); ++row)
                m_rowOfItem[m_rows.at(row)] = int(row);
        }
        return m_rowOfItem.at(item);
    }
    if (!m_filtered)
        return int(item);
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), item);
    return it != m_rows.cend() && *it == item ? int(it - m_rows.cbegin()) : -1;
}

bool FilteredRows::comesBefore(qsizetype a, qsizetype b) const
{
    const qint64 keyA = m_keys.at(a);
    const qint64 keyB = m_keys.at(b);
    if (keyA != keyB)
        return m_order == Qt::AscendingOrder ? keyA < keyB : keyA > keyB;
    return a < b; // ties in order of arrival, whichever the direction
}

void FilteredRows::takeKeys(qsizetype itemCount)
{
    if (!isOrdered())
        return;
    m_keys.reserve(itemCount);
    for (qsizetype item = m_keys.size(); item < itemCount; ++item)
        m_keys.append(m_key(item));
}

void FilteredRows::sortRows()
{
    m_rowOfItem.clear();
    if (isOrdered()) {
        std::stable_sort(m_rows.begin(), m_rows.end(),
                         [this](qsizetype a, qsizetype b) { return comesBefore(a, b); });
    }
}

#include "models/filteredrows.h"

#include <algorithm>

void FilteredRows::showAll()
{
    m_filtered = false;
    m_passes = nullptr;
    m_rows.clear();
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
}

int FilteredRows::prepareNewItems(qsizetype itemCount)
{
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

void FilteredRows::clear()
{
    m_itemCount = 0;
    m_pendingItemCount = 0;
    m_rows.clear();
    m_pending.clear();
}

qsizetype FilteredRows::item(int row) const
{
    return m_filtered ? m_rows.at(row) : qsizetype(row);
}

int FilteredRows::rowOf(qsizetype item) const
{
    if (!m_filtered)
        return item < m_itemCount ? int(item) : -1;
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), item);
    return it != m_rows.cend() && *it == item ? int(it - m_rows.cbegin()) : -1;
}

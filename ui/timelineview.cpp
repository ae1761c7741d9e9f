#include "timelineview.h"

#include "streamstyle.h"

#include <QtGui/QKeyEvent>
#include <QtWidgets/QHeaderView>

TimelineView::TimelineView(QWidget *parent)
    : QTableView(parent)
{
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    setShowGrid(false);
    setWordWrap(false);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    horizontalHeader()->setHighlightSections(false);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setItemDelegate(new StreamColorDelegate(this));
}

QItemSelectionModel::SelectionFlags TimelineView::selectionCommand(const QModelIndex &index,
                                                                   const QEvent *event) const
{
    // Ctrl+Home and Ctrl+End go to the first and the last row, selecting it as Home and End do
    // in a list. (Extended selection otherwise moves the current row alone when Ctrl is held.)
    if (event && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<const QKeyEvent *>(event);
        const bool homeOrEnd = key->key() == Qt::Key_Home || key->key() == Qt::Key_End;
        if (homeOrEnd && key->modifiers() == Qt::ControlModifier)
            return QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows;
    }
    return QTableView::selectionCommand(index, event);
}

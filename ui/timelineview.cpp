#include "timelineview.h"

#include "models/messagemodel.h"
#include "models/timelinemodel.h"
#include "streamstyle.h"

#include <QtGui/QKeyEvent>
#include <QtWidgets/QHeaderView>

TimelineView::TimelineView(QWidget *parent)
    : QTableView(parent)
{
    // The vertical header is the gutter: a row's mark and time reference, a click marks it.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setFixedWidth(fontMetrics().horizontalAdvance(QStringLiteral("\u25CF\u2691"))
                                    + 8);
    connect(verticalHeader(), &QHeaderView::sectionClicked, this, &TimelineView::gutterClicked);
    setShowGrid(false);
    setWordWrap(false);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    horizontalHeader()->setHighlightSections(false);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setItemDelegate(new StreamColorDelegate(this));
}

void TimelineView::showModel(FilteredTableModel *model)
{
    // The view makes a selection model per model and leaves the old one to us.
    QItemSelectionModel *oldSelection = selectionModel();
    setModel(model);
    delete oldSelection;
    QHeaderView *header = horizontalHeader();
    header->setStretchLastSection(true);
    header->setSortIndicator(model->sortColumn(), model->sortOrder());
    setSortingEnabled(true);
    if (qobject_cast<TimelineModel *>(model)) {
        header->resizeSection(TimelineModel::NumberColumn, 80);
        header->resizeSection(TimelineModel::TimeColumn, 130);
        header->resizeSection(TimelineModel::StreamColumn, 100);
        header->resizeSection(TimelineModel::LengthColumn, 80);
        header->resizeSection(TimelineModel::CommentColumn, 120);
    } else {
        header->resizeSection(MessageModel::NumberColumn, 60);
        header->resizeSection(MessageModel::TimeColumn, 110);
        header->resizeSection(MessageModel::StreamColumn, 90);
        header->resizeSection(MessageModel::KindColumn, 110);
        header->resizeSection(MessageModel::IdColumn, 50);
        header->resizeSection(MessageModel::MethodColumn, 210);
        header->resizeSection(MessageModel::SizeColumn, 60);
        header->resizeSection(MessageModel::LatencyColumn, 90);
        header->resizeSection(MessageModel::CommentColumn, 120);
    }
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

#pragma once

#include <QtWidgets/QTableView>

class FilteredTableModel;

// The timeline table: one row per read or message, in its stream's colour, rows selected whole,
// fixed row heights (inserting a batch then costs the same at a million rows as at ten; a
// QTreeView lays out every row again for each batch, as bench/guibench measured).
class TimelineView final : public QTableView
{
    Q_OBJECT

public:
    explicit TimelineView(QWidget *parent = nullptr);

    // Shows a timeline model (chunks or messages) with its columns' widths, sortable by a click
    // on a column. Each model keeps its own order; the last column takes the rest of the width.
    void showModel(FilteredTableModel *model);

signals:
    // A click in the gutter left of `row`.
    void gutterClicked(int row);

protected:
    QItemSelectionModel::SelectionFlags selectionCommand(const QModelIndex &index,
                                                         const QEvent *event) const override;
};

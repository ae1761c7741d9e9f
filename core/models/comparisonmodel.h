#pragma once

#include "replay/conversationdiff.h"

#include <QtCore/QAbstractTableModel>

// Two recordings of a conversation side by side, a row per aligned pair of messages
// (alignConversations()): which message, its row in each session, and whether and where they
// differ. The comparison view's table.
class ComparisonModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SideColumn, MessageColumn, ExpectedColumn, ActualColumn, ResultColumn };
    enum Role { DiffersRole = Qt::UserRole + 1 }; // bool: the row is a difference

    explicit ComparisonModel(QObject *parent = nullptr);

    // `expectedName`, `actualName`: the two sessions' column titles.
    void setComparison(const QList<MessageDifference> &aligned, const QString &expectedName,
                       const QString &actualName);
    const MessageDifference &pair(int row) const { return m_pairs.at(row); }
    qsizetype differenceCount() const;
    // The next row after `row` (or before it, going back) that is a difference; -1 when none.
    int nextDifference(int row, bool forward) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<MessageDifference> m_pairs;
    QString m_expectedName;
    QString m_actualName;
};

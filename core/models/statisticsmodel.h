#pragma once

#include <functional>

#include "messages/messagestatistics.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QList>

class SessionMessages;

// Per-method statistics of a session's messages, one row per method in order of first
// appearance. Latencies are shown with durationText(); SortRole gives numbers (ns for latencies,
// -1 when there is none) so that a proxy sorts them as such.
class StatisticsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        MethodColumn,
        RequestsColumn,
        NotificationsColumn,
        ErrorsColumn,
        PendingColumn,
        MinColumn,
        MedianColumn,
        P95Column,
        MaxColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1,
        SlowestRequestRole, // qsizetype: message row of the method's slowest request; -1 if none
    };

    explicit StatisticsModel(QObject *parent = nullptr);

    // nullptr empties the model. Resets it. `counted` (a capture filter) chooses the messages
    // that count; all of them when it is null.
    void setMessages(const SessionMessages *messages,
                     std::function<bool(qsizetype)> counted = nullptr);
    // Recomputes the statistics from the whole log (O(messages): at most about once a second on
    // a live session). Methods only ever get added at the end, so rows are updated and inserted,
    // not reset.
    void refresh();

    int rowCount(const QModelIndex &parent = QModelIndex()) const final;
    int columnCount(const QModelIndex &parent = QModelIndex()) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const final;

private:
    std::function<bool(qsizetype)> m_isCounted;
    const SessionMessages *m_messages = nullptr;
    QList<MethodStatistics> m_statistics;
};

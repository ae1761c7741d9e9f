#pragma once

#include <QtWidgets/QWidget>

#include <functional>

class LatencyPlot;
class QLabel;
class QModelIndex;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class SessionMessages;
class StatisticsModel;

// Per-method counts and latencies of a session's messages in a sortable table, and the selected
// method's latencies over time beside it. The slowest request of the selected method is one
// click away (the button, or a double-click on the row), any other one a click on its point.
class StatisticsPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit StatisticsPanel(QWidget *parent = nullptr);

    // A strip below the timeline: a few rows high, as wide as the window.
    QSize sizeHint() const override { return QSize(640, 160); }

    // `counted` (a capture filter) chooses the messages that count; null: all of them.
    void setMessages(const SessionMessages *messages,
                     std::function<bool(qsizetype)> counted = nullptr);
    // Recomputes the statistics (O(messages)): at most about once a second on a live session.
    void refresh();

signals:
    void messageActivated(qsizetype messageIndex);

private:
    qsizetype slowestRequest(const QModelIndex &index) const;
    void goToSlowest(const QModelIndex &index);
    void updateControls();
    void updatePlot();

    StatisticsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLabel *m_summary;
    QTableView *m_view;
    QPushButton *m_goToSlowest;
    LatencyPlot *m_plot;
    const SessionMessages *m_messages = nullptr;
    std::function<bool(qsizetype)> m_counted;
};

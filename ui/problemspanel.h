#pragma once

#include <QtWidgets/QWidget>

#include <functional>

class ProblemModel;
class QLabel;
class QModelIndex;
class QTreeView;
class SessionMessages;

// The problems found in a session's messages, grouped by kind under a one-line summary. Moving
// to a problem (click or keyboard) or activating it asks the window to show its message.
class ProblemsPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit ProblemsPanel(QWidget *parent = nullptr);

    // A strip below the timeline: a few rows high, as wide as the window.
    QSize sizeHint() const override { return QSize(640, 160); }

    // `counted` (a capture filter) chooses the messages that count; null: all of them.
    void setMessages(const SessionMessages *messages,
                     std::function<bool(qsizetype)> counted = nullptr);
    // The log grew: shows its new problems without losing the selection or scroll position.
    void refresh();
    qsizetype problemCount() const;

signals:
    void messageActivated(qsizetype messageIndex);

private:
    void problemChosen(const QModelIndex &index);
    void updateSummary();

    ProblemModel *m_model;
    QLabel *m_summary;
    QTreeView *m_view;
    bool m_hasMessages = false;
};

#pragma once

#include "filter/filter.h"
#include <QtCore/QObject>

#include <QtCore/QPointer>

#include <optional>

class FlowGraph;
class MarksPanel;
class ProblemsPanel;
class QDockWidget;
class QKeySequence;
class QMainWindow;
class QMenu;
class QTimer;
class SessionView;
class StatisticsPanel;

// The docks that summarise the session on screen: Problems and Statistics, the Flow Graph of the
// message timeline's rows, and the Marks (its marks, comments and time references). They read the
// view's messages, refresh on one slow clock while those grow (a refresh reads them all), and send
// the user to a message they pick.
class MessagePanels final : public QObject
{
    Q_OBJECT

public:
    // Adds the docks, hidden: Problems and Statistics below the window's central widget, the
    // Flow Graph on its right.
    explicit MessagePanels(QMainWindow *window);

    // View > Problems, View > Statistics and View > Flow Graph.
    void addMenuActions(QMenu *menu);
    // The session the panels summarise; null for none. Call it before that view goes.
    void setView(SessionView *view);
    bool isAnyVisible() const;
    // The capture filter (`pipescope --filter`): only the messages it selects count in both
    // panels, whose titles then say so. nullopt: every message.
    void setCaptureFilter(std::optional<Filter> filter);

    ProblemsPanel *problemsPanel() const { return m_problemsPanel; }
    StatisticsPanel *statisticsPanel() const { return m_statisticsPanel; }
    QDockWidget *problemsDock() const { return m_problemsDock; }
    QDockWidget *statisticsDock() const { return m_statisticsDock; }
    FlowGraph *flowGraph() const { return m_flowGraph; }
    QDockWidget *flowGraphDock() const { return m_flowGraphDock; }
    MarksPanel *marksPanel() const { return m_marksPanel; }
    QDockWidget *marksDock() const { return m_marksDock; }

private:
    void addPanelAction(QMenu *menu, QDockWidget *dock, const QString &text,
                        const QKeySequence &shortcut);
    void connectMessages();
    void refresh();
    void goToMessage(qsizetype messageIndex);

    QPointer<SessionView> m_view;
    ProblemsPanel *m_problemsPanel;
    StatisticsPanel *m_statisticsPanel;
    QDockWidget *m_problemsDock;
    QDockWidget *m_statisticsDock;
    FlowGraph *m_flowGraph;
    QDockWidget *m_flowGraphDock;
    bool m_flowGraphShown = false;
    MarksPanel *m_marksPanel;
    QDockWidget *m_marksDock;
    QTimer *m_refreshTimer;
    std::optional<Filter> m_captureFilter;
};

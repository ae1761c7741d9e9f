#pragma once

#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

class QTreeWidget;
class QTreeWidgetItem;
class SessionView;

// The Marks dock: every mark, comment and time reference of the session on screen, in session
// order, each with its record (and message) number, time and comment. A double click goes to the
// row, in the timeline shown (a message's annotation opens Messages mode when it has no record
// of its own).
class MarksPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit MarksPanel(QWidget *parent = nullptr);

    void setView(SessionView *view); // null: no session
    QTreeWidget *list() const { return m_list; }

private:
    void refresh();
    void goTo(QTreeWidgetItem *item);

    QPointer<SessionView> m_view;
    QTreeWidget *m_list;
};

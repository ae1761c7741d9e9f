#pragma once

#include <QtCore/QObject>
#include <QtCore/QPointer>

class QAction;
class QMenu;
class QWidget;
class SessionView;

// The Go menu (Wireshark's): back and forward through the rows selected, to a message or
// record by number, to a message's partner, to the next and previous problem and mark, and
// follow a request; for the session view on screen (setView()).
class GoMenu final : public QObject
{
    Q_OBJECT

public:
    GoMenu(QMenu *menu, QWidget *window);

    void setView(SessionView *view); // null: no session

private:
    void updateActions();
    void askForNumber();

    QWidget *m_window;
    QPointer<SessionView> m_view;
    QAction *m_back;
    QAction *m_forward;
    QList<QAction *> m_needView;
};

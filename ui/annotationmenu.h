#pragma once

#include <QtCore/QObject>
#include <QtCore/QPointer>

class QAction;
class QMenu;
class SessionView;

// Edit's Mark/Unmark (Ctrl+Space), Comment (Ctrl+Alt+C) and Time Reference (Ctrl+T), as in
// Wireshark, for the session view on screen (setView()).
class AnnotationMenu final : public QObject
{
    Q_OBJECT

public:
    AnnotationMenu(QMenu *menu, QObject *parent);

    void setView(SessionView *view); // null: no session

private:
    QPointer<SessionView> m_view;
    QList<QAction *> m_actions;
};

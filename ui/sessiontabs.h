#pragma once

#include <QtWidgets/QTabWidget>

class SessionView;

// The window's session views, a tab each (the tab bar shows once there are two): a monitor's
// followed sessions beside the one opened or launched. Opening or launching replaces the view
// on screen; the Sessions panel adds tabs.
class SessionTabs final : public QTabWidget
{
    Q_OBJECT

public:
    explicit SessionTabs(QWidget *parent = nullptr);

    SessionView *currentView() const;
    QList<SessionView *> views() const;
    // The tab showing this session file, if any.
    SessionView *viewOf(const QString &sessionFile) const;
    // Puts `view` where the current one is (deleting that one), or in a first tab.
    void replaceCurrent(SessionView *view);
    void add(SessionView *view);

signals:
    void currentViewChanged(SessionView *view); // null: no tab left
    // The tab's close button: the window decides (a launched program may still run).
    void closeRequested(SessionView *view);

private:
    void label(SessionView *view);
};

#pragma once

#include <QtCore/QObject>

#include <functional>
#include <memory>

class MonitorPresence;
class QAction;
class QMainWindow;
class SessionTabs;
class SessionView;
class SessionsPanel;
struct SessionViewOptions;

// The window as a monitor of every session on the machine: the Sessions dock (View > Sessions,
// `pipescope --monitor`), made when first shown, and a tab for each session it opens: followed
// through its file while a recorder writes it, read whole once it ended. Closing a tab never
// touches the session.
class SessionsMonitor final : public QObject
{
    Q_OBJECT

public:
    SessionsMonitor(QMainWindow *window, SessionTabs *tabs,
                    std::function<SessionViewOptions()> options);
    ~SessionsMonitor() override;

    QAction *toggleAction() const { return m_toggle; }
    // The dock, shown.
    SessionsPanel *show();
    // Shows the session's tab, opening one first. False (after failed()) when it cannot be read.
    bool open(const QString &sessionFile, const QString &registryEntry);

signals:
    void viewOpened(SessionView *view); // a new tab's view, for the window to add
    void failed(const QString &title, const QString &message);

private:
    QMainWindow *m_window;
    SessionTabs *m_tabs;
    std::function<SessionViewOptions()> m_options;
    SessionsPanel *m_panel = nullptr;
    std::unique_ptr<MonitorPresence> m_presence; // from the first show() on
    QAction *m_toggle;
};

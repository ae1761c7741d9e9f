#pragma once

#include "capture/stream.h"
#include "relay/launchrequest.h"
#include "sessionview.h"

#include <QtWidgets/QMainWindow>

class CaptureStore;
class QAction;
class FileCommands;
class InterceptPanel;
class MessagePanels;
class ChildStopper;
class ProxySession;
class QMenu;
class QStackedWidget;
class QToolBar;
class RecentFiles;
class ReplayMenu;
class SessionsMonitor;
class SessionTabs;
class StatusLine;
class GoMenu;
class AnnotationMenu;
class ViewMenu;
class WelcomePage;

// The frame: menus, the toolbar, the Problems and Statistics docks, the status line, and the
// session views, a tab each (or the welcome page). Every per-session job is the SessionView's; the
// window turns menu choices into calls on it and keeps the menus in step with it.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    using TimelineUnit = SessionView::TimelineUnit;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows a live proxy session that belongs to the caller (proxy mode).
    void showLiveSession(ProxySession *session);
    // Shows a store that is being recorded into.
    void showLiveStore(CaptureStore *store);
    // Opens a saved session. False (after telling the user) when it cannot be read, or when the
    // user would rather keep a launched program that still runs.
    bool openFile(const QString &path);
    // Starts a program whose stdin is the input bar; the window owns that session. A program
    // launched before that still runs is ended, once the user agrees.
    bool launch(const LaunchRequest &request);
    void showLaunchDialog();
    void setTimelineUnit(TimelineUnit unit);
    TimelineUnit timelineUnit() const { return m_unit; }
    // How streams are cut into messages (--framing); Auto detects.
    void setFramingChoice(const FramingChoice &choice);

    // The Sessions dock and the tabs it opens (`pipescope --monitor`, View > Sessions).
    SessionsMonitor *monitor() const { return m_monitor; }
    SessionTabs *sessionTabs() const { return m_tabs; }
    // The session on screen; null on the welcome page.
    SessionView *sessionView() const { return m_view; }
    MessagePanels *messagePanels() const { return m_panels; }
    InterceptPanel *interceptPanel() const { return m_intercept; }
    // Save As, Export, Save Selected Bytes and Copy Bytes for the session on screen.
    FileCommands *fileCommands() const { return m_files; }
    // Replay Against and Compare Sessions.
    ReplayMenu *replayMenu() const { return m_replayMenu; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    bool mayDiscardEveryTabsAnnotations(const QString &action);
    void createFileMenu(QToolBar *toolBar);
    void createEditMenu(QToolBar *toolBar);
    void createViewMenu(QToolBar *toolBar);
    // Puts `view` in the place of the one on screen (which ends), or adds a tab for it.
    void setSessionView(SessionView *view);
    void addSessionTab(SessionView *view);
    void connectView(SessionView *view);
    void showView(SessionView *view);
    void closeTab(SessionView *view);
    void syncActions();
    void rebuildChildMenu();
    void rebuildRecentMenu();
    void openDialog();
    void chooseFont();
    void showError(const QString &title, const QString &message);
    bool startProgram(const LaunchRequest &request);
    // The program the session on screen launched, while it runs.
    ProxySession *runningLaunchedChild() const;
    // True unless such a program runs and the user, asked, would rather keep it than go on
    // with `action` ("Quitting").
    bool mayEndLaunchedChild(const QString &action);
    // Ends it, if it runs, and returns once its exit is recorded.
    void endLaunchedChild();

    QStackedWidget *m_pages;
    WelcomePage *m_welcome;
    SessionTabs *m_tabs;
    SessionsMonitor *m_monitor = nullptr;
    SessionView *m_view = nullptr; // the current tab's
    StatusLine *m_statusLine;
    RecentFiles *m_recentFiles;
    FileCommands *m_files;
    ChildStopper *m_closingStopper = nullptr; // while the window waits for a launched child
    bool m_launchedChildStopped = false;
    MessagePanels *m_panels;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_childMenu = nullptr;
    QAction *m_copyRowsAction = nullptr;
    ViewMenu *m_viewMenu = nullptr;
    InterceptPanel *m_intercept = nullptr;
    GoMenu *m_goMenu = nullptr;
    AnnotationMenu *m_annotationMenu = nullptr;
    ReplayMenu *m_replayMenu = nullptr;
    // The unit of the view on screen, and the one a session opened or launched starts in.
    TimelineUnit m_unit = TimelineUnit::Chunks;
    FramingChoice m_framingChoice;
};

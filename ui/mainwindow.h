#pragma once

#include "capture/stream.h"
#include "cli/sessionexporter.h"
#include "codec/bytesformat.h"
#include "relay/launchrequest.h"
#include "sessionview.h"

#include <QtWidgets/QMainWindow>

class CaptureStore;
class ChildStopper;
class ProblemsPanel;
class ProxySession;
class QActionGroup;
class QDockWidget;
class QMenu;
class QStackedWidget;
class QToolBar;
class RecentFiles;
class StatisticsPanel;
class StatusLine;
class WelcomePage;
struct CommandResult;

// The frame: menus, the toolbar, the Problems and Statistics docks, the status line, and the
// session view on screen (or the welcome page). Every per-session job is the SessionView's; the
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
    // Opens a saved session. False (after telling the user) when it cannot be read.
    bool openFile(const QString &path);
    // Starts a program whose stdin is the input bar; the window owns that session.
    bool launch(const LaunchRequest &request);
    void showLaunchDialog();
    // Writes a copy of the session as it is now (mode 0600); a live one keeps recording.
    bool saveSessionAs(const QString &path);
    // Writes the selected rows' bytes, concatenated, to `path`.
    bool saveSelectedBytes(const QString &path);
    // Writes the session's messages as JSON Lines (what `pipescope export --messages` writes).
    bool exportMessages(const QString &path);
    // Writes the session as `pipescope export` would (all streams unless `stream` is given).
    bool exportSession(const QString &path, ExportFormat format,
                       std::optional<Stream> stream = std::nullopt);

    void setTimelineUnit(TimelineUnit unit);
    TimelineUnit timelineUnit() const;
    // How streams are cut into messages (--framing); Auto detects.
    void setFramingChoice(const FramingChoice &choice);

    // The session on screen; null on the welcome page.
    SessionView *sessionView() const { return m_view; }
    ProblemsPanel *problemsPanel() const { return m_problemsPanel; }
    StatisticsPanel *statisticsPanel() const { return m_statisticsPanel; }
    QDockWidget *problemsDock() const { return m_problemsDock; }
    QDockWidget *statisticsDock() const { return m_statisticsDock; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createFileMenu(QToolBar *toolBar);
    void createEditMenu(QToolBar *toolBar);
    void createViewMenu(QToolBar *toolBar);
    void createPanels();
    void setSessionView(SessionView *view);
    SessionViewOptions viewOptions() const;
    void connectMessagePanels();
    void refreshMessagePanels();
    void syncActions();
    void rebuildChildMenu();
    void rebuildRecentMenu();
    void openDialog();
    void saveAs();
    void exportAs(ExportFormat format, std::optional<Stream> stream);
    void exportMessagesAs();
    // Runs a command that writes `path`; tells the user how it went. True when it worked.
    bool runCommand(const QString &title, const QString &path,
                    const std::function<CommandResult(QIODevice *)> &write);
    void copyBytes(BytesFormat format);
    void saveBytes();
    void chooseFont();
    void showError(const QString &title, const QString &message);

    QStackedWidget *m_pages;
    WelcomePage *m_welcome;
    SessionView *m_view = nullptr;
    StatusLine *m_statusLine;
    RecentFiles *m_recentFiles;
    ChildStopper *m_closingStopper = nullptr; // while the window waits for a launched child
    bool m_launchedChildStopped = false;
    ProblemsPanel *m_problemsPanel;
    StatisticsPanel *m_statisticsPanel;
    QDockWidget *m_problemsDock;
    QDockWidget *m_statisticsDock;
    QTimer *m_panelRefresh;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_childMenu = nullptr;
    QActionGroup *m_timeGroup = nullptr;
    QActionGroup *m_displayGroup = nullptr;
    QActionGroup *m_framingGroup = nullptr;
    QAction *m_messagesAction = nullptr;
    QAction *m_wrapAction = nullptr;
    PerStreamWithEvents<QAction *> m_streamToggles;
    FramingChoice m_framingChoice;
};

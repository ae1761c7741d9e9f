#pragma once

#include "childexit.h"
#include "framing.h"
#include "launchrequest.h"
#include "searchhits.h"

#include <QtWidgets/QMainWindow>

#include <memory>
#include <optional>

class CaptureStore;
class DetailPane;
class MessageFilterBar;
class MessageModel;
class ProblemsPanel;
class QAbstractItemModel;
class QDockWidget;
class StatisticsPanel;
class InputBar;
class QListWidget;
class QStackedWidget;
class SearchBar;
class StreamBytes;
class StreamSearch;
class ProxySession;
class QActionGroup;
class QLabel;
class QTableView;
class TimelineModel;

// The window: the session's timeline on top, the selected bytes below, and the status of the
// child. Shows a live proxy session (the session belongs to the caller) or a saved file.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    // What a timeline row is: a chunk as read, or a framed message.
    enum class TimelineUnit { Chunks, Messages };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows a live session: the timeline follows it as it grows, the status bar shows the child.
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

    void setTimelineUnit(TimelineUnit unit);
    TimelineUnit timelineUnit() const { return m_unit; }
    // How streams are cut into messages (--framing); Auto detects.
    void setFramingChoice(const FramingChoice &choice);
    // Shows a message in Messages mode, clearing filters that hide it.
    void goToMessage(qsizetype messageRow);

    // For tests and the status bar.
    TimelineModel *timelineModel() const { return m_model; }
    MessageModel *messageModel() const { return m_messageModel; }
    MessageFilterBar *messageFilterBar() const { return m_filterBar; }
    ProblemsPanel *problemsPanel() const { return m_problemsPanel; }
    StatisticsPanel *statisticsPanel() const { return m_statisticsPanel; }
    QDockWidget *problemsDock() const { return m_problemsDock; }
    QDockWidget *statisticsDock() const { return m_statisticsDock; }
    QTableView *timelineView() const { return m_timeline; }
    DetailPane *detailPane() const { return m_detail; }
    InputBar *inputBar() const { return m_inputBar; }
    SearchBar *searchBar() const { return m_searchBar; }
    qsizetype hitCount() const { return m_hits.size(); }

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createMessageActions(QMenu *view, QToolBar *toolBar);
    void createPanels();
    void setStore(CaptureStore *store, bool live);
    void setTimelineModel(QAbstractItemModel *model);
    void ensureMessageModel();
    void connectMessagePanels();
    void refreshMessagePanels();
    void applyMessageFilter();
    QList<qsizetype> messagesWithHits() const;
    void showSelection();
    void selectPartner();
    void showMessageSelection();
    void followTail();
    void updateStatus();
    void onChildStarted(qint64 pid);
    void onChildFinished(ChildExit exit);
    void openDialog();
    void saveAs();
    void exportAs(int format, int stream);
    void addRecentFile(const QString &path);
    void rebuildRecentMenu();
    void showError(const QString &title, const QString &message);
    QWidget *createWelcomePage();
    void startSearch();
    void searchFinished(const StreamSearchResults &results);
    void goToHit(qsizetype index);
    void selectTimelineRows(const QList<int> &rows);
    QList<qsizetype> selectedRecords() const;
    void selectRecords(QList<qsizetype> records);
    void applyMatchFilter();
    void clearSearch();
    void copyBytes(int format);
    void saveBytes();
    void chooseFont();
    void setBytesPerRow(int bytesPerRow);
    void setTimelineFont(const QFont &font);
    void updateConversationStreams();
    void connectInputBar();

    std::unique_ptr<CaptureStore> m_loadedStore; // a saved session we opened
    std::unique_ptr<ProxySession> m_launchedSession; // a program we started
    LaunchRequest m_lastLaunch;
    CaptureStore *m_store = nullptr;
    ProxySession *m_session = nullptr;
    TimelineModel *m_model = nullptr;
    QStackedWidget *m_pages;
    QListWidget *m_welcomeRecent = nullptr;
    QTableView *m_timeline;
    InputBar *m_inputBar;
    SearchBar *m_searchBar;
    StreamSearch *m_search;
    std::array<std::shared_ptr<const StreamBytes>, 3> m_searchStreams; // being searched
    StreamSequences m_searchSequences; // what the current hits refer to
    QList<SearchHit> m_hits;
    qsizetype m_currentHit = -1;
    DetailPane *m_detail;
    QLabel *m_childStatus;
    QLabel *m_byteCounts;
    QLabel *m_filePath;
    QMenu *m_recentMenu = nullptr;
    QActionGroup *m_timeGroup = nullptr;
    QActionGroup *m_displayGroup = nullptr;
    MessageModel *m_messageModel = nullptr; // made when Messages mode or a panel needs it
    TimelineUnit m_unit = TimelineUnit::Chunks;
    FramingChoice m_framingChoice;
    bool m_storeGrowing = false;
    bool m_selectingRows = false; // the window, not the user, is selecting
    QList<qsizetype> m_pendingRecords; // to select as messages once decoded (selectRecords)
    MessageFilterBar *m_filterBar;
    ProblemsPanel *m_problemsPanel;
    StatisticsPanel *m_statisticsPanel;
    QDockWidget *m_problemsDock = nullptr;
    QDockWidget *m_statisticsDock = nullptr;
    QTimer *m_panelRefresh;
    QAction *m_messagesAction = nullptr;
    std::array<QAction *, streamCount> m_streamToggles{};
    QActionGroup *m_framingGroup = nullptr;
    bool m_followTail = true;
    QString m_childState;
    qint64 m_lastTotalBytes = 0; // for the rate in the status bar
    qint64 m_lastStatusMs = 0;
};

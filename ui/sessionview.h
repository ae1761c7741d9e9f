#pragma once

#include "capture/stream.h"
#include "cli/sessioncommands.h"
#include "detailpane.h"
#include "messages/framing.h"
#include "models/timelinetext.h"
#include "relay/launchrequest.h"
#include "timelineview.h"

#include <QtWidgets/QWidget>

#include <memory>

class CaptureStore;
class ChildLink;
class FollowedSession;
class QAbstractItemModel;
class FilterBar;
class InputBar;
class Interception;
class MessageFilterBar;
class MessageModel;
class FilteredTableModel;
class HiddenRowsNote;
class ProxySession;
class SearchBar;
class SearchController;
class SessionAnnotations;
class SessionNavigator;
class SessionMessages;
class TimelineModel;
class TrafficStrip;

// How a session view starts: what the window's View menu says for every session.
struct SessionViewOptions
{
    TimeDisplay timeDisplay = TimeDisplay::Relative;
    FramingChoice framing;
    DetailPane::DisplayMode displayMode = DetailPane::DisplayMode::Hex; // for reads
    PerStreamWithEvents<bool> visibleStreams{true};
    QFont font;
    int bytesPerRow = 16;
};

// One session on screen: the timeline of its reads or of its messages, the detail pane, and the
// bars that act on them (search, message filter, the input bar of a launched program).
//
// It owns both models and keeps in one place what the two timelines share (which streams show,
// how time is shown, the framing, the search and its filter), so that switching between reads
// and messages never finds them disagreeing. Deleting it ends it: a saved session's store and a
// launched program's session go with it (the program is killed if it still runs; stop it first
// with ChildStopper to give it SIGTERM); a followed session stays its owner's.
class SessionView : public QWidget
{
    Q_OBJECT

public:
    // What a timeline row is: a chunk as read, or a framed message.
    enum class TimelineUnit { Chunks, Messages };

    // A saved session, or a store the caller keeps alive and records into (`growing`).
    SessionView(std::unique_ptr<CaptureStore> saved, const SessionViewOptions &options,
                QWidget *parent = nullptr);
    SessionView(CaptureStore *growing, const SessionViewOptions &options,
                QWidget *parent = nullptr);
    // A live proxy session that belongs to the caller (proxy mode).
    SessionView(ProxySession *followed, const SessionViewOptions &options,
                QWidget *parent = nullptr);
    // A session another pipescope records, followed through its file (a monitor's tab). The view
    // owns the following, never the session: deleting it leaves the recorder alone.
    SessionView(std::unique_ptr<FollowedSession> followed, const SessionViewOptions &options,
                QWidget *parent = nullptr);
    // A program launched from the window: the view owns its session and talks to it through
    // the input bar.
    SessionView(std::unique_ptr<ProxySession> launched, const LaunchRequest &request,
                const SessionViewOptions &options, QWidget *parent = nullptr);
    ~SessionView() override;

    CaptureStore *store() const { return m_store; }
    ProxySession *proxySession() const; // null for a saved session
    FollowedSession *followedSession() const { return m_followed.get(); }
    bool ownsSession() const { return m_ownedSession != nullptr; }
    bool isGrowing() const { return m_growing; }
    // "running, pid 42", "exited with code 0", "saved session".
    QString childState() const;

    void setTimelineUnit(TimelineUnit unit);
    TimelineUnit timelineUnit() const { return m_unit; }
    // Messages as soon as the session shows it speaks JSON-RPC or msgpack-rpc (speaksRpc), as a
    // saved one opens: now, or for a session too new to tell, when its first bytes come.
    void showMessagesWhenRpc();
    void setTimeDisplay(TimeDisplay display);
    void setStreamVisible(Stream stream, bool visible);
    bool isStreamVisible(Stream stream) const { return m_visibleStreams[stream]; }
    void setFramingChoice(const FramingChoice &choice);
    const FramingChoice &framingChoice() const { return m_framing; }
    // The detail pane's mode for reads (Decoded Message switches to messages).
    void setDisplayMode(DetailPane::DisplayMode mode);
    void setViewFont(const QFont &font);

    // Shows a message in Messages mode, clearing filters that hide it.
    void goToMessage(qsizetype messageIndex) { goTo(TimelineUnit::Messages, messageIndex); }
    // Shows a message or a record, in the timeline of that unit, clearing filters that hide it.
    void goTo(TimelineUnit unit, qsizetype item);
    // The timeline's current row as a message or record index (by the unit shown); -1: none.
    qsizetype currentItem() const;
    SessionNavigator *navigator() const { return m_navigator; }
    TrafficStrip *trafficStrip() const { return m_trafficStrip; }
    SearchController *search() const { return m_search.get(); }
    SessionAnnotations *annotations() const { return m_annotations; }
    // Every stream, no message filter, search's Only matching rows off.
    void showEverything();
    // The search's next or previous match, or the next row its filter expression selects.
    void findNext();
    void findPrevious();
    void activateSearch();

    // The message layer, made when Messages mode or a panel first needs it.
    MessageModel *ensureMessageModel();
    const SessionMessages *messages() const;

    TimelineModel *timelineModel() const { return m_model.get(); }
    MessageModel *messageModel() const { return m_messageModel.get(); }
    QTableView *timelineView() const { return m_timeline; }
    DetailPane *detailPane() const { return m_detail; }
    SearchBar *searchBar() const { return m_searchBar; }
    MessageFilterBar *messageFilterBar() const { return m_filterBar; }
    FilterBar *filterBar() const { return m_expressionBar; }
    InputBar *inputBar() const; // null unless launched from the window
    // The breakpoints and held messages of a session this window relays (a program launched
    // here, a proxy with its window); null for one only followed or saved.
    Interception *interception() const;
    qsizetype hitCount() const;
    // Selects these rows of the timeline (-1s are skipped) and shows the first. The view's own
    // selection: partners are not added to it.
    void selectTimelineRows(const QList<int> &rows);

    // The timeline's rows: how many show, of how many records or messages it has taken.
    struct RowCount
    {
        qsizetype shown = 0;
        qsizetype total = 0;
    };
    RowCount rowCount() const;

signals:
    void childStateChanged();
    // The streams shown changed, by the user or to show a message they hid.
    void streamVisibilityChanged(Stream stream, bool visible);
    void timelineUnitChanged(SessionView::TimelineUnit unit);
    // The timeline's current row moved: to this message or record (-1: none).
    void currentItemChanged(SessionView::TimelineUnit unit, qsizetype item);
    // A new decoding started (a new SessionMessages); panels showing the old one must switch.
    void messagesReset();
    void messagesGrew();
    // rowCount() changed: rows arrived, or a filter or the unit changed what shows.
    void rowCountChanged();
    // Restart: the same launch again, in a new view.
    void restartRequested(const LaunchRequest &request);

private:
    SessionView(CaptureStore *store, SessionGrowth growth, const SessionViewOptions &options,
                QWidget *parent);
    void followSession(ProxySession *session);
    void endGrowth(); // nothing more will come
    void setTimelineModel(FilteredTableModel *model);
    void applyMessageFilter();
    // The search's "only matching rows" and the filter bar's expression, on the timeline shown.
    void applyFilters();
    void showSelection();
    void selectPartner();
    void showMessageSelection();
    void followTail();
    void updateConversationStreams();
    QList<qsizetype> selectedRecords() const;
    void selectRecords(QList<qsizetype> records);

    // Members go in reverse order, and before the child widgets: the store and the session
    // outlive the models and the search that read them. (A view whose model goes first shows
    // nothing, as Qt promises.)
    std::unique_ptr<CaptureStore> m_ownedStore;
    std::unique_ptr<ProxySession> m_ownedSession;
    std::unique_ptr<FollowedSession> m_followed;
    CaptureStore *m_store;
    std::unique_ptr<TimelineModel> m_model;
    std::unique_ptr<MessageModel> m_messageModel;
    std::unique_ptr<SearchController> m_search;

    TimelineView *m_timeline;
    DetailPane *m_detail;
    SearchBar *m_searchBar;
    FilterBar *m_expressionBar;
    MessageFilterBar *m_filterBar;
    HiddenRowsNote *m_hiddenNote;
    SessionNavigator *m_navigator;
    SessionAnnotations *m_annotations;
    TrafficStrip *m_trafficStrip;
    ChildLink *m_child = nullptr; // a live session's program

    TimelineUnit m_unit = TimelineUnit::Chunks;
    DetailPane::DisplayMode m_displayMode;
    TimeDisplay m_timeDisplay;
    FramingChoice m_framing;
    PerStreamWithEvents<bool> m_visibleStreams;
    bool m_growing;
    bool m_followTail = true;
    QMetaObject::Connection m_rpcWatch; // showMessagesWhenRpc() waiting for bytes
    bool m_selectingRows = false;       // the view, not the user, is selecting
    QList<qsizetype> m_pendingRecords;  // to select as messages once decoded (selectRecords)
};

#include "sessionview.h"

#include "capture/capturestore.h"
#include "capture/chunksequence.h"
#include "capture/followedsession.h"
#include "childlink.h"
#include "filterbar.h"
#include "hexview.h"
#include "hiddenrowsnote.h"
#include "inputbar.h"
#include "intercept/interception.h"
#include "messagebodyview.h"
#include "messagedetails.h"
#include "messagefilterbar.h"
#include "messages/framingdetector.h"
#include "messages/sessionmessages.h"
#include "models/messagemodel.h"
#include "models/timelinemodel.h"
#include "relay/proxysession.h"
#include "searchbar.h"
#include "searchcontroller.h"
#include "sessionannotations.h"
#include "sessionnavigator.h"
#include "settings.h"
#include "timelineview.h"
#include "trafficstrip.h"

#include <QtGui/QFontMetrics>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

namespace {

// The detail pane's bytes for a selection of messages: at most this much.
constexpr qint64 maxMessageSelectionBytes = 64 * 1024 * 1024;

} // namespace

SessionView::SessionView(CaptureStore *store, SessionGrowth growth,
                         const SessionViewOptions &options, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_model(std::make_unique<TimelineModel>(store))
    , m_timeline(new TimelineView(this))
    , m_detail(new DetailPane(this))
    , m_searchBar(new SearchBar(this))
    , m_expressionBar(new FilterBar(this))
    , m_filterBar(new MessageFilterBar(this))
    , m_hiddenNote(new HiddenRowsNote(m_timeline->viewport()))
    , m_navigator(new SessionNavigator(this))
    , m_annotations(new SessionAnnotations(this))
    , m_trafficStrip(new TrafficStrip(store, this))
    , m_displayMode(options.displayMode)
    , m_timeDisplay(options.timeDisplay)
    , m_framing(options.framing)
    , m_visibleStreams(options.visibleStreams)
    , m_growing(growth == SessionGrowth::Growing)
{
    // Follow new rows while scrolled to the bottom; stop when the user scrolls up.
    connect(m_timeline->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        m_followTail = value == m_timeline->verticalScrollBar()->maximum();
    });

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_timeline);
    splitter->addWidget(m_detail);
    // The timeline is what people scan: it gets most of the height, until the user moves the
    // split (kept between runs).
    splitter->setStretchFactor(0, 7);
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_searchBar);
    m_searchBar->hide();
    layout->addWidget(m_expressionBar);
    layout->addWidget(m_filterBar);
    m_filterBar->hide(); // Messages mode only
    layout->addWidget(m_trafficStrip);
    connect(m_trafficStrip, &TrafficStrip::timeClicked, m_navigator, &SessionNavigator::goToTime);
    connect(m_timeline, &TimelineView::gutterClicked, m_annotations,
            &SessionAnnotations::toggleMark);
    layout->addWidget(splitter, 1);
    if (!splitter->restoreState(Settings().splitterState()))
        splitter->setSizes({700, 300});
    connect(splitter, &QSplitter::splitterMoved, this,
            [splitter] { Settings().setSplitterState(splitter->saveState()); });

    setViewFont(options.font);
    m_detail->hexView()->setBytesPerRow(options.bytesPerRow);
    m_detail->setDisplayMode(m_displayMode);

    m_model->setTimeDisplay(m_timeDisplay);
    m_model->setLive(m_growing);
    for (const Stream stream : allStreams)
        m_model->setStreamVisible(stream, m_visibleStreams[stream]);
    // Queued: the table must have taken the new rows in before it can scroll to them.
    connect(m_model.get(), &QAbstractItemModel::rowsInserted, this, &SessionView::followTail,
            Qt::QueuedConnection);
    connect(m_model.get(), &QAbstractItemModel::rowsInserted, m_detail,
            &DetailPane::updateConversation);
    connect(m_model.get(), &TimelineModel::recordsTaken, this, &SessionView::rowCountChanged);
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, &SessionView::rowCountChanged);
    connect(this, &SessionView::rowCountChanged, this, [this] {
        const RowCount rows = rowCount();
        m_hiddenNote->update(rows.shown, rows.total,
                             m_unit == TimelineUnit::Messages ? tr("messages") : tr("records"));
    });
    connect(m_hiddenNote, &HiddenRowsNote::showEverythingRequested, this,
            &SessionView::showEverything);
    setTimelineModel(m_model.get());
    updateConversationStreams();

    connect(m_filterBar, &MessageFilterBar::filterChanged, this, &SessionView::applyMessageFilter);
    connect(m_expressionBar, &FilterBar::filterApplied, this, &SessionView::applyFilters);
    m_expressionBar->setMessagesSource([this] { return messages(); });
    m_search = std::make_unique<SearchController>(store, m_searchBar);
    connect(m_searchBar, &SearchBar::nextRequested, this, &SessionView::findNext);
    connect(m_searchBar, &SearchBar::previousRequested, this, &SessionView::findPrevious);
    connect(m_searchBar, &SearchBar::filterToggled, this, &SessionView::applyFilters);
    connect(m_search.get(), &SearchController::hitsChanged, this, [this] {
        applyFilters();
        m_detail->setHighlight(0, 0);
        m_detail->messageView()->setSearchPattern(m_search->pattern());
    });
    connect(m_search.get(), &SearchController::foundHits, m_navigator,
            &SessionNavigator::goToFirstHit);
}

SessionView::SessionView(std::unique_ptr<CaptureStore> saved, const SessionViewOptions &options,
                         QWidget *parent)
    : SessionView(saved.get(), SessionGrowth::Ended, options, parent)
{
    m_ownedStore = std::move(saved);
    // As Wireshark opens a capture: at the top, the first row selected.
    m_followTail = false;
    if (m_model->rowCount() > 0) {
        m_timeline->selectionModel()->setCurrentIndex(
            m_model->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
}

SessionView::SessionView(CaptureStore *growing, const SessionViewOptions &options, QWidget *parent)
    : SessionView(growing, SessionGrowth::Growing, options, parent)
{
}

SessionView::SessionView(ProxySession *followed, const SessionViewOptions &options, QWidget *parent)
    : SessionView(&followed->store(), SessionGrowth::Growing, options, parent)
{
    followSession(followed);
}

SessionView::SessionView(std::unique_ptr<FollowedSession> followed,
                         const SessionViewOptions &options, QWidget *parent)
    : SessionView(&followed->store(),
                  followed->isRecording() ? SessionGrowth::Growing : SessionGrowth::Ended, options,
                  parent)
{
    m_followed = std::move(followed);
    connect(m_followed.get(), &FollowedSession::stateChanged, this,
            &SessionView::childStateChanged);
    connect(m_followed.get(), &FollowedSession::finished, this, &SessionView::endGrowth);
}

SessionView::SessionView(std::unique_ptr<ProxySession> launched, const LaunchRequest &request,
                         const SessionViewOptions &options, QWidget *parent)
    : SessionView(&launched->store(), SessionGrowth::Growing, options, parent)
{
    m_ownedSession = std::move(launched);
    followSession(m_ownedSession.get());
    layout()->addWidget(m_child->createInputBar(this, request));
    m_child->inputBar()->lineEdit()->setFocus();
}

SessionView::~SessionView() = default;

void SessionView::followSession(ProxySession *session)
{
    m_child = new ChildLink(session, this);
    connect(m_child, &ChildLink::stateChanged, this, &SessionView::childStateChanged);
    connect(m_child, &ChildLink::restartRequested, this, &SessionView::restartRequested);
    connect(m_child, &ChildLink::finished, this, &SessionView::endGrowth);
}

void SessionView::endGrowth()
{
    // The message view can call open requests unanswered now.
    m_growing = false;
    if (m_messageModel)
        m_messageModel->setLive(false);
}

QString SessionView::childState() const
{
    if (m_followed)
        return m_followed->state();
    return m_child ? m_child->state() : tr("saved session");
}

ProxySession *SessionView::proxySession() const
{
    return m_child ? m_child->session() : nullptr;
}

Interception *SessionView::interception() const
{
    // Whoever made the session gave it its Interception as a child (MainWindow, app/main.cpp).
    ProxySession *session = proxySession();
    return session ? session->findChild<Interception *>(QString(), Qt::FindDirectChildrenOnly)
                   : nullptr;
}

InputBar *SessionView::inputBar() const
{
    return m_child ? m_child->inputBar() : nullptr;
}

MessageModel *SessionView::ensureMessageModel()
{
    if (m_messageModel)
        return m_messageModel.get();
    m_messageModel = std::make_unique<MessageModel>(m_store, m_framing);
    m_messageModel->setTimeDisplay(m_timeDisplay);
    for (const Stream stream : allStreams)
        m_messageModel->setStreamVisible(stream, m_visibleStreams[stream]);
    m_messageModel->setLive(m_growing);
    connect(m_messageModel.get(), &QAbstractItemModel::rowsInserted, this, &SessionView::followTail,
            Qt::QueuedConnection);
    connect(m_messageModel.get(), &QAbstractItemModel::modelReset, this,
            &SessionView::rowCountChanged);
    connect(m_messageModel.get(), &MessageModel::messagesChanged, this, [this] {
        m_filterBar->countNewMessages(); // a batch at a time: a refresh need not count them all
        if (!m_pendingRecords.isEmpty() && m_unit == TimelineUnit::Messages)
            selectRecords(m_pendingRecords);
        emit messagesGrew();
        emit rowCountChanged();
    });
    connect(m_messageModel.get(), &MessageModel::filteringChanged, m_expressionBar,
            &FilterBar::setBusy);
    connect(m_messageModel.get(), &MessageModel::decodingComplete, this, [this] {
        if (m_filterBar->isVisible())
            m_filterBar->refresh();
        emit messagesGrew();
    });
    m_filterBar->setMessages(&m_messageModel->messages());
    emit messagesReset();
    return m_messageModel.get();
}

const SessionMessages *SessionView::messages() const
{
    return m_messageModel ? &m_messageModel->messages() : nullptr;
}

qsizetype SessionView::hitCount() const
{
    return m_search->hits().size();
}

SessionView::RowCount SessionView::rowCount() const
{
    if (m_unit == TimelineUnit::Messages)
        return {m_messageModel->rowCount(), m_messageModel->publishedCount()};
    return {m_model->rowCount(), m_model->recordCount()};
}

void SessionView::setTimelineUnit(TimelineUnit unit)
{
    if (unit == m_unit)
        return;
    // What was selected stays selected: a message's chunks, or the messages in the chunks.
    const QList<qsizetype> records = selectedRecords();
    m_unit = unit;
    m_filterBar->setVisible(unit == TimelineUnit::Messages);
    m_expressionBar->setTarget(unit == TimelineUnit::Messages ? FilterTarget::Messages
                                                              : FilterTarget::Chunks);
    if (unit == TimelineUnit::Messages) {
        setTimelineModel(ensureMessageModel());
        m_filterBar->refresh();
        m_detail->setDisplayMode(DetailPane::DisplayMode::Message);
    } else {
        setTimelineModel(m_model.get());
        m_detail->setDisplayMode(m_displayMode);
    }
    applyFilters();
    selectRecords(records);
    emit timelineUnitChanged(unit);
    emit rowCountChanged();
}

void SessionView::showMessagesWhenRpc()
{
    const auto decide = [this] {
        // speaksRpc() reads no further than this: a session of more says no more than it did.
        constexpr qsizetype decidingRecords = 4096;
        if (speaksRpc(*m_store)) {
            disconnect(m_rpcWatch);
            setTimelineUnit(TimelineUnit::Messages);
        } else if (!m_growing || m_store->count() >= decidingRecords) {
            disconnect(m_rpcWatch);
        }
    };
    m_rpcWatch = connect(m_model.get(), &TimelineModel::recordsTaken, this, decide);
    // What the user chooses meanwhile stands.
    connect(
        this, &SessionView::timelineUnitChanged, this, [this] { disconnect(m_rpcWatch); },
        Qt::SingleShotConnection);
    decide();
}

void SessionView::setTimeDisplay(TimeDisplay display)
{
    // Both timelines: switching to the other one shows the same clock.
    m_timeDisplay = display;
    m_model->setTimeDisplay(display);
    if (m_messageModel)
        m_messageModel->setTimeDisplay(display);
}

void SessionView::setStreamVisible(Stream stream, bool visible)
{
    if (m_visibleStreams[stream] == visible)
        return;
    m_visibleStreams[stream] = visible;
    m_model->setStreamVisible(stream, visible);
    if (m_messageModel)
        m_messageModel->setStreamVisible(stream, visible);
    updateConversationStreams();
    emit streamVisibilityChanged(stream, visible);
}

void SessionView::setFramingChoice(const FramingChoice &choice)
{
    m_framing = choice;
    if (!m_messageModel)
        return;
    m_messageModel->setFramingChoice(choice);
    // The model decodes anew into new messages: what shows them starts over.
    m_filterBar->setMessages(&m_messageModel->messages());
    emit messagesReset();
    applyMessageFilter();
}

void SessionView::setDisplayMode(DetailPane::DisplayMode mode)
{
    if (mode == DetailPane::DisplayMode::Message) {
        setTimelineUnit(TimelineUnit::Messages); // only messages decode
        return;
    }
    m_displayMode = mode;
    m_detail->setDisplayMode(mode);
}

void SessionView::setViewFont(const QFont &font)
{
    m_timeline->setFont(font);
    m_timeline->verticalHeader()->setDefaultSectionSize(QFontMetrics(font).height() + 4);
    m_detail->setFont(font);
}

void SessionView::setTimelineModel(FilteredTableModel *model)
{
    m_timeline->showModel(model);
    connect(m_timeline->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SessionView::showSelection);
    connect(m_timeline->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { emit currentItemChanged(m_unit, currentItem()); });
    m_detail->setSource(nullptr);
    m_detail->setMessages({});
    followTail();
}

void SessionView::applyMessageFilter()
{
    if (!m_messageModel)
        return;
    MessageFilter filter = m_filterBar->filter();
    if (m_unit == TimelineUnit::Messages)
        filter.expression = m_expressionBar->applied();
    if (m_search->isFiltering())
        filter.rows = m_search->messagesWithHits(m_messageModel->messages());
    if (filter == m_messageModel->filter())
        return;
    // A new filter resets the model, and a reset clears the selection without saying so: the
    // selected messages that pass stay selected, and the detail pane must not go on showing one
    // the timeline no longer has.
    QList<qsizetype> selected;
    if (m_unit == TimelineUnit::Messages) {
        for (const QModelIndex &index : m_timeline->selectionModel()->selectedRows())
            selected.append(m_messageModel->messageIndex(index.row()));
    }
    m_messageModel->setFilter(filter);
    if (m_unit != TimelineUnit::Messages)
        return;
    const auto reselect = [this, selected] {
        QList<int> rows;
        for (const qsizetype messageIndex : selected)
            rows.append(m_messageModel->rowOfMessage(messageIndex));
        selectTimelineRows(rows);
        showSelection();
    };
    if (!m_messageModel->isFiltering())
        reselect(); // else once the rows are there (BackgroundFilter)
    else
        connect(m_messageModel.get(), &MessageModel::filteringChanged, this, reselect,
                Qt::SingleShotConnection);
}

void SessionView::applyFilters()
{
    if (m_unit == TimelineUnit::Messages) {
        applyMessageFilter();
        return;
    }
    m_model->setExpression(m_expressionBar->applied());
    if (m_search->isFiltering())
        m_model->setRecordFilter(m_search->recordsWithHits());
    else
        m_model->setRecordFilter(std::nullopt);
}

void SessionView::goTo(TimelineUnit unit, qsizetype item)
{
    setTimelineUnit(unit);
    const auto rowOf = [&] {
        return unit == TimelineUnit::Messages ? m_messageModel->rowOfMessage(item)
                                              : m_model->rowOfRecord(item);
    };
    if (rowOf() < 0)
        showEverything(); // rather than nothing, and the toggles say so
    const int row = rowOf();
    if (row < 0)
        return;
    m_followTail = false;
    const QModelIndex index = m_timeline->model()->index(row, 0);
    m_timeline->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect
                                                             | QItemSelectionModel::Rows);
    m_timeline->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

qsizetype SessionView::currentItem() const
{
    const QModelIndex current = m_timeline->currentIndex();
    if (!current.isValid())
        return -1;
    return m_unit == TimelineUnit::Messages ? m_messageModel->messageIndex(current.row())
                                            : m_model->recordIndex(current.row());
}

void SessionView::showEverything()
{
    m_expressionBar->applyExpression(QString());
    m_filterBar->reset();
    m_searchBar->setFilterOn(false);
    if (m_messageModel)
        m_messageModel->setFilter(MessageFilter());
    m_model->setRecordFilter(std::nullopt);
    for (const Stream stream : allStreams)
        setStreamVisible(stream, true);
}

void SessionView::showSelection()
{
    if (!m_selectingRows)
        m_pendingRecords.clear(); // the user's choice wins over a selection still to be made
    if (m_unit == TimelineUnit::Messages) {
        if (!m_selectingRows)
            selectPartner();
        showMessageSelection();
        return;
    }
    QList<qsizetype> records;
    const QModelIndexList rows = m_timeline->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        records.append(m_model->recordIndex(row.row()));
    std::sort(records.begin(), records.end());
    m_detail->setSource(
        records.isEmpty() ? nullptr : std::make_shared<ChunkSequence>(m_store, std::move(records)));
}

// A request and its response go together: selecting one selects the other as well.
void SessionView::selectPartner()
{
    QItemSelectionModel *selection = m_timeline->selectionModel();
    const QModelIndexList selected = selection->selectedRows();
    if (selected.size() != 1)
        return;
    const qsizetype messageIndex = m_messageModel->messageIndex(selected.first().row());
    const qint32 partner = m_messageModel->messages().log().at(messageIndex).partner;
    const int partnerRow = partner >= 0 ? m_messageModel->rowOfMessage(partner) : -1;
    if (partnerRow < 0)
        return;
    m_selectingRows = true;
    selection->select(m_messageModel->index(partnerRow, 0),
                      QItemSelectionModel::Select | QItemSelectionModel::Rows);
    m_selectingRows = false;
}

void SessionView::showMessageSelection()
{
    QItemSelectionModel *selection = m_timeline->selectionModel();
    const SessionMessages &messages = m_messageModel->messages();
    QList<qsizetype> selected;
    for (const QModelIndex &index : selection->selectedRows())
        selected.append(m_messageModel->messageIndex(index.row()));
    std::sort(selected.begin(), selected.end());
    // Hex and Text show the selected messages' bytes, one after the other.
    m_detail->setSource(selected.isEmpty() ? nullptr
                                           : std::make_shared<MemoryByteSource>(messageBytes(
                                               messages, selected, maxMessageSelectionBytes)));
    // Decoded Message shows the one the user picked (the current row), or else the first.
    const QModelIndex current = selection->currentIndex();
    qsizetype shown = -1;
    if (current.isValid() && selection->isRowSelected(current.row()))
        shown = m_messageModel->messageIndex(current.row());
    else if (!selected.isEmpty())
        shown = selected.first();
    if (shown < 0) {
        m_detail->setMessages({});
        return;
    }
    const DecodedExchange exchange = decodedExchange(messages, shown);
    m_detail->setMessages(exchange.messages, exchange.current);
}

void SessionView::followTail()
{
    if (m_followTail)
        m_timeline->scrollToBottom();
}

void SessionView::updateConversationStreams()
{
    m_detail->setConversation(m_store, m_visibleStreams);
}

void SessionView::activateSearch()
{
    m_searchBar->activate();
}

void SessionView::findNext()
{
    m_navigator->find(true);
}

void SessionView::findPrevious()
{
    m_navigator->find(false);
}

void SessionView::selectTimelineRows(const QList<int> &rows)
{
    QAbstractItemModel *model = m_timeline->model();
    QItemSelection selection;
    for (const int row : rows) {
        if (row >= 0)
            selection.select(model->index(row, 0), model->index(row, model->columnCount() - 1));
    }
    m_selectingRows = true;
    m_timeline->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    m_selectingRows = false;
    if (selection.isEmpty())
        return;
    m_followTail = false;
    m_timeline->selectionModel()->setCurrentIndex(selection.first().topLeft(),
                                                  QItemSelectionModel::NoUpdate);
    m_timeline->scrollTo(selection.first().topLeft());
}

// The store records behind the timeline's selection: the selected chunks, or the chunks that
// carried the selected messages.
QList<qsizetype> SessionView::selectedRecords() const
{
    QList<qsizetype> records;
    for (const QModelIndex &row : m_timeline->selectionModel()->selectedRows()) {
        if (m_unit == TimelineUnit::Messages)
            records
                += m_messageModel->messages().recordsOf(m_messageModel->messageIndex(row.row()));
        else
            records.append(m_model->recordIndex(row.row()));
    }
    std::sort(records.begin(), records.end());
    records.erase(std::unique(records.begin(), records.end()), records.end());
    return records;
}

// Selects what holds these records in the current unit: the chunks themselves, or the messages
// their bytes belong to. Messages not decoded yet are selected once they are, unless another
// selection is made first.
void SessionView::selectRecords(QList<qsizetype> records) // a copy: m_pendingRecords is cleared
{
    m_pendingRecords.clear();
    if (records.isEmpty())
        return;
    QList<int> rows;
    if (m_unit == TimelineUnit::Chunks) {
        for (const qsizetype record : records)
            rows.append(m_model->rowOfRecord(record));
        selectTimelineRows(rows);
        return;
    }
    const SessionMessages &messages = m_messageModel->messages();
    QList<qsizetype> holding;
    for (const qsizetype record : records)
        holding += messages.messagesOfRecord(record);
    const bool decoded = records.last() < messages.decodedRecords()
                         && (holding.isEmpty() || m_messageModel->isPublished(holding.last()));
    if (!decoded && !m_messageModel->isComplete()) {
        m_pendingRecords = records;
        return;
    }
    for (const qsizetype messageIndex : holding)
        rows.append(m_messageModel->rowOfMessage(messageIndex));
    selectTimelineRows(rows);
}

#include "models/messagemodel.h"

#include "capture/capturestore.h"
#include "capture/sessionevent.h"
#include "filter/filtersubject.h"
#include "messages/messageinfo.h"
#include "messages/messagestatistics.h"
#include "messages/sessionmessages.h"
#include "models/backgroundfilter.h"

#include <QtCore/QDateTime>
#include <QtCore/QElapsedTimer>
#include <QtCore/QThread>
#include <QtCore/QTimer>

#include <algorithm>
#include <limits>
#include <memory>
#include <numeric>

namespace {

constexpr int liveIntervalMs = 33;
// Between slices while catching up. Not 0: Qt may fire a zero timer again in the same pass over
// its due timers, running slices back to back while nothing else gets a turn.
constexpr int catchUpIntervalMs = 1;
// How long one slice of decoding may hold the event loop.
constexpr qint64 sliceBudgetNs = 15 * 1000000;
constexpr qsizetype recordsPerCheck = 256;

bool isError(const MessageRecord &record)
{
    return record.kind == MessageKind::ErrorResponse || record.problems != 0;
}

} // namespace

MessageModel::MessageModel(const CaptureStore *store, const FramingChoice &choice, QObject *parent)
    : FilteredTableModel(parent)
    , m_store(store)
    , m_messages(std::make_unique<SessionMessages>(store, choice))
    , m_decodeTimer(new QTimer(this))
    , m_filterSubject(std::make_unique<MessageSubject>(*m_messages))
    , m_annotations(store)
    , m_backgroundFilter(new BackgroundFilter(this))
{
    m_decodeTimer->setTimerType(Qt::PreciseTimer);
    m_decodeTimer->setInterval(catchUpIntervalMs);
    connect(m_decodeTimer, &QTimer::timeout, this, &MessageModel::decodeSlice);
    m_decodeTimer->start();
}

MessageModel::~MessageModel()
{
    // Before the messages it reads go with the members (the filter, a child, would go after).
    m_backgroundFilter->cancel();
}

void MessageModel::setLive(bool live)
{
    m_live = live;
    m_caughtUp = false; // the store may have grown since the last slice
    m_decodeTimer->setInterval(live ? liveIntervalMs : catchUpIntervalMs);
    if (!m_decodeTimer->isActive())
        m_decodeTimer->start();
}

void MessageModel::setFramingChoice(const FramingChoice &choice)
{
    if (choice == m_messages->choice())
        return;
    cancelBackgroundFilter(); // it reads the messages about to go
    beginResetModel();
    m_messages = std::make_unique<SessionMessages>(m_store, choice);
    m_summaries.clear();
    m_caughtUp = false;
    m_finished = false;
    m_publishClock.invalidate();
    m_rows.clear();
    m_rows.setOrder(sortKey(m_sortColumn, m_sortOrder), m_sortOrder); // over the new log
    m_filter.method = -1; // method indices belong to the old decoding
    m_filter.rows.reset();
    m_expressionMatches.clear();
    m_filterSubject = std::make_unique<MessageSubject>(*m_messages);
    applyFilter();
    endResetModel();
    m_decodeTimer->setInterval(catchUpIntervalMs);
    m_decodeTimer->start();
    // No messagesChanged() here: whoever summarises the log still holds the old one, now
    // deleted, until the caller hands it messages() again. The new log's rows announce
    // themselves as they are decoded.
}

FramingChoice MessageModel::framingChoice() const
{
    return m_messages->choice();
}

bool MessageModel::isComplete() const
{
    return m_finished;
}

void MessageModel::decodeSlice()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_caughtUp && !m_live) {
        // Ending the streams, and what listens for the end, get a slice of their own.
        m_messages->finish();
        m_finished = true;
        m_decodeTimer->stop();
        publishNewMessages();
        emit decodingComplete();
        return;
    }
    QElapsedTimer timer;
    timer.start();
    m_caughtUp = false;
    while (timer.nsecsElapsed() < sliceBudgetNs) {
        if (m_messages->decodeMore(recordsPerCheck) < recordsPerCheck) {
            m_caughtUp = true;
            break;
        }
    }
    if (m_caughtUp && m_live) {
        m_messages->idle(QDateTime::currentMSecsSinceEpoch() * 1000000);
        m_decodeTimer->setInterval(liveIntervalMs);
    }
    // While catching up, rows go to the view at the live rate: each batch costs the view a
    // layout and a paint, which would otherwise slow the catching up by half.
    if (m_caughtUp || !m_publishClock.isValid() || m_publishClock.elapsed() >= liveIntervalMs) {
        m_publishClock.start();
        publishNewMessages();
    }
}

void MessageModel::publishNewMessages()
{
    const qsizetype count = m_messages->log().count();
    const bool changed = count != m_rows.itemCount() || m_finished;
    if (count > m_rows.itemCount()) {
        if (m_rows.itemCount() == 0)
            m_originNs = m_store->count() > 0 ? m_store->record(0).timestampNs : 0;
        // A response gives its request a latency: sorted by latency, the keys are taken anew.
        if (m_sortColumn == LatencyColumn) {
            changeLayout([&] {
                m_rows.mergeNewItems(count);
                m_rows.setOrder(sortKey(m_sortColumn, m_sortOrder), m_sortOrder);
            });
        } else {
            takeNewItems(count);
        }
    }
    if (changed && rowCount() > 0) {
        // A response pairs an earlier request; the end makes open requests unanswered.
        emit dataChanged(index(0, KindColumn), index(rowCount() - 1, LatencyColumn));
    }
    if (changed)
        emit messagesChanged();
}

void MessageModel::setTimeDisplay(TimeDisplay display)
{
    if (display == m_timeDisplay)
        return;
    m_timeDisplay = display;
    if (rowCount() > 0)
        emit dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn));
}

void MessageModel::setStreamVisible(Stream stream, bool visible)
{
    if (m_visible[stream] == visible)
        return;
    beginResetModel();
    m_visible[stream] = visible;
    applyFilter();
    endResetModel();
}

void MessageModel::setFilter(const MessageFilter &filter)
{
    if (filter == this->filter())
        return;
    cancelBackgroundFilter();
    // Below this many, matching takes less than a frame: no thread needed.
    constexpr qsizetype backgroundFrom = 50000;
    if (filter.expression && filter.expression != m_filter.expression && m_finished
        && m_rows.itemCount() >= backgroundFrom) {
        m_pendingFilter = filter;
        emit filteringChanged(true);
        m_backgroundFilter->start(*filter.expression, *m_messages, m_rows.itemCount(),
                                  [this](std::vector<bool> matches) {
                                      m_expressionMatches = std::move(matches);
                                      beginResetModel();
                                      m_filter = *std::exchange(m_pendingFilter, std::nullopt);
                                      applyFilter();
                                      endResetModel();
                                      emit filteringChanged(false);
                                  });
        return;
    }
    if (filter.expression != m_filter.expression)
        m_expressionMatches.clear();
    beginResetModel();
    m_filter = filter;
    applyFilter();
    endResetModel();
}

void MessageModel::reloadAnnotations()
{
    m_annotations.reload();
    m_filterSubject->setAnnotations(m_annotations.all(), m_annotations.timeReferences());
    if (m_filter.expression && m_filter.expression->usesAnnotations()) {
        m_expressionMatches.clear(); // a background run's answers are out of date
        changeLayout([this] { applyFilter(); });
    } else if (rowCount() > 0) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        emit headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
    }
}

Annotation MessageModel::annotation(qsizetype messageIndex) const
{
    return m_annotations.all().isEmpty() ? Annotation()
                                         : m_annotations.at(m_messages->anchorOf(messageIndex));
}

void MessageModel::cancelBackgroundFilter()
{
    if (!m_pendingFilter)
        return;
    m_backgroundFilter->cancel();
    m_pendingFilter.reset();
    emit filteringChanged(false);
}

void MessageModel::applyFilter()
{
    const bool allVisible = std::find(m_visible.begin(), m_visible.end(), false) == m_visible.end();
    if (allVisible && m_filter.method < 0 && !m_filter.kind && !m_filter.errorsOnly
        && !m_filter.rows && !m_filter.expression) {
        m_rows.showAll();
        return;
    }
    m_rows.filter([this](qsizetype messageIndex) { return passes(messageIndex); });
}

bool MessageModel::passes(qsizetype messageIndex) const
{
    const MessageLog &log = m_messages->log();
    const MessageRecord &record = log.at(messageIndex);
    if (!m_visible[record.stream])
        return false;
    if (m_filter.kind && record.kind != *m_filter.kind)
        return false;
    if (m_filter.errorsOnly && !isError(record))
        return false;
    if (m_filter.method >= 0 && log.effectiveMethod(messageIndex) != m_filter.method)
        return false;
    if (m_filter.rows
        && !std::binary_search(m_filter.rows->cbegin(), m_filter.rows->cend(), messageIndex)) {
        return false;
    }
    if (!m_filter.expression)
        return true;
    if (messageIndex < qsizetype(m_expressionMatches.size()))
        return m_expressionMatches[size_t(messageIndex)];
    m_filterSubject->setMessage(messageIndex);
    return m_filter.expression->matches(*m_filterSubject);
}

qsizetype MessageModel::messageIndex(int row) const
{
    return m_rows.item(row);
}

int MessageModel::rowOfMessage(qsizetype messageIndex) const
{
    return m_rows.rowOf(messageIndex);
}

int MessageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const MessageLog &log = m_messages->log();
    const qsizetype row = messageIndex(index.row());
    const MessageRecord &record = log.at(row);
    const Annotation annotation = this->annotation(row);
    if (const QVariant value
        = RowAnnotations::data(annotation, role, index.column() == CommentColumn);
        value.isValid()) {
        return value;
    }
    switch (role) {
    case StreamRole:
        return QVariant::fromValue(record.stream);
    case MessageIndexRole:
        return QVariant::fromValue(row);
    case HasProblemRole:
        return record.problems != 0;
    case InterceptedRole:
        return record.kind == MessageKind::Event
               && SessionEvent::isIntercepted(m_messages->eventPayload(row));
    case Qt::ToolTipRole: {
        QStringList problems;
        for (int problem = 0; problem < problemKindCount; ++problem) {
            if (record.hasProblem(ProblemKind(problem)))
                problems.append(QString::fromLatin1(problemName(ProblemKind(problem))));
        }
        return problems.isEmpty() ? QVariant() : QVariant(problems.join(QStringLiteral("; ")));
    }
    case Qt::TextAlignmentRole:
        return index.column() == NumberColumn || index.column() == TimeColumn
                       || index.column() == SizeColumn || index.column() == LatencyColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::DisplayRole:
        switch (index.column()) {
        case NumberColumn:
            return qint64(row) + 1;
        case TimeColumn:
            return timeText(index.row(), record, annotation);
        case StreamColumn:
            return streamLabel(record.stream);
        case KindColumn:
            return QString(QString::fromLatin1(messageKindName(record.kind))
                           + (record.problems ? QStringLiteral(" ⚠") : QString()));
        case IdColumn:
            return QString::fromUtf8(log.idText(record));
        case MethodColumn:
            return QString::fromUtf8(log.methodName(log.effectiveMethod(row)));
        case SizeColumn:
            return record.kind == MessageKind::Event ? QVariant() : QVariant(record.size());
        case LatencyColumn:
            return latencyText(row, record);
        case SummaryColumn:
            return summary(row);
        }
    }
    return QVariant();
}

void MessageModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    changeLayout([&] { m_rows.setOrder(sortKey(column, order), order); });
}

FilteredRows::SortKey MessageModel::sortKey(int column, Qt::SortOrder order) const
{
    const MessageLog *log = &m_messages->log();
    switch (column) {
    case TimeColumn:
        return [log](qsizetype message) { return log->at(message).timestampNs; };
    case StreamColumn:
        return [log](qsizetype message) { return qint64(log->at(message).stream); };
    case KindColumn:
        return [log](qsizetype message) { return qint64(log->at(message).kind); };
    case IdColumn: // numbers by value; string ids after them, by first appearance
        return [log](qsizetype message) {
            const MessageRecord &record = log->at(message);
            switch (record.idKind) {
            case MessageRecord::IdKind::None:
                return std::numeric_limits<qint64>::min();
            case MessageRecord::IdKind::Number:
                return std::clamp<qint64>(record.id, std::numeric_limits<qint64>::min() / 2,
                                          std::numeric_limits<qint64>::max() / 2);
            case MessageRecord::IdKind::String:
                return std::numeric_limits<qint64>::max() / 2 + record.id + 1;
            }
            return qint64(0);
        };
    case MethodColumn: {
        // By name: each method's rank among the names known now (a method first seen later
        // sorts after them).
        QList<qint32> methods(log->methodCount());
        std::iota(methods.begin(), methods.end(), 0);
        std::sort(methods.begin(), methods.end(),
                  [log](qint32 a, qint32 b) { return log->methodName(a) < log->methodName(b); });
        auto rank = std::make_shared<QList<qint64>>(methods.size());
        for (qsizetype i = 0; i < methods.size(); ++i)
            (*rank)[methods.at(i)] = i;
        return [log, rank](qsizetype message) {
            const qint32 method = log->effectiveMethod(message);
            if (method < 0)
                return qint64(-1);
            return method < rank->size() ? rank->at(method) : qint64(rank->size()) + method;
        };
    }
    case SizeColumn:
        return [log](qsizetype message) { return log->at(message).size(); };
    case LatencyColumn: // unanswered and unpaired messages last, whichever the direction
        return [log, order](qsizetype message) {
            const MessageRecord &record = log->at(message);
            qint64 latency = -1;
            if (record.isResponse())
                latency = log->latencyNs(message);
            else if (record.kind == MessageKind::Request && record.partner >= 0)
                latency = log->latencyNs(record.partner);
            if (latency < 0)
                return order == Qt::AscendingOrder ? std::numeric_limits<qint64>::max()
                                                   : std::numeric_limits<qint64>::min();
            return latency;
        };
    default: // the number, and the summary (read from the bodies: no order worth the cost)
        if (order == Qt::DescendingOrder)
            return [](qsizetype message) { return qint64(message); };
        return nullptr;
    }
}

QString MessageModel::summary(qsizetype messageIndex) const
{
    if (const QString *cached = m_summaries.object(messageIndex))
        return *cached;
    const QString text = messageInfo(*m_messages, messageIndex);
    m_summaries.insert(messageIndex, new QString(text));
    return text;
}

QString MessageModel::latencyText(qsizetype messageIndex, const MessageRecord &record) const
{
    const MessageLog &log = m_messages->log();
    if (record.isResponse())
        return durationText(log.latencyNs(messageIndex));
    if (record.kind != MessageKind::Request)
        return QString();
    if (record.partner >= 0)
        return durationText(log.latencyNs(record.partner));
    if (record.cancelled)
        return QStringLiteral("cancelled");
    return m_finished ? QStringLiteral("never answered") : QStringLiteral("pending");
}

QVariant MessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical && section >= 0 && section < rowCount())
        return RowAnnotations::gutter(annotation(messageIndex(section)), role);
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case NumberColumn:
        return QStringLiteral("#");
    case TimeColumn:
        return timeHeader(m_timeDisplay);
    case StreamColumn:
        return QStringLiteral("Stream");
    case KindColumn:
        return QStringLiteral("Kind");
    case IdColumn:
        return QStringLiteral("Id");
    case MethodColumn:
        return QStringLiteral("Method");
    case SizeColumn:
        return QStringLiteral("Size");
    case LatencyColumn:
        return QStringLiteral("Latency");
    case CommentColumn:
        return QStringLiteral("Comment");
    case SummaryColumn:
        return QStringLiteral("Summary");
    }
    return QVariant();
}

QString MessageModel::timeText(int row, const MessageRecord &record,
                               const Annotation &annotation) const
{
    const qint64 previousNs
        = row == 0 ? record.timestampNs : m_messages->log().at(messageIndex(row - 1)).timestampNs;
    return m_annotations.timeText(m_timeDisplay, annotation, record.timestampNs, m_originNs,
                                  previousNs);
}

#include "models/timelinemodel.h"

#include "capture/capturestore.h"
#include "capture/sessionevent.h"
#include "codec/textescape.h"
#include "filter/filtersubject.h"

#include <QtCore/QThread>
#include <QtCore/QTimer>

namespace {

// New rows at most this often: a live stream stays readable and the view stays smooth.
constexpr int refreshIntervalMs = 33;
// The preview shows the start of a chunk only.
constexpr qsizetype previewBytes = 160;

} // namespace

TimelineModel::TimelineModel(const CaptureStore *store, QObject *parent)
    : FilteredTableModel(parent)
    , m_store(store)
    , m_annotations(store)
{
    refresh();
}

void TimelineModel::reloadAnnotations()
{
    m_annotations.reload();
    if (m_filterSubject)
        m_filterSubject->setAnnotations(m_annotations.all(), m_annotations.timeReferences());
    if (m_expression && m_expression->usesAnnotations()) {
        changeLayout([this] { applyFilter(); });
    } else if (rowCount() > 0) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        emit headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
    }
}

TimelineModel::~TimelineModel() = default;

void TimelineModel::setLive(bool live)
{
    if (live && !m_liveTimer) {
        m_liveTimer = new QTimer(this);
        m_liveTimer->setInterval(refreshIntervalMs);
        connect(m_liveTimer, &QTimer::timeout, this, &TimelineModel::refresh);
        m_liveTimer->start();
    } else if (!live && m_liveTimer) {
        delete m_liveTimer;
        m_liveTimer = nullptr;
        refresh();
    }
}

void TimelineModel::refresh()
{
    Q_ASSERT(QThread::currentThread() == thread());
    const qsizetype count = m_store->count();
    if (count == m_rows.itemCount())
        return;
    if (m_rows.itemCount() == 0)
        m_originNs = m_store->record(0).timestampNs;
    takeNewItems(count);
    emit recordsTaken();
}

void TimelineModel::sort(int column, Qt::SortOrder order)
{
    FilteredRows::SortKey key;
    switch (column) {
    case TimeColumn:
        key = [this](qsizetype record) { return m_store->record(record).timestampNs; };
        break;
    case StreamColumn:
        key = [this](qsizetype record) { return qint64(m_store->record(record).stream); };
        break;
    case LengthColumn:
        key = [this](qsizetype record) { return qint64(m_store->record(record).length); };
        break;
    default: // the number, and the data (no order worth the cost)
        if (order == Qt::DescendingOrder)
            key = [](qsizetype record) { return qint64(record); };
        break;
    }
    m_sortColumn = column;
    m_sortOrder = order;
    changeLayout([&] { m_rows.setOrder(key, order); });
}

void TimelineModel::setTimeDisplay(TimeDisplay display)
{
    if (display == m_timeDisplay)
        return;
    m_timeDisplay = display;
    if (rowCount() > 0)
        emit dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn));
}

void TimelineModel::setStreamVisible(Stream stream, bool visible)
{
    if (m_visible[stream] == visible)
        return;
    beginResetModel();
    m_visible[stream] = visible;
    applyFilter();
    endResetModel();
}

void TimelineModel::setRecordFilter(std::optional<QList<qsizetype>> records)
{
    beginResetModel();
    m_recordFilter = std::move(records);
    applyFilter();
    endResetModel();
}

void TimelineModel::setExpression(std::optional<Filter> expression)
{
    if (expression == m_expression)
        return;
    beginResetModel();
    m_expression = std::move(expression);
    m_filterSubject = std::make_unique<ChunkSubject>(*m_store);
    applyFilter();
    endResetModel();
}

void TimelineModel::applyFilter()
{
    const bool allVisible = std::find(m_visible.begin(), m_visible.end(), false) == m_visible.end();
    if (allVisible && !m_recordFilter && !m_expression) {
        m_rows.showAll();
        return;
    }
    m_rows.filter([this](qsizetype recordIndex) {
        const ChunkRecord record = m_store->record(recordIndex);
        if (!m_visible[record.stream])
            return false;
        if (m_recordFilter
            && !std::binary_search(m_recordFilter->cbegin(), m_recordFilter->cend(), recordIndex)) {
            return false;
        }
        if (!m_expression)
            return true;
        m_filterSubject->setRecord(record);
        return m_expression->matches(*m_filterSubject);
    });
}

qsizetype TimelineModel::recordIndex(int row) const
{
    return m_rows.item(row);
}

int TimelineModel::rowOfRecord(qsizetype recordIndex) const
{
    return m_rows.rowOf(recordIndex);
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const qsizetype recordIndex = this->recordIndex(index.row());
    const ChunkRecord record = m_store->record(recordIndex);
    const Annotation annotation = m_annotations.at({recordIndex, 0});
    if (const QVariant value
        = RowAnnotations::data(annotation, role, index.column() == CommentColumn);
        value.isValid()) {
        return value;
    }
    switch (role) {
    case StreamRole:
        return QVariant::fromValue(record.stream);
    case RecordIndexRole:
        return QVariant::fromValue(recordIndex);
    case TimestampRole:
        return record.timestampNs;
    case InterceptedRole:
        return record.stream == Stream::Event
               && SessionEvent::isIntercepted(m_store->payload(record));
    case Qt::TextAlignmentRole:
        return index.column() == PreviewColumn || index.column() == StreamColumn
                       || index.column() == CommentColumn
                   ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::DisplayRole:
        switch (index.column()) {
        case NumberColumn:
            return qint64(record.seq) + 1;
        case TimeColumn:
            return timeText(index.row(), record, annotation);
        case StreamColumn:
            return streamLabel(record.stream);
        case LengthColumn:
            return record.stream == Stream::Event ? QVariant() : QVariant(record.length);
        case PreviewColumn:
            return preview(recordIndex, record);
        }
    }
    return QVariant();
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical && section >= 0 && section < rowCount())
        return RowAnnotations::gutter(m_annotations.at({recordIndex(section), 0}), role);
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case NumberColumn:
        return QStringLiteral("#");
    case TimeColumn:
        return timeHeader(m_timeDisplay);
    case StreamColumn:
        return QStringLiteral("Stream");
    case LengthColumn:
        return QStringLiteral("Length");
    case CommentColumn:
        return QStringLiteral("Comment");
    case PreviewColumn:
        return QStringLiteral("Data");
    }
    return QVariant();
}

QString TimelineModel::timeText(int row, const ChunkRecord &record,
                                const Annotation &annotation) const
{
    const qint64 previousNs
        = row == 0 ? record.timestampNs : m_store->record(recordIndex(row - 1)).timestampNs;
    return m_annotations.timeText(m_timeDisplay, annotation, record.timestampNs, m_originNs,
                                  previousNs);
}

QString TimelineModel::preview(qsizetype recordIndex, const ChunkRecord &record) const
{
    if (const QString *cached = m_previews.object(recordIndex))
        return *cached;
    QByteArray payload = m_store->payload(record);
    QString text;
    if (record.stream == Stream::Event) {
        const auto event = SessionEvent::fromPayload(payload);
        text = event ? event->summary() : QString::fromUtf8(escapedText(payload));
    } else {
        const bool cut = payload.size() > previewBytes;
        payload.truncate(previewBytes);
        text = QString::fromUtf8(escapedText(payload));
        if (cut)
            text += QStringLiteral("…");
    }
    m_previews.insert(recordIndex, new QString(text));
    return text;
}

#pragma once

#include "capture/chunkrecord.h"
#include "filter/filter.h"
#include "models/filteredtablemodel.h"
#include "models/rowannotations.h"
#include "models/timelinetext.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QCache>
#include <QtCore/QList>

#include <array>
#include <memory>
#include <optional>

class CaptureStore;
class ChunkSubject;
class QTimer;

// The session as a flat table, one row per record (chunk or lifecycle event), for the timeline.
// Rows for new records are inserted in batches, at most ~30 times a second, one beginInsertRows
// per batch, so selection and scroll position survive a live stream. Display text is derived
// lazily from the payloads and cached.
class TimelineModel final : public FilteredTableModel
{
    Q_OBJECT

public:
    enum Column {
        NumberColumn,
        TimeColumn,
        StreamColumn,
        LengthColumn,
        CommentColumn,
        PreviewColumn,
        ColumnCount
    };
    enum Role {
        StreamRole = Qt::UserRole + 1,
        RecordIndexRole,
        TimestampRole,
        InterceptedRole = Qt::UserRole + 20, // bool: an event of a rule or breakpoint acting
    };

    explicit TimelineModel(const CaptureStore *store, QObject *parent = nullptr);
    ~TimelineModel() override;

    // Follows a live store: picks up new records on a ~30 Hz timer.
    void setLive(bool live);
    // Inserts rows for the records appended since the last call (one batch).
    void refresh();

    void setTimeDisplay(TimeDisplay display);
    TimeDisplay timeDisplay() const { return m_timeDisplay; }
    void setStreamVisible(Stream stream, bool visible);
    bool isStreamVisible(Stream stream) const { return m_visible[stream]; }
    // Shows only these records (sorted store indices), e.g. those with search matches; nullopt
    // shows all. Records appended later are not in the list: they stay hidden while it is on.
    void setRecordFilter(std::optional<QList<qsizetype>> records);
    // Shows only the records a filter of chunks selects (the filter bar's); nullopt: all.
    void setExpression(std::optional<Filter> expression);
    const std::optional<Filter> &expression() const { return m_expression; }

    // The session's marks, comments or time references changed: the rows show them, and a
    // filter that names them (marked, comment, time.rel) selects again.
    void reloadAnnotations();

    // Records taken from the store so far, shown or hidden by a filter.
    qsizetype recordCount() const { return m_rows.itemCount(); }
    qsizetype recordIndex(int row) const;
    int rowOfRecord(qsizetype recordIndex) const; // -1 when filtered out

    int columnCount(const QModelIndex &parent = QModelIndex()) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const final;
    // By number, time, stream or length (the data column sorts by number).
    void sort(int column, Qt::SortOrder order) final;

signals:
    // refresh() took new records from the store (shown or hidden).
    void recordsTaken();

private:
    void applyFilter();
    QString timeText(int row, const ChunkRecord &record, const Annotation &annotation) const;
    QString preview(qsizetype recordIndex, const ChunkRecord &record) const;

    const CaptureStore *m_store;
    QTimer *m_liveTimer = nullptr;
    PerStreamWithEvents<bool> m_visible{true};
    std::optional<QList<qsizetype>> m_recordFilter;
    std::optional<Filter> m_expression;
    std::unique_ptr<ChunkSubject> m_filterSubject; // what m_expression looks at
    RowAnnotations m_annotations;
    TimeDisplay m_timeDisplay = TimeDisplay::Relative;
    qint64 m_originNs = 0; // timestamp of the first record
    mutable QCache<qsizetype, QString> m_previews{4000};
};

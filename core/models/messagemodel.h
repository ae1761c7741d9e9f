#pragma once

#include "filter/filter.h"
#include "messages/framing.h"
#include "messages/messagerecord.h"
#include "models/filteredtablemodel.h"
#include "models/rowannotations.h"
#include "models/timelinemodel.h"

#include <QtCore/QCache>
#include <QtCore/QElapsedTimer>

#include <memory>
#include <optional>
#include <vector>

class BackgroundFilter;
class CaptureStore;
class MessageSubject;
class QTimer;
class SessionMessages;

// Which messages the message view shows.
struct MessageFilter
{
    qint32 method = -1; // a method index of the log; -1: every method
    std::optional<MessageKind> kind;
    bool errorsOnly = false;              // error responses and messages with problems
    std::optional<QList<qsizetype>> rows; // e.g. the messages with search matches (sorted)
    std::optional<Filter> expression;     // the filter bar's (docs/filters.md)

    bool operator==(const MessageFilter &other) const
    {
        return method == other.method && kind == other.kind && errorsOnly == other.errorsOnly
               && rows == other.rows && expression == other.expression;
    }
};

// The session as a table of messages (the timeline's Messages mode): decodes the store into
// SessionMessages a slice at a time so that the window stays responsive (a saved session is
// decoded at once, a live one as it grows), and inserts rows in batches like TimelineModel.
class MessageModel final : public FilteredTableModel
{
    Q_OBJECT

public:
    enum Column {
        NumberColumn,
        TimeColumn,
        StreamColumn,
        KindColumn,
        IdColumn,
        MethodColumn,
        SizeColumn,
        LatencyColumn,
        CommentColumn,
        SummaryColumn, // what the message is about (messageInfo())
        ColumnCount
    };
    enum Role {
        StreamRole = TimelineModel::StreamRole, // the stream colour delegate reads it
        InterceptedRole = TimelineModel::InterceptedRole,
        MessageIndexRole = TimelineModel::TimestampRole + 1,
        HasProblemRole,
    };

    MessageModel(const CaptureStore *store, const FramingChoice &choice, QObject *parent = nullptr);
    ~MessageModel() override;

    // A live store keeps growing: decode what comes, ~30 times a second. Turning it off decodes
    // the rest and ends the streams (partial messages, requests never answered).
    void setLive(bool live);
    // Decodes again from the start with another framing, into a new messages(): a reference to
    // the old one dangles after the call (give the new one to whatever shows it).
    void setFramingChoice(const FramingChoice &choice);
    FramingChoice framingChoice() const;
    // True once everything the store holds is decoded (and, for a saved session, finished).
    bool isComplete() const;

    void setTimeDisplay(TimeDisplay display);
    void setStreamVisible(Stream stream, bool visible);
    // A filter with an expression over a finished session is matched in a thread of its own
    // (filteringChanged(true), the reset with the new rows, filteringChanged(false)); anything
    // else at once.
    void setFilter(const MessageFilter &filter);
    // The filter asked for last, applied or still being matched.
    const MessageFilter &filter() const { return m_pendingFilter ? *m_pendingFilter : m_filter; }
    bool isFiltering() const { return bool(m_pendingFilter); }

    // The session's marks, comments or time references changed: the rows show them, and a
    // filter that names them (marked, comment, time.rel) selects again.
    void reloadAnnotations();

    const SessionMessages &messages() const { return *m_messages; }
    qsizetype messageIndex(int row) const;
    int rowOfMessage(qsizetype messageIndex) const; // -1 when filtered out or not published yet
    bool isPublished(qsizetype messageIndex) const { return messageIndex < m_rows.itemCount(); }
    // Messages published so far, shown or hidden by a filter.
    qsizetype publishedCount() const { return m_rows.itemCount(); }

    int columnCount(const QModelIndex &parent = QModelIndex()) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const final;
    // By number, time, stream, kind, id, method (by name), size or latency (a request's is its
    // response's; unanswered ones last); the summary sorts by number.
    void sort(int column, Qt::SortOrder order) final;

signals:
    // Rows were added to the log (visible or not) or existing ones changed (a response paired a
    // request): panels that summarise the log refresh.
    void messagesChanged();
    void decodingComplete();
    // A filter is being matched in the background (the rows change when it is done), or no
    // longer.
    void filteringChanged(bool filtering);

private:
    void decodeSlice();
    void publishNewMessages();
    void applyFilter();
    void cancelBackgroundFilter();
    bool passes(qsizetype messageIndex) const;
    QString timeText(int row, const MessageRecord &record, const Annotation &annotation) const;
    Annotation annotation(qsizetype messageIndex) const;
    QString latencyText(qsizetype messageIndex, const MessageRecord &record) const;
    QString summary(qsizetype messageIndex) const;

    const CaptureStore *m_store;
    std::unique_ptr<SessionMessages> m_messages;
    QTimer *m_decodeTimer;
    bool m_live = false;
    bool m_caughtUp = false;      // the last slice decoded everything the store held
    QElapsedTimer m_publishClock; // since rows were last inserted
    bool m_finished = false;
    FilteredRows::SortKey sortKey(int column, Qt::SortOrder order) const;
    PerStreamWithEvents<bool> m_visible{true};
    MessageFilter m_filter;
    std::unique_ptr<MessageSubject> m_filterSubject; // what m_filter.expression looks at
    RowAnnotations m_annotations;
    // The background run's answers for m_filter.expression, one per message it looked at.
    std::vector<bool> m_expressionMatches;
    std::optional<MessageFilter> m_pendingFilter; // being matched in the background
    BackgroundFilter *m_backgroundFilter;
    TimeDisplay m_timeDisplay = TimeDisplay::Relative;
    qint64 m_originNs = 0;
    mutable QCache<qsizetype, QString> m_summaries{4000}; // read from the bodies of rows on screen
};

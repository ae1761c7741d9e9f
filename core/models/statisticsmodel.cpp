#include "models/statisticsmodel.h"

#include "messages/sessionmessages.h"

#include <QtCore/QThread>

#include <algorithm>

namespace {

bool sameFigures(const MethodStatistics &a, const MethodStatistics &b)
{
    return a.requests == b.requests && a.notifications == b.notifications && a.errors == b.errors
           && a.unanswered == b.unanswered && a.minNs == b.minNs && a.medianNs == b.medianNs
           && a.p95Ns == b.p95Ns && a.maxNs == b.maxNs && a.slowestRequest == b.slowestRequest;
}

// Whether `now` is `before` with methods appended (figures may differ).
bool onlyGrew(const QList<MethodStatistics> &before, const QList<MethodStatistics> &now)
{
    if (now.size() < before.size())
        return false;
    for (qsizetype i = 0; i < before.size(); ++i) {
        if (now.at(i).method != before.at(i).method)
            return false;
    }
    return true;
}

qint64 latency(const MethodStatistics &statistics, int column)
{
    switch (column) {
    case StatisticsModel::MinColumn:
        return statistics.minNs;
    case StatisticsModel::MedianColumn:
        return statistics.medianNs;
    case StatisticsModel::P95Column:
        return statistics.p95Ns;
    case StatisticsModel::MaxColumn:
        return statistics.maxNs;
    }
    return -1;
}

qint64 count(const MethodStatistics &statistics, int column)
{
    switch (column) {
    case StatisticsModel::RequestsColumn:
        return statistics.requests;
    case StatisticsModel::NotificationsColumn:
        return statistics.notifications;
    case StatisticsModel::ErrorsColumn:
        return statistics.errors;
    case StatisticsModel::PendingColumn:
        return statistics.unanswered;
    }
    return 0;
}

} // namespace

StatisticsModel::StatisticsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void StatisticsModel::setMessages(const SessionMessages *messages,
                                  std::function<bool(qsizetype)> counted)
{
    Q_ASSERT(QThread::currentThread() == thread());
    beginResetModel();
    m_messages = messages;
    m_isCounted = std::move(counted);
    m_statistics
        = m_messages ? methodStatistics(*m_messages, m_isCounted) : QList<MethodStatistics>();
    endResetModel();
}

void StatisticsModel::refresh()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_messages)
        return;
    QList<MethodStatistics> statistics = methodStatistics(*m_messages, m_isCounted);
    if (!onlyGrew(m_statistics, statistics)) {
        beginResetModel();
        m_statistics = std::move(statistics);
        endResetModel();
        return;
    }
    const qsizetype kept = m_statistics.size();
    qsizetype firstChanged = kept;
    qsizetype lastChanged = -1;
    for (qsizetype i = 0; i < kept; ++i) {
        if (!sameFigures(m_statistics.at(i), statistics.at(i))) {
            firstChanged = std::min(firstChanged, i);
            lastChanged = i;
            m_statistics[i] = statistics.at(i);
        }
    }
    if (lastChanged >= 0)
        emit dataChanged(index(int(firstChanged), 0), index(int(lastChanged), ColumnCount - 1));
    if (statistics.size() > kept) {
        beginInsertRows(QModelIndex(), int(kept), int(statistics.size() - 1));
        m_statistics.append(statistics.mid(kept));
        endInsertRows();
    }
}

int StatisticsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_statistics.size());
}

int StatisticsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatisticsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const MethodStatistics &statistics = m_statistics.at(index.row());
    const int column = index.column();
    const bool isLatency = column >= MinColumn && column <= MaxColumn;
    switch (role) {
    case SlowestRequestRole:
        return QVariant::fromValue(statistics.slowestRequest);
    case Qt::TextAlignmentRole:
        return column == MethodColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (column == MaxColumn && statistics.slowestRequest >= 0)
            return QStringLiteral("Slowest request: message #%1")
                .arg(statistics.slowestRequest + 1);
        break;
    case SortRole:
        if (column == MethodColumn)
            return QString::fromUtf8(statistics.method);
        return isLatency ? latency(statistics, column) : count(statistics, column);
    case Qt::DisplayRole:
        if (column == MethodColumn)
            return QString::fromUtf8(statistics.method);
        return isLatency ? QVariant(durationText(latency(statistics, column)))
                         : QVariant(count(statistics, column));
    }
    return QVariant();
}

QVariant StatisticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QVariant();
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case PendingColumn:
            return QStringLiteral("Requests without a response so far");
        case MinColumn:
        case MedianColumn:
        case P95Column:
        case MaxColumn:
            return QStringLiteral("Latency of answered requests: from the request's last byte to "
                                  "the response's last byte");
        }
        return QVariant();
    }
    if (role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case MethodColumn:
        return QStringLiteral("Method");
    case RequestsColumn:
        return QStringLiteral("Requests");
    case NotificationsColumn:
        return QStringLiteral("Notifications");
    case ErrorsColumn:
        return QStringLiteral("Errors");
    case PendingColumn:
        return QStringLiteral("Pending");
    case MinColumn:
        return QStringLiteral("Min");
    case MedianColumn:
        return QStringLiteral("Median");
    case P95Column:
        return QStringLiteral("p95");
    case MaxColumn:
        return QStringLiteral("Max");
    }
    return QVariant();
}

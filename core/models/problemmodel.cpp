#include "models/problemmodel.h"

#include "messages/messagedescription.h"
#include "messages/sessionmessages.h"

#include <QtCore/QThread>

#include <algorithm>

// Indexes of kind rows have internal id 0; those of problem rows their kind + 1.

ProblemModel::ProblemModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

void ProblemModel::setMessages(const SessionMessages *messages,
                               std::function<bool(qsizetype)> counted)
{
    Q_ASSERT(QThread::currentThread() == thread());
    beginResetModel();
    m_messages = messages;
    m_isCounted = std::move(counted);
    m_seen = 0;
    m_counted = 0;
    m_kinds.clear();
    for (std::vector<qsizetype> &rows : m_rows)
        rows.clear();
    m_details.clear();
    if (m_messages) {
        const QList<MessageProblem> &problems = m_messages->log().problems();
        for (const MessageProblem &problem : problems) {
            if (!m_isCounted || m_isCounted(problem.messageIndex)) {
                m_rows[size_t(problem.kind)].push_back(problem.messageIndex);
                ++m_counted;
            }
        }
        m_seen = problems.size();
        for (int kind = 0; kind < problemKindCount; ++kind) {
            std::vector<qsizetype> &rows = m_rows[size_t(kind)];
            std::sort(rows.begin(), rows.end());
            if (!rows.empty())
                m_kinds.append(ProblemKind(kind));
        }
    }
    endResetModel();
}

void ProblemModel::refresh()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_messages)
        return;
    const QList<MessageProblem> &problems = m_messages->log().problems();
    if (problems.size() == m_seen)
        return;
    std::array<std::vector<qsizetype>, problemKindCount> added;
    for (qsizetype i = m_seen; i < problems.size(); ++i) {
        const MessageProblem &problem = problems.at(i);
        if (!m_isCounted || m_isCounted(problem.messageIndex)) {
            added[size_t(problem.kind)].push_back(problem.messageIndex);
            ++m_counted;
        }
    }
    m_seen = problems.size();
    for (int k = 0; k < problemKindCount; ++k) {
        std::vector<qsizetype> &rows = added[size_t(k)];
        if (rows.empty())
            continue;
        const auto kind = ProblemKind(k);
        std::sort(rows.begin(), rows.end());
        if (m_rows[size_t(k)].empty()) {
            // A new kind arrives with its problems, in one insertion.
            const auto at = std::lower_bound(m_kinds.cbegin(), m_kinds.cend(), kind);
            const int row = int(at - m_kinds.cbegin());
            beginInsertRows(QModelIndex(), row, row);
            m_kinds.insert(row, kind);
            m_rows[size_t(k)] = std::move(rows);
            endInsertRows();
            continue;
        }
        insertProblems(kind, rows);
        const QModelIndex count = index(kindRow(kind), CountColumn);
        emit dataChanged(count, count, {Qt::DisplayRole});
    }
}

void ProblemModel::insertProblems(ProblemKind kind, const std::vector<qsizetype> &added)
{
    std::vector<qsizetype> &rows = m_rows[size_t(kind)];
    const QModelIndex parent = index(kindRow(kind), 0);
    // Problems nearly always come in row order: one insertion after the last row. Requests
    // never answered are found at the end for older rows; those are inserted in their place,
    // one insertion per run that falls between two existing rows.
    auto next = added.cbegin();
    while (next != added.cend()) {
        const auto at = std::upper_bound(rows.cbegin(), rows.cend(), *next);
        const auto end
            = at == rows.cend() ? added.cend() : std::lower_bound(next, added.cend(), *at);
        const int first = int(at - rows.cbegin());
        beginInsertRows(parent, first, first + int(end - next) - 1);
        rows.insert(at, next, end);
        endInsertRows();
        next = end;
    }
}

int ProblemModel::kindRow(ProblemKind kind) const
{
    const auto at = std::lower_bound(m_kinds.cbegin(), m_kinds.cend(), kind);
    return at != m_kinds.cend() && *at == kind ? int(at - m_kinds.cbegin()) : -1;
}

QModelIndex ProblemModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return QModelIndex();
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(m_kinds.at(parent.row())) + 1);
}

QModelIndex ProblemModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return QModelIndex();
    return createIndex(kindRow(ProblemKind(child.internalId() - 1)), 0, quintptr(0));
}

int ProblemModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_kinds.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(m_rows[size_t(m_kinds.at(parent.row()))].size());
}

int ProblemModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ProblemModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    if (index.internalId() == 0) {
        const ProblemKind kind = m_kinds.at(index.row());
        switch (role) {
        case MessageIndexRole:
            return QVariant::fromValue(qsizetype(-1));
        case Qt::TextAlignmentRole:
            return index.column() == CountColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                 : QVariant();
        case Qt::DisplayRole:
            if (index.column() == WhatColumn)
                return QString::fromLatin1(problemName(kind));
            if (index.column() == CountColumn)
                return qint64(m_rows[size_t(kind)].size());
            break;
        }
        return QVariant();
    }
    const auto kind = ProblemKind(index.internalId() - 1);
    const qsizetype row = m_rows[size_t(kind)][size_t(index.row())];
    switch (role) {
    case MessageIndexRole:
        return QVariant::fromValue(row);
    case Qt::DisplayRole:
        if (index.column() == WhatColumn)
            return QStringLiteral("#%1").arg(row + 1);
        if (index.column() == DetailColumn)
            return detail(kind, row);
        break;
    case Qt::ToolTipRole:
        if (index.column() == DetailColumn)
            return detail(kind, row);
        break;
    }
    return QVariant();
}

QVariant ProblemModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case WhatColumn:
        return QStringLiteral("Problem");
    case CountColumn:
        return QStringLiteral("Count");
    case DetailColumn:
        return QStringLiteral("Detail");
    }
    return QVariant();
}

QString ProblemModel::detail(ProblemKind kind, qsizetype row) const
{
    const quint64 key = quint64(row) * problemKindCount + quint64(kind);
    if (const QString *cached = m_details.object(key))
        return *cached;
    const QString text = problemDetail(*m_messages, MessageProblem{row, kind});
    m_details.insert(key, new QString(text));
    return text;
}

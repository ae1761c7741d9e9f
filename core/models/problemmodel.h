#pragma once

#include <functional>

#include "messages/messagerecord.h"

#include <QtCore/QAbstractItemModel>
#include <QtCore/QCache>
#include <QtCore/QList>

#include <array>
#include <vector>

class SessionMessages;

// The problems of a session's messages as a two-level tree: one top-level row per kind of
// problem present (in ProblemKind order) with its count, and under it that kind's problems,
// sorted by message row. A problem costs one integer here; its detail text, which reads the
// message's bytes, is made only when a view asks for it, and cached.
//
// Columns: WhatColumn holds the kind's name on kind rows and the message number (row + 1) on
// problem rows; CountColumn the number of problems of a kind; DetailColumn where the problem is
// and what it is about (problemDetail(), which starts with the stream).
class ProblemModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { WhatColumn, CountColumn, DetailColumn, ColumnCount };
    enum Role { MessageIndexRole = Qt::UserRole + 1 }; // qsizetype; -1 on kind rows

    explicit ProblemModel(QObject *parent = nullptr);

    // nullptr empties the model. Resets it. `counted` (a capture filter) chooses the messages
    // whose problems count; all of them when it is null.
    void setMessages(const SessionMessages *messages,
                     std::function<bool(qsizetype)> counted = nullptr);
    // Takes in the problems the log gained since the last call: rows are inserted (a new kind,
    // or new problems under a kind) and the counts updated, never a reset.
    void refresh();

    qsizetype problemCount() const { return m_counted; }

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const final;
    QModelIndex parent(const QModelIndex &child) const final;
    int rowCount(const QModelIndex &parent = QModelIndex()) const final;
    int columnCount(const QModelIndex &parent = QModelIndex()) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const final;

private:
    void insertProblems(ProblemKind kind, const std::vector<qsizetype> &added);
    int kindRow(ProblemKind kind) const;
    QString detail(ProblemKind kind, qsizetype row) const;

    const SessionMessages *m_messages = nullptr;
    std::function<bool(qsizetype)> m_isCounted;
    qsizetype m_seen = 0;       // problems of the log taken in so far
    qsizetype m_counted = 0;    // ... of which the capture filter counts
    QList<ProblemKind> m_kinds; // top-level row -> kind, in ProblemKind order
    std::array<std::vector<qsizetype>, problemKindCount> m_rows; // kind -> message rows, sorted
    mutable QCache<quint64, QString> m_details{2000};
};

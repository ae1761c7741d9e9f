#include "models/comparisonmodel.h"

namespace {

QString resultText(const MessageDifference &pair)
{
    switch (pair.status) {
    case MessageDifference::Status::Same:
        return QStringLiteral("same");
    case MessageDifference::Status::Missing:
        return QStringLiteral("missing from the second");
    case MessageDifference::Status::Extra:
        return QStringLiteral("only in the second");
    case MessageDifference::Status::Changed:
        break;
    }
    return differencesSummary(pair.differences);
}

} // namespace

ComparisonModel::ComparisonModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ComparisonModel::setComparison(const QList<MessageDifference> &aligned,
                                    const QString &expectedName, const QString &actualName)
{
    beginResetModel();
    m_pairs = aligned;
    m_expectedName = expectedName;
    m_actualName = actualName;
    endResetModel();
}

qsizetype ComparisonModel::differenceCount() const
{
    return std::count_if(m_pairs.cbegin(), m_pairs.cend(), [](const MessageDifference &pair) {
        return pair.status != MessageDifference::Status::Same;
    });
}

int ComparisonModel::nextDifference(int row, bool forward) const
{
    for (int at = forward ? row + 1 : row - 1; at >= 0 && at < m_pairs.size();
         at += forward ? 1 : -1) {
        if (m_pairs.at(at).status != MessageDifference::Status::Same)
            return at;
    }
    return -1;
}

int ComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_pairs.size());
}

int ComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ResultColumn + 1;
}

QVariant ComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_pairs.size())
        return QVariant();
    const MessageDifference &pair = m_pairs.at(index.row());
    if (role == DiffersRole)
        return pair.status != MessageDifference::Status::Same;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return QVariant();
    switch (index.column()) {
    case SideColumn:
        return pair.stream == Stream::Stdin ? QStringLiteral("client") : QStringLiteral("server");
    case MessageColumn:
        return pair.message;
    case ExpectedColumn:
        return pair.expectedRow > 0 ? QVariant(pair.expectedRow) : QVariant();
    case ActualColumn:
        return pair.actualRow > 0 ? QVariant(pair.actualRow) : QVariant();
    case ResultColumn:
        return resultText(pair);
    }
    return QVariant();
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case SideColumn:
        return QStringLiteral("Side");
    case MessageColumn:
        return QStringLiteral("Message");
    case ExpectedColumn:
        return m_expectedName;
    case ActualColumn:
        return m_actualName;
    case ResultColumn:
        return QStringLiteral("Difference");
    }
    return QVariant();
}

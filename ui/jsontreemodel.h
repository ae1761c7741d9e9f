#pragma once

#include "codec/jsonformat.h"

#include <QtCore/QAbstractItemModel>
#include <QtGui/QPalette>

#include <optional>
#include <vector>

// The values of a message as a tree, made from the tokens of its formatted text: member order,
// duplicate keys and the spelling of numbers stay as written, and Copy takes the value's text.
class JsonTreeModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    // What the formatted text was decoded from, for the names of the types.
    enum class Dialect { Json, Msgpack };

    using QAbstractItemModel::QAbstractItemModel;

    // `pretty`: the text and tokens of prettyJson() or prettyMsgpack(), indented by `indent`
    // spaces per level.
    void setContent(const PrettyJson &pretty, Dialect dialect, int indent);
    void clear();
    void setPalette(const QPalette &palette) { m_palette = palette; }
    // The value at `index` as in the text presentation, its lines unindented by its depth.
    QString json(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const final;
    QModelIndex parent(const QModelIndex &index) const final;
    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const final;
    Qt::ItemFlags flags(const QModelIndex &index) const final;

private:
    enum class Type : quint8 { Object, Array, String, Binary, Number, Boolean, Null };

    // Spans are byte offsets in m_text.
    struct Node
    {
        qint32 keyOffset; // -1: an array element or the top-level value
        qint32 keyLength;
        qint32 offset;
        qint32 length;
        qint32 parent; // -1: the top-level value
        qint32 row;
        qint32 firstChild; // in m_children
        qint32 childCount;
        Type type;

        bool isContainer() const { return type == Type::Object || type == Type::Array; }
    };

    // The node whose children are the rows under `parent`; -1 when the top-level value is a
    // scalar shown as the only row.
    qint32 containerOf(const QModelIndex &parent) const;
    const Node &nodeAt(const QModelIndex &index) const { return m_nodes[index.internalId()]; }
    QString typeName(const Node &node) const;
    std::optional<JsonTokenKind> tokenKind(Type type) const;

    QByteArray m_text;
    std::vector<Node> m_nodes; // in text order: the top-level value first
    std::vector<qint32> m_children;
    Dialect m_dialect = Dialect::Json;
    int m_indent = 2;
    QPalette m_palette;
};

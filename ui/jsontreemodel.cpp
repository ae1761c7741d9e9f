#include "jsontreemodel.h"

#include "jsontextview.h"

#include <algorithm>

namespace {

// A tree cell shows at most the first this many bytes of a value.
constexpr qsizetype maxCellBytes = 1000;

// A key or string as written in JSON, for one line of a tree cell: \uXXXX escapes of printable
// characters resolved (some servers escape all non-ASCII text), the other escapes kept, cut
// after maxCellBytes.
QString cellText(QByteArrayView written)
{
    const bool cut = written.size() > maxCellBytes;
    const QString text = QString::fromUtf8(written.first(std::min(written.size(), maxCellBytes)));
    const auto codeAt = [&text](qsizetype at) {
        bool ok = false;
        const uint code = at + 6 <= text.size() && text.at(at) == QLatin1Char('\\')
                                  && text.at(at + 1) == QLatin1Char('u')
                              ? QStringView(text).mid(at + 2, 4).toUInt(&ok, 16)
                              : 0;
        return ok ? code : 0;
    };
    QString out;
    out.reserve(text.size() + 1);
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('\\')) {
            out.append(text.at(i));
            continue;
        }
        const uint code = codeAt(i);
        if (QChar::isHighSurrogate(code) && QChar::isLowSurrogate(codeAt(i + 6))) {
            out.append(QChar(code)).append(QChar(codeAt(i + 6)));
            i += 11;
        } else if (code != '"' && code != '\\' && !QChar::isSurrogate(code)
                   && QChar::isPrint(code)) {
            out.append(QChar(code));
            i += 5;
        } else { // kept as written, with the escaped character, so "\\u0041" stays
            out.append(text.mid(i, 2));
            ++i;
        }
    }
    if (cut)
        out.append(QChar(0x2026));
    return out;
}

} // namespace

void JsonTreeModel::setContent(const PrettyJson &pretty, Dialect dialect, int indent)
{
    beginResetModel();
    m_text = pretty.text;
    m_dialect = dialect;
    m_indent = indent;
    m_nodes.clear();
    m_children.clear();
    // A value takes at least two tokens (with its comma or colon), bar the last of a container.
    m_nodes.reserve(size_t(pretty.tokens.size() / 2 + 1));
    std::vector<qint32> open; // containers not closed yet, innermost last
    qint32 keyOffset = -1;
    qint32 keyLength = 0;
    for (const JsonToken &token : pretty.tokens) {
        const char first = m_text.at(token.offset);
        Type type = Type::Null;
        switch (token.kind) {
        case JsonTokenKind::Key:
            keyOffset = qint32(token.offset);
            keyLength = qint32(token.length);
            continue;
        case JsonTokenKind::Punctuation:
            if (first == '}' || first == ']') {
                Node &container = m_nodes[size_t(open.back())];
                container.length = qint32(token.offset + 1) - container.offset;
                open.pop_back();
            }
            if (first != '{' && first != '[')
                continue;
            type = first == '{' ? Type::Object : Type::Array;
            break;
        case JsonTokenKind::String:
            type = first == '<' ? Type::Binary : Type::String;
            break;
        case JsonTokenKind::Number:
            type = Type::Number;
            break;
        case JsonTokenKind::Keyword:
            type = first == 'n' ? Type::Null : Type::Boolean;
            break;
        }
        const qint32 parent = open.empty() ? -1 : open.back();
        const qint32 row = parent < 0 ? 0 : m_nodes[size_t(parent)].childCount++;
        m_nodes.push_back({keyOffset, keyLength, qint32(token.offset), qint32(token.length), parent,
                           row, 0, 0, type});
        keyOffset = -1;
        if (m_nodes.back().isContainer())
            open.push_back(qint32(m_nodes.size() - 1));
    }
    // Every node's children in one array, in order.
    qint32 next = 0;
    for (Node &node : m_nodes) {
        node.firstChild = next;
        next += node.childCount;
    }
    m_children.resize(size_t(next));
    for (size_t i = 1; i < m_nodes.size(); ++i) {
        const Node &node = m_nodes[i];
        m_children[size_t(m_nodes[size_t(node.parent)].firstChild + node.row)] = qint32(i);
    }
    endResetModel();
}

void JsonTreeModel::clear()
{
    beginResetModel();
    m_text.clear();
    m_nodes.clear();
    m_children.clear();
    endResetModel();
}

QString JsonTreeModel::json(const QModelIndex &index) const
{
    if (!index.isValid())
        return QString();
    const Node &node = nodeAt(index);
    int depth = 0;
    for (qint32 parent = node.parent; parent >= 0; parent = m_nodes[size_t(parent)].parent)
        ++depth;
    QByteArray text = m_text.mid(node.offset, node.length);
    // Strings hold no line breaks: every one is followed by the indentation.
    if (depth > 0) {
        const QByteArray indentation = '\n' + QByteArray(depth * m_indent, ' ');
        text.replace(indentation, "\n");
    }
    return QString::fromUtf8(text);
}

qint32 JsonTreeModel::containerOf(const QModelIndex &parent) const
{
    if (parent.isValid())
        return qint32(parent.internalId());
    return !m_nodes.empty() && m_nodes.front().isContainer() ? 0 : -1;
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return QModelIndex();
    const qint32 container = containerOf(parent);
    const qint32 node
        = container < 0 ? 0 : m_children[size_t(m_nodes[size_t(container)].firstChild + row)];
    return createIndex(row, column, quintptr(node));
}

QModelIndex JsonTreeModel::parent(const QModelIndex &index) const
{
    if (!index.isValid())
        return QModelIndex();
    const qint32 parent = nodeAt(index).parent;
    if (parent <= 0) // the top-level value is never a row's parent index
        return QModelIndex();
    return createIndex(m_nodes[size_t(parent)].row, 0, quintptr(parent));
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    const qint32 container = containerOf(parent);
    if (container < 0)
        return m_nodes.empty() ? 0 : 1;
    return m_nodes[size_t(container)].childCount;
}

int JsonTreeModel::columnCount(const QModelIndex &parent) const
{
    Q_UNUSED(parent)
    return ColumnCount;
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return QVariant();
    const Node &node = nodeAt(index);
    const QByteArrayView text(m_text);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case KeyColumn:
            if (node.keyOffset < 0)
                return node.parent < 0 ? QString() : QString::number(node.row);
            if (m_text.at(node.keyOffset) == '"') // not for the other keys of msgpack maps
                return cellText(text.sliced(node.keyOffset + 1, node.keyLength - 2));
            return cellText(text.sliced(node.keyOffset, node.keyLength));
        case ValueColumn:
            if (node.type == Type::Object) {
                return node.childCount == 1 ? tr("{1 member}")
                                            : tr("{%1 members}").arg(node.childCount);
            }
            if (node.type == Type::Array) {
                return node.childCount == 1 ? tr("[1 item]")
                                            : tr("[%1 items]").arg(node.childCount);
            }
            return cellText(text.sliced(node.offset, node.length));
        case TypeColumn:
            return typeName(node);
        }
    } else if (role == Qt::ForegroundRole) {
        switch (index.column()) {
        case KeyColumn:
            return node.keyOffset < 0 ? m_palette.color(QPalette::PlaceholderText)
                                      : jsonTokenColor(JsonTokenKind::Key, m_palette);
        case ValueColumn:
            if (const auto kind = tokenKind(node.type))
                return jsonTokenColor(*kind, m_palette);
            return m_palette.color(QPalette::PlaceholderText);
        case TypeColumn:
            return m_palette.color(QPalette::PlaceholderText);
        }
    }
    return QVariant();
}

QString JsonTreeModel::typeName(const Node &node) const
{
    switch (node.type) {
    case Type::Object:
        return m_dialect == Dialect::Msgpack ? tr("map") : tr("object");
    case Type::Array:
        return tr("array");
    case Type::String:
        return tr("string");
    case Type::Binary:
        return tr("binary");
    case Type::Number: {
        if (m_dialect == Dialect::Json)
            return tr("number");
        // Floats are written with a point or an exponent, or as NaN or Infinity.
        const QByteArrayView number(m_text.constData() + node.offset, node.length);
        const bool isFloat = std::any_of(number.begin(), number.end(), [](char c) {
            return c == '.' || c == 'e' || c == 'N' || c == 'I';
        });
        return isFloat ? tr("float") : tr("integer");
    }
    case Type::Boolean:
        return tr("boolean");
    case Type::Null:
        return m_dialect == Dialect::Msgpack ? tr("nil") : tr("null");
    }
    return QString();
}

std::optional<JsonTokenKind> JsonTreeModel::tokenKind(Type type) const
{
    switch (type) {
    case Type::String:
    case Type::Binary:
        return JsonTokenKind::String;
    case Type::Number:
        return JsonTokenKind::Number;
    case Type::Boolean:
    case Type::Null:
        return JsonTokenKind::Keyword;
    case Type::Object:
    case Type::Array:
        break;
    }
    return std::nullopt;
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    }
    return QVariant();
}

Qt::ItemFlags JsonTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    return nodeAt(index).isContainer() ? flags : flags | Qt::ItemNeverHasChildren;
}

#include "messagebodyview.h"

#include "capture/bytesource.h"
#include "codec/msgpackreader.h"
#include "codec/textescape.h"
#include "search/blocksearch.h"

#include <QtCore/QLocale>
#include <QtGui/QAction>
#include <QtGui/QActionGroup>
#include <QtGui/QClipboard>
#include <QtGui/QFontDatabase>
#include <QtGui/QGuiApplication>
#include <QtGui/QKeyEvent>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenu>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <optional>

namespace {

constexpr int indent = 2;
// Containers of the first two levels are expanded unless they have more children than this.
constexpr int maxExpandedChildren = 200;

QString maxFormattedSize()
{
    return MessageBodyView::tr("%1 MiB").arg(MessageBodyView::MaxFormattedBytes / (1024 * 1024));
}

// The header lines without their CRLF. Any other line break (a bare \n or \r) stays visible as
// an escape: it is what a reader of the header is looking for.
QString headerLines(const QByteArray &header)
{
    QByteArrayList lines;
    for (QByteArray line : escapedLines(header)) {
        if (line.endsWith("\\r\\n"))
            line.chop(4);
        if (!line.isEmpty()) // the empty line that ends the header
            lines.append(line);
    }
    return QString::fromUtf8(lines.join('\n'));
}

// Bytes that are not formatted: one line per line, control characters and invalid UTF-8 made
// visible.
QString plainText(const QByteArray &bytes)
{
    return QString::fromUtf8(escapedLines(bytes).join('\n'));
}

} // namespace

MessageBodyView::MessageBodyView(QWidget *parent)
    : QWidget(parent)
    , m_textAction(new QAction(tr("Formatted"), this))
    , m_treeAction(new QAction(tr("Tree"), this))
    , m_note(new QLabel(this))
    , m_header(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_textView(new JsonTextView(this))
    , m_treeView(new QTreeView(this))
    , m_treeModel(new JsonTreeModel(this))
    , m_treePlaceholder(new QLabel(this))
{
    auto *presentations = new QActionGroup(this);
    auto *bar = new QHBoxLayout;
    bar->setSpacing(2);
    m_textAction->setToolTip(tr("The body as formatted text"));
    m_treeAction->setToolTip(tr("The body as a tree of values"));
    for (QAction *action : {m_textAction, m_treeAction}) {
        action->setCheckable(true);
        presentations->addAction(action);
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        bar->addWidget(button);
    }
    m_textAction->setChecked(true);
    connect(m_textAction, &QAction::triggered, this,
            [this] { setPresentation(Presentation::Text); });
    connect(m_treeAction, &QAction::triggered, this,
            [this] { setPresentation(Presentation::Tree); });
    bar->addSpacing(6);
    m_note->setObjectName(QStringLiteral("note"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    // Always in the layout, empty when there is nothing to say, so that it keeps the buttons left.
    m_note->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(m_note, 1);

    m_header->setObjectName(QStringLiteral("header"));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    // Long header lines are cut at the pane's edge rather than widening it.
    m_header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_header->setFrameShape(QFrame::StyledPanel);
    m_header->setBackgroundRole(QPalette::AlternateBase);
    m_header->setAutoFillBackground(true);
    m_header->setMargin(2);

    m_textView->setObjectName(QStringLiteral("text"));
    m_treeView->setObjectName(QStringLiteral("tree"));
    m_treeView->setModel(m_treeModel);
    m_treeView->setUniformRowHeights(true);
    m_treeView->setAllColumnsShowFocus(true);
    m_treeView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_treeView->installEventFilter(this);
    QHeaderView *columns = m_treeView->header();
    columns->setStretchLastSection(false);
    columns->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    columns->setSectionResizeMode(JsonTreeModel::TypeColumn, QHeaderView::ResizeToContents);
    connect(m_treeView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        QAction *copyAction = menu.addAction(tr("&Copy Value"));
        copyAction->setShortcut(QKeySequence::Copy);
        copyAction->setEnabled(m_treeView->currentIndex().isValid());
        connect(copyAction, &QAction::triggered, this, &MessageBodyView::copyTreeValue);
        menu.exec(m_treeView->viewport()->mapToGlobal(pos));
    });
    m_treeModel->setPalette(palette());

    m_treePlaceholder->setObjectName(QStringLiteral("treePlaceholder"));
    m_treePlaceholder->setAlignment(Qt::AlignCenter);
    m_treePlaceholder->setWordWrap(true);
    m_treePlaceholder->setForegroundRole(QPalette::PlaceholderText);
    m_treePlaceholder->setBackgroundRole(QPalette::Base);
    m_treePlaceholder->setAutoFillBackground(true);
    m_treePlaceholder->setFrameShape(QFrame::StyledPanel);

    m_stack->addWidget(m_textView);
    m_stack->addWidget(m_treeView);
    m_stack->addWidget(m_treePlaceholder);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_header);
    layout->addWidget(m_stack, 1);

    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    clear();
}

void MessageBodyView::showMessage(const QByteArray &header, const QByteArray &body, Framing framing)
{
    const QString lines = headerLines(header);
    m_header->setText(lines);
    m_header->setVisible(!lines.isEmpty());

    std::optional<PrettyJson> pretty;
    JsonTreeModel::Dialect dialect = JsonTreeModel::Dialect::Json;
    QString note;
    if (body.size() > MaxFormattedBytes) {
        note = tr("Not formatted: the body (%1) is larger than %2; its start is shown as text")
                   .arg(QLocale().formattedDataSize(body.size(), 1), maxFormattedSize());
    } else if (framing == Framing::MsgpackRpc) {
        qsizetype used = 0;
        const QCborValue value = msgpackToCbor(body, &used);
        if (value.isInvalid()) {
            note = tr("Not valid msgpack: shown as text");
        } else {
            pretty = prettyMsgpack(value, indent);
            dialect = JsonTreeModel::Dialect::Msgpack;
            const qsizetype rest = body.size() - used;
            if (rest == 1)
                note = tr("1 byte after the msgpack value is not shown");
            else if (rest > 1)
                note = tr("%1 bytes after the msgpack value are not shown").arg(rest);
        }
    } else if (!body.isEmpty()
               && (framing == Framing::ContentLength || framing == Framing::JsonLines
                   || framing == Framing::Auto)) {
        PrettyJson json = prettyJson(body, indent);
        if (!json.tokens.isEmpty())
            pretty = std::move(json);
        else if (framing != Framing::Auto)
            note = tr("Not valid JSON: shown as text");
    }
    m_note->setText(note);
    m_note->setToolTip(note);

    m_textView->setPlaceholderText(tr("Empty body"));
    if (pretty) {
        m_textView->setContent(*pretty);
        showTree(*pretty, dialect);
    } else {
        m_textView->setPlainContent(
            plainText(body.first(std::min(body.size(), MaxFormattedBytes))));
        showNoTree(body.size() > MaxFormattedBytes
                       ? tr("No tree for bodies larger than %1").arg(maxFormattedSize())
                       : tr("No structure to show"));
    }
    markMatches();
    updateStack();
}

void MessageBodyView::setSearchPattern(const std::optional<SearchPattern> &pattern)
{
    m_searchPattern = pattern;
    markMatches();
}

void MessageBodyView::markMatches()
{
    // At most this many marks: enough to see where the matches are.
    constexpr qsizetype maxMarks = 10000;
    QList<std::pair<qsizetype, qsizetype>> marks;
    const QString &text = m_textView->text();
    if (m_searchPattern && !text.isEmpty()) {
        // The search's own matcher over the text as shown (its UTF-8), so that every mode and
        // flag means here what it means in the traffic; byte offsets become text positions.
        const QByteArray utf8 = text.toUtf8();
        SearchOptions options;
        options.maxMatches = maxMarks;
        const SearchResult found
            = findAllMatches(MemoryByteSource(utf8), *m_searchPattern, options);
        qsizetype byteOffset = 0;
        qsizetype position = 0;
        const auto positionOf = [&](qsizetype offset) {
            position += QString::fromUtf8(utf8.mid(byteOffset, offset - byteOffset)).size();
            byteOffset = offset;
            return position;
        };
        for (const SearchMatch &match : found.matches) {
            const qsizetype start = positionOf(match.offset);
            marks.append({start, positionOf(match.offset + match.length) - start});
        }
    }
    m_textView->setMarks(marks);
}

void MessageBodyView::clear()
{
    m_header->clear();
    m_header->hide();
    m_note->clear();
    m_note->setToolTip(QString());
    m_textView->setPlainContent(QString());
    m_textView->setPlaceholderText(tr("No message selected"));
    showNoTree(tr("No message selected"));
    updateStack();
}

void MessageBodyView::showTree(const PrettyJson &pretty, JsonTreeModel::Dialect dialect)
{
    m_treeModel->setContent(pretty, dialect, indent);
    m_hasTree = true;
    // The first two levels, but not a long array or object: it would bury what follows it.
    const auto expand = [this](const QModelIndex &index) {
        const int children = m_treeModel->rowCount(index);
        const bool expand = children > 0 && children <= maxExpandedChildren;
        if (expand)
            m_treeView->expand(index);
        return expand;
    };
    for (int row = 0, rows = m_treeModel->rowCount(); row < rows; ++row) {
        const QModelIndex index = m_treeModel->index(row, 0);
        if (!expand(index))
            continue;
        for (int childRow = 0, childRows = m_treeModel->rowCount(index); childRow < childRows;
             ++childRow) {
            expand(m_treeModel->index(childRow, 0, index));
        }
    }
    m_treeView->resizeColumnToContents(JsonTreeModel::KeyColumn);
}

void MessageBodyView::showNoTree(const QString &placeholder)
{
    m_treeModel->clear();
    m_hasTree = false;
    m_treePlaceholder->setText(placeholder);
}

void MessageBodyView::setPresentation(Presentation presentation)
{
    (presentation == Presentation::Text ? m_textAction : m_treeAction)->setChecked(true);
    if (presentation == m_presentation)
        return;
    m_presentation = presentation;
    updateStack();
    emit presentationChanged(presentation);
}

void MessageBodyView::updateStack()
{
    // Focus stays in the body rather than passing to the next widget when its page is hidden.
    const bool hadFocus = m_stack->currentWidget()->hasFocus();
    if (m_presentation == Presentation::Text)
        m_stack->setCurrentWidget(m_textView);
    else
        m_stack->setCurrentWidget(m_hasTree ? static_cast<QWidget *>(m_treeView)
                                            : m_treePlaceholder);
    if (hadFocus)
        m_stack->currentWidget()->setFocus();
}

void MessageBodyView::setFont(const QFont &font)
{
    m_header->setFont(font);
    m_textView->setFont(font);
    m_treeView->setFont(font);
}

QString MessageBodyView::text() const
{
    return m_textView->text();
}

QString MessageBodyView::headerText() const
{
    return m_header->text();
}

QAbstractItemModel *MessageBodyView::treeModel() const
{
    return m_treeModel;
}

void MessageBodyView::copyTreeValue()
{
    const QString json = m_treeModel->json(m_treeView->currentIndex());
    if (!json.isEmpty())
        QGuiApplication::clipboard()->setText(json);
}

void MessageBodyView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_treeModel->setPalette(palette());
        m_treeView->viewport()->update();
    }
}

// Copy in the tree takes the value as JSON (QTreeView would copy the cell's display text).
bool MessageBodyView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_treeView && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event) == QKeySequence::Copy) {
        copyTreeValue();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

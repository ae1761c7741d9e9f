#include "comparisonwindow.h"

#include "cli/replaycommands.h"
#include "models/comparisonmodel.h"
#include "replay/bodytext.h"

#include <QtCore/QFileInfo>
#include <QtGui/QAction>
#include <QtGui/QFontDatabase>
#include <QtGui/QTextBlock>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStyledItemDelegate>
#include <QtWidgets/QTableView>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QVBoxLayout>

namespace {

// A differing place, in both the table and the bodies.
const QColor differenceColor(255, 224, 178);

// Paints the rows of differing pairs in the difference colour.
class DifferenceDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(ComparisonModel::DiffersRole).toBool()
            && !(option->state & QStyle::State_Selected))
            option->backgroundBrush = differenceColor;
    }
};

QPlainTextEdit *bodyView(QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

QWidget *titled(const QString &title, QWidget *content, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(title, box));
    layout->addWidget(content);
    return box;
}

// Shows `message`'s body in `view`, the lines of each of `paths` highlighted.
void showBody(QPlainTextEdit *view, const ConversationMessage *message,
              const MethodComparison &rules, const QList<TreePath> &paths, bool wholeDiffers)
{
    view->setExtraSelections({});
    if (!message) {
        view->setPlainText(QString());
        return;
    }
    QList<std::pair<int, int>> ranges;
    if (message->tree.isUndefined()) {
        view->setPlainText(QString::fromUtf8(message->body()));
        if (wholeDiffers)
            ranges.append({0, view->document()->blockCount() - 1});
    } else {
        const BodyText text = bodyText(message->tree, rules);
        view->setPlainText(text.text);
        for (const TreePath &path : paths) {
            // An absent value: its nearest present parent.
            TreePath at = path;
            while (!text.lines.contains(treePathText(at)) && !at.isEmpty())
                at.removeLast();
            ranges.append(text.lines.value(treePathText(at)));
        }
    }
    // A selection per line: a full-width one spans the line however long its text.
    QList<QTextEdit::ExtraSelection> selections;
    for (const auto &[first, last] : ranges) {
        for (int line = first; line <= last; ++line) {
            QTextEdit::ExtraSelection selection;
            selection.format.setBackground(differenceColor);
            selection.format.setProperty(QTextFormat::FullWidthSelection, true);
            selection.cursor = QTextCursor(view->document()->findBlockByNumber(line));
            selections.append(selection);
        }
    }
    view->setExtraSelections(selections);
    if (!ranges.isEmpty())
        view->setTextCursor(QTextCursor(view->document()->findBlockByNumber(ranges.first().first)));
}

} // namespace

ComparisonWindow::ComparisonWindow(const Side &expected, const Side &actual,
                                   const ComparisonSettings &settings, const QList<Stream> &streams,
                                   QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_expected{comparableConversation(expected.conversation), expected.name}
    , m_actual{comparableConversation(actual.conversation), actual.name}
    , m_settings(settings)
    , m_model(new ComparisonModel(this))
    , m_verdict(new QLabel(this))
    , m_table(new QTableView(this))
    , m_expectedBody(bodyView(this))
    , m_actualBody(bodyView(this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("%1 vs %2 - pipescope").arg(expected.name, actual.name));
    m_model->setComparison(
        alignConversations(m_expected.conversation, m_actual.conversation, settings, streams),
        expected.name, actual.name);
    const qsizetype differences = m_model->differenceCount();
    if (differences == 0)
        m_verdict->setText(tr("Every message as in %1.").arg(expected.name));
    else if (differences == 1)
        m_verdict->setText(tr("1 of %1 messages differs.").arg(m_model->rowCount()));
    else
        m_verdict->setText(
            tr("%1 of %2 messages differ.").arg(differences).arg(m_model->rowCount()));

    auto *toolBar = new QToolBar(this);
    QAction *previous
        = toolBar->addAction(tr("Previous Difference"), [this] { goToDifference(false); });
    previous->setShortcut(Qt::SHIFT | Qt::Key_F7);
    QAction *next = toolBar->addAction(tr("Next Difference"), [this] { goToDifference(true); });
    next->setShortcut(Qt::Key_F7);
    toolBar->addSeparator();
    toolBar->addWidget(m_verdict);

    m_table->setModel(m_model);
    m_table->setItemDelegate(new DifferenceDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (int column : {ComparisonModel::SideColumn, ComparisonModel::MessageColumn,
                       ComparisonModel::ExpectedColumn, ComparisonModel::ActualColumn})
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showPair(current.row()); });

    auto *bodies = new QSplitter(Qt::Horizontal, this);
    bodies->addWidget(titled(expected.name, m_expectedBody, bodies));
    bodies->addWidget(titled(actual.name, m_actualBody, bodies));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(bodies);
    split->setSizes({350, 400});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(toolBar);
    layout->addWidget(split);
    resize(1100, 750);
    if (!goToDifference(true) && m_model->rowCount() > 0)
        m_table->selectRow(0);
}

ComparisonWindow::~ComparisonWindow() = default;

ComparisonWindow *ComparisonWindow::open(const QString &expectedPath, const QString &actualPath,
                                         QString *error, QWidget *parent)
{
    Side expected{Conversation(), QFileInfo(expectedPath).fileName()};
    Side actual{Conversation(), QFileInfo(actualPath).fileName()};
    QString warning;
    if (!loadConversation(expectedPath, FramingChoice(), &expected.conversation, error, &warning)
        || !loadConversation(actualPath, FramingChoice(), &actual.conversation, error, &warning))
        return nullptr;
    return new ComparisonWindow(expected, actual,
                                ComparisonSettings::defaults(expected.conversation.protocol),
                                {Stream::Stdin, Stream::Stdout}, parent);
}

bool ComparisonWindow::goToDifference(bool forward)
{
    const int current = m_table->currentIndex().isValid() ? m_table->currentIndex().row()
                                                          : (forward ? -1 : m_model->rowCount());
    const int row = m_model->nextDifference(current, forward);
    if (row < 0)
        return false;
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0));
    return true;
}

void ComparisonWindow::showPair(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const MessageDifference &pair = m_model->pair(row);
    QList<TreePath> paths;
    for (const ValueDifference &difference : pair.differences)
        paths.append(difference.path);
    const MethodComparison rules = m_settings.profile.forMethod(pair.method);
    const bool differs = pair.status != MessageDifference::Status::Same;
    showBody(m_expectedBody,
             pair.expectedIndex >= 0 ? &m_expected.conversation.messages.at(pair.expectedIndex)
                                     : nullptr,
             rules, paths, differs);
    showBody(m_actualBody,
             pair.actualIndex >= 0 ? &m_actual.conversation.messages.at(pair.actualIndex) : nullptr,
             rules, paths, differs);
}

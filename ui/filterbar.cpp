#include "filterbar.h"

#include "filter/filtercompletions.h"
#include "settings.h"

#include <QtCore/QStringListModel>
#include <QtGui/QKeyEvent>
#include <QtGui/QShortcut>
#include <QtWidgets/QAbstractItemView>
#include <QtWidgets/QCompleter>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QToolButton>

namespace {

constexpr int maxHistory = 30;

// Wireshark's colours for a display filter that parses and one that does not, light enough for
// dark text in either theme.
const QColor validColour(0xaf, 0xff, 0xaf);
const QColor invalidColour(0xff, 0xaf, 0xaf);

// Characters a completed word is made of: field names, paths, method names.
bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$' || c == u'.' || c == u'/' || c == u'-'
           || c == u'[' || c == u']';
}

} // namespace

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_history(new QToolButton(this))
    , m_save(new QToolButton(this))
    , m_savedButtons(new QHBoxLayout)
    , m_completer(new QCompleter(this))
    , m_words(new QStringListModel(this))
{
    m_edit->setPlaceholderText(
        tr("Filter: method == initialize && latency > 200ms (Enter applies, Ctrl+/)"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setAccessibleName(tr("Display filter"));
    m_edit->installEventFilter(this);
    m_problem->setForegroundRole(QPalette::PlaceholderText);
    m_history->setText(tr("Recent"));
    m_history->setToolTip(tr("Filters applied before"));
    m_history->setAutoRaise(true);
    m_save->setText(tr("Save"));
    m_save->setToolTip(tr("Keep this filter as a button"));
    m_save->setAutoRaise(true);

    m_completer->setModel(m_words);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setWidget(m_edit);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_history);
    layout->addWidget(m_save);
    m_savedButtons->setSpacing(2);
    layout->addLayout(m_savedButtons);

    connect(m_edit, &QLineEdit::textChanged, this, &FilterBar::check);
    connect(m_edit, &QLineEdit::returnPressed, this, &FilterBar::apply);
    connect(m_edit, &QLineEdit::textEdited, this, [this] {
        int start = 0;
        const QString word = wordAtCursor(&start);
        if (word.isEmpty()) {
            m_completer->popup()->hide();
            return;
        }
        m_completer->setCompletionPrefix(word);
        if (m_completer->completionCount() == 0) {
            m_completer->popup()->hide();
            return;
        }
        m_completer->complete();
        // The first candidate is chosen: Enter or Tab takes it, as in an editor.
        m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    });
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &FilterBar::complete);
    // Wireshark's key for its display filter; anywhere in the session the bar belongs to.
    auto *focus = new QShortcut(QKeySequence(tr("Ctrl+/")), parent ? parent : this);
    focus->setContext(Qt::WidgetWithChildrenShortcut);
    connect(focus, &QShortcut::activated, this, [this] {
        m_edit->setFocus(Qt::ShortcutFocusReason);
        m_edit->selectAll();
    });
    connect(m_history, &QToolButton::clicked, this, &FilterBar::showHistoryMenu);
    connect(m_save, &QToolButton::clicked, this, &FilterBar::saveCurrent);
    rebuildSavedButtons();
    check();
}

void FilterBar::setTarget(FilterTarget target)
{
    m_target = target;
    check();
    // What was applied, read for the new timeline: none when it names what that one lacks.
    if (m_applied && m_applied->target() != target) {
        std::optional<ParseError> error;
        m_applied = Filter::parse(m_applied->expression(), target, &error);
    }
}

void FilterBar::setMessagesSource(std::function<const SessionMessages *()> source)
{
    m_messagesSource = std::move(source);
}

void FilterBar::setBusy(bool busy)
{
    if (busy) {
        m_problem->setText(tr("filtering…"));
        m_problem->show();
    } else {
        check(); // the reason, if any, again
    }
}

void FilterBar::applyExpression(const QString &expression)
{
    m_edit->setText(expression);
    apply();
}

QString FilterBar::text() const
{
    return m_edit->text();
}

QString FilterBar::problem() const
{
    return m_error ? m_error->text() : QString();
}

void FilterBar::check()
{
    m_error.reset();
    QPalette palette = this->palette();
    if (!m_edit->text().trimmed().isEmpty()) {
        const bool valid = Filter::parse(m_edit->text(), m_target, &m_error).has_value();
        palette.setColor(QPalette::Base, valid ? validColour : invalidColour);
        palette.setColor(QPalette::Text, Qt::black);
    }
    m_edit->setPalette(palette);
    m_problem->setText(problem());
    m_problem->setVisible(m_error.has_value());
    m_save->setEnabled(!m_error && !m_edit->text().trimmed().isEmpty());
}

void FilterBar::apply()
{
    if (m_completer->popup()->isVisible())
        return; // Enter chose a completion
    const QString expression = m_edit->text().trimmed();
    std::optional<ParseError> error;
    std::optional<Filter> filter
        = expression.isEmpty() ? std::nullopt : Filter::parse(expression, m_target, &error);
    if (error)
        return; // red, with the reason beside it: nothing to apply
    m_applied = std::move(filter);
    if (!expression.isEmpty()) {
        Settings settings;
        QStringList history = settings.filterHistory();
        history.removeAll(expression);
        history.prepend(expression);
        settings.setFilterHistory(history.mid(0, maxHistory));
    }
    emit filterApplied();
}

QString FilterBar::wordAtCursor(int *start) const
{
    const QString text = m_edit->text();
    const int cursor = m_edit->cursorPosition();
    int begin = cursor;
    while (begin > 0 && isWordChar(text.at(begin - 1)))
        --begin;
    *start = begin;
    return text.mid(begin, cursor - begin);
}

void FilterBar::complete(const QString &word)
{
    int start = 0;
    const QString typed = wordAtCursor(&start);
    QString text = m_edit->text();
    text.replace(start, typed.size(), word);
    m_edit->setText(text);
    m_edit->setCursorPosition(start + int(word.size()));
}

bool FilterBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::FocusIn)
        m_words->setStringList(
            filterCompletions(m_target, m_messagesSource ? m_messagesSource() : nullptr));
    if (watched == m_edit && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape
        && !m_completer->popup()->isVisible()) {
        // Esc puts back what is applied, as a browser's address bar does.
        m_edit->setText(m_applied ? m_applied->expression() : QString());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void FilterBar::showHistoryMenu()
{
    QMenu menu(this);
    const QStringList history = Settings().filterHistory();
    if (history.isEmpty())
        menu.addAction(tr("No filters applied yet"))->setEnabled(false);
    for (const QString &expression : history) {
        connect(menu.addAction(expression), &QAction::triggered, this,
                [this, expression] { applyExpression(expression); });
    }
    menu.exec(m_history->mapToGlobal(QPoint(0, m_history->height())));
}

void FilterBar::saveCurrent()
{
    const QString expression = m_edit->text().trimmed();
    bool ok = false;
    const QString label = QInputDialog::getText(this, tr("Save Filter"), tr("Button label:"),
                                                QLineEdit::Normal, expression.left(24), &ok)
                              .trimmed();
    if (!ok || label.isEmpty())
        return;
    Settings settings;
    QList<Settings::SavedFilter> saved = settings.savedFilters();
    saved.append({label, expression});
    settings.setSavedFilters(saved);
    rebuildSavedButtons();
}

void FilterBar::rebuildSavedButtons()
{
    while (QLayoutItem *item = m_savedButtons->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QList<Settings::SavedFilter> saved = Settings().savedFilters();
    for (qsizetype i = 0; i < saved.size(); ++i) {
        auto *button = new QToolButton(this);
        button->setText(saved.at(i).label);
        button->setToolTip(saved.at(i).expression);
        button->setContextMenuPolicy(Qt::CustomContextMenu);
        const QString expression = saved.at(i).expression;
        connect(button, &QToolButton::clicked, this,
                [this, expression] { applyExpression(expression); });
        connect(button, &QWidget::customContextMenuRequested, this, [this, i] {
            QMenu menu(this);
            connect(menu.addAction(tr("Remove")), &QAction::triggered, this, [this, i] {
                Settings settings;
                QList<Settings::SavedFilter> filters = settings.savedFilters();
                if (i < filters.size())
                    filters.removeAt(i);
                settings.setSavedFilters(filters);
                // Later: the button that asked is deleted with the others.
                QMetaObject::invokeMethod(this, &FilterBar::rebuildSavedButtons,
                                          Qt::QueuedConnection);
            });
            menu.exec(QCursor::pos());
        });
        m_savedButtons->addWidget(button);
    }
}

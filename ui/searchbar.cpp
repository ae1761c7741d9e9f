#include "searchbar.h"

#include <QtCore/QSignalBlocker>

#include <QtCore/QTimer>
#include <QtGui/QKeyEvent>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QToolButton>

namespace {
// Typing pauses this long before a search starts: a large capture is not searched per key.
constexpr int debounceMs = 300;
// The mode combo box's value for "Filter expression", beside the SearchModes.
constexpr int expressionMode = -1;
} // namespace

SearchBar::SearchBar(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_mode(new QComboBox(this))
    , m_caseSensitive(new QCheckBox(tr("Match case"), this))
    , m_filter(new QCheckBox(tr("Only matching rows"), this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
    , m_debounce(new QTimer(this))
{
    m_edit->setPlaceholderText(tr("Find in the traffic (Enter: next, Shift+Enter: previous)"));
    m_edit->setClearButtonEnabled(true);
    m_edit->installEventFilter(this);
    m_mode->addItem(tr("Text"), int(SearchMode::Text));
    m_mode->addItem(tr("C escapes"), int(SearchMode::Escaped));
    m_mode->setItemData(1, tr("Text with escapes, as the timeline shows it: ready\\n, \\x1b["),
                        Qt::ToolTipRole);
    m_mode->addItem(tr("Hex bytes"), int(SearchMode::Hex));
    m_mode->addItem(tr("Regular expression"), int(SearchMode::RegularExpression));
    m_mode->addItem(tr("Filter expression"), expressionMode);
    m_mode->setItemData(m_mode->count() - 1,
                        tr("The next row a filter selects: method == initialize && latency > "
                           "200ms"),
                        Qt::ToolTipRole);
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(120);
    m_cancel->setText(tr("Cancel"));
    setProgress(-1);

    auto *previous = new QToolButton(this);
    previous->setArrowType(Qt::UpArrow);
    previous->setToolTip(tr("Previous match (Shift+Enter)"));
    auto *next = new QToolButton(this);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next match (Enter)"));
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Close (Esc)"));
    close->setAutoRaise(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_mode);
    layout->addWidget(m_caseSensitive);
    layout->addWidget(previous);
    layout->addWidget(next);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(m_cancel);
    layout->addWidget(m_filter);
    layout->addWidget(close);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(debounceMs);
    connect(m_debounce, &QTimer::timeout, this, [this] {
        m_searchedText = text();
        emit searchRequested();
    });
    connect(m_edit, &QLineEdit::textEdited, this, &SearchBar::textEdited);
    const auto searchNow = [this] {
        m_debounce->stop();
        m_searchedText = text();
        emit searchRequested();
    };
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this, searchNow] {
        // Rows a filter selects are the filter bar's to keep: this bar only finds them.
        m_filter->setEnabled(!isExpressionMode());
        m_caseSensitive->setEnabled(!isExpressionMode());
        searchNow();
    });
    connect(m_caseSensitive, &QCheckBox::toggled, this, searchNow);
    connect(m_filter, &QCheckBox::toggled, this, &SearchBar::filterToggled);
    connect(previous, &QToolButton::clicked, this, &SearchBar::previousRequested);
    connect(next, &QToolButton::clicked, this, &SearchBar::nextRequested);
    connect(m_cancel, &QToolButton::clicked, this, &SearchBar::cancelRequested);
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        emit closed();
    });
}

QString SearchBar::text() const
{
    return m_edit->text();
}

SearchMode SearchBar::mode() const
{
    return static_cast<SearchMode>(m_mode->currentData().toInt());
}

bool SearchBar::isExpressionMode() const
{
    return m_mode->currentData().toInt() == expressionMode;
}

Qt::CaseSensitivity SearchBar::caseSensitivity() const
{
    return m_caseSensitive->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive;
}

void SearchBar::setFilterOn(bool on)
{
    const QSignalBlocker blocker(m_filter);
    m_filter->setChecked(on);
}

bool SearchBar::isFilterOn() const
{
    return m_filter->isChecked();
}

void SearchBar::activate()
{
    show();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

void SearchBar::setStatus(const QString &status, bool isError)
{
    m_status->setText(status);
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText, isError ? QColor(0xd0, 0x30, 0x30)
                                                   : this->palette().color(QPalette::WindowText));
    m_status->setPalette(palette);
}

void SearchBar::setProgress(int percent)
{
    m_progress->setVisible(percent >= 0);
    m_cancel->setVisible(percent >= 0);
    if (percent >= 0)
        m_progress->setValue(percent);
}

void SearchBar::textEdited()
{
    m_debounce->start();
}

bool SearchBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (m_debounce->isActive() || m_searchedText != text()) {
                // A new pattern: search now, and the window goes to the first match when the
                // search is done. A filter expression has no search to wait for.
                m_debounce->stop();
                m_searchedText = text();
                emit searchRequested();
                if (!isExpressionMode())
                    return true;
            }
            if (key->modifiers() & Qt::ShiftModifier)
                emit previousRequested();
            else
                emit nextRequested();
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            hide();
            emit closed();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

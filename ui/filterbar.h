#pragma once

#include "filter/filter.h"

#include <QtWidgets/QWidget>

#include <functional>
#include <optional>

class QCompleter;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QStringListModel;
class QToolButton;
class SessionMessages;

// Above the timeline, in both modes: a filter expression (docs/filters.md), as Wireshark's
// display filter bar. Green while what is typed is a valid filter for the timeline shown, red
// with the reason and its column while it is not; Enter applies it (an empty bar shows
// everything). Completes field names, choices, methods and body paths at the cursor; keeps a
// history of applied filters and saved filters as buttons.
class FilterBar final : public QWidget
{
    Q_OBJECT

public:
    explicit FilterBar(QWidget *parent = nullptr);

    // Chunks or messages: what the expression is checked against. The text stays; the applied
    // filter becomes the text's for the new target (none when it is not valid there).
    void setTarget(FilterTarget target);
    // The session's messages, for completing methods and body paths (asked when the bar gets
    // the focus; null before the session is decoded).
    void setMessagesSource(std::function<const SessionMessages *()> source);
    // Says "filtering…" beside the bar while a filter is matched in the background.
    void setBusy(bool busy);

    // The filter applied last (with Enter, a history entry or a saved button).
    const std::optional<Filter> &applied() const { return m_applied; }
    // Puts `expression` in the bar and applies it, as a click on a saved filter does.
    void applyExpression(const QString &expression);
    QString text() const;
    // The reason the text is not a filter (with its column); empty when it is or the bar is
    // empty.
    QString problem() const;
    QLineEdit *lineEdit() const { return m_edit; }

signals:
    void filterApplied();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void check();
    void apply();
    void complete(const QString &word);
    QString wordAtCursor(int *start) const;
    void showHistoryMenu();
    void saveCurrent();
    void rebuildSavedButtons();

    QLineEdit *m_edit;
    QLabel *m_problem;
    QToolButton *m_history;
    QToolButton *m_save;
    QHBoxLayout *m_savedButtons;
    QCompleter *m_completer;
    QStringListModel *m_words;
    std::function<const SessionMessages *()> m_messagesSource;
    FilterTarget m_target = FilterTarget::Chunks;
    std::optional<Filter> m_applied;
    std::optional<ParseError> m_error;
};

#pragma once

#include "search/searchpattern.h"

#include <QtWidgets/QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QTimer;
class QToolButton;

// The Ctrl+F bar above the timeline: what to find (text, hex bytes or a regular expression,
// with a case toggle), next/previous, the match count, and a filter that keeps only rows with
// matches. It asks; the window searches and reports back with setStatus()/setProgress().
class SearchBar final : public QWidget
{
    Q_OBJECT

public:
    explicit SearchBar(QWidget *parent = nullptr);

    QString text() const;
    SearchMode mode() const;
    // "Filter expression": find the next row a filter (docs/filters.md) selects, rather than
    // bytes; mode() then means nothing.
    bool isExpressionMode() const;
    Qt::CaseSensitivity caseSensitivity() const;
    bool isFilterOn() const;
    void setFilterOn(bool on); // without filterToggled()

    // Shows the bar with the text selected, ready to type.
    void activate();
    void setStatus(const QString &status, bool isError = false);
    // 0-100 while a search runs; -1 hides the progress and the cancel button.
    void setProgress(int percent);

signals:
    // The pattern changed (debounced while typing, at once on Enter or a mode change).
    void searchRequested();
    void nextRequested();
    void previousRequested();
    void filterToggled(bool on);
    void cancelRequested();
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void textEdited();

    QLineEdit *m_edit;
    QComboBox *m_mode;
    QCheckBox *m_caseSensitive;
    QCheckBox *m_filter;
    QLabel *m_status;
    QProgressBar *m_progress;
    QToolButton *m_cancel;
    QTimer *m_debounce;
    QString m_searchedText; // what the last searchRequested() was for
};

#pragma once

#include <QtWidgets/QFrame>

class QLabel;

// Over an empty timeline whose rows are all hidden (by the stream toggles, the message filters
// or "Only matching rows"): says so, with a button that shows everything again. An empty table
// that says nothing looks like an empty session.
class HiddenRowsNote final : public QFrame
{
    Q_OBJECT

public:
    // Sits in the middle of `viewport` (a table's), following its size.
    explicit HiddenRowsNote(QWidget *viewport);

    // Shown while none of `total` rows (records or messages, as `unitName` says) shows.
    void update(qsizetype shown, qsizetype total, const QString &unitName);

signals:
    void showEverythingRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void place();

    QLabel *m_text;
};

#pragma once

#include "replay/conversationdiff.h"

#include <QtWidgets/QWidget>

class ComparisonModel;
class QLabel;
class QPlainTextEdit;
class QTableView;

// Two sessions of one conversation side by side (`pipescope diff` in a window, and the end of
// File > Replay Against...): a row per aligned pair of messages, differences marked, the
// selected pair's bodies next to each other with the places that differ highlighted, and next /
// previous difference (F7, Shift+F7).
class ComparisonWindow final : public QWidget
{
    Q_OBJECT

public:
    struct Side
    {
        Conversation conversation;
        QString name; // the session file's name
    };

    ComparisonWindow(const Side &expected, const Side &actual, const ComparisonSettings &settings,
                     const QList<Stream> &streams, QWidget *parent = nullptr);
    ~ComparisonWindow() override;

    // Opens the comparison of two session files, as `pipescope diff` compares them. Null, with
    // `error` set, when one cannot be read.
    static ComparisonWindow *open(const QString &expectedPath, const QString &actualPath,
                                  QString *error, QWidget *parent = nullptr);

    QLabel *verdict() const { return m_verdict; }
    QTableView *table() const { return m_table; }
    QPlainTextEdit *expectedBody() const { return m_expectedBody; }
    QPlainTextEdit *actualBody() const { return m_actualBody; }
    // Selects the next (or previous) differing pair; false when there is none that way.
    bool goToDifference(bool forward);

private:
    void showPair(int row);

    Side m_expected;
    Side m_actual;
    ComparisonSettings m_settings;
    ComparisonModel *m_model;
    QLabel *m_verdict;
    QTableView *m_table;
    QPlainTextEdit *m_expectedBody;
    QPlainTextEdit *m_actualBody;
};

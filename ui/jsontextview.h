#pragma once

#include "codec/jsonformat.h"

#include <QtCore/QBasicTimer>
#include <QtGui/QTextFormat>
#include <QtGui/QTextLayout>
#include <QtWidgets/QAbstractScrollArea>

#include <array>
#include <vector>

// The colour of a token of formatted JSON, readable on the palette's base colour (light or dark).
QColor jsonTokenColor(JsonTokenKind kind, const QPalette &palette);

// A read-only text view that lays out and paints only its visible lines, with a colour per
// token and a selection by mouse (Ctrl+A and Ctrl+C, double-click selects a token).
class JsonTextView final : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit JsonTextView(QWidget *parent = nullptr);

    void setContent(const PrettyJson &pretty);
    void setPlainContent(const QString &text);
    const QString &text() const { return m_text; }
    void setPlaceholderText(const QString &text);
    void selectAll();
    void copy() const;
    // Marks ranges of text() (sorted, not overlapping: search matches) and scrolls the first
    // into view; an empty list clears them.
    void setMarks(const QList<std::pair<qsizetype, qsizetype>> &marks);
    const QList<std::pair<qsizetype, qsizetype>> &marks() const { return m_marks; }

protected:
    void paintEvent(QPaintEvent *event) final;
    void resizeEvent(QResizeEvent *event) final;
    void changeEvent(QEvent *event) final;
    void scrollContentsBy(int dx, int dy) final;
    void keyPressEvent(QKeyEvent *event) final;
    void mousePressEvent(QMouseEvent *event) final;
    void mouseMoveEvent(QMouseEvent *event) final;
    void mouseReleaseEvent(QMouseEvent *event) final;
    void mouseDoubleClickEvent(QMouseEvent *event) final;
    void contextMenuEvent(QContextMenuEvent *event) final;
    void timerEvent(QTimerEvent *event) final;

private:
    static constexpr std::array<JsonTokenKind, 5> tokenKinds{
        JsonTokenKind::Key, JsonTokenKind::String, JsonTokenKind::Number, JsonTokenKind::Keyword,
        JsonTokenKind::Punctuation};

    // A token's span in m_text, in UTF-16 units.
    struct Run
    {
        qint32 start;
        qint32 length;
        JsonTokenKind kind;
    };
    using Formats = std::array<QTextCharFormat, tokenKinds.size()>;

    void reset();
    int lineCount() const { return int(m_lineStarts.size()); }
    qsizetype lineEnd(int line) const;
    int fullyVisibleLineCount() const;
    void updateMetrics();
    void updateScrollBars();
    qsizetype layOutLine(int line, QTextLayout *layout, qreal *x, const Formats *formats) const;
    // The text position at `pos`: the nearest gap between characters, or the character under it.
    qsizetype positionAt(const QPoint &pos,
                         QTextLine::CursorPosition edge = QTextLine::CursorBetweenCharacters) const;
    void select(qsizetype anchor, qsizetype cursor);
    QString selectedText() const;

    QString m_text;
    std::vector<Run> m_runs;                        // in text order
    QList<std::pair<qsizetype, qsizetype>> m_marks; // (start, length)
    std::vector<qint32> m_lineStarts;
    qsizetype m_longestLine = 0;
    QString m_placeholderText;
    qsizetype m_anchor = 0; // the selection is [min, max) of the two
    qsizetype m_cursor = 0;
    bool m_dragging = false;
    QPoint m_dragPos;
    QBasicTimer m_autoScrollTimer;
    qreal m_charWidth = 8;
    qreal m_lineHeight = 16;
    qreal m_margin = 4;
};

#pragma once

#include "codec/hexformat.h"

#include <QtCore/QBasicTimer>
#include <QtWidgets/QAbstractScrollArea>

#include <memory>

class ByteSource;

// A hex dump of a ByteSource (offset, hex and ASCII columns; see hexformat.h).
//
// The source may be far larger than memory should hold: the vertical scroll bar counts lines and
// each paint reads only the bytes of the visible lines, with one ByteSource::read(). Up to
// ScrollBarLineLimit lines (8 GiB at 8 bytes per row, 16 GiB at 16) the scroll bar value is the
// first visible line; past that the scroll bar is scaled (dragging it jumps proportionally, while
// the wheel and the keyboard still move by lines).
//
// Selection is by byte, inclusive of the byte under the press and the byte under the cursor:
// press and drag in the hex or ASCII column, shift-click or shift+movement keys to extend. A
// search match set with setHighlight() is drawn in the palette's highlight colour; the selection
// is a lighter tint of it.
class HexView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    struct Range
    {
        qint64 offset = 0;
        qint64 length = 0; // 0: nothing

        qint64 end() const { return offset + length; }
        bool contains(qint64 position) const { return position >= offset && position < end(); }
        friend bool operator==(const Range &a, const Range &b)
        {
            return a.offset == b.offset && a.length == b.length;
        }
        friend bool operator!=(const Range &a, const Range &b) { return !(a == b); }
    };

    // selectedBytes() returns at most this many bytes: the start of a larger selection.
    static constexpr qint64 MaxSelectedBytes = 64 * 1024 * 1024;
    // copy() puts at most this many bytes on the clipboard (three characters each).
    static constexpr qint64 MaxCopiedBytes = 16 * 1024 * 1024;
    // Past this many lines the vertical scroll bar is scaled.
    static constexpr qint64 ScrollBarLineLimit = qint64(1) << 30;

    explicit HexView(QWidget *parent = nullptr);
    ~HexView() override;

    // Shows `source` from its start; nullptr shows the placeholder text. Clears the selection
    // and the highlight.
    void setSource(std::shared_ptr<const ByteSource> source);
    std::shared_ptr<const ByteSource> source() const { return m_source; }

    // 8, 16 (the default) or 32; other values are rounded to the nearest of them.
    void setBytesPerRow(int bytesPerRow);
    int bytesPerRow() const { return m_layout.bytesPerRow; }

    // Shown when there is no source.
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholderText; }

    // A search match, say. Clipped to the source; length 0 removes it.
    void setHighlight(qint64 offset, qint64 length);
    void clearHighlight() { setHighlight(0, 0); }
    Range highlight() const { return m_highlight; }

    // Selects [offset, offset + length), clipped to the source, and moves the cursor to its last
    // byte (without scrolling). Length 0 clears the selection.
    void setSelection(qint64 offset, qint64 length);
    void clearSelection() { setSelection(0, 0); }
    void selectAll();
    Range selectedRange() const;
    // The selected bytes, at most MaxSelectedBytes of them (the start of a larger selection).
    QByteArray selectedBytes() const;
    // Puts the selected bytes on the clipboard as lowercase hex separated by spaces
    // ("de ad be ef"), at most MaxCopiedBytes of them. Bound to QKeySequence::Copy.
    void copy();

    // Scrolls so that the line with `offset` is visible (centred if it was not), and the byte's
    // hex cell horizontally.
    void scrollToOffset(qint64 offset);

    qint64 lineCount() const;
    qint64 firstVisibleLine() const { return m_firstLine; }
    // Lines that fit completely in the viewport (at least 1).
    int fullyVisibleLineCount() const;

    // Hit-testing, in viewport coordinates: the byte under `pos`, or -1 when there is none.
    qint64 offsetAt(const QPoint &pos) const;
    // The cell of byte `offset` in the hex part (its two digits) or the ASCII part (its
    // character), whether or not it is visible. Empty for the Offset area.
    QRectF byteRect(qint64 offset, HexArea area) const;

signals:
    // The selected range changed; length 0 when nothing is selected.
    void selectionChanged(qint64 offset, qint64 length);

protected:
    QSize viewportSizeHint() const override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void timerEvent(QTimerEvent *event) override;

private:
    qint64 sourceSize() const;
    void updateMetrics();
    void updateScrollBars();
    void setFirstLine(qint64 line);
    qint64 maxFirstLine() const;
    int visibleLineCount() const;
    qint64 lineAtY(qreal y) const;
    int columnAtX(qreal x) const;
    qreal xForColumn(int column) const;
    qreal yForLine(qint64 line) const;
    qint64 dragOffsetAt(const QPoint &pos) const;
    void moveCursorTo(qint64 offset, bool extend);
    void ensureCursorVisible();
    void ensureHorizontallyVisible(qreal left, qreal right);
    void emitIfSelectionChanged(const Range &before);

    std::shared_ptr<const ByteSource> m_source;
    HexLayout m_layout;
    QString m_placeholderText;

    qreal m_charWidth = 8;
    qreal m_lineHeight = 16;
    qreal m_ascent = 12;
    qreal m_margin = 4;

    qint64 m_firstLine = 0;
    bool m_settingScrollBar = false;
    int m_wheelRemainder = 0;

    Range m_highlight;
    qint64 m_anchor = -1; // -1: nothing selected
    qint64 m_cursor = -1;

    bool m_dragging = false;
    HexArea m_dragArea = HexArea::Hex;
    QPoint m_dragPos;
    QBasicTimer m_autoScrollTimer;
};

#pragma once

#include "codec/hexformat.h"

#include <QtCore/QByteArray>

#include <utility>

class QColor;
class QPainter;
class QPalette;

// Paints lines of a hex view: the offset, the hex cells and the ASCII column, odd lines tinted,
// the selection and the search match filled (the match's text in the highlight colour), the
// cursor outlined, and bytes shown as '.' dimmed. It knows where the columns are; the view
// knows which lines show and what is marked on them.
class HexLinePainter
{
public:
    // Byte offsets in the source, [begin, end); empty when begin == end.
    struct Span
    {
        qint64 begin = 0;
        qint64 end = 0;
    };
    struct Marks
    {
        Span selection;
        Span match;
        qint64 cursor = -1; // -1: no cursor to draw
    };
    struct Geometry
    {
        HexLayout layout;
        qreal charWidth = 8;
        qreal lineHeight = 16;
        qreal ascent = 12;
        qreal left = 0;  // x of column 0
        qreal width = 0; // of the area the lines fill
    };

    HexLinePainter(QPainter &painter, const QPalette &colors, const Geometry &geometry);

    // Line `line` (its first byte at line * bytesPerRow), holding `bytes`, with its top at `y`.
    void paint(qint64 line, const QByteArray &bytes, qreal y, const Marks &marks);

private:
    qreal xForColumn(int column) const { return m_geometry.left + column * m_geometry.charWidth; }
    void fillCells(std::pair<int, int> cells, qreal y, const QColor &color);
    void draw(int column, qreal baseline, const QString &text, int role);

    QPainter &m_painter;
    const QPalette &m_colors;
    Geometry m_geometry;
};

#include "hexlinepainter.h"

#include <QtGui/QPainter>
#include <QtGui/QPalette>

namespace {

QColor mixed(const QColor &from, const QColor &to, qreal amount)
{
    const auto mix = [amount](float a, float b) { return a + (b - a) * float(amount); };
    return QColor::fromRgbF(mix(from.redF(), to.redF()), mix(from.greenF(), to.greenF()),
                            mix(from.blueF(), to.blueF()));
}

// Moves the characters [from, to) of `text` into `into` (which has the same length and starts out
// blank), leaving spaces behind: one colour's characters of a line, at their columns.
void moveCharacters(QString &text, QString &into, int from, int to)
{
    QChar *source = text.data();
    QChar *target = into.data();
    for (int i = from; i < to; ++i) {
        target[i] = source[i];
        source[i] = QLatin1Char(' ');
    }
}

} // namespace

HexLinePainter::HexLinePainter(QPainter &painter, const QPalette &colors, const Geometry &geometry)
    : m_painter(painter)
    , m_colors(colors)
    , m_geometry(geometry)
{
}

void HexLinePainter::fillCells(std::pair<int, int> cells, qreal y, const QColor &color)
{
    if (cells.first == cells.second)
        return;
    const HexLayout &layout = m_geometry.layout;
    const qreal charWidth = m_geometry.charWidth;
    const qreal hexLeft = xForColumn(layout.hexColumn(cells.first)) - charWidth / 2;
    const qreal hexRight = xForColumn(layout.hexColumn(cells.second - 1) + 2) + charWidth / 2;
    m_painter.fillRect(QRectF(hexLeft, y, hexRight - hexLeft, m_geometry.lineHeight), color);
    const qreal asciiLeft = xForColumn(layout.asciiColumn(cells.first));
    m_painter.fillRect(
        QRectF(asciiLeft, y, (cells.second - cells.first) * charWidth, m_geometry.lineHeight),
        color);
}

void HexLinePainter::draw(int column, qreal baseline, const QString &text, int role)
{
    m_painter.setPen(m_colors.color(QPalette::ColorRole(role)));
    m_painter.drawText(QPointF(xForColumn(column), baseline), text);
}

void HexLinePainter::paint(qint64 line, const QByteArray &bytes, qreal y, const Marks &marks)
{
    const HexLayout &layout = m_geometry.layout;
    const qint64 lineOffset = line * layout.bytesPerRow;
    const int count = int(bytes.size());

    if (line % 2 == 1) {
        const QColor tint
            = mixed(m_colors.color(QPalette::Base), m_colors.color(QPalette::Text), 0.04);
        m_painter.fillRect(QRectF(0, y, m_geometry.width, m_geometry.lineHeight), tint);
    }

    // The part of `span` on this line, as byte indexes [first, second).
    const auto onLine = [lineOffset, count](const Span &span) {
        const qint64 from = std::max(span.begin, lineOffset);
        const qint64 to = std::min(span.end, lineOffset + count);
        return to > from ? std::pair<int, int>(int(from - lineOffset), int(to - lineOffset))
                         : std::pair<int, int>(0, 0);
    };
    const std::pair<int, int> selected = onLine(marks.selection);
    const std::pair<int, int> matched = onLine(marks.match);
    fillCells(selected, y,
              mixed(m_colors.color(QPalette::Base), m_colors.color(QPalette::Highlight), 0.35));
    fillCells(matched, y, m_colors.color(QPalette::Highlight));

    if (marks.cursor >= lineOffset && marks.cursor < lineOffset + count) {
        QColor outline = m_colors.color(QPalette::Text);
        outline.setAlphaF(0.6f);
        m_painter.setPen(outline);
        m_painter.setBrush(Qt::NoBrush);
        const int index = int(marks.cursor - lineOffset);
        const qreal width = m_geometry.charWidth;
        const QRectF hexCell(xForColumn(layout.hexColumn(index)), y, 2 * width,
                             m_geometry.lineHeight);
        const QRectF asciiCell(xForColumn(layout.asciiColumn(index)), y, width,
                               m_geometry.lineHeight);
        for (const QRectF &cell : {hexCell, asciiCell})
            m_painter.drawRect(cell.adjusted(0.5, 0.5, -0.5, -0.5));
    }

    HexLine text = formatHexLine(lineOffset, bytes, layout);
    const qreal baseline = y + m_geometry.ascent;
    draw(0, baseline, text.offset, QPalette::PlaceholderText);

    const int hexStart = layout.hexStart();
    const int asciiStart = layout.asciiStart();
    if (matched.first != matched.second) {
        QString hexMatch(text.hex.size(), QLatin1Char(' '));
        moveCharacters(text.hex, hexMatch, layout.hexColumn(matched.first) - hexStart,
                       layout.hexColumn(matched.second - 1) + 2 - hexStart);
        draw(hexStart, baseline, hexMatch, QPalette::HighlightedText);
        QString asciiMatch(text.ascii.size(), QLatin1Char(' '));
        moveCharacters(text.ascii, asciiMatch, matched.first, matched.second);
        draw(asciiStart, baseline, asciiMatch, QPalette::HighlightedText);
    }
    draw(hexStart, baseline, text.hex, QPalette::Text);

    // Bytes shown as '.' are drawn dimmed (a '.' that is a '.' stays in the text colour).
    QString dots;
    for (int i = 0; i < count; ++i) {
        if (text.ascii.at(i) == QLatin1Char('.') && bytes.at(i) != '.') {
            if (dots.isEmpty())
                dots.fill(QLatin1Char(' '), text.ascii.size());
            moveCharacters(text.ascii, dots, i, i + 1);
        }
    }
    if (!dots.isEmpty())
        draw(asciiStart, baseline, dots, QPalette::PlaceholderText);
    draw(asciiStart, baseline, text.ascii, QPalette::Text);
}

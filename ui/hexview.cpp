#include "hexview.h"

#include "hexlinepainter.h"

#include "capture/bytesource.h"

#include <QtGui/QClipboard>
#include <QtGui/QFontDatabase>
#include <QtGui/QGuiApplication>
#include <QtGui/QKeyEvent>
#include <QtGui/QPainter>
#include <QtWidgets/QApplication>
#include <QtWidgets/QMenu>
#include <QtWidgets/QScrollBar>

#include <algorithm>
#include <cmath>

namespace {

struct KeyBinding
{
    QKeySequence::StandardKey move;
    QKeySequence::StandardKey extend;
    HexMove what;
};

constexpr KeyBinding keyBindings[] = {
    {QKeySequence::MoveToNextChar, QKeySequence::SelectNextChar, HexMove::NextByte},
    {QKeySequence::MoveToPreviousChar, QKeySequence::SelectPreviousChar, HexMove::PreviousByte},
    {QKeySequence::MoveToNextLine, QKeySequence::SelectNextLine, HexMove::NextLine},
    {QKeySequence::MoveToPreviousLine, QKeySequence::SelectPreviousLine, HexMove::PreviousLine},
    {QKeySequence::MoveToNextPage, QKeySequence::SelectNextPage, HexMove::NextPage},
    {QKeySequence::MoveToPreviousPage, QKeySequence::SelectPreviousPage, HexMove::PreviousPage},
    {QKeySequence::MoveToStartOfLine, QKeySequence::SelectStartOfLine, HexMove::StartOfLine},
    {QKeySequence::MoveToEndOfLine, QKeySequence::SelectEndOfLine, HexMove::EndOfLine},
    {QKeySequence::MoveToStartOfDocument, QKeySequence::SelectStartOfDocument, HexMove::Start},
    {QKeySequence::MoveToEndOfDocument, QKeySequence::SelectEndOfDocument, HexMove::End},
};

qint64 saturatingEnd(qint64 offset, qint64 length)
{
    return offset > 0 && length > std::numeric_limits<qint64>::max() - offset
               ? std::numeric_limits<qint64>::max()
               : offset + length;
}

} // namespace

HexView::HexView(QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_placeholderText(tr("No bytes selected"))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    updateMetrics();
    updateScrollBars();
}

HexView::~HexView() = default;

void HexView::setSource(std::shared_ptr<const ByteSource> source)
{
    const Range before = selectedRange();
    m_source = std::move(source);
    m_anchor = -1;
    m_cursor = -1;
    m_highlight = {};
    m_firstLine = 0;
    m_layout.offsetDigits = hexOffsetDigits(std::max<qint64>(0, sourceSize() - 1));
    updateScrollBars();
    horizontalScrollBar()->setValue(0);
    viewport()->update();
    emitIfSelectionChanged(before);
}

void HexView::setBytesPerRow(int bytesPerRow)
{
    bytesPerRow = bytesPerRow <= 12 ? 8 : bytesPerRow <= 24 ? 16 : 32;
    if (bytesPerRow == m_layout.bytesPerRow)
        return;
    const qint64 firstByte = m_firstLine * m_layout.bytesPerRow;
    m_layout.bytesPerRow = bytesPerRow;
    m_firstLine = firstByte / bytesPerRow;
    updateScrollBars();
    viewport()->update();
}

void HexView::setPlaceholderText(const QString &text)
{
    m_placeholderText = text;
    if (!m_source)
        viewport()->update();
}

void HexView::setHighlight(qint64 offset, qint64 length)
{
    const qint64 size = sourceSize();
    const qint64 begin = std::clamp<qint64>(offset, 0, size);
    const qint64 end
        = std::clamp<qint64>(saturatingEnd(offset, std::max<qint64>(length, 0)), begin, size);
    m_highlight = {begin, end - begin};
    viewport()->update();
}

void HexView::setSelection(qint64 offset, qint64 length)
{
    const Range before = selectedRange();
    const qint64 size = sourceSize();
    const qint64 begin = std::clamp<qint64>(offset, 0, size);
    const qint64 end
        = std::clamp<qint64>(saturatingEnd(offset, std::max<qint64>(length, 0)), begin, size);
    if (end > begin) {
        m_anchor = begin;
        m_cursor = end - 1;
    } else {
        m_anchor = -1;
        m_cursor = -1;
    }
    viewport()->update();
    emitIfSelectionChanged(before);
}

void HexView::selectAll()
{
    setSelection(0, sourceSize());
}

HexView::Range HexView::selectedRange() const
{
    if (m_cursor < 0)
        return {};
    const qint64 first = std::min(m_anchor, m_cursor);
    return {first, std::max(m_anchor, m_cursor) - first + 1};
}

QByteArray HexView::selectedBytes() const
{
    const Range range = selectedRange();
    if (!m_source || range.length == 0)
        return {};
    return m_source->read(range.offset, std::min(range.length, MaxSelectedBytes));
}

void HexView::copy()
{
    const Range range = selectedRange();
    if (!m_source || range.length == 0)
        return;
    const QByteArray bytes = m_source->read(range.offset, std::min(range.length, MaxCopiedBytes));
    QGuiApplication::clipboard()->setText(QString::fromLatin1(bytes.toHex(' ')));
}

void HexView::scrollToOffset(qint64 offset)
{
    const qint64 size = sourceSize();
    if (size == 0)
        return;
    offset = std::clamp<qint64>(offset, 0, size - 1);
    const qint64 line = offset / m_layout.bytesPerRow;
    const int visible = fullyVisibleLineCount();
    if (line < m_firstLine || line >= m_firstLine + visible)
        setFirstLine(line - visible / 2);
    const QRectF cell = byteRect(offset, HexArea::Hex);
    ensureHorizontallyVisible(cell.left(), cell.right());
}

qint64 HexView::lineCount() const
{
    const int bytesPerRow = m_layout.bytesPerRow;
    return (sourceSize() + bytesPerRow - 1) / bytesPerRow;
}

int HexView::fullyVisibleLineCount() const
{
    const qreal height = viewport()->height() - m_margin;
    return std::max(1, int(std::floor(height / m_lineHeight)));
}

qint64 HexView::offsetAt(const QPoint &pos) const
{
    const qint64 line = lineAtY(pos.y());
    if (line < 0 || line >= lineCount())
        return -1;
    const int column = columnAtX(pos.x());
    int index = -1;
    switch (m_layout.areaAt(column)) {
    case HexArea::Offset:
        break;
    case HexArea::Hex:
        index = m_layout.byteAtHexColumn(column);
        break;
    case HexArea::Ascii:
        index = m_layout.byteAtAsciiColumn(column);
        break;
    }
    if (index < 0)
        return -1;
    const qint64 offset = line * m_layout.bytesPerRow + index;
    return offset < sourceSize() ? offset : -1;
}

QRectF HexView::byteRect(qint64 offset, HexArea area) const
{
    const qint64 line = offset / m_layout.bytesPerRow;
    const int index = int(offset % m_layout.bytesPerRow);
    const qreal y = yForLine(line);
    switch (area) {
    case HexArea::Offset:
        break;
    case HexArea::Hex:
        return {xForColumn(m_layout.hexColumn(index)), y, 2 * m_charWidth, m_lineHeight};
    case HexArea::Ascii:
        return {xForColumn(m_layout.asciiColumn(index)), y, m_charWidth, m_lineHeight};
    }
    return {};
}

QSize HexView::viewportSizeHint() const
{
    const qreal width = 2 * m_margin + m_layout.lineWidth() * m_charWidth;
    const qreal height = 2 * m_margin + 16 * m_lineHeight;
    return {int(std::ceil(width)), int(std::ceil(height))};
}

void HexView::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(viewport());
    painter.setFont(font());
    const QPalette &colors = palette();

    if (!m_source || sourceSize() == 0) {
        painter.setPen(colors.color(QPalette::PlaceholderText));
        painter.drawText(viewport()->rect(), Qt::AlignCenter,
                         m_source ? tr("No bytes") : m_placeholderText);
        return;
    }

    const int bytesPerRow = m_layout.bytesPerRow;
    const qint64 first = m_firstLine;
    const qint64 last = std::min(lineCount(), first + visibleLineCount());
    if (first >= last)
        return;

    // One read for all the visible lines.
    const qint64 begin = first * bytesPerRow;
    const qint64 end = std::min(sourceSize(), last * bytesPerRow);
    const QByteArray data = m_source->read(begin, end - begin);

    HexLinePainter::Geometry geometry;
    geometry.layout = m_layout;
    geometry.charWidth = m_charWidth;
    geometry.lineHeight = m_lineHeight;
    geometry.ascent = m_ascent;
    geometry.left = xForColumn(0);
    geometry.width = viewport()->width();
    HexLinePainter::Marks marks;
    const Range selection = selectedRange();
    marks.selection = {selection.offset, selection.end()};
    marks.match = {m_highlight.offset, m_highlight.end()};
    marks.cursor = hasFocus() ? m_cursor : -1;
    HexLinePainter linePainter(painter, colors, geometry);
    for (qint64 line = first; line < last; ++line) {
        const qsizetype at = qsizetype(line - first) * bytesPerRow;
        if (at >= data.size())
            break;
        const qsizetype count = std::min<qsizetype>(bytesPerRow, data.size() - at);
        linePainter.paint(line, QByteArray::fromRawData(data.constData() + at, count),
                          yForLine(line), marks);
    }
}

void HexView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void HexView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    switch (event->type()) {
    case QEvent::FontChange:
        updateMetrics();
        updateScrollBars();
        viewport()->update();
        break;
    case QEvent::PaletteChange:
    case QEvent::StyleChange:
        viewport()->update();
        break;
    default:
        break;
    }
}

void HexView::scrollContentsBy(int dx, int dy)
{
    Q_UNUSED(dx)
    if (dy != 0 && !m_settingScrollBar) {
        const qint64 maxLine = maxFirstLine();
        const int value = verticalScrollBar()->value();
        m_firstLine = maxLine <= ScrollBarLineLimit
                          ? value
                          : qint64(std::llround(double(value) / double(ScrollBarLineLimit)
                                                * double(maxLine)));
    }
    viewport()->update();
}

void HexView::keyPressEvent(QKeyEvent *event)
{
    if (event == QKeySequence::Copy) {
        copy();
        event->accept();
        return;
    }
    if (event == QKeySequence::SelectAll) {
        selectAll();
        event->accept();
        return;
    }

    const qint64 size = sourceSize();
    for (const KeyBinding &binding : keyBindings) {
        const bool move = event->matches(binding.move);
        const bool extend = !move && event->matches(binding.extend);
        if (!move && !extend)
            continue;
        event->accept();
        if (size == 0)
            return;

        const int bytesPerRow = m_layout.bytesPerRow;
        const qint64 page = qint64(fullyVisibleLineCount()) * bytesPerRow;
        if (m_cursor >= 0 && binding.what == HexMove::NextPage)
            setFirstLine(m_firstLine + page / bytesPerRow);
        else if (m_cursor >= 0 && binding.what == HexMove::PreviousPage)
            setFirstLine(m_firstLine - page / bytesPerRow);
        // The first key press puts the cursor on the first visible byte.
        const qint64 target
            = m_cursor < 0 ? m_firstLine * bytesPerRow
                           : hexCursorTarget(binding.what, m_cursor, size, bytesPerRow, page);
        moveCursorTo(std::clamp<qint64>(target, 0, size - 1), extend);
        ensureCursorVisible();
        return;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

void HexView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    event->accept();
    if (sourceSize() == 0)
        return;
    const QPoint pos = event->position().toPoint();
    const HexArea area = m_layout.areaAt(columnAtX(pos.x()));
    m_dragArea = area == HexArea::Ascii ? HexArea::Ascii : HexArea::Hex;
    m_dragging = true;
    m_dragPos = pos;
    moveCursorTo(dragOffsetAt(pos), event->modifiers().testFlag(Qt::ShiftModifier));
}

void HexView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging) {
        QAbstractScrollArea::mouseMoveEvent(event);
        return;
    }
    m_dragPos = event->position().toPoint();
    moveCursorTo(dragOffsetAt(m_dragPos), true);
    if (m_dragPos.y() < 0 || m_dragPos.y() >= viewport()->height())
        m_autoScrollTimer.start(50, this);
    else
        m_autoScrollTimer.stop();
    event->accept();
}

void HexView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mouseReleaseEvent(event);
        return;
    }
    m_dragging = false;
    m_autoScrollTimer.stop();
    event->accept();
}

void HexView::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    if (std::abs(delta.x()) > std::abs(delta.y())
        || event->modifiers().testFlag(Qt::ShiftModifier)) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }
    // In lines times 120 (one notch of a mouse wheel), so that touchpads scroll smoothly.
    m_wheelRemainder += delta.y() * QApplication::wheelScrollLines();
    const int lines = m_wheelRemainder / 120;
    m_wheelRemainder -= lines * 120;
    if (lines != 0)
        setFirstLine(m_firstLine - lines);
    event->accept();
}

void HexView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *copyAction = menu.addAction(tr("&Copy as Hex"));
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setEnabled(selectedRange().length > 0);
    connect(copyAction, &QAction::triggered, this, &HexView::copy);
    QAction *selectAllAction = menu.addAction(tr("Select &All"));
    selectAllAction->setShortcut(QKeySequence::SelectAll);
    selectAllAction->setEnabled(sourceSize() > 0);
    connect(selectAllAction, &QAction::triggered, this, &HexView::selectAll);
    menu.exec(event->globalPos());
}

void HexView::focusInEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusInEvent(event);
    viewport()->update();
}

void HexView::focusOutEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusOutEvent(event);
    viewport()->update();
}

void HexView::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_autoScrollTimer.timerId()) {
        QAbstractScrollArea::timerEvent(event);
        return;
    }
    if (!m_dragging) {
        m_autoScrollTimer.stop();
        return;
    }
    // Faster the farther the mouse is from the viewport.
    const int height = viewport()->height();
    const qreal distance = m_dragPos.y() < 0 ? m_dragPos.y() : m_dragPos.y() - height;
    const qint64 lines = qint64(distance / m_lineHeight) + (distance < 0 ? -1 : 1);
    setFirstLine(m_firstLine + lines);
    moveCursorTo(dragOffsetAt(m_dragPos), true);
}

qint64 HexView::sourceSize() const
{
    return m_source ? m_source->size() : 0;
}

void HexView::updateMetrics()
{
    const QFontMetricsF metrics(font());
    m_charWidth = metrics.horizontalAdvance(QLatin1Char('0'));
    m_lineHeight = std::ceil(metrics.height());
    m_ascent = metrics.ascent() + (m_lineHeight - metrics.height()) / 2;
    m_margin = std::ceil(m_charWidth / 2);
}

void HexView::updateScrollBars()
{
    const int visible = fullyVisibleLineCount();
    const qint64 maxLine = maxFirstLine();
    m_firstLine = std::clamp<qint64>(m_firstLine, 0, maxLine);

    QScrollBar *vertical = verticalScrollBar();
    m_settingScrollBar = true;
    if (maxLine <= ScrollBarLineLimit) {
        vertical->setRange(0, int(maxLine));
        vertical->setPageStep(visible);
        vertical->setValue(int(m_firstLine));
    } else {
        vertical->setRange(0, int(ScrollBarLineLimit));
        vertical->setPageStep(
            std::max(1, int(double(visible) / double(maxLine) * double(ScrollBarLineLimit))));
        vertical->setValue(
            int(std::llround(double(m_firstLine) / double(maxLine) * double(ScrollBarLineLimit))));
    }
    vertical->setSingleStep(1);
    m_settingScrollBar = false;

    QScrollBar *horizontal = horizontalScrollBar();
    const int contentWidth
        = sourceSize() > 0 ? int(std::ceil(2 * m_margin + m_layout.lineWidth() * m_charWidth)) : 0;
    horizontal->setRange(0, std::max(0, contentWidth - viewport()->width()));
    horizontal->setPageStep(viewport()->width());
    horizontal->setSingleStep(std::max(1, int(m_charWidth)));
}

void HexView::setFirstLine(qint64 line)
{
    line = std::clamp<qint64>(line, 0, maxFirstLine());
    if (line == m_firstLine)
        return;
    m_firstLine = line;
    updateScrollBars();
    viewport()->update();
}

qint64 HexView::maxFirstLine() const
{
    return std::max<qint64>(0, lineCount() - fullyVisibleLineCount());
}

int HexView::visibleLineCount() const
{
    return int(std::ceil((viewport()->height() - m_margin) / m_lineHeight)) + 1;
}

qint64 HexView::lineAtY(qreal y) const
{
    return m_firstLine + qint64(std::floor((y - m_margin) / m_lineHeight));
}

int HexView::columnAtX(qreal x) const
{
    const qreal column = (x - m_margin + horizontalScrollBar()->value()) / m_charWidth;
    return int(std::floor(std::clamp<qreal>(column, -1e6, 1e6)));
}

qreal HexView::xForColumn(int column) const
{
    return m_margin - horizontalScrollBar()->value() + column * m_charWidth;
}

qreal HexView::yForLine(qint64 line) const
{
    return m_margin + qreal(line - m_firstLine) * m_lineHeight;
}

// The byte nearest to `pos` in the area where the drag started, clamped to the source.
qint64 HexView::dragOffsetAt(const QPoint &pos) const
{
    const qint64 lines = lineCount();
    if (lines == 0)
        return 0;
    const qint64 line = std::clamp<qint64>(lineAtY(pos.y()), 0, lines - 1);
    const int index = m_layout.nearestByte(m_dragArea, columnAtX(pos.x()));
    return std::min(line * m_layout.bytesPerRow + index, sourceSize() - 1);
}

void HexView::moveCursorTo(qint64 offset, bool extend)
{
    const Range before = selectedRange();
    if (!extend || m_anchor < 0)
        m_anchor = offset;
    m_cursor = offset;
    viewport()->update();
    emitIfSelectionChanged(before);
}

void HexView::ensureCursorVisible()
{
    if (m_cursor < 0)
        return;
    const qint64 line = m_cursor / m_layout.bytesPerRow;
    const int visible = fullyVisibleLineCount();
    if (line < m_firstLine)
        setFirstLine(line);
    else if (line >= m_firstLine + visible)
        setFirstLine(line - visible + 1);
    const QRectF cell = byteRect(m_cursor, m_dragArea);
    ensureHorizontallyVisible(cell.left(), cell.right());
}

void HexView::ensureHorizontallyVisible(qreal left, qreal right)
{
    QScrollBar *horizontal = horizontalScrollBar();
    const int width = viewport()->width();
    if (left < 0)
        horizontal->setValue(horizontal->value() + int(std::floor(left - m_margin)));
    else if (right > width)
        horizontal->setValue(horizontal->value() + int(std::ceil(right - width + m_margin)));
}

void HexView::emitIfSelectionChanged(const Range &before)
{
    const Range after = selectedRange();
    if (after != before)
        emit selectionChanged(after.offset, after.length);
}

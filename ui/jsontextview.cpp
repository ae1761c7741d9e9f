#include "jsontextview.h"

#include <QtGui/QAction>
#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtGui/QKeyEvent>
#include <QtGui/QPainter>
#include <QtWidgets/QMenu>
#include <QtWidgets/QScrollBar>

#include <algorithm>
#include <cmath>

namespace {

// Lines longer than this are laid out only around the visible columns, plus a margin.
constexpr qsizetype longLine = 4096;
constexpr qsizetype longLineMargin = 64;

QColor mixed(const QColor &from, const QColor &to, qreal amount)
{
    const auto mix = [amount](float a, float b) { return a + (b - a) * float(amount); };
    return QColor::fromRgbF(mix(from.redF(), to.redF()), mix(from.greenF(), to.greenF()),
                            mix(from.blueF(), to.blueF()));
}

} // namespace

QColor jsonTokenColor(JsonTokenKind kind, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    switch (kind) {
    case JsonTokenKind::Key:
        return dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x04, 0x51, 0xa5);
    case JsonTokenKind::String:
        return dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15);
    case JsonTokenKind::Number:
        return dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58);
    case JsonTokenKind::Keyword:
        return dark ? QColor(0xc5, 0x86, 0xc0) : QColor(0xaf, 0x00, 0xdb);
    case JsonTokenKind::Punctuation:
        break;
    }
    return mixed(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.35);
}

JsonTextView::JsonTextView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    updateMetrics();
}

void JsonTextView::setContent(const PrettyJson &pretty)
{
    m_text = QString::fromUtf8(pretty.text);
    m_runs.clear();
    m_runs.reserve(size_t(pretty.tokens.size()));
    // Token offsets count UTF-8 bytes; only keys and strings can hold non-ASCII text.
    qsizetype shift = 0;
    for (const JsonToken &token : pretty.tokens) {
        const QByteArrayView bytes(pretty.text.constData() + token.offset, token.length);
        const bool ascii
            = (token.kind != JsonTokenKind::Key && token.kind != JsonTokenKind::String)
              || std::all_of(bytes.begin(), bytes.end(), [](char c) { return uchar(c) < 0x80; });
        const qsizetype length = ascii ? token.length : QString::fromUtf8(bytes).size();
        m_runs.push_back({qint32(token.offset - shift), qint32(length), token.kind});
        shift += token.length - length;
    }
    reset();
}

void JsonTextView::setPlainContent(const QString &text)
{
    m_text = text;
    m_runs.clear();
    reset();
}

void JsonTextView::reset()
{
    m_marks.clear(); // they marked the old text
    m_lineStarts.clear();
    m_longestLine = 0;
    if (!m_text.isEmpty()) {
        qsizetype start = 0;
        for (;;) {
            m_lineStarts.push_back(qint32(start));
            const qsizetype end = m_text.indexOf(QLatin1Char('\n'), start);
            m_longestLine = std::max(m_longestLine, (end < 0 ? m_text.size() : end) - start);
            if (end < 0)
                break;
            start = end + 1;
        }
    }
    m_anchor = m_cursor = 0;
    m_dragging = false;
    m_autoScrollTimer.stop();
    updateScrollBars();
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    viewport()->update();
}

void JsonTextView::setPlaceholderText(const QString &text)
{
    m_placeholderText = text;
    viewport()->update();
}

void JsonTextView::selectAll()
{
    select(0, m_text.size());
}

void JsonTextView::copy() const
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

QString JsonTextView::selectedText() const
{
    const qsizetype from = std::min(m_anchor, m_cursor);
    return m_text.mid(from, std::max(m_anchor, m_cursor) - from);
}

void JsonTextView::select(qsizetype anchor, qsizetype cursor)
{
    m_anchor = anchor;
    m_cursor = cursor;
    viewport()->update();
}

qsizetype JsonTextView::lineEnd(int line) const
{
    return line + 1 < lineCount() ? m_lineStarts[size_t(line) + 1] - 1 : m_text.size();
}

int JsonTextView::fullyVisibleLineCount() const
{
    return std::max(1, int((viewport()->height() - 2 * m_margin) / m_lineHeight));
}

void JsonTextView::updateMetrics()
{
    const QFontMetricsF metrics(font());
    m_charWidth = metrics.horizontalAdvance(QLatin1Char('0'));
    m_lineHeight = std::ceil(metrics.height());
    m_margin = std::ceil(m_charWidth / 2);
}

void JsonTextView::updateScrollBars()
{
    const int visible = fullyVisibleLineCount();
    QScrollBar *vertical = verticalScrollBar();
    vertical->setRange(0, std::max(0, lineCount() - visible));
    vertical->setPageStep(visible);
    vertical->setSingleStep(1);
    QScrollBar *horizontal = horizontalScrollBar();
    const int width = viewport()->width();
    const qreal contentWidth = 2 * m_margin + qreal(m_longestLine) * m_charWidth;
    horizontal->setRange(0, std::max(0, int(std::ceil(contentWidth)) - width));
    horizontal->setPageStep(width);
    horizontal->setSingleStep(std::max(1, int(m_charWidth)));
}

// Lays out `line`, or the part of a long line around the visible columns (shaping a line of a
// million characters takes a second), with the token colours when `formats` is given. Returns
// the position of the layout's first character in the text; `x` receives its x in the line.
void JsonTextView::setMarks(const QList<std::pair<qsizetype, qsizetype>> &marks)
{
    m_marks = marks;
    if (!m_marks.isEmpty()) {
        const qsizetype first = m_marks.constFirst().first;
        const auto line = std::upper_bound(m_lineStarts.cbegin(), m_lineStarts.cend(), first)
                          - m_lineStarts.cbegin() - 1;
        const int visible = fullyVisibleLineCount();
        if (line < verticalScrollBar()->value() || line >= verticalScrollBar()->value() + visible)
            verticalScrollBar()->setValue(int(std::max<qsizetype>(0, line - visible / 3)));
    }
    viewport()->update();
}

qsizetype JsonTextView::layOutLine(int line, QTextLayout *layout, qreal *x,
                                   const Formats *formats) const
{
    const qsizetype lineStart = m_lineStarts[size_t(line)];
    qsizetype start = lineStart;
    qsizetype end = lineEnd(line);
    if (end - start > longLine) {
        const auto firstColumn = qsizetype(horizontalScrollBar()->value() / m_charWidth);
        const auto columns = qsizetype(viewport()->width() / m_charWidth);
        start = std::min(end, lineStart + std::max<qsizetype>(0, firstColumn - longLineMargin));
        end = std::min(end, start + columns + 2 * longLineMargin);
    }
    *x = qreal(start - lineStart) * m_charWidth;
    layout->setText(m_text.mid(start, end - start));
    if (formats) {
        QList<QTextLayout::FormatRange> ranges;
        auto run = std::partition_point(m_runs.begin(), m_runs.end(), [start](const Run &run) {
            return run.start + run.length <= start;
        });
        for (; run != m_runs.end() && run->start < end; ++run) {
            const qsizetype from = std::max<qsizetype>(run->start, start);
            const qsizetype to = std::min<qsizetype>(run->start + run->length, end);
            ranges.append({int(from - start), int(to - from), (*formats)[size_t(run->kind)]});
        }
        layout->setFormats(ranges);
    }
    QTextOption option;
    option.setWrapMode(QTextOption::NoWrap);
    layout->setTextOption(option);
    layout->beginLayout();
    QTextLine textLine = layout->createLine();
    textLine.setLineWidth(viewport()->width());
    layout->endLayout();
    return start;
}

qsizetype JsonTextView::positionAt(const QPoint &pos, QTextLine::CursorPosition edge) const
{
    if (lineCount() == 0)
        return 0;
    const int line
        = verticalScrollBar()->value() + int(std::floor((pos.y() - m_margin) / m_lineHeight));
    if (line < 0)
        return 0;
    if (line >= lineCount())
        return m_text.size();
    QTextLayout layout(QString(), font(), viewport());
    qreal x = 0;
    const qsizetype start = layOutLine(line, &layout, &x, nullptr);
    const qreal lineX = pos.x() - m_margin + horizontalScrollBar()->value() - x;
    return start + layout.lineAt(0).xToCursor(lineX, edge);
}

void JsonTextView::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(viewport());
    const QPalette &colors = palette();
    if (m_text.isEmpty()) {
        painter.setPen(colors.color(QPalette::PlaceholderText));
        painter.drawText(viewport()->rect(), Qt::AlignCenter, m_placeholderText);
        return;
    }

    Formats formats;
    for (const JsonTokenKind kind : tokenKinds)
        formats[size_t(kind)].setForeground(jsonTokenColor(kind, colors));
    QTextCharFormat selectedFormat;
    selectedFormat.setBackground(colors.highlight());
    selectedFormat.setForeground(colors.highlightedText());
    const qsizetype selectionStart = std::min(m_anchor, m_cursor);
    const qsizetype selectionEnd = std::max(m_anchor, m_cursor);
    // Search matches: a find-in-page yellow, translucent so that it reads on dark palettes.
    QTextCharFormat markFormat;
    markFormat.setBackground(QColor(255, 200, 0, 140));

    painter.setPen(colors.color(QPalette::Text));
    const int first = verticalScrollBar()->value();
    const int last = std::min(lineCount(), first + fullyVisibleLineCount() + 2);
    const qreal scrollX = horizontalScrollBar()->value();
    QTextLayout layout(QString(), font(), viewport());
    for (int line = first; line < last; ++line) {
        qreal x = 0;
        const qsizetype start = layOutLine(line, &layout, &x, &formats);
        const qsizetype end = start + layout.text().size();
        const QPointF origin(m_margin + x - scrollX, m_margin + (line - first) * m_lineHeight);
        QList<QTextLayout::FormatRange> selections;
        auto mark = std::partition_point(m_marks.cbegin(), m_marks.cend(), [start](const auto &m) {
            return m.first + m.second <= start;
        });
        for (; mark != m_marks.cend() && mark->first < end; ++mark) {
            const qsizetype from = std::max(mark->first, start);
            const qsizetype to = std::min(mark->first + mark->second, end);
            selections.append({int(from - start), int(to - from), markFormat});
        }
        if (selectionStart < end && selectionEnd > start) {
            const qsizetype from = std::max(selectionStart, start);
            const qsizetype to = std::min(selectionEnd, end);
            selections.append({int(from - start), int(to - from), selectedFormat});
        }
        layout.draw(&painter, origin, selections);
        // A selected line break shows as a half-character mark after the line, as in editors.
        if (end == lineEnd(line) && selectionStart <= end && selectionEnd > end) {
            const qreal right = origin.x() + layout.lineAt(0).naturalTextWidth();
            painter.fillRect(QRectF(right, origin.y(), m_charWidth / 2, m_lineHeight),
                             colors.highlight());
        }
    }
}

void JsonTextView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void JsonTextView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        updateMetrics();
        updateScrollBars();
    }
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        viewport()->update();
}

void JsonTextView::scrollContentsBy(int dx, int dy)
{
    Q_UNUSED(dx)
    Q_UNUSED(dy)
    viewport()->update();
}

void JsonTextView::keyPressEvent(QKeyEvent *event)
{
    if (event == QKeySequence::Copy) {
        copy();
    } else if (event == QKeySequence::SelectAll) {
        selectAll();
    } else if (event == QKeySequence::MoveToStartOfDocument) {
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderToMinimum);
    } else if (event == QKeySequence::MoveToEndOfDocument) {
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderToMaximum);
    } else if (event == QKeySequence::MoveToStartOfLine) {
        horizontalScrollBar()->triggerAction(QAbstractSlider::SliderToMinimum);
    } else if (event == QKeySequence::MoveToEndOfLine) {
        horizontalScrollBar()->triggerAction(QAbstractSlider::SliderToMaximum);
    } else {
        QAbstractScrollArea::keyPressEvent(event); // arrows and pages scroll
        return;
    }
    event->accept();
}

void JsonTextView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    m_dragging = true;
    m_dragPos = event->position().toPoint();
    const qsizetype position = positionAt(m_dragPos);
    select(event->modifiers().testFlag(Qt::ShiftModifier) ? m_anchor : position, position);
    event->accept();
}

void JsonTextView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging) {
        QAbstractScrollArea::mouseMoveEvent(event);
        return;
    }
    m_dragPos = event->position().toPoint();
    select(m_anchor, positionAt(m_dragPos));
    if (viewport()->rect().contains(m_dragPos))
        m_autoScrollTimer.stop();
    else
        m_autoScrollTimer.start(50, this);
    event->accept();
}

void JsonTextView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mouseReleaseEvent(event);
        return;
    }
    m_dragging = false;
    m_autoScrollTimer.stop();
    QClipboard *clipboard = QGuiApplication::clipboard();
    if (clipboard->supportsSelection() && m_anchor != m_cursor)
        clipboard->setText(selectedText(), QClipboard::Selection);
    event->accept();
}

// Selects the token under the mouse (a string without its quotes), or else the characters
// between spaces.
void JsonTextView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_text.isEmpty()) {
        QAbstractScrollArea::mouseDoubleClickEvent(event);
        return;
    }
    const qsizetype position = std::min(
        positionAt(event->position().toPoint(), QTextLine::CursorOnCharacter), m_text.size() - 1);
    const auto run = std::partition_point(m_runs.begin(), m_runs.end(), [position](const Run &run) {
        return run.start + run.length <= position;
    });
    if (run != m_runs.end() && run->start <= position) {
        const bool quoted = m_text.at(run->start) == QLatin1Char('"') && run->length >= 2;
        select(run->start + (quoted ? 1 : 0), run->start + run->length - (quoted ? 1 : 0));
    } else {
        qsizetype from = position;
        qsizetype to = position;
        while (from > 0 && !m_text.at(from - 1).isSpace())
            --from;
        while (to < m_text.size() && !m_text.at(to).isSpace())
            ++to;
        select(from, to);
    }
    m_dragging = false;
    event->accept();
}

void JsonTextView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *copyAction = menu.addAction(tr("&Copy"));
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setEnabled(m_anchor != m_cursor);
    connect(copyAction, &QAction::triggered, this, &JsonTextView::copy);
    QAction *selectAllAction = menu.addAction(tr("Select &All"));
    selectAllAction->setShortcut(QKeySequence::SelectAll);
    selectAllAction->setEnabled(!m_text.isEmpty());
    connect(selectAllAction, &QAction::triggered, this, &JsonTextView::selectAll);
    menu.exec(event->globalPos());
}

void JsonTextView::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_autoScrollTimer.timerId()) {
        QAbstractScrollArea::timerEvent(event);
        return;
    }
    const QRect area = viewport()->rect();
    if (m_dragPos.y() < area.top())
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
    else if (m_dragPos.y() > area.bottom())
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    if (m_dragPos.x() < area.left())
        horizontalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
    else if (m_dragPos.x() > area.right())
        horizontalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    select(m_anchor, positionAt(m_dragPos));
}

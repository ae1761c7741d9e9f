#include "messagebodyview.h"

#include "msgpackreader.h"
#include "textescape.h"

#include <QtCore/QAbstractItemModel>
#include <QtCore/QBasicTimer>
#include <QtCore/QCborArray>
#include <QtCore/QCborMap>
#include <QtCore/QLocale>
#include <QtGui/QAction>
#include <QtGui/QActionGroup>
#include <QtGui/QClipboard>
#include <QtGui/QFontDatabase>
#include <QtGui/QGuiApplication>
#include <QtGui/QKeyEvent>
#include <QtGui/QPainter>
#include <QtGui/QTextLayout>
#include <QtWidgets/QAbstractScrollArea>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenu>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <vector>

namespace {

constexpr int indent = 2;
// A tree cell shows at most the first this many bytes of a value.
constexpr qsizetype maxCellBytes = 1000;
// Containers of the first two levels are expanded unless they have more children than this.
constexpr int maxExpandedChildren = 200;
// Lines longer than this are laid out only around the visible columns, plus a margin.
constexpr qsizetype longLine = 4096;
constexpr qsizetype longLineMargin = 64;

constexpr std::array<JsonTokenKind, 5> tokenKinds{JsonTokenKind::Key, JsonTokenKind::String,
                                                  JsonTokenKind::Number, JsonTokenKind::Keyword,
                                                  JsonTokenKind::Punctuation};

QColor mixed(const QColor &from, const QColor &to, qreal amount)
{
    const auto mix = [amount](float a, float b) { return a + (b - a) * float(amount); };
    return QColor::fromRgbF(mix(from.redF(), to.redF()), mix(from.greenF(), to.greenF()),
                            mix(from.blueF(), to.blueF()));
}

QString maxFormattedSize()
{
    return MessageBodyView::tr("%1 MiB").arg(MessageBodyView::MaxFormattedBytes / (1024 * 1024));
}

// The header lines without their CRLF. Any other line break (a bare \n or \r) stays visible as
// an escape: it is what a reader of the header is looking for.
QString headerLines(const QByteArray &header)
{
    QByteArrayList lines;
    for (QByteArray line : escapedLines(header)) {
        if (line.endsWith("\\r\\n"))
            line.chop(4);
        if (!line.isEmpty()) // the empty line that ends the header
            lines.append(line);
    }
    return QString::fromUtf8(lines.join('\n'));
}

// Bytes that are not formatted: one line per line, control characters and invalid UTF-8 made
// visible.
QString plainText(const QByteArray &bytes)
{
    return QString::fromUtf8(escapedLines(bytes).join('\n'));
}

QByteArray jsonString(const QString &string)
{
    const QByteArray utf8 = string.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out.append('"');
    for (const char c : utf8) {
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (uchar(c) < 0x20)
                out.append("\\u00").append(QByteArray::number(uchar(c), 16).rightJustified(2, '0'));
            else
                out.append(c);
        }
    }
    out.append('"');
    return out;
}

// Shortest round-trip spelling, always with a point or an exponent so that a float does not
// read as an integer.
QByteArray doubleText(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "Infinity" : "-Infinity";
    QByteArray text = QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
    if (!text.contains('.') && !text.contains('e'))
        text.append(".0");
    return text;
}

enum class Layout { Indented, OneLine };

// A msgpack value written like prettyJson() writes JSON, with tokens to colour. Binary strings
// become <hex 0a 1b> (String tokens), NaN and infinities NaN, Infinity and -Infinity (Number
// tokens), map keys that are not strings their value on one line (a Key token).
void writeMsgpack(const QCborValue &value, Layout layout, int level, PrettyJson *out)
{
    const auto token = [out](QByteArrayView text, JsonTokenKind kind) {
        out->tokens.append({out->text.size(), text.size(), kind});
        out->text.append(text);
    };
    const auto newLine = [out, layout](int lineLevel) {
        if (layout == Layout::Indented) {
            out->text.append('\n');
            out->text.append(qsizetype(lineLevel) * indent, ' ');
        }
    };
    switch (value.type()) {
    case QCborValue::Map: {
        const QCborMap map = value.toMap();
        token("{", JsonTokenKind::Punctuation);
        for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
            if (it != map.constBegin())
                token(",", JsonTokenKind::Punctuation);
            newLine(level + 1);
            const QCborValue key = it.key();
            if (key.isString()) {
                token(jsonString(key.toString()), JsonTokenKind::Key);
            } else {
                PrettyJson keyText;
                writeMsgpack(key, Layout::OneLine, 0, &keyText);
                token(keyText.text, JsonTokenKind::Key);
            }
            token(":", JsonTokenKind::Punctuation);
            if (layout == Layout::Indented)
                out->text.append(' ');
            writeMsgpack(it.value(), layout, level + 1, out);
        }
        if (!map.isEmpty())
            newLine(level);
        token("}", JsonTokenKind::Punctuation);
        break;
    }
    case QCborValue::Array: {
        const QCborArray array = value.toArray();
        token("[", JsonTokenKind::Punctuation);
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                token(",", JsonTokenKind::Punctuation);
            newLine(level + 1);
            writeMsgpack(array.at(i), layout, level + 1, out);
        }
        if (!array.isEmpty())
            newLine(level);
        token("]", JsonTokenKind::Punctuation);
        break;
    }
    case QCborValue::String:
        token(jsonString(value.toString()), JsonTokenKind::String);
        break;
    case QCborValue::ByteArray: {
        const QByteArray bytes = value.toByteArray();
        QByteArray hex = "<hex";
        if (!bytes.isEmpty())
            hex += ' ' + bytes.toHex(' ');
        hex += '>';
        token(hex, JsonTokenKind::String);
        break;
    }
    case QCborValue::Integer:
        token(QByteArray::number(value.toInteger()), JsonTokenKind::Number);
        break;
    case QCborValue::Double:
        token(doubleText(value.toDouble()), JsonTokenKind::Number);
        break;
    case QCborValue::True:
        token("true", JsonTokenKind::Keyword);
        break;
    case QCborValue::False:
        token("false", JsonTokenKind::Keyword);
        break;
    default: // nil; msgpackToCbor() makes no other types
        token("null", JsonTokenKind::Keyword);
        break;
    }
}

PrettyJson prettyMsgpack(const QCborValue &value)
{
    PrettyJson pretty;
    writeMsgpack(value, Layout::Indented, 0, &pretty);
    return pretty;
}

// A key or string as written in JSON, for one line of a tree cell: \uXXXX escapes of printable
// characters resolved (some servers escape all non-ASCII text), the other escapes kept, cut
// after maxCellBytes.
QString cellText(QByteArrayView written)
{
    const bool cut = written.size() > maxCellBytes;
    const QString text = QString::fromUtf8(written.first(std::min(written.size(), maxCellBytes)));
    const auto codeAt = [&text](qsizetype at) {
        bool ok = false;
        const uint code = at + 6 <= text.size() && text.at(at) == QLatin1Char('\\')
                && text.at(at + 1) == QLatin1Char('u')
            ? QStringView(text).mid(at + 2, 4).toUInt(&ok, 16)
            : 0;
        return ok ? code : 0;
    };
    QString out;
    out.reserve(text.size() + 1);
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('\\')) {
            out.append(text.at(i));
            continue;
        }
        const uint code = codeAt(i);
        if (QChar::isHighSurrogate(code) && QChar::isLowSurrogate(codeAt(i + 6))) {
            out.append(QChar(code)).append(QChar(codeAt(i + 6)));
            i += 11;
        } else if (code != '"' && code != '\\' && !QChar::isSurrogate(code)
                   && QChar::isPrint(code)) {
            out.append(QChar(code));
            i += 5;
        } else { // kept as written, with the escaped character, so "\\u0041" stays
            out.append(text.mid(i, 2));
            ++i;
        }
    }
    if (cut)
        out.append(QChar(0x2026));
    return out;
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

// A read-only text view that lays out and paints only its visible lines, with a colour per
// token and a selection by mouse (Ctrl+A and Ctrl+C, double-click selects a token).
class MessageBodyView::TextView final : public QAbstractScrollArea
{
public:
    explicit TextView(QWidget *parent);

    void setContent(const PrettyJson &pretty);
    void setPlainContent(const QString &text);
    const QString &text() const { return m_text; }
    void setPlaceholderText(const QString &text);
    void selectAll();
    void copy() const;

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
    std::vector<Run> m_runs; // in text order
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

MessageBodyView::TextView::TextView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    updateMetrics();
}

void MessageBodyView::TextView::setContent(const PrettyJson &pretty)
{
    m_text = QString::fromUtf8(pretty.text);
    m_runs.clear();
    m_runs.reserve(size_t(pretty.tokens.size()));
    // Token offsets count UTF-8 bytes; only keys and strings can hold non-ASCII text.
    qsizetype shift = 0;
    for (const JsonToken &token : pretty.tokens) {
        const QByteArrayView bytes(pretty.text.constData() + token.offset, token.length);
        const bool ascii = (token.kind != JsonTokenKind::Key && token.kind != JsonTokenKind::String)
            || std::all_of(bytes.begin(), bytes.end(), [](char c) { return uchar(c) < 0x80; });
        const qsizetype length = ascii ? token.length : QString::fromUtf8(bytes).size();
        m_runs.push_back({qint32(token.offset - shift), qint32(length), token.kind});
        shift += token.length - length;
    }
    reset();
}

void MessageBodyView::TextView::setPlainContent(const QString &text)
{
    m_text = text;
    m_runs.clear();
    reset();
}

void MessageBodyView::TextView::reset()
{
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

void MessageBodyView::TextView::setPlaceholderText(const QString &text)
{
    m_placeholderText = text;
    viewport()->update();
}

void MessageBodyView::TextView::selectAll()
{
    select(0, m_text.size());
}

void MessageBodyView::TextView::copy() const
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

QString MessageBodyView::TextView::selectedText() const
{
    const qsizetype from = std::min(m_anchor, m_cursor);
    return m_text.mid(from, std::max(m_anchor, m_cursor) - from);
}

void MessageBodyView::TextView::select(qsizetype anchor, qsizetype cursor)
{
    m_anchor = anchor;
    m_cursor = cursor;
    viewport()->update();
}

qsizetype MessageBodyView::TextView::lineEnd(int line) const
{
    return line + 1 < lineCount() ? m_lineStarts[size_t(line) + 1] - 1 : m_text.size();
}

int MessageBodyView::TextView::fullyVisibleLineCount() const
{
    return std::max(1, int((viewport()->height() - 2 * m_margin) / m_lineHeight));
}

void MessageBodyView::TextView::updateMetrics()
{
    const QFontMetricsF metrics(font());
    m_charWidth = metrics.horizontalAdvance(QLatin1Char('0'));
    m_lineHeight = std::ceil(metrics.height());
    m_margin = std::ceil(m_charWidth / 2);
}

void MessageBodyView::TextView::updateScrollBars()
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
qsizetype MessageBodyView::TextView::layOutLine(int line, QTextLayout *layout, qreal *x,
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

qsizetype MessageBodyView::TextView::positionAt(const QPoint &pos,
                                                QTextLine::CursorPosition edge) const
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

void MessageBodyView::TextView::paintEvent(QPaintEvent *event)
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

void MessageBodyView::TextView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void MessageBodyView::TextView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        updateMetrics();
        updateScrollBars();
    }
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        viewport()->update();
}

void MessageBodyView::TextView::scrollContentsBy(int dx, int dy)
{
    Q_UNUSED(dx)
    Q_UNUSED(dy)
    viewport()->update();
}

void MessageBodyView::TextView::keyPressEvent(QKeyEvent *event)
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

void MessageBodyView::TextView::mousePressEvent(QMouseEvent *event)
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

void MessageBodyView::TextView::mouseMoveEvent(QMouseEvent *event)
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

void MessageBodyView::TextView::mouseReleaseEvent(QMouseEvent *event)
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
void MessageBodyView::TextView::mouseDoubleClickEvent(QMouseEvent *event)
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

void MessageBodyView::TextView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *copyAction = menu.addAction(MessageBodyView::tr("&Copy"));
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setEnabled(m_anchor != m_cursor);
    connect(copyAction, &QAction::triggered, this, &TextView::copy);
    QAction *selectAllAction = menu.addAction(MessageBodyView::tr("Select &All"));
    selectAllAction->setShortcut(QKeySequence::SelectAll);
    selectAllAction->setEnabled(!m_text.isEmpty());
    connect(selectAllAction, &QAction::triggered, this, &TextView::selectAll);
    menu.exec(event->globalPos());
}

void MessageBodyView::TextView::timerEvent(QTimerEvent *event)
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

// The values of a message as a tree, made from the tokens of its formatted text: member order,
// duplicate keys and the spelling of numbers stay as written, and Copy takes the value's text.
class MessageBodyView::TreeModel final : public QAbstractItemModel
{
public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };

    using QAbstractItemModel::QAbstractItemModel;

    // `pretty`: the text and tokens of prettyJson(), or of a msgpack value written the same way.
    void setContent(const PrettyJson &pretty, Dialect dialect);
    void clear();
    void setPalette(const QPalette &palette) { m_palette = palette; }
    // The value at `index` as in the text presentation, its lines unindented by its depth.
    QString json(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const final;
    QModelIndex parent(const QModelIndex &index) const final;
    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const final;
    Qt::ItemFlags flags(const QModelIndex &index) const final;

private:
    enum class Type : quint8 { Object, Array, String, Binary, Number, Boolean, Null };

    // Spans are byte offsets in m_text.
    struct Node
    {
        qint32 keyOffset; // -1: an array element or the top-level value
        qint32 keyLength;
        qint32 offset;
        qint32 length;
        qint32 parent; // -1: the top-level value
        qint32 row;
        qint32 firstChild; // in m_children
        qint32 childCount;
        Type type;

        bool isContainer() const { return type == Type::Object || type == Type::Array; }
    };

    // The node whose children are the rows under `parent`; -1 when the top-level value is a
    // scalar shown as the only row.
    qint32 containerOf(const QModelIndex &parent) const;
    const Node &nodeAt(const QModelIndex &index) const { return m_nodes[index.internalId()]; }
    QString typeName(const Node &node) const;
    std::optional<JsonTokenKind> tokenKind(Type type) const;

    QByteArray m_text;
    std::vector<Node> m_nodes; // in text order: the top-level value first
    std::vector<qint32> m_children;
    Dialect m_dialect = Dialect::Json;
    QPalette m_palette;
};

void MessageBodyView::TreeModel::setContent(const PrettyJson &pretty, Dialect dialect)
{
    beginResetModel();
    m_text = pretty.text;
    m_dialect = dialect;
    m_nodes.clear();
    m_children.clear();
    // A value takes at least two tokens (with its comma or colon), bar the last of a container.
    m_nodes.reserve(size_t(pretty.tokens.size() / 2 + 1));
    std::vector<qint32> open; // containers not closed yet, innermost last
    qint32 keyOffset = -1;
    qint32 keyLength = 0;
    for (const JsonToken &token : pretty.tokens) {
        const char first = m_text.at(token.offset);
        Type type = Type::Null;
        switch (token.kind) {
        case JsonTokenKind::Key:
            keyOffset = qint32(token.offset);
            keyLength = qint32(token.length);
            continue;
        case JsonTokenKind::Punctuation:
            if (first == '}' || first == ']') {
                Node &container = m_nodes[size_t(open.back())];
                container.length = qint32(token.offset + 1) - container.offset;
                open.pop_back();
            }
            if (first != '{' && first != '[')
                continue;
            type = first == '{' ? Type::Object : Type::Array;
            break;
        case JsonTokenKind::String:
            type = first == '<' ? Type::Binary : Type::String;
            break;
        case JsonTokenKind::Number:
            type = Type::Number;
            break;
        case JsonTokenKind::Keyword:
            type = first == 'n' ? Type::Null : Type::Boolean;
            break;
        }
        const qint32 parent = open.empty() ? -1 : open.back();
        const qint32 row = parent < 0 ? 0 : m_nodes[size_t(parent)].childCount++;
        m_nodes.push_back({keyOffset, keyLength, qint32(token.offset), qint32(token.length),
                           parent, row, 0, 0, type});
        keyOffset = -1;
        if (m_nodes.back().isContainer())
            open.push_back(qint32(m_nodes.size() - 1));
    }
    // Every node's children in one array, in order.
    qint32 next = 0;
    for (Node &node : m_nodes) {
        node.firstChild = next;
        next += node.childCount;
    }
    m_children.resize(size_t(next));
    for (size_t i = 1; i < m_nodes.size(); ++i) {
        const Node &node = m_nodes[i];
        m_children[size_t(m_nodes[size_t(node.parent)].firstChild + node.row)] = qint32(i);
    }
    endResetModel();
}

void MessageBodyView::TreeModel::clear()
{
    beginResetModel();
    m_text.clear();
    m_nodes.clear();
    m_children.clear();
    endResetModel();
}

QString MessageBodyView::TreeModel::json(const QModelIndex &index) const
{
    if (!index.isValid())
        return QString();
    const Node &node = nodeAt(index);
    int depth = 0;
    for (qint32 parent = node.parent; parent >= 0; parent = m_nodes[size_t(parent)].parent)
        ++depth;
    QByteArray text = m_text.mid(node.offset, node.length);
    // Strings hold no line breaks: every one is followed by the indentation.
    if (depth > 0) {
        const QByteArray indentation = '\n' + QByteArray(depth * indent, ' ');
        text.replace(indentation, "\n");
    }
    return QString::fromUtf8(text);
}

qint32 MessageBodyView::TreeModel::containerOf(const QModelIndex &parent) const
{
    if (parent.isValid())
        return qint32(parent.internalId());
    return !m_nodes.empty() && m_nodes.front().isContainer() ? 0 : -1;
}

QModelIndex MessageBodyView::TreeModel::index(int row, int column,
                                              const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return QModelIndex();
    const qint32 container = containerOf(parent);
    const qint32 node = container < 0
        ? 0
        : m_children[size_t(m_nodes[size_t(container)].firstChild + row)];
    return createIndex(row, column, quintptr(node));
}

QModelIndex MessageBodyView::TreeModel::parent(const QModelIndex &index) const
{
    if (!index.isValid())
        return QModelIndex();
    const qint32 parent = nodeAt(index).parent;
    if (parent <= 0) // the top-level value is never a row's parent index
        return QModelIndex();
    return createIndex(m_nodes[size_t(parent)].row, 0, quintptr(parent));
}

int MessageBodyView::TreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    const qint32 container = containerOf(parent);
    if (container < 0)
        return m_nodes.empty() ? 0 : 1;
    return m_nodes[size_t(container)].childCount;
}

int MessageBodyView::TreeModel::columnCount(const QModelIndex &parent) const
{
    Q_UNUSED(parent)
    return ColumnCount;
}

QVariant MessageBodyView::TreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return QVariant();
    const Node &node = nodeAt(index);
    const QByteArrayView text(m_text);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case KeyColumn:
            if (node.keyOffset < 0)
                return node.parent < 0 ? QString() : QString::number(node.row);
            if (m_text.at(node.keyOffset) == '"') // not for the other keys of msgpack maps
                return cellText(text.sliced(node.keyOffset + 1, node.keyLength - 2));
            return cellText(text.sliced(node.keyOffset, node.keyLength));
        case ValueColumn:
            if (node.type == Type::Object) {
                return node.childCount == 1
                    ? MessageBodyView::tr("{1 member}")
                    : MessageBodyView::tr("{%1 members}").arg(node.childCount);
            }
            if (node.type == Type::Array) {
                return node.childCount == 1
                    ? MessageBodyView::tr("[1 item]")
                    : MessageBodyView::tr("[%1 items]").arg(node.childCount);
            }
            return cellText(text.sliced(node.offset, node.length));
        case TypeColumn:
            return typeName(node);
        }
    } else if (role == Qt::ForegroundRole) {
        switch (index.column()) {
        case KeyColumn:
            return node.keyOffset < 0 ? m_palette.color(QPalette::PlaceholderText)
                                      : jsonTokenColor(JsonTokenKind::Key, m_palette);
        case ValueColumn:
            if (const auto kind = tokenKind(node.type))
                return jsonTokenColor(*kind, m_palette);
            return m_palette.color(QPalette::PlaceholderText);
        case TypeColumn:
            return m_palette.color(QPalette::PlaceholderText);
        }
    }
    return QVariant();
}

QString MessageBodyView::TreeModel::typeName(const Node &node) const
{
    switch (node.type) {
    case Type::Object:
        return m_dialect == Dialect::Msgpack ? MessageBodyView::tr("map")
                                             : MessageBodyView::tr("object");
    case Type::Array:
        return MessageBodyView::tr("array");
    case Type::String:
        return MessageBodyView::tr("string");
    case Type::Binary:
        return MessageBodyView::tr("binary");
    case Type::Number: {
        if (m_dialect == Dialect::Json)
            return MessageBodyView::tr("number");
        // Floats are written with a point or an exponent, or as NaN or Infinity.
        const QByteArrayView number(m_text.constData() + node.offset, node.length);
        const bool isFloat = std::any_of(number.begin(), number.end(), [](char c) {
            return c == '.' || c == 'e' || c == 'N' || c == 'I';
        });
        return isFloat ? MessageBodyView::tr("float") : MessageBodyView::tr("integer");
    }
    case Type::Boolean:
        return MessageBodyView::tr("boolean");
    case Type::Null:
        return m_dialect == Dialect::Msgpack ? MessageBodyView::tr("nil")
                                             : MessageBodyView::tr("null");
    }
    return QString();
}

std::optional<JsonTokenKind> MessageBodyView::TreeModel::tokenKind(Type type) const
{
    switch (type) {
    case Type::String:
    case Type::Binary:
        return JsonTokenKind::String;
    case Type::Number:
        return JsonTokenKind::Number;
    case Type::Boolean:
    case Type::Null:
        return JsonTokenKind::Keyword;
    case Type::Object:
    case Type::Array:
        break;
    }
    return std::nullopt;
}

QVariant MessageBodyView::TreeModel::headerData(int section, Qt::Orientation orientation,
                                                int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case KeyColumn:
        return MessageBodyView::tr("Key");
    case ValueColumn:
        return MessageBodyView::tr("Value");
    case TypeColumn:
        return MessageBodyView::tr("Type");
    }
    return QVariant();
}

Qt::ItemFlags MessageBodyView::TreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    return nodeAt(index).isContainer() ? flags : flags | Qt::ItemNeverHasChildren;
}

MessageBodyView::MessageBodyView(QWidget *parent)
    : QWidget(parent)
    , m_textAction(new QAction(tr("Text"), this))
    , m_treeAction(new QAction(tr("Tree"), this))
    , m_note(new QLabel(this))
    , m_header(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_textView(new TextView(this))
    , m_treeView(new QTreeView(this))
    , m_treeModel(new TreeModel(this))
    , m_treePlaceholder(new QLabel(this))
{
    auto *presentations = new QActionGroup(this);
    auto *bar = new QHBoxLayout;
    bar->setSpacing(2);
    m_textAction->setToolTip(tr("The body as formatted text"));
    m_treeAction->setToolTip(tr("The body as a tree of values"));
    for (QAction *action : {m_textAction, m_treeAction}) {
        action->setCheckable(true);
        presentations->addAction(action);
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        bar->addWidget(button);
    }
    m_textAction->setChecked(true);
    connect(m_textAction, &QAction::triggered, this, [this] {
        setPresentation(Presentation::Text);
    });
    connect(m_treeAction, &QAction::triggered, this, [this] {
        setPresentation(Presentation::Tree);
    });
    bar->addSpacing(6);
    m_note->setObjectName(QStringLiteral("note"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    // Always in the layout, empty when there is nothing to say, so that it keeps the buttons left.
    m_note->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(m_note, 1);

    m_header->setObjectName(QStringLiteral("header"));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    // Long header lines are cut at the pane's edge rather than widening it.
    m_header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_header->setFrameShape(QFrame::StyledPanel);
    m_header->setBackgroundRole(QPalette::AlternateBase);
    m_header->setAutoFillBackground(true);
    m_header->setMargin(2);

    m_textView->setObjectName(QStringLiteral("text"));
    m_treeView->setObjectName(QStringLiteral("tree"));
    m_treeView->setModel(m_treeModel);
    m_treeView->setUniformRowHeights(true);
    m_treeView->setAllColumnsShowFocus(true);
    m_treeView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_treeView->installEventFilter(this);
    QHeaderView *columns = m_treeView->header();
    columns->setStretchLastSection(false);
    columns->setSectionResizeMode(TreeModel::ValueColumn, QHeaderView::Stretch);
    columns->setSectionResizeMode(TreeModel::TypeColumn, QHeaderView::ResizeToContents);
    connect(m_treeView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        QAction *copyAction = menu.addAction(tr("&Copy Value"));
        copyAction->setShortcut(QKeySequence::Copy);
        copyAction->setEnabled(m_treeView->currentIndex().isValid());
        connect(copyAction, &QAction::triggered, this, &MessageBodyView::copyTreeValue);
        menu.exec(m_treeView->viewport()->mapToGlobal(pos));
    });
    m_treeModel->setPalette(palette());

    m_treePlaceholder->setObjectName(QStringLiteral("treePlaceholder"));
    m_treePlaceholder->setAlignment(Qt::AlignCenter);
    m_treePlaceholder->setWordWrap(true);
    m_treePlaceholder->setForegroundRole(QPalette::PlaceholderText);
    m_treePlaceholder->setBackgroundRole(QPalette::Base);
    m_treePlaceholder->setAutoFillBackground(true);
    m_treePlaceholder->setFrameShape(QFrame::StyledPanel);

    m_stack->addWidget(m_textView);
    m_stack->addWidget(m_treeView);
    m_stack->addWidget(m_treePlaceholder);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_header);
    layout->addWidget(m_stack, 1);

    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    clear();
}

void MessageBodyView::showMessage(const QByteArray &header, const QByteArray &body,
                                  Framing framing)
{
    const QString lines = headerLines(header);
    m_header->setText(lines);
    m_header->setVisible(!lines.isEmpty());

    std::optional<PrettyJson> pretty;
    Dialect dialect = Dialect::Json;
    QString note;
    if (body.size() > MaxFormattedBytes) {
        note = tr("Not formatted: the body (%1) is larger than %2; its start is shown as text")
                   .arg(QLocale().formattedDataSize(body.size(), 1), maxFormattedSize());
    } else if (framing == Framing::MsgpackRpc) {
        qsizetype used = 0;
        const QCborValue value = msgpackToCbor(body, &used);
        if (value.isInvalid()) {
            note = tr("Not valid msgpack: shown as text");
        } else {
            pretty = prettyMsgpack(value);
            dialect = Dialect::Msgpack;
            const qsizetype rest = body.size() - used;
            if (rest == 1)
                note = tr("1 byte after the msgpack value is not shown");
            else if (rest > 1)
                note = tr("%1 bytes after the msgpack value are not shown").arg(rest);
        }
    } else if (!body.isEmpty()
               && (framing == Framing::ContentLength || framing == Framing::JsonLines
                   || framing == Framing::Auto)) {
        PrettyJson json = prettyJson(body, indent);
        if (!json.tokens.isEmpty())
            pretty = std::move(json);
        else if (framing != Framing::Auto)
            note = tr("Not valid JSON: shown as text");
    }
    m_note->setText(note);
    m_note->setToolTip(note);

    m_textView->setPlaceholderText(tr("Empty body"));
    if (pretty) {
        m_textView->setContent(*pretty);
        showTree(*pretty, dialect);
    } else {
        m_textView->setPlainContent(
            plainText(body.first(std::min(body.size(), MaxFormattedBytes))));
        showNoTree(body.size() > MaxFormattedBytes
                       ? tr("No tree for bodies larger than %1").arg(maxFormattedSize())
                       : tr("No structure to show"));
    }
    updateStack();
}

void MessageBodyView::clear()
{
    m_header->clear();
    m_header->hide();
    m_note->clear();
    m_note->setToolTip(QString());
    m_textView->setPlainContent(QString());
    m_textView->setPlaceholderText(tr("No message selected"));
    showNoTree(tr("No message selected"));
    updateStack();
}

void MessageBodyView::showTree(const PrettyJson &pretty, Dialect dialect)
{
    m_treeModel->setContent(pretty, dialect);
    m_hasTree = true;
    // The first two levels, but not a long array or object: it would bury what follows it.
    const auto expand = [this](const QModelIndex &index) {
        const int children = m_treeModel->rowCount(index);
        const bool expand = children > 0 && children <= maxExpandedChildren;
        if (expand)
            m_treeView->expand(index);
        return expand;
    };
    for (int row = 0, rows = m_treeModel->rowCount(); row < rows; ++row) {
        const QModelIndex index = m_treeModel->index(row, 0);
        if (!expand(index))
            continue;
        for (int childRow = 0, childRows = m_treeModel->rowCount(index); childRow < childRows;
             ++childRow) {
            expand(m_treeModel->index(childRow, 0, index));
        }
    }
    m_treeView->resizeColumnToContents(TreeModel::KeyColumn);
}

void MessageBodyView::showNoTree(const QString &placeholder)
{
    m_treeModel->clear();
    m_hasTree = false;
    m_treePlaceholder->setText(placeholder);
}

void MessageBodyView::setPresentation(Presentation presentation)
{
    (presentation == Presentation::Text ? m_textAction : m_treeAction)->setChecked(true);
    if (presentation == m_presentation)
        return;
    m_presentation = presentation;
    updateStack();
    emit presentationChanged(presentation);
}

void MessageBodyView::updateStack()
{
    // Focus stays in the body rather than passing to the next widget when its page is hidden.
    const bool hadFocus = m_stack->currentWidget()->hasFocus();
    if (m_presentation == Presentation::Text)
        m_stack->setCurrentWidget(m_textView);
    else
        m_stack->setCurrentWidget(m_hasTree ? static_cast<QWidget *>(m_treeView)
                                            : m_treePlaceholder);
    if (hadFocus)
        m_stack->currentWidget()->setFocus();
}

void MessageBodyView::setFont(const QFont &font)
{
    m_header->setFont(font);
    m_textView->setFont(font);
    m_treeView->setFont(font);
}

QString MessageBodyView::text() const
{
    return m_textView->text();
}

QString MessageBodyView::headerText() const
{
    return m_header->text();
}

QAbstractItemModel *MessageBodyView::treeModel() const
{
    return m_treeModel;
}

void MessageBodyView::copyTreeValue()
{
    const QString json = m_treeModel->json(m_treeView->currentIndex());
    if (!json.isEmpty())
        QGuiApplication::clipboard()->setText(json);
}

void MessageBodyView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_treeModel->setPalette(palette());
        m_treeView->viewport()->update();
    }
}

// Copy in the tree takes the value as JSON (QTreeView would copy the cell's display text).
bool MessageBodyView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_treeView && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event) == QKeySequence::Copy) {
        copyTreeValue();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

#include "flowgraph.h"

#include "messages/messageinfo.h"
#include "messages/sessionmessages.h"
#include "models/messagemodel.h"
#include "streamstyle.h"

#include <QtGui/QMouseEvent>
#include <QtGui/QPainter>
#include <QtGui/QPainterPath>
#include <QtWidgets/QScrollBar>

namespace {

// Where the lanes are, as fractions of the width, right of the time column.
constexpr double parentLane = 0.04;
constexpr double childLane = 0.64;
constexpr double sideLane = 0.70; // stderr and lifecycle events
constexpr int timeWidthChars = 10;

QString arrowLabel(const SessionMessages &messages, qsizetype messageIndex)
{
    const MessageLog &log = messages.log();
    const MessageRecord &record = log.at(messageIndex);
    QString label = QString::fromLatin1(messageKindName(record.kind));
    const qint32 method = log.effectiveMethod(messageIndex);
    if (method >= 0)
        label += u' ' + QString::fromUtf8(log.methodName(method));
    const QByteArray id = log.idText(record);
    if (!id.isEmpty())
        label += QStringLiteral(" #") + QString::fromUtf8(id);
    const qint64 latency = log.latencyNs(messageIndex);
    if (latency >= 0)
        label += QStringLiteral("  (%1 ms)").arg(double(latency) / 1e6, 0, 'f', 1);
    return label;
}

} // namespace

FlowGraph::FlowGraph(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setBackgroundRole(QPalette::Base);
    setAccessibleName(tr("Flow graph"));
}

void FlowGraph::setModel(MessageModel *model)
{
    if (m_model)
        m_model->disconnect(this);
    m_model = model;
    if (model) {
        const auto changed = [this] {
            updateScrollRange();
            viewport()->update();
        };
        connect(model, &QAbstractItemModel::rowsInserted, this, changed);
        connect(model, &QAbstractItemModel::modelReset, this, changed);
        connect(model, &QAbstractItemModel::layoutChanged, this, changed);
        connect(model, &QObject::destroyed, this, [this] { m_model = nullptr; });
    }
    updateScrollRange();
    viewport()->update();
}

int FlowGraph::rowHeight() const
{
    return fontMetrics().height() + 10;
}

void FlowGraph::updateScrollRange()
{
    const int rows = m_model ? m_model->rowCount() : 0;
    const int visibleRows = qMax(1, viewport()->height() / rowHeight() - 1); // under the heads
    verticalScrollBar()->setRange(0, qMax(0, rows - visibleRows));
    verticalScrollBar()->setPageStep(visibleRows);
}

void FlowGraph::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollRange();
}

void FlowGraph::setCurrentMessage(qsizetype messageIndex)
{
    m_current = messageIndex;
    if (m_model && messageIndex >= 0) {
        const int row = m_model->rowOfMessage(messageIndex);
        QScrollBar *bar = verticalScrollBar();
        if (row >= 0 && (row < bar->value() || row >= bar->value() + bar->pageStep()))
            bar->setValue(row - bar->pageStep() / 2);
    }
    viewport()->update();
}

qsizetype FlowGraph::messageAt(const QPoint &point) const
{
    if (!m_model)
        return -1;
    if (point.y() < rowHeight()) // the lane heads
        return -1;
    const int row = verticalScrollBar()->value() + point.y() / rowHeight() - 1;
    return row >= 0 && row < m_model->rowCount() ? m_model->messageIndex(row) : -1;
}

void FlowGraph::mousePressEvent(QMouseEvent *event)
{
    const qsizetype messageIndex = messageAt(event->position().toPoint());
    if (messageIndex < 0 || event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mousePressEvent(event);
    setCurrentMessage(messageIndex);
    emit messageActivated(messageIndex);
}

FlowGraph::Columns FlowGraph::columns() const
{
    const int timeWidth = fontMetrics().horizontalAdvance(QLatin1Char('0')) * timeWidthChars;
    return {timeWidth, viewport()->width() - timeWidth};
}

void FlowGraph::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const int height = rowHeight();
    const Columns columns = this->columns();
    const int timeWidth = columns.timeWidth;
    const int width = columns.width;

    // Lane heads and lines, the whole height.
    painter.setPen(palette().color(QPalette::Mid));
    for (const double lane : {parentLane, childLane, sideLane})
        painter.drawLine(columns.laneX(lane), 0, columns.laneX(lane), viewport()->height());
    // The lane heads stay at the top; rows scroll under them.
    painter.fillRect(0, 0, viewport()->width(), height, palette().color(QPalette::Window));
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRect(4, 0, timeWidth - 8, height), Qt::AlignRight | Qt::AlignVCenter,
                     tr("time"));
    painter.drawText(QRect(columns.laneX(parentLane), 0, width, height),
                     Qt::AlignLeft | Qt::AlignVCenter, tr("parent"));
    painter.drawText(QRect(columns.laneX(childLane) - 80, 0, 160, height), Qt::AlignCenter,
                     tr("child"));
    painter.drawText(QRect(columns.laneX(sideLane) + 8, 0, width, height),
                     Qt::AlignLeft | Qt::AlignVCenter, tr("stderr, events"));
    if (!m_model)
        return;
    const int first = verticalScrollBar()->value();
    const int last = qMin(m_model->rowCount(), first + viewport()->height() / height + 1);
    for (int row = first; row < last; ++row)
        drawRow(painter, columns, row, (row - first + 1) * height);
}

void FlowGraph::drawRow(QPainter &painter, const Columns &columns, int row, int top) const
{
    const SessionMessages &messages = m_model->messages();
    const qsizetype messageIndex = m_model->messageIndex(row);
    const MessageRecord &record = messages.log().at(messageIndex);
    const int height = rowHeight();
    const int timeWidth = columns.timeWidth;
    const QRect rowRect(0, top, viewport()->width(), height);
    if (messageIndex == m_current)
        painter.fillRect(rowRect, palette().color(QPalette::Highlight).lighter(170));

    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRect(4, top, timeWidth - 8, height), Qt::AlignRight | Qt::AlignVCenter,
                     m_model->index(row, MessageModel::TimeColumn).data().toString());
    const QColor colour = streamColor(record.stream, palette());
    painter.setPen(QPen(colour, record.hasProblem(ProblemKind::NeverAnswered) ? 1.5 : 1.2));
    const int y = top + height - 6;
    if (record.stream == Stream::Stdin || record.stream == Stream::Stdout) {
        const bool down = record.stream == Stream::Stdin; // parent -> child
        const int from = columns.laneX(down ? parentLane : childLane);
        const int to = columns.laneX(down ? childLane : parentLane);
        painter.drawLine(from, y, to, y);
        const int tip = down ? -6 : 6;
        QPainterPath head;
        head.moveTo(to, y);
        head.lineTo(to + tip, y - 4);
        head.lineTo(to + tip, y + 4);
        head.closeSubpath();
        painter.fillPath(head, colour);
        const QString label = painter.fontMetrics().elidedText(arrowLabel(messages, messageIndex),
                                                               Qt::ElideRight, qAbs(to - from) - 8);
        painter.drawText(QRect(qMin(from, to) + 4, top, qAbs(to - from) - 8, height - 6),
                         Qt::AlignHCenter | Qt::AlignBottom, label);
        return;
    }
    // stderr and lifecycle events: a note in their lane.
    const int x = columns.laneX(sideLane);
    painter.drawEllipse(QPoint(x, y - 3), 3, 3);
    const QString text = painter.fontMetrics().elidedText(
        messageInfo(messages, messageIndex), Qt::ElideRight, viewport()->width() - x - 12);
    painter.drawText(QRect(x + 8, top, viewport()->width() - x - 12, height),
                     Qt::AlignLeft | Qt::AlignVCenter, text);
}

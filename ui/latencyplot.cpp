#include "latencyplot.h"

#include <QtGui/QMouseEvent>
#include <QtGui/QPainter>

namespace {

constexpr qreal pointRadius = 3;
constexpr qreal hitRadius = 6; // how near a click must be to a point

} // namespace

LatencyPlot::LatencyPlot(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Latency over time"));
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
}

void LatencyPlot::setPoints(const QString &title, QList<LatencyPoint> points, qint64 startNs,
                            qint64 endNs)
{
    m_title = title;
    m_points = std::move(points);
    m_startNs = startNs;
    m_endNs = qMax(endNs, startNs + 1);
    m_maxLatencyNs = 1;
    for (const LatencyPoint &point : std::as_const(m_points))
        m_maxLatencyNs = qMax(m_maxLatencyNs, point.latencyNs);
    update();
}

QRectF LatencyPlot::plotArea() const
{
    const QFontMetrics metrics = fontMetrics();
    const qreal left = metrics.horizontalAdvance(QStringLiteral("000.0 ms")) + 8;
    const qreal top = metrics.height() + 6;
    const qreal bottom = metrics.height() + 6;
    return QRectF(left, top, qMax(10.0, width() - left - 10), qMax(10.0, height() - top - bottom));
}

QPointF LatencyPlot::position(const LatencyPoint &point) const
{
    const QRectF area = plotArea();
    const qreal x
        = area.left()
          + area.width() * qreal(point.requestNs - m_startNs) / qreal(m_endNs - m_startNs);
    const qreal y = area.bottom() - area.height() * qreal(point.latencyNs) / qreal(m_maxLatencyNs);
    return QPointF(x, y);
}

void LatencyPlot::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = plotArea();
    const QColor text = palette().color(QPalette::Text);
    painter.setPen(text);
    if (m_points.isEmpty()) {
        painter.drawText(rect(), Qt::AlignCenter,
                         m_title.isEmpty() ? tr("Select a method to plot its latencies")
                                           : tr("%1: no answered requests").arg(m_title));
        return;
    }
    painter.drawText(
        QRectF(area.left(), 0, area.width(), area.top()), Qt::AlignLeft | Qt::AlignVCenter,
        m_points.size() == 1 ? tr("%1: the latency of its one answered request").arg(m_title)
                             : tr("%1: latencies of %2 answered requests over time")
                                   .arg(m_title)
                                   .arg(m_points.size()));
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(area.bottomLeft(), area.bottomRight());
    painter.drawLine(area.bottomLeft(), area.topLeft());
    painter.setPen(text);
    const QRectF yLabels(0, area.top() - 6, area.left() - 4, area.height() + 12);
    painter.drawText(yLabels, Qt::AlignRight | Qt::AlignTop, durationText(m_maxLatencyNs));
    painter.drawText(yLabels, Qt::AlignRight | Qt::AlignBottom, QStringLiteral("0"));
    const QRectF xLabels(area.left(), area.bottom() + 2, area.width(), height() - area.bottom());
    painter.drawText(xLabels, Qt::AlignLeft | Qt::AlignTop, QStringLiteral("0 s"));
    painter.drawText(xLabels, Qt::AlignRight | Qt::AlignTop,
                     QStringLiteral("%1 s").arg(double(m_endNs - m_startNs) / 1e9, 0, 'f', 2));
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette().color(QPalette::Highlight));
    for (const LatencyPoint &point : std::as_const(m_points))
        painter.drawEllipse(position(point), pointRadius, pointRadius);
}

void LatencyPlot::mousePressEvent(QMouseEvent *event)
{
    const QPointF click = event->position();
    const LatencyPoint *nearest = nullptr;
    qreal best = hitRadius * hitRadius;
    for (const LatencyPoint &point : std::as_const(m_points)) {
        const QPointF delta = position(point) - click;
        const qreal distance = QPointF::dotProduct(delta, delta);
        if (distance <= best) {
            best = distance;
            nearest = &point;
        }
    }
    if (nearest)
        emit messageActivated(nearest->requestIndex);
}

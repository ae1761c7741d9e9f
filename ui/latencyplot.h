#pragma once

#include "messages/messagestatistics.h"

#include <QtWidgets/QWidget>

// Latency over time for one row of the Statistics panel: each answered request a point, at the
// time it was sent (x, over the session) and how long its answer took (y). A click on a point
// goes to that request. Painted with QPainter.
class LatencyPlot final : public QWidget
{
    Q_OBJECT

public:
    explicit LatencyPlot(QWidget *parent = nullptr);

    // The points of `title`'s row, and the session's span of time for the x axis.
    void setPoints(const QString &title, QList<LatencyPoint> points, qint64 startNs, qint64 endNs);
    const QList<LatencyPoint> &points() const { return m_points; }
    // Where a point is drawn, in widget coordinates (for tests and the tooltip).
    QPointF position(const LatencyPoint &point) const;

    QSize sizeHint() const override { return QSize(320, 160); }

signals:
    void messageActivated(qsizetype messageIndex);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    QRectF plotArea() const;

    QString m_title;
    QList<LatencyPoint> m_points;
    qint64 m_startNs = 0;
    qint64 m_endNs = 1;
    qint64 m_maxLatencyNs = 1;
};

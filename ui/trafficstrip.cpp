#include "trafficstrip.h"

#include "capture/capturestore.h"
#include "streamstyle.h"

#include <QtCore/QTimer>
#include <QtGui/QMouseEvent>
#include <QtGui/QPainter>

namespace {

constexpr int refreshMs = 500;

} // namespace

TrafficStrip::TrafficStrip(const CaptureStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_timer(new QTimer(this))
{
    setFixedHeight(sizeHint().height());
    setAccessibleName(tr("Traffic over time"));
    setToolTip(tr("Bytes per stream over the session; click to go there"));
    setCursor(Qt::PointingHandCursor);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_store->count() != m_taken) {
            takeNewRecords();
            update();
        }
    });
    m_timer->start(refreshMs);
    takeNewRecords();
}

void TrafficStrip::takeNewRecords()
{
    const qsizetype count = m_store->count();
    for (; m_taken < count; ++m_taken) {
        const ChunkRecord record = m_store->record(m_taken);
        if (m_taken == 0)
            m_startNs = record.timestampNs;
        m_endNs = qMax(m_endNs, record.timestampNs);
        qsizetype bin = qMax<qint64>(0, record.timestampNs - m_startNs) / m_binNs;
        while (bin >= maxBins) { // twice as wide: pairs of bins become one
            for (size_t i = 0; i < m_bins.size(); ++i) {
                Bin &into = m_bins[i / 2];
                const Bin from = m_bins[i];
                if (i % 2 == 0)
                    into = from;
                else {
                    for (size_t s = 0; s < into.bytes.size(); ++s)
                        into.bytes[s] += from.bytes[s];
                    into.event = into.event || from.event;
                }
            }
            m_bins.resize((m_bins.size() + 1) / 2);
            m_binNs *= 2;
            bin = (record.timestampNs - m_startNs) / m_binNs;
        }
        if (size_t(bin) >= m_bins.size())
            m_bins.resize(size_t(bin) + 1);
        if (record.stream == Stream::Event)
            m_bins[size_t(bin)].event = true;
        else
            m_bins[size_t(bin)].bytes[size_t(record.stream)] += record.length;
    }
}

qint64 TrafficStrip::bytes(Stream stream) const
{
    qint64 total = 0;
    for (const Bin &bin : m_bins)
        total += stream == Stream::Event ? 0 : bin.bytes[size_t(stream)];
    return total;
}

qint64 TrafficStrip::timeAt(int x) const
{
    const qint64 span = qMax<qint64>(1, m_endNs - m_startNs);
    return m_startNs + qint64(double(span) * qBound(0, x, width()) / qMax(1, width()));
}

void TrafficStrip::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    if (m_bins.empty())
        return;
    // Each pixel column adds up the bins under it; heights are relative to the busiest column.
    const int columns = width();
    const qint64 span = qMax<qint64>(1, m_endNs - m_startNs);
    std::vector<Bin> sums(size_t(qMax(1, columns)));
    for (size_t i = 0; i < m_bins.size(); ++i) {
        const qint64 offset = qint64(i) * m_binNs;
        const size_t column = size_t(qMin<qint64>(columns - 1, offset * columns / span));
        for (size_t s = 0; s < 3; ++s)
            sums[column].bytes[s] += m_bins[i].bytes[s];
        sums[column].event = sums[column].event || m_bins[i].event;
    }
    qint64 busiest = 1;
    for (const Bin &sum : sums)
        busiest = qMax(busiest, sum.bytes[0] + sum.bytes[1] + sum.bytes[2]);
    const int barHeight = height() - 4;
    for (int x = 0; x < columns; ++x) {
        const Bin &sum = sums[size_t(x)];
        int bottom = height();
        for (const Stream stream : byteStreams) {
            const qint64 value = sum.bytes[size_t(stream)];
            if (value == 0)
                continue;
            // At least a pixel for any traffic: a lone message must not vanish.
            const int h = qMax(1, int(barHeight * value / busiest));
            painter.fillRect(x, bottom - h, 1, h, streamColor(stream, palette()));
            bottom -= h;
        }
        if (sum.event)
            painter.fillRect(x, 0, 1, 4, streamColor(Stream::Event, palette()));
    }
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(0, height() - 1, width(), height() - 1);
}

void TrafficStrip::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !m_bins.empty())
        emit timeClicked(timeAt(event->position().toPoint().x()));
}

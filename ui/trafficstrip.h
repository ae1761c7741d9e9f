#pragma once

#include "capture/stream.h"

#include <QtWidgets/QWidget>

#include <array>
#include <vector>

class CaptureStore;
class QTimer;

// A strip above the timeline: the bytes of each stream over the whole session, stacked in the
// streams' colours, with a tick per lifecycle event; a click jumps to that time. The records are
// taken in as they come, into at most maxBins bins that double their width as the session
// grows, so that a live session of millions of reads costs nothing per repaint.
class TrafficStrip final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int maxBins = 2048;

    explicit TrafficStrip(const CaptureStore *store, QWidget *parent = nullptr);

    QSize sizeHint() const override { return QSize(400, 26); }
    // The session time (ns since the epoch) at this x of the strip.
    qint64 timeAt(int x) const;
    // Bytes in bins so far, per stream (for tests: every byte recorded is in one).
    qint64 bytes(Stream stream) const;

signals:
    void timeClicked(qint64 timestampNs);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    void takeNewRecords();

    struct Bin
    {
        std::array<qint64, 3> bytes{}; // stdin, stdout, stderr
        bool event = false;
    };

    const CaptureStore *m_store;
    QTimer *m_timer;
    qsizetype m_taken = 0;
    qint64 m_startNs = 0;
    qint64 m_endNs = 0;
    qint64 m_binNs = 1000000; // 1 ms, doubled whenever the session outgrows maxBins
    std::vector<Bin> m_bins;
};

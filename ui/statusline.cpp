#include "statusline.h"

#include "capture/capturestore.h"
#include "messages/sessionmessages.h"
#include "sessionview.h"

#include <QtCore/QDateTime>
#include <QtCore/QLocale>
#include <QtWidgets/QLabel>
#include <QtWidgets/QStatusBar>

namespace {

// "1 problem", "2 problems".
QString countText(const QLocale &locale, qsizetype count, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(locale.toString(count), count == 1 ? one : many);
}

// "5 B", "1.2 kB", "30.3 MB": the exact figure goes in the tooltip.
QString byteCountText(const QLocale &locale, qint64 bytes)
{
    if (bytes < 1000)
        return QStringLiteral("%1 B").arg(bytes);
    return locale.formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

// "1,200 records", or "40 of 1,200 records shown" when filters hide some.
QString rowCountText(const QLocale &locale, SessionView::RowCount rows, const QString &one,
                     const QString &many)
{
    if (rows.shown == rows.total)
        return countText(locale, rows.total, one, many);
    return StatusLine::tr("%1 of %2 shown")
        .arg(locale.toString(rows.shown), countText(locale, rows.total, one, many));
}

} // namespace

StatusLine::StatusLine(QStatusBar *bar)
    : QObject(bar)
    , m_childStatus(new QLabel(bar))
    , m_byteCounts(new QLabel(bar))
    , m_filePath(new QLabel(bar))
{
    m_filePath->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_childStatus);
    bar->addWidget(m_byteCounts);
    bar->addPermanentWidget(m_filePath);
}

void StatusLine::show(const SessionView *view)
{
    if (view != m_view) {
        m_view = view;
        m_lastRateMs = 0; // a rate needs two readings of the same session
        m_rate.clear();
    }
    if (!view) {
        m_childStatus->setText(tr("No session"));
        m_byteCounts->clear();
        m_byteCounts->setToolTip(QString());
        m_filePath->clear();
        return;
    }
    const CaptureStore *store = view->store();
    QString state = view->childState();
    // The relay goes on when the disk fills; what is shown after this point is not in the file.
    if (store->failed())
        state += tr(" · recording stopped: %1").arg(store->errorString());
    m_childStatus->setText(state);
    m_filePath->setText(store->path());

    const QLocale locale = m_byteCounts->locale();
    QStringList parts;
    QStringList exact;
    qint64 total = 0;
    for (const Stream stream : byteStreams) {
        const qint64 bytes = store->streamBytes(stream);
        total += bytes;
        const QString name = QString::fromLatin1(streamName(stream));
        parts << name + u' ' + byteCountText(locale, bytes);
        exact << tr("%1: %2 bytes").arg(name, locale.toString(bytes));
    }
    updateRate(store->isLive(), total);

    const SessionView::RowCount rows = view->rowCount();
    const bool messagesMode = view->timelineUnit() == SessionView::TimelineUnit::Messages;
    parts << (messagesMode ? countText(locale, store->count(), tr("record"), tr("records"))
                           : rowCountText(locale, rows, tr("record"), tr("records")));
    if (const SessionMessages *decoded = view->messages()) {
        const MessageLog &log = decoded->log();
        parts << (messagesMode ? rowCountText(locale, rows, tr("message"), tr("messages"))
                               : countText(locale, log.count(), tr("message"), tr("messages")));
        parts << countText(locale, log.problems().size(), tr("problem"), tr("problems"));
    }
    if (!m_rate.isEmpty())
        parts << m_rate;
    m_byteCounts->setText(parts.join(QStringLiteral(" · ")));
    m_byteCounts->setToolTip(exact.join(u'\n'));
}

void StatusLine::updateRate(bool live, qint64 totalBytes)
{
    // Over a second or more: the line is shown far more often than that while rows arrive.
    constexpr qint64 rateWindowMs = 1000;
    if (!live) {
        m_rate.clear();
        return;
    }
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (m_lastRateMs > 0 && nowMs - m_lastRateMs < rateWindowMs)
        return;
    if (m_lastRateMs > 0) {
        const qint64 bytesPerSecond
            = (totalBytes - m_lastTotalBytes) * 1000 / (nowMs - m_lastRateMs);
        m_rate = tr("%1/s").arg(byteCountText(m_byteCounts->locale(), bytesPerSecond));
    }
    m_lastTotalBytes = totalBytes;
    m_lastRateMs = nowMs;
}

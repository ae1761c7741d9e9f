#include "statusline.h"

#include "capture/capturestore.h"
#include "messages/sessionmessages.h"
#include "sessionview.h"

#include <QtCore/QDateTime>
#include <QtWidgets/QLabel>
#include <QtWidgets/QStatusBar>

namespace {

// "1 problem", "2 problems".
QString countText(qsizetype count, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? one : many);
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
        m_lastStatusMs = 0; // a rate needs two readings of the same session
    }
    if (!view) {
        m_childStatus->setText(tr("No session"));
        m_byteCounts->clear();
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

    qint64 total = 0;
    for (const Stream stream : byteStreams)
        total += store->streamBytes(stream);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QString rate;
    if (store->isLive() && m_lastStatusMs > 0 && nowMs > m_lastStatusMs) {
        const qint64 bytesPerSecond = (total - m_lastTotalBytes) * 1000 / (nowMs - m_lastStatusMs);
        rate = tr(" · %1/s").arg(m_byteCounts->locale().formattedDataSize(bytesPerSecond));
    }
    m_lastTotalBytes = total;
    m_lastStatusMs = nowMs;
    QString messages;
    if (const SessionMessages *decoded = view->messages()) {
        const MessageLog &log = decoded->log();
        messages = QStringLiteral(" · ") + countText(log.count(), tr("message"), tr("messages"))
                   + QStringLiteral(" · ")
                   + countText(log.problems().size(), tr("problem"), tr("problems"));
    }
    m_byteCounts->setText(tr("stdin %1 B · stdout %2 B · stderr %3 B · %4 records%5%6")
                              .arg(store->streamBytes(Stream::Stdin))
                              .arg(store->streamBytes(Stream::Stdout))
                              .arg(store->streamBytes(Stream::Stderr))
                              .arg(store->count())
                              .arg(messages, rate));
}

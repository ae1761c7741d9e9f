#pragma once

#include <QtCore/QObject>

class QLabel;
class QStatusBar;
class SessionView;

// The status bar's permanent part for the session on screen: the child's state (and a recording
// that stopped early), bytes per stream (exact figures in the tooltip), records, messages
// ("N of M shown" when filters hide rows) and problems, the rate while it grows, and the
// session file's path. Shown again whenever the timeline's rows change, so it never lags them.
class StatusLine : public QObject
{
    Q_OBJECT

public:
    explicit StatusLine(QStatusBar *bar);

    void show(const SessionView *view); // nullptr: no session

private:
    void updateRate(bool live, qint64 totalBytes);

    QLabel *m_childStatus;
    QLabel *m_byteCounts;
    QLabel *m_filePath;
    const SessionView *m_view = nullptr;
    qint64 m_lastTotalBytes = 0; // for the rate
    qint64 m_lastRateMs = 0;
    QString m_rate; // "2.1 MB/s" while the session grows
};

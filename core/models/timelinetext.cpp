#include "models/timelinetext.h"

#include <QtCore/QDateTime>

namespace {

QString seconds(qint64 ns)
{
    return QString::number(double(ns) / 1e9, 'f', 6);
}

} // namespace

QString streamLabel(Stream stream)
{
    switch (stream) {
    case Stream::Stdin:
        return QStringLiteral("→ stdin");
    case Stream::Stdout:
        return QStringLiteral("← stdout");
    case Stream::Stderr:
        return QStringLiteral("← stderr");
    case Stream::Event:
        return QStringLiteral("• event");
    }
    return QString();
}

QString timeText(TimeDisplay display, qint64 timestampNs, qint64 originNs, qint64 previousNs)
{
    switch (display) {
    case TimeDisplay::Relative:
        return seconds(timestampNs - originNs);
    case TimeDisplay::Delta:
        return seconds(timestampNs - previousNs);
    case TimeDisplay::WallClock: {
        const QDateTime time = QDateTime::fromMSecsSinceEpoch(timestampNs / 1000000);
        return time.toString(QStringLiteral("HH:mm:ss.zzz"))
               + QString::number((timestampNs / 1000) % 1000).rightJustified(3, u'0');
    }
    }
    return QString();
}

QString timeHeader(TimeDisplay display)
{
    switch (display) {
    case TimeDisplay::WallClock:
        return QStringLiteral("Time");
    case TimeDisplay::Delta:
        return QStringLiteral("Delta (s)");
    case TimeDisplay::Relative:
        return QStringLiteral("Time (s)");
    }
    return QString();
}

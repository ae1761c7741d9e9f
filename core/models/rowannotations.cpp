#include "models/rowannotations.h"

#include "capture/capturestore.h"

RowAnnotations::RowAnnotations(const CaptureStore *store)
    : m_store(store)
{
    reload();
}

void RowAnnotations::reload()
{
    m_annotations = m_store->annotations();
    m_timeReferences = m_store->timeReferences();
}

QString RowAnnotations::timeText(TimeDisplay display, const Annotation &annotation,
                                 qint64 timestampNs, qint64 originNs, qint64 previousNs) const
{
    if (annotation.timeReference)
        return QStringLiteral("*REF*");
    if (display == TimeDisplay::Relative)
        originNs = timeOrigin(m_timeReferences, timestampNs, originNs);
    return ::timeText(display, timestampNs, originNs, previousNs);
}

QVariant RowAnnotations::data(const Annotation &annotation, int role, bool commentColumn)
{
    switch (role) {
    case MarkedRole:
        return annotation.marked;
    case TimeReferenceRole:
        return annotation.timeReference;
    case CommentRole:
        return annotation.comment;
    case Qt::DisplayRole:
        if (commentColumn)
            return annotation.comment.section(QLatin1Char('\n'), 0, 0);
        break;
    case Qt::ToolTipRole:
        if (commentColumn && !annotation.comment.isEmpty())
            return annotation.comment;
        break;
    default:
        break;
    }
    return QVariant();
}

QVariant RowAnnotations::gutter(const Annotation &annotation, int role)
{
    if (role == Qt::DisplayRole) {
        // A filled circle for a mark, a flag for a time reference.
        QString text;
        if (annotation.marked)
            text += QChar(0x25CF);
        if (annotation.timeReference)
            text += QChar(0x2691);
        return text;
    }
    if (role == Qt::ToolTipRole) {
        return annotation.marked ? QStringLiteral("Marked: click or Ctrl+Space to unmark")
                                 : QStringLiteral("Click or Ctrl+Space to mark");
    }
    return QVariant();
}

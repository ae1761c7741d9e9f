#pragma once

#include "capture/annotations.h"
#include "models/timelinetext.h"

#include <QtCore/QVariant>

class CaptureStore;

// The roles both timelines answer about a row's annotation.
enum AnnotationRole {
    MarkedRole = Qt::UserRole + 40, // bool
    TimeReferenceRole,              // bool
    CommentRole,                    // the whole comment
};

// A timeline model's copy of its session's marks, comments and time references, read again from
// the store when they change (reload()), and what a row shows of them.
class RowAnnotations
{
public:
    explicit RowAnnotations(const CaptureStore *store);

    void reload();
    const Annotations &all() const { return m_annotations; }
    const QList<qint64> &timeReferences() const { return m_timeReferences; }
    Annotation at(const AnnotationAnchor &anchor) const
    {
        return m_annotations.isEmpty() ? Annotation() : m_annotations.value(anchor);
    }

    // The Time column: a time reference reads "*REF*", and with relative times a row counts
    // from the latest reference before it, as in Wireshark.
    QString timeText(TimeDisplay display, const Annotation &annotation, qint64 timestampNs,
                     qint64 originNs, qint64 previousNs) const;
    // A row's data for the annotation roles, and for the Comment column (`commentColumn`: the
    // first line, the whole as a tool tip). Invalid for anything else.
    static QVariant data(const Annotation &annotation, int role, bool commentColumn);
    // The gutter left of the rows (the vertical header): a mark, a time reference.
    static QVariant gutter(const Annotation &annotation, int role);

private:
    const CaptureStore *m_store;
    Annotations m_annotations;
    QList<qint64> m_timeReferences;
};

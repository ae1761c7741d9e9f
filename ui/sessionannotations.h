#pragma once

#include "capture/annotations.h"
#include "sessionview.h"

#include <QtCore/QObject>

// Marks, comments and time references on one session view's rows: what Ctrl+Space, the gutter,
// Edit > Comment and Edit > Time Reference do. A row's annotation belongs to where it starts
// (annotations.h), so a message and the chunk it starts at share one. Changes go to the store,
// which writes a live session's at once; the timeline models and the detail pane show them.
class SessionAnnotations final : public QObject
{
    Q_OBJECT

public:
    explicit SessionAnnotations(SessionView *view);

    // Where the row of this unit's item starts.
    AnnotationAnchor anchorOf(SessionView::TimelineUnit unit, qsizetype item) const;
    // The item of `unit` an annotation belongs to; -1 when none starts there (a message that
    // starts inside a chunk has no chunk of its own).
    qsizetype itemAt(SessionView::TimelineUnit unit, const AnnotationAnchor &anchor) const;

    // Marks the selected rows, or unmarks them when all of them are marked. False: no row.
    bool toggleMarks();
    void toggleMark(int row); // a click in the gutter
    // Asks for the current row's comment (empty removes it). False: no row, or cancelled.
    bool editComment();
    bool setComment(const QString &comment); // the current row's
    // Makes the current row a time reference, or no longer one.
    bool toggleTimeReference();

signals:
    void changed();

private:
    // The annotation of the current row, changed by `change`, back to the store.
    bool changeCurrent(const std::function<void(Annotation *)> &change);
    void annotate(const AnnotationAnchor &anchor, const Annotation &annotation);
    QList<qsizetype> selectedItems() const;
    void showComment(SessionView::TimelineUnit unit, qsizetype item);

    SessionView *m_view;
};

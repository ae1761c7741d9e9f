#include "sessionannotations.h"

#include "capture/capturestore.h"
#include "messages/sessionmessages.h"
#include "models/messagemodel.h"
#include "models/timelinemodel.h"

#include <QtWidgets/QInputDialog>
#include <QtWidgets/QTableView>

using Unit = SessionView::TimelineUnit;

SessionAnnotations::SessionAnnotations(SessionView *view)
    : QObject(view)
    , m_view(view)
{
    connect(view, &SessionView::currentItemChanged, this, &SessionAnnotations::showComment);
    connect(this, &SessionAnnotations::changed, this, [this] {
        m_view->timelineModel()->reloadAnnotations();
        if (MessageModel *messages = m_view->messageModel())
            messages->reloadAnnotations();
        showComment(m_view->timelineUnit(), m_view->currentItem());
    });
}

AnnotationAnchor SessionAnnotations::anchorOf(Unit unit, qsizetype item) const
{
    if (unit == Unit::Chunks)
        return {item, 0};
    return m_view->messages()->anchorOf(item);
}

qsizetype SessionAnnotations::itemAt(Unit unit, const AnnotationAnchor &anchor) const
{
    if (unit == Unit::Chunks)
        return anchor.offset == 0 ? anchor.record : -1;
    return m_view->messages() ? m_view->messages()->messageAt(anchor) : -1;
}

QList<qsizetype> SessionAnnotations::selectedItems() const
{
    QList<qsizetype> items;
    const QModelIndexList rows = m_view->timelineView()->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        items.append(m_view->timelineUnit() == Unit::Messages
                         ? m_view->messageModel()->messageIndex(row.row())
                         : m_view->timelineModel()->recordIndex(row.row()));
    }
    if (items.isEmpty() && m_view->currentItem() >= 0)
        items.append(m_view->currentItem());
    return items;
}

bool SessionAnnotations::toggleMarks()
{
    const QList<qsizetype> items = selectedItems();
    if (items.isEmpty())
        return false;
    const Unit unit = m_view->timelineUnit();
    CaptureStore *store = m_view->store();
    bool allMarked = true;
    for (const qsizetype item : items)
        allMarked = allMarked && store->annotation(anchorOf(unit, item)).marked;
    for (const qsizetype item : items) {
        const AnnotationAnchor anchor = anchorOf(unit, item);
        Annotation annotation = store->annotation(anchor);
        annotation.marked = !allMarked;
        store->annotate(anchor, annotation);
    }
    emit changed();
    return true;
}

void SessionAnnotations::toggleMark(int row)
{
    const Unit unit = m_view->timelineUnit();
    const qsizetype item = unit == Unit::Messages ? m_view->messageModel()->messageIndex(row)
                                                  : m_view->timelineModel()->recordIndex(row);
    const AnnotationAnchor anchor = anchorOf(unit, item);
    Annotation annotation = m_view->store()->annotation(anchor);
    annotation.marked = !annotation.marked;
    annotate(anchor, annotation);
}

bool SessionAnnotations::editComment()
{
    const qsizetype item = m_view->currentItem();
    if (item < 0)
        return false;
    const QString old = m_view->store()->annotation(anchorOf(m_view->timelineUnit(), item)).comment;
    bool ok = false;
    const QString comment = QInputDialog::getMultiLineText(
        m_view, tr("Comment"),
        tr("Comment on %1 %2 (kept in the session file; empty removes it):")
            .arg(m_view->timelineUnit() == Unit::Messages ? tr("message") : tr("record"))
            .arg(item + 1),
        old, &ok);
    return ok && setComment(comment.trimmed());
}

bool SessionAnnotations::setComment(const QString &comment)
{
    return changeCurrent([&comment](Annotation *annotation) { annotation->comment = comment; });
}

bool SessionAnnotations::toggleTimeReference()
{
    return changeCurrent(
        [](Annotation *annotation) { annotation->timeReference = !annotation->timeReference; });
}

bool SessionAnnotations::changeCurrent(const std::function<void(Annotation *)> &change)
{
    const qsizetype item = m_view->currentItem();
    if (item < 0)
        return false;
    const AnnotationAnchor anchor = anchorOf(m_view->timelineUnit(), item);
    Annotation annotation = m_view->store()->annotation(anchor);
    change(&annotation);
    annotate(anchor, annotation);
    return true;
}

void SessionAnnotations::annotate(const AnnotationAnchor &anchor, const Annotation &annotation)
{
    m_view->store()->annotate(anchor, annotation);
    emit changed();
}

void SessionAnnotations::showComment(Unit unit, qsizetype item)
{
    // While the timeline switches units, the row may be of the other unit's model.
    const qsizetype items
        = unit == Unit::Messages ? m_view->messages()->log().count() : m_view->store()->count();
    m_view->detailPane()->setComment(
        item < 0 || item >= items ? QString()
                                  : m_view->store()->annotation(anchorOf(unit, item)).comment);
}

#include "markspanel.h"

#include "capture/capturestore.h"
#include "sessionannotations.h"

#include <QtWidgets/QHeaderView>
#include <QtWidgets/QTreeWidget>
#include <QtWidgets/QVBoxLayout>

namespace {

enum Column { PlaceColumn, TimeColumn, WhatColumn, CommentColumn };
constexpr int recordRole = Qt::UserRole;
constexpr int offsetRole = Qt::UserRole + 1;

} // namespace

MarksPanel::MarksPanel(QWidget *parent)
    : QWidget(parent)
    , m_list(new QTreeWidget(this))
{
    m_list->setHeaderLabels({tr("Where"), tr("Time"), tr("Mark"), tr("Comment")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->header()->setStretchLastSection(true);
    m_list->setToolTip(tr("Double-click to go to the row"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    connect(m_list, &QTreeWidget::itemActivated, this, &MarksPanel::goTo);
}

void MarksPanel::setView(SessionView *view)
{
    if (m_view) {
        m_view->annotations()->disconnect(this);
        m_view->disconnect(this);
    }
    m_view = view;
    if (view) {
        connect(view->annotations(), &SessionAnnotations::changed, this, &MarksPanel::refresh);
        connect(view, &SessionView::messagesReset, this, &MarksPanel::refresh);
        connect(view, &SessionView::timelineUnitChanged, this, &MarksPanel::refresh);
    }
    refresh();
}

void MarksPanel::refresh()
{
    m_list->clear();
    if (!m_view)
        return;
    const CaptureStore *store = m_view->store();
    const Annotations annotations = store->annotations();
    const qint64 startNs = store->count() ? store->record(0).timestampNs : 0;
    QList<QTreeWidgetItem *> items;
    for (auto it = annotations.cbegin(); it != annotations.cend(); ++it) {
        const AnnotationAnchor anchor = it.key();
        // As the timeline numbers its rows: by message once decoded, else by record.
        QString place = tr("record %1").arg(anchor.record + 1);
        if (anchor.offset)
            place += tr(" byte %1").arg(anchor.offset);
        const qsizetype message
            = m_view->messages()
                  ? m_view->annotations()->itemAt(SessionView::TimelineUnit::Messages, anchor)
                  : -1;
        if (message >= 0)
            place = tr("message %1 (%2)").arg(message + 1).arg(place);
        QStringList what;
        if (it->marked)
            what.append(tr("marked"));
        if (it->timeReference)
            what.append(tr("time reference"));
        const double seconds = double(store->record(anchor.record).timestampNs - startNs) / 1e9;
        auto *item = new QTreeWidgetItem({place, QString::number(seconds, 'f', 6),
                                          what.join(QStringLiteral(", ")),
                                          it->comment.section(QLatin1Char('\n'), 0, 0)});
        item->setToolTip(CommentColumn, it->comment);
        item->setData(PlaceColumn, recordRole, anchor.record);
        item->setData(PlaceColumn, offsetRole, anchor.offset);
        item->setTextAlignment(TimeColumn, Qt::AlignRight | Qt::AlignVCenter);
        items.append(item);
    }
    m_list->addTopLevelItems(items);
    m_list->resizeColumnToContents(PlaceColumn);
    m_list->resizeColumnToContents(TimeColumn);
    m_list->resizeColumnToContents(WhatColumn);
}

void MarksPanel::goTo(QTreeWidgetItem *item)
{
    if (!m_view || !item)
        return;
    const AnnotationAnchor anchor{item->data(PlaceColumn, recordRole).toLongLong(),
                                  item->data(PlaceColumn, offsetRole).toInt()};
    SessionAnnotations *annotations = m_view->annotations();
    SessionView::TimelineUnit unit = m_view->timelineUnit();
    // Inside a record only a message starts: show it as one.
    if (anchor.offset != 0) {
        unit = SessionView::TimelineUnit::Messages;
        m_view->ensureMessageModel();
    }
    const qsizetype target = annotations->itemAt(unit, anchor);
    if (target >= 0)
        m_view->goTo(unit, target);
    else
        m_view->goTo(SessionView::TimelineUnit::Chunks, anchor.record);
}

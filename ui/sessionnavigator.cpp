#include "sessionnavigator.h"

#include "capture/capturestore.h"
#include "filter/filtersubject.h"
#include "filterbar.h"
#include "messages/sessionmessages.h"
#include "models/messagemodel.h"
#include "models/timelinemodel.h"
#include "searchbar.h"
#include "searchcontroller.h"

#include <QtGui/QMouseEvent>
#include <QtWidgets/QTableView>

namespace {

constexpr qsizetype maxHistory = 200;

} // namespace

SessionNavigator::SessionNavigator(SessionView *view)
    : QObject(view)
    , m_view(view)
{
    connect(view, &SessionView::currentItemChanged, this, &SessionNavigator::moved);
    // The mouse's back and forward buttons, over the timeline.
    view->timelineView()->viewport()->installEventFilter(this);
}

void SessionNavigator::moved(SessionView::TimelineUnit unit, qsizetype item)
{
    if (m_navigating || item < 0)
        return;
    const Place place{unit, item};
    if (m_current == place)
        return;
    if (m_current) {
        m_back.append(*m_current);
        if (m_back.size() > maxHistory)
            m_back.removeFirst();
    }
    m_forward.clear();
    m_current = place;
    emit historyChanged();
}

void SessionNavigator::goTo(const Place &place)
{
    m_navigating = true;
    m_view->goTo(place.unit, place.item);
    m_navigating = false;
    m_current = place;
    emit historyChanged();
}

bool SessionNavigator::back()
{
    if (m_back.isEmpty())
        return false;
    if (m_current)
        m_forward.prepend(*m_current);
    goTo(m_back.takeLast());
    return true;
}

bool SessionNavigator::forward()
{
    if (m_forward.isEmpty())
        return false;
    if (m_current)
        m_back.append(*m_current);
    goTo(m_forward.takeFirst());
    return true;
}

const SessionMessages *SessionNavigator::messages() const
{
    return m_view->timelineUnit() == SessionView::TimelineUnit::Messages ? m_view->messages()
                                                                         : nullptr;
}

bool SessionNavigator::goToPartner()
{
    const SessionMessages *log = messages();
    const qsizetype current = m_view->currentItem();
    if (!log || current < 0 || log->log().at(current).partner < 0)
        return false;
    m_view->goTo(SessionView::TimelineUnit::Messages, log->log().at(current).partner);
    return true;
}

bool SessionNavigator::goToNumber(qsizetype number)
{
    if (number < 1 || number > m_view->rowCount().total)
        return false;
    m_view->goTo(m_view->timelineUnit(), number - 1);
    return true;
}

bool SessionNavigator::goToProblem(bool forward)
{
    const SessionMessages *log = messages();
    if (!log)
        return false;
    const qsizetype count = m_view->messageModel()->publishedCount();
    const qsizetype current = m_view->currentItem();
    const qsizetype step = forward ? 1 : -1;
    for (qsizetype i = current < 0 ? (forward ? 0 : count - 1) : current + step;
         i >= 0 && i < count; i += step) {
        if (log->log().at(i).problems != 0) {
            m_view->goTo(SessionView::TimelineUnit::Messages, i);
            return true;
        }
    }
    return false;
}

QString SessionNavigator::exchangeFilter(const SessionMessages &messages, qsizetype messageIndex)
{
    const MessageLog &log = messages.log();
    const MessageRecord &record = log.at(messageIndex);
    const qsizetype request = record.isResponse() ? record.partner : messageIndex;
    const qsizetype response = record.isResponse() ? messageIndex : record.partner;
    const qint64 startNs = messages.store()->record(0).timestampNs;
    QString filter = QStringLiteral("time >= %1ns").arg(log.at(request).timestampNs - startNs);
    if (response >= 0)
        filter += QStringLiteral(" && time <= %1ns").arg(log.at(response).timestampNs - startNs);
    return filter;
}

bool SessionNavigator::followRequest()
{
    const SessionMessages *log = messages();
    const qsizetype current = m_view->currentItem();
    if (!log || current < 0)
        return false;
    const MessageRecord &record = log->log().at(current);
    if (record.kind != MessageKind::Request && !(record.isResponse() && record.partner >= 0))
        return false;
    m_view->filterBar()->applyExpression(exchangeFilter(*log, current));
    m_view->goTo(SessionView::TimelineUnit::Messages, current);
    return true;
}

void SessionNavigator::goToTime(qint64 timestampNs)
{
    const bool inMessages = m_view->timelineUnit() == SessionView::TimelineUnit::Messages;
    const qsizetype count = m_view->rowCount().total;
    const auto timeOf = [&](qsizetype item) {
        return inMessages ? m_view->messages()->log().at(item).timestampNs
                          : m_view->store()->record(item).timestampNs;
    };
    // Rows arrive in time order: the first at or after the time, found by halving.
    qsizetype low = 0;
    qsizetype high = count;
    while (low < high) {
        const qsizetype middle = low + (high - low) / 2;
        if (timeOf(middle) < timestampNs)
            low = middle + 1;
        else
            high = middle;
    }
    if (count > 0)
        m_view->goTo(m_view->timelineUnit(), qMin(low, count - 1));
}

bool SessionNavigator::goToMark(bool forward)
{
    return findMatching(QStringLiteral("marked"), forward).isEmpty();
}

QString SessionNavigator::findMatching(const QString &expression, bool forward)
{
    const bool inMessages = m_view->timelineUnit() == SessionView::TimelineUnit::Messages;
    std::optional<ParseError> error;
    const std::optional<Filter> filter = Filter::parse(
        expression, inMessages ? FilterTarget::Messages : FilterTarget::Chunks, &error);
    if (!filter)
        return error->text();
    const std::function<bool(qsizetype)> passes
        = inMessages ? messagePredicate(*filter, *m_view->messages())
                     : chunkPredicate(*filter, *m_view->store());
    // Rows as they show (sorted, filtered), from the current one, around the end.
    QTableView *table = m_view->timelineView();
    const int rows = table->model()->rowCount();
    const int from = table->currentIndex().isValid() ? table->currentIndex().row()
                     : forward                       ? -1
                                                     : rows;
    for (int step = 1; step <= rows; ++step) {
        const int row = ((forward ? from + step : from - step) % rows + rows) % rows;
        const qsizetype item = inMessages ? m_view->messageModel()->messageIndex(row)
                                          : m_view->timelineModel()->recordIndex(row);
        if (passes(item)) {
            m_view->goTo(m_view->timelineUnit(), item);
            return QString();
        }
    }
    return tr("No row shown matches");
}

void SessionNavigator::find(bool forward)
{
    SearchBar *bar = m_view->searchBar();
    if (bar->isExpressionMode()) {
        const QString status = findMatching(bar->text(), forward);
        bar->setStatus(status, !status.isEmpty());
        return;
    }
    goToHit(m_view->search()->step(forward ? SearchDirection::Forward : SearchDirection::Backward));
}

void SessionNavigator::goToFirstHit()
{
    const QModelIndex current = m_view->timelineView()->currentIndex();
    qsizetype from = 0;
    if (current.isValid() && m_view->timelineUnit() == SessionView::TimelineUnit::Chunks) {
        from = m_view->timelineModel()->recordIndex(current.row());
    } else if (current.isValid()) {
        const MessageModel *model = m_view->messageModel();
        const QList<qsizetype> records
            = model->messages().recordsOf(model->messageIndex(current.row()));
        from = records.isEmpty() ? 0 : records.first();
    }
    goToHit(m_view->search()->firstHitFrom(from));
}

void SessionNavigator::goToHit(qsizetype index)
{
    SearchController *search = m_view->search();
    if (index < 0 || index >= search->hits().size())
        return;
    search->setCurrentHit(index);
    const bool inMessages = m_view->timelineUnit() == SessionView::TimelineUnit::Messages;
    const MessageModel *messageModel = m_view->messageModel();
    const SearchController::HitPlace place
        = search->place(index, inMessages ? &messageModel->messages() : nullptr);
    QList<int> rows; // the match's messages or records, not their partners
    for (const qsizetype item : place.items) {
        rows.append(inMessages ? messageModel->rowOfMessage(item)
                               : m_view->timelineModel()->rowOfRecord(item));
    }
    m_view->selectTimelineRows(rows);
    if (!place.items.isEmpty())
        m_view->detailPane()->setHighlight(place.offset, place.length);
}

bool SessionNavigator::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseButtonPress) {
        const Qt::MouseButton button = static_cast<QMouseEvent *>(event)->button();
        if (button == Qt::BackButton || button == Qt::ForwardButton) {
            button == Qt::BackButton ? back() : forward();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

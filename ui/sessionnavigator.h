#pragma once

#include "sessionview.h"

#include <QtCore/QList>
#include <QtCore/QObject>

#include <optional>

class SessionMessages;

// The ways to move through one session, and where the user has been: back and forward through
// the rows selected (as a browser's history, also with the mouse's back and forward buttons), a
// message's partner, a message or record by its number, the next and previous problem, and
// "follow this request": its exchange, as a filter.
class SessionNavigator final : public QObject
{
    Q_OBJECT

public:
    explicit SessionNavigator(SessionView *view);

    bool canGoBack() const { return !m_back.isEmpty(); }
    bool canGoForward() const { return !m_forward.isEmpty(); }
    // Each returns false, and moves nothing, when there is nowhere to go.
    bool back();
    bool forward();
    // The response of the current request, the request of a response, the request a
    // cancellation cancels.
    bool goToPartner();
    // The message or record numbered so in the # column (from 1), in the timeline shown.
    bool goToNumber(qsizetype number);
    // The next (or previous) message with a problem, from the current one.
    bool goToProblem(bool forward);
    // The next (or previous) marked row shown, from the current one and around the end.
    bool goToMark(bool forward);
    // Filters the timeline to the current request (or response), its partner and everything
    // either side wrote between them.
    bool followRequest();
    // The first message (Messages mode) or record at or after this time (ns since the epoch):
    // a click on the traffic strip.
    void goToTime(qint64 timestampNs);
    // The next (or previous) row shown, from the current one and around the end, that
    // `expression` selects. Empty when one was found; else why not, in one line.
    QString findMatching(const QString &expression, bool forward);

    // The search's next or previous match, or with the search bar in Filter expression mode the
    // next row its expression selects.
    void find(bool forward);
    // After a search: the first match at or after the selected row.
    void goToFirstHit();

    // The filter followRequest() applies for a message: `time >= Tns && time <= Tns` from the
    // request's time to its response's (the end of the session while there is none).
    static QString exchangeFilter(const SessionMessages &messages, qsizetype messageIndex);

signals:
    void historyChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Place
    {
        SessionView::TimelineUnit unit;
        qsizetype item;
        bool operator==(const Place &other) const
        {
            return unit == other.unit && item == other.item;
        }
    };

    void moved(SessionView::TimelineUnit unit, qsizetype item);
    void goToHit(qsizetype index);
    void goTo(const Place &place);
    const SessionMessages *messages() const;

    SessionView *m_view;
    QList<Place> m_back;
    QList<Place> m_forward;
    std::optional<Place> m_current;
    bool m_navigating = false; // a move of our own: not a new place in the history
};

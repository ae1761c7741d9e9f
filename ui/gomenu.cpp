#include "gomenu.h"

#include "sessionnavigator.h"
#include "sessionview.h"

#include <QtWidgets/QApplication>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QMenu>

GoMenu::GoMenu(QMenu *menu, QWidget *window)
    : QObject(window)
    , m_window(window)
{
    // Runs `move` on the view's navigator; a move that goes nowhere beeps, as Wireshark's do.
    const auto navigate = [this](bool (*move)(SessionNavigator *)) {
        return [this, move] {
            if (m_view && !move(m_view->navigator()))
                QApplication::beep();
        };
    };
    m_back = menu->addAction(
        tr("&Back"), navigate([](SessionNavigator *navigator) { return navigator->back(); }));
    m_back->setShortcut(QKeySequence::Back);
    m_forward = menu->addAction(
        tr("&Forward"), navigate([](SessionNavigator *navigator) { return navigator->forward(); }));
    m_forward->setShortcut(QKeySequence::Forward);
    menu->addSeparator();
    QAction *number = menu->addAction(tr("&Go to Number..."), this, &GoMenu::askForNumber);
    number->setShortcut(QKeySequence(tr("Ctrl+G")));
    QAction *partner = menu->addAction(
        tr("Go to &Partner"),
        navigate([](SessionNavigator *navigator) { return navigator->goToPartner(); }));
    partner->setShortcut(QKeySequence(tr("Ctrl+J")));
    partner->setToolTip(tr("A request's response, a response's request, what a cancel cancels"));
    QAction *nextProblem = menu->addAction(
        tr("&Next Problem"),
        navigate([](SessionNavigator *navigator) { return navigator->goToProblem(true); }));
    nextProblem->setShortcut(QKeySequence(tr("F8")));
    QAction *previousProblem = menu->addAction(
        tr("P&revious Problem"),
        navigate([](SessionNavigator *navigator) { return navigator->goToProblem(false); }));
    previousProblem->setShortcut(QKeySequence(tr("Shift+F8")));
    QAction *nextMark = menu->addAction(tr("Next &Mark"), navigate([](SessionNavigator *navigator) {
                                            return navigator->goToMark(true);
                                        }));
    nextMark->setShortcut(QKeySequence(tr("Ctrl+Shift+N")));
    QAction *previousMark = menu->addAction(
        tr("Previous M&ark"),
        navigate([](SessionNavigator *navigator) { return navigator->goToMark(false); }));
    previousMark->setShortcut(QKeySequence(tr("Ctrl+Shift+B")));
    menu->addSeparator();
    QAction *follow = menu->addAction(
        tr("F&ollow Request"),
        navigate([](SessionNavigator *navigator) { return navigator->followRequest(); }));
    follow->setShortcut(QKeySequence(tr("Ctrl+Alt+Shift+F")));
    follow->setToolTip(tr("Filter to the request, its response and what both sides wrote "
                          "between them"));
    m_needView = {number, partner, nextProblem, previousProblem, nextMark, previousMark, follow};
    updateActions();
}

void GoMenu::setView(SessionView *view)
{
    if (m_view)
        m_view->navigator()->disconnect(this);
    m_view = view;
    if (view) {
        connect(view->navigator(), &SessionNavigator::historyChanged, this, &GoMenu::updateActions);
    }
    updateActions();
}

void GoMenu::updateActions()
{
    m_back->setEnabled(m_view && m_view->navigator()->canGoBack());
    m_forward->setEnabled(m_view && m_view->navigator()->canGoForward());
    for (QAction *action : std::as_const(m_needView))
        action->setEnabled(m_view);
}

void GoMenu::askForNumber()
{
    if (!m_view)
        return;
    const bool messages = m_view->timelineUnit() == SessionView::TimelineUnit::Messages;
    const qsizetype count = m_view->rowCount().total;
    if (count == 0)
        return;
    bool ok = false;
    const int number = QInputDialog::getInt(
        m_window, tr("Go to Number"), messages ? tr("Message number:") : tr("Record number:"),
        int(qMax<qsizetype>(m_view->currentItem(), 0) + 1), 1, int(count), 1, &ok);
    if (ok)
        m_view->navigator()->goToNumber(number);
}

#include "annotationmenu.h"

#include "sessionannotations.h"

#include <QtWidgets/QApplication>
#include <QtWidgets/QMenu>

AnnotationMenu::AnnotationMenu(QMenu *menu, QObject *parent)
    : QObject(parent)
{
    // Runs `act` on the view's annotations; nothing to act on (no row) beeps.
    const auto annotate = [this](bool (SessionAnnotations::*act)()) {
        return [this, act] {
            if (m_view && !(m_view->annotations()->*act)())
                QApplication::beep();
        };
    };
    QAction *mark
        = menu->addAction(tr("&Mark/Unmark"), this, annotate(&SessionAnnotations::toggleMarks));
    mark->setShortcut(QKeySequence(tr("Ctrl+Space")));
    mark->setToolTip(tr("Mark the selected rows (kept in the session file), or unmark them"));
    QAction *comment
        = menu->addAction(tr("C&omment..."), this, annotate(&SessionAnnotations::editComment));
    comment->setShortcut(QKeySequence(tr("Ctrl+Alt+C")));
    QAction *reference = menu->addAction(tr("Set/Unset &Time Reference"), this,
                                         annotate(&SessionAnnotations::toggleTimeReference));
    reference->setShortcut(QKeySequence(tr("Ctrl+T")));
    reference->setToolTip(tr("Times of later rows count from this one"));
    m_actions = {mark, comment, reference};
    setView(nullptr);
}

void AnnotationMenu::setView(SessionView *view)
{
    m_view = view;
    for (QAction *action : std::as_const(m_actions))
        action->setEnabled(view);
}

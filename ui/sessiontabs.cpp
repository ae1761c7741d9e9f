#include "sessiontabs.h"

#include "capture/capturestore.h"
#include "capture/followedsession.h"
#include "sessionview.h"

#include <QtCore/QFileInfo>
#include <QtWidgets/QTabBar>

SessionTabs::SessionTabs(QWidget *parent)
    : QTabWidget(parent)
{
    setDocumentMode(true);
    setTabsClosable(true);
    setMovable(true);
    tabBar()->setAutoHide(true);
    connect(this, &QTabWidget::currentChanged, this,
            [this] { emit currentViewChanged(currentView()); });
    connect(this, &QTabWidget::tabCloseRequested, this,
            [this](int index) { emit closeRequested(qobject_cast<SessionView *>(widget(index))); });
}

SessionView *SessionTabs::currentView() const
{
    return qobject_cast<SessionView *>(currentWidget());
}

QList<SessionView *> SessionTabs::views() const
{
    QList<SessionView *> all;
    for (int i = 0; i < count(); ++i)
        all.append(qobject_cast<SessionView *>(widget(i)));
    return all;
}

SessionView *SessionTabs::viewOf(const QString &sessionFile) const
{
    const QString path = QFileInfo(sessionFile).absoluteFilePath();
    for (SessionView *view : views()) {
        if (QFileInfo(view->store()->path()).absoluteFilePath() == path)
            return view;
    }
    return nullptr;
}

void SessionTabs::replaceCurrent(SessionView *view)
{
    SessionView *old = currentView();
    const int index = old ? currentIndex() : count();
    {
        // One change of view, not two: the old one goes without another taking its place.
        const QSignalBlocker blocker(this);
        delete old;
        if (view)
            insertTab(index, view, QString());
    }
    if (view) {
        label(view);
        setCurrentWidget(view);
    }
    emit currentViewChanged(currentView());
}

void SessionTabs::add(SessionView *view)
{
    addTab(view, QString());
    label(view);
    setCurrentWidget(view);
}

// A followed session by its name, a file by its own; the path and the state in the tooltip.
void SessionTabs::label(SessionView *view)
{
    const auto update = [this, view] {
        const int index = indexOf(view);
        const QString path = view->store()->path();
        const FollowedSession *followed = view->followedSession();
        const QString name = followed && !followed->summary().name.isEmpty()
                                 ? followed->summary().name
                                 : QFileInfo(path).completeBaseName();
        setTabText(index, name);
        setTabToolTip(index, path + QLatin1Char('\n') + view->childState());
    };
    update();
    connect(view, &SessionView::childStateChanged, this, update);
}

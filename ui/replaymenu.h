#pragma once

#include "relay/launchrequest.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>

class CaptureStore;
class ComparisonWindow;
class QAction;
class QMenu;
class QWidget;
class SessionView;

// File > Replay Against... and File > Compare Sessions... (docs/replay.md): the session on
// screen played, as the client it recorded, to a program the user chooses, shown live in a tab
// of its own and then compared with the recording; or any two saved sessions compared.
class ReplayMenu final : public QObject
{
    Q_OBJECT

public:
    ReplayMenu(QMenu *fileMenu, QWidget *window);

    void setView(SessionView *view); // the session on screen; null: none

    // Plays the session on screen to the program `request` names. False (after failed()) when
    // it cannot start.
    bool replayAgainst(const LaunchRequest &request);
    // Opens the comparison of two session files.
    ComparisonWindow *compare(const QString &first, const QString &second);

signals:
    // A replay began recording into `store`: the window shows it as it grows.
    void replayStarted(CaptureStore *store);
    void comparisonOpened(ComparisonWindow *window);
    void failed(const QString &title, const QString &message);

private:
    void askForProgram();
    void askForSessions();

    QWidget *m_window;
    QPointer<SessionView> m_view;
    QAction *m_replay;
    QAction *m_compare;
};

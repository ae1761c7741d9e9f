#pragma once

#include "capture/stream.h"
#include "detailpane.h"
#include "messages/framing.h"
#include "models/timelinetext.h"

#include <QtCore/QObject>

class QAction;
class QActionGroup;
class QMenu;
class QToolBar;
class SessionView;
struct SessionViewOptions;

// The View menu and the stream and Messages buttons of the toolbar: how the detail pane shows
// bytes, how time is shown, which streams show, reads or messages, the framing. It says what
// the user chose (signals) and shows what the session view on screen does (showState()).
class ViewMenu : public QObject
{
    Q_OBJECT

public:
    ViewMenu(QMenu *menu, QToolBar *toolBar, QObject *parent);

    // What a new session view starts with: what the menu says now (and Settings).
    SessionViewOptions options(const FramingChoice &framing) const;
    bool wrapsText() const;
    // Checks the menu's actions to match `view`, without emitting anything.
    void showState(const SessionView &view);
    void showMessages(bool messages);
    void showFraming(const FramingChoice &choice);
    // Chooses a detail pane view as the menu does (the pane's tab bar asks for one).
    void chooseDisplayMode(DetailPane::DisplayMode mode);

signals:
    void displayModeChosen(DetailPane::DisplayMode mode);
    void wrapTextToggled(bool wrap);
    void bytesPerRowChosen(int bytesPerRow);
    void fontRequested();
    void timeDisplayChosen(TimeDisplay display);
    void streamToggled(Stream stream, bool visible);
    void messagesToggled(bool messages);
    void framingChosen(Framing framing);

private:
    void addDisplayModes(QMenu *menu);
    void addTimeDisplays(QMenu *menu);
    void addFramings(QMenu *menu);
    void addToggle(QToolBar *toolBar, QAction *toggle);

    QActionGroup *m_displayGroup;
    QActionGroup *m_timeGroup;
    QActionGroup *m_framingGroup;
    QAction *m_wrapAction;
    QAction *m_messagesAction;
    PerStreamWithEvents<QAction *> m_streamToggles;
};

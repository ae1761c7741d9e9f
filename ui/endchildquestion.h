#pragma once

#include <QtCore/QString>

class QWidget;

// Asks whether to end a program launched from the window that still runs, because `action`
// ("Opening a session", "Quitting") would end it; the box has a "Don't ask again" that the
// settings keep. True when the program may be ended (the answer, or asked not to ask).
bool mayEndRunningChild(QWidget *parent, const QString &childState, const QString &action);

#pragma once

#include <QtGui/QIcon>

// One of pipescope's icons by name ("launch", "open", "pipescope"): drawn from its SVG where Qt
// has its SVG plugins (Debian's libqt6svg6), else from PNG renderings of it at 16 to 48 pixels
// (the Windows build made here has no SVG plugin). resources/icons/README says how to render them.
QIcon appIcon(const QString &name);

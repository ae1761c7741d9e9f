#pragma once

#include "capture/stream.h"

#include <QtCore/QString>

// How the Time column shows a row's timestamp.
enum class TimeDisplay { Relative, Delta, WallClock };

// "→ stdin", "← stdout", "← stderr", "• event": the Stream column of both timeline modes.
QString streamLabel(Stream stream);

// The Time column: seconds since the session's first record (`originNs`), seconds since the row
// above (`previousNs`, the row's own time for the first row), or the wall clock to the µs.
QString timeText(TimeDisplay display, qint64 timestampNs, qint64 originNs, qint64 previousNs);

// The Time column's header for a display.
QString timeHeader(TimeDisplay display);

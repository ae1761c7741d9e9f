#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>

// Command lines as a POSIX shell writes and reads them, without any expansion: the launch
// dialog's arguments field, and the command line shown in session events and titles.

// Splits text into words the way a POSIX shell does, without any expansion: blanks separate
// words; '...' is literal; in "..." a backslash escapes only " \ $ ` and a line break; outside
// quotes a backslash escapes any character; adjacent parts join into one word; "" and '' give an
// empty word; a backslash before a line break removes both. $'...' is not understood. On an
// unterminated quote or a trailing backslash, returns an empty list and sets *error to one line
// naming the problem and its column (1-based); otherwise clears *error.
QStringList splitCommandLine(const QString &text, QString *error = nullptr);

// The arguments as one line that a shell splits back into the same list. Arguments holding a
// line break or another control character are written $'...' (bash, zsh, ksh, POSIX.1-2024).
QString joinedCommandLine(const QStringList &arguments);

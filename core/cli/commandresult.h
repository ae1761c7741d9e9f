#pragma once

#include <QtCore/QString>

// What a command reports, on the command line and in the window alike: whether it worked, why
// not (one line), and a warning worth showing even when it worked, such as a session file that
// was cut off and converted as far as it could be read.
struct CommandResult
{
    bool ok = true;
    QString error;
    QString warning;

    static CommandResult failure(const QString &error) { return {false, error, QString()}; }
};

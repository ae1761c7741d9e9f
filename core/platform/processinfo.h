#pragma once

#include <QtCore/QString>

// A process as people know it: its pid and its program's file name ("nvim", "code").
struct ProcessIdentity
{
    qint64 pid = 0;
    QString name; // empty when the system does not say
};

// The process that started pipescope: the editor or shell a recording belongs to.
ProcessIdentity parentProcess();

// Where a user's running programs leave notes for each other: private to the user (0700, or
// the user alone on Windows), and gone at logout where the system has such a place
// ($XDG_RUNTIME_DIR). Created where missing; empty, with a one-line `error`, when it cannot be.
QString privateRuntimeDirectory(QString *error);

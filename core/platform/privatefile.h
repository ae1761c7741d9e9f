#pragma once

#include <QtCore/QString>

// Session files may hold secrets (tokens in traffic): they are created readable by their owner
// only (0600), and autosave directories are 0700.

enum class PrivateFileCreation { ReplaceExisting, NewFileOnly };

// Opens `path` for writing, creating it with mode 0600: NewFileOnly fails if it exists
// (O_EXCL); ReplaceExisting truncates it and narrows a regular file's mode to 0600. In a
// directory anyone can write to (/tmp), ReplaceExisting replaces only a regular file owned by
// us, by a new one created with O_EXCL, and refuses anything else (a symbolic link, another
// user's file). Returns the descriptor (close-on-exec), or -1 with a one-line `error`.
int createPrivateFile(const QString &path, PrivateFileCreation creation, QString *error);

// Creates `path` (and parents) with mode 0700 where missing.
bool makePrivateDirectory(const QString &path, QString *error);

// Makes the file at `path` (created empty where missing) readable and writable by its owner
// only: mode 0600, or on Windows a DACL for the current user alone.
void makeFilePrivate(const QString &path);

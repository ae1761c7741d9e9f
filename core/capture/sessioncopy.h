#pragma once

class CaptureStore;
class QIODevice;
class QString;

// Writes the session file at `path` to `device` byte for byte. False, with `error`, when it
// cannot be read or the device refuses a write.
bool copySessionFile(const QString &path, QIODevice *device, QString *error);

// Writes every record of `store` to `device` as a new session file, as the recorder would have
// written it, with the store's annotations as the records' comments: for a session with
// annotations, and for a live session whose file stopped taking records (a full disk), which
// lacks the last records the store still holds. False, with `error`, when a record cannot be
// read or the device refuses a write.
bool writeSessionFromRecords(const CaptureStore &store, QIODevice *device, QString *error);

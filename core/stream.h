#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QMetaType>

#include <optional>

// Which of the child's channels a record belongs to. Lifecycle events (started, stdin closed,
// exited...) are records of their own on the Event stream.
enum class Stream : quint8 { Stdin = 0, Stdout = 1, Stderr = 2, Event = 3 };

constexpr int streamCount = 4;

// "stdin", "stdout", "stderr", "events": the names used in files, exports and the command line.
QByteArray streamName(Stream stream);
std::optional<Stream> streamFromName(const QByteArray &name);

Q_DECLARE_METATYPE(Stream)

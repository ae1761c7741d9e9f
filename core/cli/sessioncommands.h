#pragma once

#include "cli/commandresult.h"
#include "cli/sessionexporter.h"
#include "messages/framing.h"

#include <functional>

class CaptureStore;
class QIODevice;

// The commands that the command line (`pipescope export`, `stats`) and the window (File >
// Export, Save As) share. Each writes to a QIODevice; writeFileWhole() puts one in a file.

// Whether more may still be recorded into a store: a growing session's messages are decoded as
// far as it goes, and requests still open there are not called unanswered.
enum class SessionGrowth { Growing, Ended };

// Loads a saved session into `store`. A cut-off file loads as far as it can be read, with a
// warning that says so.
CommandResult loadSession(CaptureStore *store, const QString &path);

// The session file at `sessionPath` as JSON Lines, a text transcript or one stream's raw bytes.
CommandResult exportSession(const QString &sessionPath, const ExportOptions &options,
                            QIODevice *output);

// The store's messages as JSON Lines (docs/messages.md); with a filter, those it selects.
CommandResult exportMessages(const CaptureStore &store, SessionGrowth growth,
                             const FramingChoice &framing, QIODevice *output,
                             const std::optional<Filter> &filter = std::nullopt);

// What `pipescope stats` prints: framing, per-method latencies, problems; with a filter, of the
// messages it selects.
CommandResult writeStats(const CaptureStore &store, SessionGrowth growth,
                         const FramingChoice &framing, const QString &sessionName,
                         QIODevice *output, const std::optional<Filter> &filter = std::nullopt);

// A copy of the session as it is now (a live one is flushed first and keeps recording). When a
// live recording has stopped early (a full disk), the file lacks the last records the window
// shows; a session with annotations has them as comments on their records. Such a copy is
// written from the store, every record of it.
CommandResult copySession(CaptureStore &store, QIODevice *output);

// Runs `write` into `path`, all or nothing: a command that fails leaves no half file behind.
// The file is readable by its owner only (0600): traffic may hold secrets.
CommandResult writeFileWhole(const QString &path,
                             const std::function<CommandResult(QIODevice *)> &write);

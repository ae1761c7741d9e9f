#pragma once

#include "capture/stream.h"
#include "cli/sessionexporter.h"
#include "codec/bytesformat.h"

#include <QtCore/QObject>

#include <functional>
#include <optional>

class QIODevice;
class QWidget;
class RecentFiles;
class SessionView;
struct CommandResult;

// File > Save As, Export and Save Selected Bytes, and Edit's Copy commands, for the session on
// screen: asks where (the *As() functions), runs the command of cli/sessioncommands that
// `pipescope export` runs too, and says how it went (done(), or failed() with the reason or
// with the warning a cut-off session gets).
class FileCommands : public QObject
{
    Q_OBJECT

public:
    // "pipescope sessions (*.pcapng)": for the Open and Save As dialogs.
    static QString sessionFileFilter();

    FileCommands(QWidget *dialogParent, RecentFiles *recentFiles);

    void setView(SessionView *view) { m_view = view; }

    void saveAs();
    void exportAs(ExportFormat format, std::optional<Stream> stream);
    void exportMessagesAs();
    void saveBytes();
    void copyBytes(BytesFormat format);
    // The selected timeline rows as they show, a line each, columns apart by tabs.
    void copyRows();
    // The selected message's body as the Decoded view formats it (msgpack as JSON too).
    void copyBodyAsJson();

    // Writes a copy of the session as it is now (mode 0600); a live one keeps recording.
    // Its marks and comments are then saved.
    bool saveSessionAs(const QString &path);
    // Before the session goes (`action`: "Quitting"): when it has marks or comments in no file
    // yet, asks whether to save them (Save As), discard them or cancel. True to go on.
    bool mayDiscardAnnotations(const QString &action);
    // Writes the session as `pipescope export` would (all streams unless `stream` is given).
    bool exportSession(const QString &path, ExportFormat format,
                       std::optional<Stream> stream = std::nullopt);
    // Writes the session's messages as JSON Lines (what `pipescope export --messages` writes).
    bool exportMessages(const QString &path);
    // Writes the selected rows' bytes, concatenated, to `path`.
    bool saveSelectedBytes(const QString &path);

signals:
    void done(const QString &message);
    void failed(const QString &title, const QString &message);

private:
    // Asks where to write, suggesting the session's name followed by `ending` (".jsonl") in the
    // last directory saved to; a name typed without the extension gets it. Empty when cancelled.
    QString askWhereToSave(const QString &title, const QString &ending, const QString &filter);
    // Runs a command that writes `path`, all or nothing. True when it worked.
    bool runCommand(const QString &title, const QString &path,
                    const std::function<CommandResult(QIODevice *)> &write);

    QWidget *m_dialogParent;
    RecentFiles *m_recentFiles;
    SessionView *m_view = nullptr;
};

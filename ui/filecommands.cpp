#include "filecommands.h"

#include "capture/bytesource.h"
#include "capture/capturestore.h"
#include "cli/sessioncommands.h"
#include "recentfiles.h"
#include "sessionview.h"

#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtWidgets/QFileDialog>

QString FileCommands::sessionFileFilter()
{
    return tr("pipescope sessions (*.pcapng);;All files (*)");
}

FileCommands::FileCommands(QWidget *dialogParent, RecentFiles *recentFiles)
    : QObject(dialogParent)
    , m_dialogParent(dialogParent)
    , m_recentFiles(recentFiles)
{
}

bool FileCommands::runCommand(const QString &title, const QString &path,
                              const std::function<CommandResult(QIODevice *)> &write)
{
    const CommandResult result = writeFileWhole(path, write);
    if (!result.ok) {
        emit failed(title, result.error);
        return false;
    }
    // A cut-off session converts as far as it can be read: say so, as the command line does.
    if (!result.warning.isEmpty())
        emit failed(title, result.warning);
    else
        emit done(tr("Wrote %1").arg(path));
    return true;
}

void FileCommands::saveAs()
{
    if (!m_view)
        return;
    const QString target = QFileDialog::getSaveFileName(m_dialogParent, tr("Save Session As"),
                                                        QString(), sessionFileFilter());
    if (!target.isEmpty())
        saveSessionAs(target);
}

bool FileCommands::saveSessionAs(const QString &path)
{
    if (!m_view)
        return false;
    CaptureStore *store = m_view->store();
    if (!runCommand(tr("Cannot save session"), path,
                    [store](QIODevice *output) { return copySession(*store, output); }))
        return false;
    m_recentFiles->add(path);
    return true;
}

void FileCommands::exportAs(ExportFormat format, std::optional<Stream> stream)
{
    if (!m_view)
        return;
    const QString target = QFileDialog::getSaveFileName(m_dialogParent, tr("Export Session"));
    if (!target.isEmpty())
        exportSession(target, format, stream);
}

bool FileCommands::exportSession(const QString &path, ExportFormat format,
                                 std::optional<Stream> stream)
{
    if (!m_view)
        return false;
    CaptureStore *store = m_view->store();
    if (store->isLive())
        store->flushAndWait(); // the export reads the file
    ExportOptions options;
    options.format = format;
    options.stream = stream;
    return runCommand(tr("Cannot export"), path, [&](QIODevice *output) {
        return ::exportSession(store->path(), options, output);
    });
}

void FileCommands::exportMessagesAs()
{
    if (!m_view)
        return;
    const QString target = QFileDialog::getSaveFileName(m_dialogParent, tr("Export Messages"));
    if (!target.isEmpty())
        exportMessages(target);
}

bool FileCommands::exportMessages(const QString &path)
{
    if (!m_view)
        return false;
    // A decoding of its own, complete for a saved session, as far as it goes for a live one.
    const SessionGrowth growth
        = m_view->isGrowing() ? SessionGrowth::Growing : SessionGrowth::Ended;
    return runCommand(tr("Cannot export"), path, [&](QIODevice *output) {
        return ::exportMessages(*m_view->store(), growth, m_view->framingChoice(), output);
    });
}

void FileCommands::saveBytes()
{
    if (!m_view || !m_view->detailPane()->currentSource())
        return;
    const QString target = QFileDialog::getSaveFileName(m_dialogParent, tr("Save Selected Bytes"));
    if (!target.isEmpty())
        saveSelectedBytes(target);
}

bool FileCommands::saveSelectedBytes(const QString &path)
{
    const ByteSource *source = m_view ? m_view->detailPane()->currentSource() : nullptr;
    if (!source)
        return false;
    // Exactly the selected rows' bytes, concatenated; written whole or not at all.
    return runCommand(tr("Cannot save bytes"), path, [source](QIODevice *output) {
        constexpr qint64 block = 4 * 1024 * 1024;
        for (qint64 offset = 0; offset < source->size(); offset += block) {
            const QByteArray bytes = source->read(offset, block);
            if (output->write(bytes) != bytes.size())
                return CommandResult::failure(output->errorString());
        }
        return CommandResult();
    });
}

void FileCommands::copyBytes(BytesFormat format)
{
    if (!m_view)
        return;
    // The clipboard gets at most this much: enough for any paste, not a way to copy a capture.
    constexpr qint64 maxCopyBytes = 16 * 1024 * 1024;
    const QByteArray bytes = m_view->detailPane()->chosenBytes(maxCopyBytes);
    if (bytes.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(QString::fromUtf8(formatBytes(bytes, format)));
    emit done(tr("Copied %1 bytes").arg(bytes.size()));
}

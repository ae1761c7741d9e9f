#include "filecommands.h"

#include "capture/bytesource.h"
#include "capture/capturestore.h"
#include "cli/sessioncommands.h"
#include "messagebodyview.h"
#include "recentfiles.h"
#include "sessionview.h"
#include "settings.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QStandardPaths>
#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QTableView>

namespace {

QString jsonLinesFilter()
{
    return FileCommands::tr("JSON Lines (*.jsonl);;All files (*)");
}

QString rawBytesFilter()
{
    return FileCommands::tr("Raw bytes (*.bin);;All files (*)");
}

} // namespace

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

QString FileCommands::askWhereToSave(const QString &title, const QString &ending,
                                     const QString &filter)
{
    Settings settings;
    QString directory = settings.saveDirectory();
    if (directory.isEmpty() || !QFileInfo(directory).isDir())
        directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    // "clangd-20261204-101500" from the session file's name.
    const QString name = QFileInfo(m_view->store()->path()).completeBaseName() + ending;
    QFileDialog dialog(m_dialogParent, title, QDir(directory).filePath(name), filter);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(ending.mid(ending.lastIndexOf(u'.') + 1));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return QString();
    const QString path = dialog.selectedFiles().constFirst();
    settings.setSaveDirectory(QFileInfo(path).absolutePath());
    return path;
}

void FileCommands::saveAs()
{
    if (!m_view)
        return;
    const QString target
        = askWhereToSave(tr("Save Session As"), QStringLiteral(".pcapng"), sessionFileFilter());
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
    store->setAnnotationsSaved();
    m_recentFiles->add(path);
    return true;
}

bool FileCommands::mayDiscardAnnotations(const QString &action)
{
    if (!m_view || !m_view->store()->hasUnsavedAnnotations())
        return true;
    QMessageBox box(QMessageBox::Question, action,
                    tr("The marks and comments on %1 are in no file yet.")
                        .arg(QFileInfo(m_view->store()->path()).fileName()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, m_dialogParent);
    box.setInformativeText(tr("Save As writes the session with them."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        saveAs();
        return !m_view->store()->hasUnsavedAnnotations();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void FileCommands::exportAs(ExportFormat format, std::optional<Stream> stream)
{
    if (!m_view)
        return;
    QString ending;
    QString filter;
    switch (format) {
    case ExportFormat::JsonLines:
        ending = QStringLiteral(".jsonl");
        filter = jsonLinesFilter();
        break;
    case ExportFormat::Text:
        ending = QStringLiteral(".txt");
        filter = tr("Text (*.txt);;All files (*)");
        break;
    case ExportFormat::Raw:
        ending = u'.' + QString::fromLatin1(streamName(stream.value_or(Stream::Stdout)))
                 + QStringLiteral(".bin");
        filter = rawBytesFilter();
        break;
    }
    const QString target = askWhereToSave(tr("Export Session"), ending, filter);
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
    options.annotations = store->annotations(); // those not saved yet too
    return runCommand(tr("Cannot export"), path, [&](QIODevice *output) {
        return ::exportSession(store->path(), options, output);
    });
}

void FileCommands::exportMessagesAs()
{
    if (!m_view)
        return;
    const QString target = askWhereToSave(tr("Export Messages"), QStringLiteral(".messages.jsonl"),
                                          jsonLinesFilter());
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
    const QString target = askWhereToSave(tr("Save Selected Bytes"),
                                          QStringLiteral(".selection.bin"), rawBytesFilter());
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

void FileCommands::copyRows()
{
    if (!m_view)
        return;
    const QAbstractItemModel *model = m_view->timelineView()->model();
    QModelIndexList rows = m_view->timelineView()->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    QStringList lines;
    for (const QModelIndex &row : std::as_const(rows)) {
        QStringList cells;
        for (int column = 0; column < model->columnCount(); ++column)
            cells << model->index(row.row(), column).data().toString();
        lines << cells.join(u'\t');
    }
    QGuiApplication::clipboard()->setText(lines.join(u'\n') + u'\n');
    emit done(rows.size() == 1 ? tr("Copied 1 row") : tr("Copied %1 rows").arg(rows.size()));
}

void FileCommands::copyBodyAsJson()
{
    const QString text = m_view ? m_view->detailPane()->messageView()->text() : QString();
    if (text.isEmpty() || m_view->timelineUnit() != SessionView::TimelineUnit::Messages) {
        emit done(tr("Select a message in Messages mode to copy its body"));
        return;
    }
    QGuiApplication::clipboard()->setText(text);
    emit done(tr("Copied the message body"));
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

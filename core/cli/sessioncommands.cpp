#include "cli/sessioncommands.h"

#include "capture/capturestore.h"
#include "capture/sessioncopy.h"
#include "cli/messageexporter.h"
#include "cli/statsreport.h"
#include "filter/filtersubject.h"
#include "messages/sessionmessages.h"

#include <QtCore/QFile>
#include <QtCore/QSaveFile>

namespace {

void decode(SessionMessages &messages, const CaptureStore &store, SessionGrowth growth)
{
    if (growth == SessionGrowth::Growing)
        messages.decodeMore(store.count());
    else
        messages.decodeAll();
}

} // namespace

CommandResult loadSession(CaptureStore *store, const QString &path)
{
    if (!store->load(path))
        return CommandResult::failure(store->errorString()); // names the file
    CommandResult result;
    if (!store->warning().isEmpty())
        result.warning = path + QStringLiteral(": ") + store->warning();
    return result;
}

CommandResult exportSession(const QString &sessionPath, const ExportOptions &options,
                            QIODevice *output)
{
    QFile input(sessionPath);
    if (!input.open(QIODevice::ReadOnly)) {
        return CommandResult::failure(
            QStringLiteral("cannot open %1: %2").arg(sessionPath, input.errorString()));
    }
    SessionExporter exporter(options);
    if (!exporter.run(&input, output))
        return CommandResult::failure(sessionPath + QStringLiteral(": ") + exporter.errorString());
    CommandResult result;
    if (!exporter.warning().isEmpty())
        result.warning = sessionPath + QStringLiteral(": ") + exporter.warning();
    return result;
}

CommandResult exportMessages(const CaptureStore &store, SessionGrowth growth,
                             const FramingChoice &framing, QIODevice *output,
                             const std::optional<Filter> &filter)
{
    SessionMessages messages(&store, framing);
    decode(messages, store, growth);
    MessageExporter exporter(&messages);
    if (!exporter.write(output, filter ? messagePredicate(*filter, messages) : nullptr))
        return CommandResult::failure(exporter.errorString());
    return {};
}

CommandResult writeStats(const CaptureStore &store, SessionGrowth growth,
                         const FramingChoice &framing, const QString &sessionName,
                         QIODevice *output, const std::optional<Filter> &filter)
{
    SessionMessages messages(&store, framing);
    decode(messages, store, growth);
    const QByteArray report = statsReport(messages, sessionName,
                                          filter ? messagePredicate(*filter, messages) : nullptr);
    if (output->write(report) != report.size())
        return CommandResult::failure(output->errorString());
    return {};
}

CommandResult copySession(CaptureStore &store, QIODevice *output)
{
    if (store.isLive())
        store.flushAndWait();
    QString error;
    // Annotations go onto the records they belong to, which a copy of the file cannot do.
    const bool rewrite = (store.isLive() && store.failed()) || !store.annotations().isEmpty();
    const bool written = rewrite ? writeSessionFromRecords(store, output, &error)
                                 : copySessionFile(store.path(), output, &error);
    if (!written)
        return CommandResult::failure(error);
    return {};
}

CommandResult writeFileWhole(const QString &path,
                             const std::function<CommandResult(QIODevice *)> &write)
{
    QSaveFile output(path);
    if (!output.open(QIODevice::WriteOnly)) {
        return CommandResult::failure(
            QStringLiteral("cannot write %1: %2").arg(path, output.errorString()));
    }
    output.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    CommandResult result = write(&output);
    if (!result.ok)
        return result;
    if (!output.commit()) {
        return CommandResult::failure(
            QStringLiteral("cannot write %1: %2").arg(path, output.errorString()));
    }
    return result;
}

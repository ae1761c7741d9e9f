#include "capture/sessioncopy.h"

#include "capture/capturestore.h"
#include "capture/pcapngwriter.h"
#include "capture/sessionevent.h"

#include <QtCore/QFile>

bool copySessionFile(const QString &path, QIODevice *device, QString *error)
{
    QFile source(path);
    if (!source.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, source.errorString());
        return false;
    }
    for (;;) {
        const QByteArray block = source.read(4 * 1024 * 1024);
        if (block.isEmpty()) {
            if (source.error() == QFileDevice::NoError)
                return true;
            *error = QStringLiteral("cannot read %1: %2").arg(path, source.errorString());
            return false;
        }
        if (device->write(block) != block.size()) {
            *error = device->errorString();
            return false;
        }
    }
}

bool writeSessionFromRecords(const CaptureStore &store, QIODevice *device, QString *error)
{
    PcapngWriter writer(device);
    writer.writeHeader(store.sectionComment());
    const qsizetype count = store.count();
    for (qsizetype i = 0; i < count && !writer.failed(); ++i) {
        const ChunkRecord record = store.record(i);
        const QByteArray payload = store.payload(record);
        if (payload.size() != record.length) {
            *error = QStringLiteral("cannot read record %1 of the session").arg(i + 1);
            return false;
        }
        // Lifecycle events carry their summary as the block's comment, as the relay records them.
        QString comment;
        if (record.stream == Stream::Event) {
            if (const auto event = SessionEvent::fromPayload(payload))
                comment = event->summary();
        }
        writer.writeRecord(record.stream, record.timestampNs, payload, comment);
    }
    if (!writer.flush()) {
        *error = writer.errorString();
        return false;
    }
    return true;
}

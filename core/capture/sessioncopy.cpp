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
    const Annotations annotations = store.annotations();
    auto annotation = annotations.cbegin();
    for (qsizetype i = 0; i < count && !writer.failed(); ++i) {
        const ChunkRecord record = store.record(i);
        const QByteArray payload = store.payload(record);
        if (payload.size() != record.length) {
            *error = QStringLiteral("cannot read record %1 of the session").arg(i + 1);
            return false;
        }
        // Lifecycle events carry their summary as the block's first comment, as the relay
        // records them; the record's annotations follow.
        QStringList comments;
        if (record.stream == Stream::Event) {
            const auto event = SessionEvent::fromPayload(payload);
            comments.append(event ? event->summary() : QStringLiteral("event"));
        }
        for (; annotation != annotations.cend() && annotation.key().record == i; ++annotation)
            comments += annotationComments(annotation.value(), annotation.key().offset);
        writer.writeRecord(record.stream, record.timestampNs, payload, comments);
    }
    if (!writer.flush()) {
        *error = writer.errorString();
        return false;
    }
    return true;
}

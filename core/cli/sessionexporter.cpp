#include "cli/sessionexporter.h"

#include "capture/pcapngreader.h"
#include "capture/sessionevent.h"
#include "codec/textescape.h"
#include "filter/filtersubject.h"

#include <QtCore/QDateTime>
#include <QtCore/QFileDevice>
#include <QtCore/QIODevice>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace {

QByteArray elapsedSeconds(qint64 ns)
{
    return '+' + QByteArray::number(double(ns) / 1e9, 'f', 6);
}

QByteArray jsonLine(const ChunkRecord &record, const QByteArray &payload, qint64 firstNs,
                    const Annotation &annotation)
{
    QJsonObject object{
        {QStringLiteral("seq"), qint64(record.seq)},
        {QStringLiteral("time"), QString::fromLatin1(isoTimestamp(record.timestampNs))},
        {QStringLiteral("elapsed_ns"), record.timestampNs - firstNs},
        {QStringLiteral("stream"), QString::fromLatin1(streamName(record.stream))},
        {QStringLiteral("length"), record.length},
    };
    if (record.stream == Stream::Event) {
        object.insert(QStringLiteral("event"), QJsonDocument::fromJson(payload).object());
    } else if (isValidUtf8(payload)) {
        object.insert(QStringLiteral("text"), QString::fromUtf8(payload));
    } else {
        object.insert(QStringLiteral("base64"), QString::fromLatin1(payload.toBase64()));
    }
    const QJsonObject annotationObject = annotationFields(annotation);
    for (auto it = annotationObject.begin(); it != annotationObject.end(); ++it)
        object.insert(it.key(), it.value());
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

// "+0.001500 stdout hello\n" with each further line of the chunk indented under the first.
QByteArray transcriptEntry(const ChunkRecord &record, const QByteArray &payload, qint64 firstNs)
{
    QByteArray prefix = elapsedSeconds(record.timestampNs - firstNs) + ' '
                        + streamName(record.stream).leftJustified(6) + ' ';
    if (record.stream == Stream::Event) {
        const auto event = SessionEvent::fromPayload(payload);
        const QByteArray text = event ? event->summary().toUtf8() : escapedText(payload);
        return prefix + text + '\n';
    }
    if (payload.isEmpty())
        return prefix + "(0 bytes)\n";
    const QByteArray indent(prefix.size(), ' ');
    return prefix + escapedLines(payload).join('\n' + indent) + '\n';
}

} // namespace

SessionExporter::SessionExporter(const ExportOptions &options)
    : m_options(options)
{
}

bool SessionExporter::run(QIODevice *input, QIODevice *output)
{
    if (m_options.format == ExportFormat::Raw && !m_options.stream) {
        m_errorString = QStringLiteral("raw export needs --stream stdin, stdout or stderr");
        return false;
    }
    PcapngReader reader(input);
    // The whole index first: a live session's annotations follow the records they annotate.
    QList<ChunkRecord> records;
    if (!reader.scan([&records](const ChunkRecord &record) { records.append(record); })) {
        m_errorString = reader.errorString();
        return false;
    }
    const Annotations annotations = m_options.annotations.value_or(reader.annotations());
    const QList<qint64> timeReferences = timeReferenceTimes(annotations, records);

    qint64 firstNs = -1;
    bool writeFailed = false;
    // The filter's view of the record being exported; its time counts from the first record.
    std::optional<ChunkSubject> filterSubject;
    const QByteArray *current = nullptr;
    for (const ChunkRecord &record : std::as_const(records)) {
        if (writeFailed)
            break;
        QByteArray out;
        if (firstNs < 0) {
            firstNs = record.timestampNs;
            // The transcript starts with the session's command line.
            if (m_options.format == ExportFormat::Text && !reader.sectionComment().isEmpty())
                out = "# " + reader.sectionComment().toUtf8() + '\n';
            if (m_options.filter) {
                filterSubject.emplace(firstNs,
                                      [&current](const ChunkRecord &) { return *current; });
                filterSubject->setAnnotations(annotations, timeReferences);
            }
        }
        QByteArray payload;
        bool wanted = !m_options.stream || record.stream == *m_options.stream;
        if (wanted) {
            payload = reader.payload(record);
            if (filterSubject) {
                filterSubject->setRecord(record);
                current = &payload;
                wanted = m_options.filter->matches(*filterSubject);
            }
        }
        if (!wanted) {
            writeFailed = output->write(out) != out.size();
            continue;
        }
        switch (m_options.format) {
        case ExportFormat::JsonLines:
            out += jsonLine(record, payload, firstNs, annotations.value({qint64(record.seq), 0}));
            break;
        case ExportFormat::Text:
            out += transcriptEntry(record, payload, firstNs);
            break;
        case ExportFormat::Raw:
            out += payload;
            break;
        }
        writeFailed = output->write(out) != out.size();
    }
    // A file device buffers: its write errors (disk full) show only when it is flushed.
    if (auto *file = qobject_cast<QFileDevice *>(output); file && !writeFailed)
        writeFailed = !file->flush();
    if (writeFailed) {
        m_errorString = QStringLiteral("cannot write the export: ") + output->errorString();
        return false;
    }
    m_warning = reader.warning();
    return true;
}

QByteArray isoTimestamp(qint64 epochNs)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(epochNs / 1000000, Qt::UTC);
    return time.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toLatin1() + '.'
           + QByteArray::number(epochNs % 1000000000).rightJustified(9, '0') + 'Z';
}

std::optional<ExportFormat> exportFormatFromName(const QString &name)
{
    if (name == QLatin1String("jsonl"))
        return ExportFormat::JsonLines;
    if (name == QLatin1String("text"))
        return ExportFormat::Text;
    if (name == QLatin1String("raw"))
        return ExportFormat::Raw;
    return std::nullopt;
}

#include "capture/annotations.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <algorithm>

namespace {

const QString prefix = QStringLiteral("pipescope:");
const QString markTag = QStringLiteral("mark");
const QString referenceTag = QStringLiteral("time-reference");
const QString commentTag = QStringLiteral("comment");

QString tagged(const QString &tag, qint32 offset)
{
    QString text = prefix + tag;
    if (offset != 0)
        text += QLatin1Char('@') + QString::number(offset);
    return text;
}

} // namespace

void setAnnotation(Annotations *annotations, const AnnotationAnchor &anchor,
                   const Annotation &annotation)
{
    if (annotation.isEmpty())
        annotations->remove(anchor);
    else
        annotations->insert(anchor, annotation);
}

QStringList annotationComments(const Annotation &annotation, qint32 offset)
{
    QStringList comments;
    if (!annotation.comment.isEmpty()) {
        comments.append(offset == 0 ? annotation.comment
                                    : QString(tagged(commentTag, offset) + QLatin1Char(' ')
                                              + annotation.comment));
    }
    if (annotation.marked)
        comments.append(tagged(markTag, offset));
    if (annotation.timeReference)
        comments.append(tagged(referenceTag, offset));
    return comments;
}

void readAnnotationComment(Annotations *annotations, qint64 record, const QString &comment)
{
    // "pipescope:TAG" or "pipescope:TAG@OFFSET", then " TEXT" for a comment.
    AnnotationAnchor anchor{record, 0};
    QString text = comment;
    QString tag;
    if (comment.startsWith(prefix)) {
        const qsizetype space = comment.indexOf(QLatin1Char(' '));
        const QString head = comment.mid(prefix.size(), space < 0 ? -1 : space - prefix.size());
        const qsizetype at = head.indexOf(QLatin1Char('@'));
        bool offsetOk = true;
        const int offset = at < 0 ? 0 : head.mid(at + 1).toInt(&offsetOk);
        const QString name = head.left(at);
        const bool known = name == markTag || name == referenceTag || name == commentTag;
        if (known && offsetOk && offset >= 0) {
            tag = name;
            anchor.offset = offset;
            text = space < 0 ? QString() : comment.mid(space + 1);
        }
    }
    Annotation annotation = annotations->value(anchor);
    if (tag == markTag) {
        annotation.marked = true;
    } else if (tag == referenceTag) {
        annotation.timeReference = true;
    } else if (!text.isEmpty()) {
        // Several comments on one place (Wireshark allows that) read as one, a line each.
        annotation.comment
            = annotation.comment.isEmpty() ? text : annotation.comment + QLatin1Char('\n') + text;
    }
    setAnnotation(annotations, anchor, annotation);
}

QByteArray annotationEventPayload(const AnnotationAnchor &anchor, const Annotation &annotation)
{
    QJsonObject object{{QStringLiteral("event"), QStringLiteral("annotation")},
                       {QStringLiteral("record"), double(anchor.record)},
                       {QStringLiteral("offset"), anchor.offset},
                       {QStringLiteral("marked"), annotation.marked},
                       {QStringLiteral("timeReference"), annotation.timeReference},
                       {QStringLiteral("comment"), annotation.comment}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<std::pair<AnnotationAnchor, Annotation>> annotationFromEvent(
    const QByteArray &payload)
{
    // Cheap test first: every lifecycle event goes through here on load.
    if (!payload.contains("\"annotation\""))
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(payload).object();
    if (object.value(QStringLiteral("event")).toString() != QStringLiteral("annotation"))
        return std::nullopt;
    const double record = object.value(QStringLiteral("record")).toDouble(-1);
    const int offset = object.value(QStringLiteral("offset")).toInt(-1);
    if (record < 0 || offset < 0)
        return std::nullopt;
    Annotation annotation;
    annotation.marked = object.value(QStringLiteral("marked")).toBool();
    annotation.timeReference = object.value(QStringLiteral("timeReference")).toBool();
    annotation.comment = object.value(QStringLiteral("comment")).toString();
    return std::make_pair(AnnotationAnchor{qint64(record), offset}, annotation);
}

QString annotationSummary(const AnnotationAnchor &anchor, const Annotation &annotation)
{
    QStringList parts;
    if (annotation.marked)
        parts.append(QStringLiteral("marked"));
    if (annotation.timeReference)
        parts.append(QStringLiteral("time reference"));
    if (!annotation.comment.isEmpty())
        parts.append(QStringLiteral("comment \"%1\"").arg(annotation.comment));
    if (parts.isEmpty())
        parts.append(QStringLiteral("annotation removed"));
    QString place = QStringLiteral("record %1").arg(anchor.record + 1);
    if (anchor.offset)
        place += QStringLiteral(" byte %1").arg(anchor.offset);
    return place + QStringLiteral(": ") + parts.join(QStringLiteral(", "));
}

QList<qint64> timeReferenceTimes(const Annotations &annotations, const QList<ChunkRecord> &records)
{
    QList<qint64> times;
    for (auto it = annotations.cbegin(); it != annotations.cend(); ++it) {
        if (it->timeReference && it.key().record < records.size())
            times.append(records.at(it.key().record).timestampNs);
    }
    std::sort(times.begin(), times.end());
    return times;
}

qint64 timeOrigin(const QList<qint64> &references, qint64 timestampNs, qint64 startNs)
{
    const auto after = std::upper_bound(references.cbegin(), references.cend(), timestampNs);
    return after == references.cbegin() ? startNs : *(after - 1);
}

QJsonObject annotationFields(const Annotation &annotation)
{
    QJsonObject object;
    if (annotation.marked)
        object.insert(QStringLiteral("marked"), true);
    if (!annotation.comment.isEmpty())
        object.insert(QStringLiteral("comment"), annotation.comment);
    if (annotation.timeReference)
        object.insert(QStringLiteral("time_reference"), true);
    return object;
}

#pragma once

#include "capture/chunkrecord.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

// Where an annotation belongs: a record, or the byte inside one where a message starts. A
// message that starts where its record starts shares that record's annotation.
struct AnnotationAnchor
{
    qint64 record = 0; // the store's index of the record
    qint32 offset = 0; // bytes into the record's payload

    friend bool operator==(const AnnotationAnchor &a, const AnnotationAnchor &b)
    {
        return a.record == b.record && a.offset == b.offset;
    }
    friend bool operator<(const AnnotationAnchor &a, const AnnotationAnchor &b)
    {
        return a.record != b.record ? a.record < b.record : a.offset < b.offset;
    }
};

// What a person noted on a row: a mark, a comment, a time reference (times of later rows count
// from it, as in Wireshark).
struct Annotation
{
    bool marked = false;
    bool timeReference = false;
    QString comment;

    bool isEmpty() const { return !marked && !timeReference && comment.isEmpty(); }
    friend bool operator==(const Annotation &a, const Annotation &b)
    {
        return a.marked == b.marked && a.timeReference == b.timeReference && a.comment == b.comment;
    }
};

// A session's annotations in file order. Implicitly shared: a copy is a cheap snapshot for
// another thread.
using Annotations = QMap<AnnotationAnchor, Annotation>;

// Sets the annotation at `anchor`; an empty one removes it.
void setAnnotation(Annotations *annotations, const AnnotationAnchor &anchor,
                   const Annotation &annotation);

// The pcapng encoding (docs/session-format.md): the opt_comment values that say `annotation`
// at `offset` of a record. A comment at the record's start is its text as it is; the rest are
// "pipescope:mark", "pipescope:time-reference" and "pipescope:comment", each followed by
// "@OFFSET" when not at the start (the comment then after one space).
QStringList annotationComments(const Annotation &annotation, qint32 offset);
// Reads one opt_comment of record `record` back into `annotations`.
void readAnnotationComment(Annotations *annotations, qint64 record, const QString &comment);

// A live session's annotations reach its file as records of their own on the events interface
// (the file is append-only): {"event":"annotation","record":R,"offset":O,"marked":true,
// "timeReference":false,"comment":"..."}, the whole state of that anchor, the last one winning.
QByteArray annotationEventPayload(const AnnotationAnchor &anchor, const Annotation &annotation);
// The anchor and state an event payload sets; nullopt for any other event.
std::optional<std::pair<AnnotationAnchor, Annotation>> annotationFromEvent(
    const QByteArray &payload);
// "record 12: marked, comment "slow here"": the annotation record's opt_comment, for people.
QString annotationSummary(const AnnotationAnchor &anchor, const Annotation &annotation);

// When each time reference is (its record's timestamp), in order.
QList<qint64> timeReferenceTimes(const Annotations &annotations, const QList<ChunkRecord> &records);
// The time a row counts from: the latest of `references` (sorted timestamps) at or before
// `timestampNs`, else `startNs`.
qint64 timeOrigin(const QList<qint64> &references, qint64 timestampNs, qint64 startNs);

// {"marked": true, "comment": "...", "time_reference": true}: the members a JSON Lines export
// gives an annotated row; none of those unset.
QJsonObject annotationFields(const Annotation &annotation);

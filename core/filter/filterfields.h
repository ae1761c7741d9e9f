#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayList>
#include <QtCore/QList>

#include <optional>

// What a filter is applied to: the rows of the chunk timeline, or decoded messages.
enum class FilterTarget : quint8 { Chunks, Messages };

// The fields a filter can name (docs/filters.md); any other name is a path into a message's body.
enum class FilterField : quint8 {
    Stream,  // stdin, stdout, stderr, event
    Dir,     // c2s (the parent wrote it), s2c (the child did)
    Len,     // bytes of the row: `len` and `size` are the same field
    Time,    // seconds since the session started
    TimeRel, // seconds since the time reference (the start until one is set)
    Data,    // the row's bytes
    Method,  // a message's method; a response's is its request's
    Kind,    // request, response (errors too), error, notification, data, unframed, event
    Id,      // a message's id as a number or a string
    Latency, // responses: seconds from the request
    Framing, // how the message's stream is framed
    Problem, // the problems found in a message, by name
    Marked,  // true on a marked row (a bare `marked` tests it)
    Comment, // the row's comment, when it has one
    Body,    // a path into the body: params.textDocument.uri, result[0], $ (all of it)
};

// How a field's values compare, and which literals it takes.
enum class FilterFieldType : quint8 {
    Choice,   // one of a fixed set of names (FilterFieldInfo::choices)
    Text,     // UTF-8 text
    Bytes,    // raw bytes
    Duration, // nanoseconds; literals are seconds, or take ns, us, ms, s, min
    Size,     // bytes; literals take B, KB, MB, GB, KiB, MiB, GiB
    Json,     // whatever the body holds there: number, string, true, false, null, array, object
};

struct FilterFieldInfo
{
    const char *name;
    FilterField field;
    FilterFieldType type;
    bool onChunks;
    const char *choices; // Choice: the names it takes, separated by spaces
    const char *description;
};

// Every named field, in the order docs/filters.md lists them.
const QList<FilterFieldInfo> &filterFields();
const FilterFieldInfo *filterFieldInfo(const QByteArray &name);
QByteArrayList filterFieldChoices(const FilterFieldInfo &info);

// One step of a body path: a member (`key`) or an array element (`index` >= 0).
struct FilterPathStep
{
    QByteArray key;
    int index = -1;
};
// "params.textDocument.uri", "result[0].label", "$" (the body), "$[2]": nullopt when it is
// not a path.
std::optional<QList<FilterPathStep>> parseBodyPath(const QByteArray &name);

// A literal's unit as a factor to the field's values: nanoseconds for durations (a number
// without a unit is seconds), bytes for sizes; nullopt when the unit does not fit the type.
std::optional<double> unitFactor(FilterFieldType type, const QString &unit);

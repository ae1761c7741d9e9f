#include "filter/filterfields.h"

const QList<FilterFieldInfo> &filterFields()
{
    static const QList<FilterFieldInfo> fields{
        {"stream", FilterField::Stream, FilterFieldType::Choice, true, "stdin stdout stderr event",
         "the stream: stdin, stdout, stderr or event (lifecycle events)"},
        {"dir", FilterField::Dir, FilterFieldType::Choice, true, "c2s s2c",
         "c2s: the parent wrote it (stdin); s2c: the child did (stdout, stderr)"},
        {"len", FilterField::Len, FilterFieldType::Size, true, "", "bytes in the row"},
        {"size", FilterField::Len, FilterFieldType::Size, true, "", "bytes in the row (as len)"},
        {"time", FilterField::Time, FilterFieldType::Duration, true, "",
         "seconds since the session started"},
        {"time.rel", FilterField::TimeRel, FilterFieldType::Duration, true, "",
         "seconds since the time reference"},
        {"data", FilterField::Data, FilterFieldType::Bytes, true, "", "the row's bytes"},
        {"method", FilterField::Method, FilterFieldType::Text, false, "",
         "the method; a response's is its request's"},
        {"kind", FilterField::Kind, FilterFieldType::Choice, false,
         "request response error notification data unframed event",
         "request, response (error responses too), error, notification, data, unframed, event"},
        {"id", FilterField::Id, FilterFieldType::Json, false, "", "the id, a number or a string"},
        {"latency", FilterField::Latency, FilterFieldType::Duration, false, "",
         "responses: time since their request"},
        {"framing", FilterField::Framing, FilterFieldType::Choice, false,
         "content-length ndjson lines msgpack-rpc idle-gap raw", "how the stream is framed"},
        // In ProblemKind's order: the subject names a message's problems by their index here.
        {"problem", FilterField::Problem, FilterFieldType::Choice, false,
         "unframed_bytes before_first_frame bad_header length_mismatch invalid_json "
         "missing_final_newline truncated unmatched_response duplicate_response never_answered "
         "after_stdin_closed",
         "the problems found in the message"},
        {"marked", FilterField::Marked, FilterFieldType::Json, true, "",
         "true on a row marked with Ctrl+Space"},
        {"comment", FilterField::Comment, FilterFieldType::Text, true, "", "the row's comment"},
    };
    return fields;
}

const FilterFieldInfo *filterFieldInfo(const QByteArray &name)
{
    for (const FilterFieldInfo &info : filterFields()) {
        if (name == info.name)
            return &info;
    }
    return nullptr;
}

QByteArrayList filterFieldChoices(const FilterFieldInfo &info)
{
    return QByteArray(info.choices).split(' ');
}

std::optional<QList<FilterPathStep>> parseBodyPath(const QByteArray &name)
{
    QList<FilterPathStep> steps;
    // "$" is the body itself: "$", "$[0]", "$.params" (as "params").
    const bool fromRoot = name.startsWith('$');
    qsizetype at = fromRoot ? 1 : 0;
    if (fromRoot && name.size() > 1 && name.at(1) == '.') {
        if (name.size() == 2)
            return std::nullopt;
        at = 2;
    }
    while (at < name.size()) {
        if (name.at(at) == '[') {
            const qsizetype close = name.indexOf(']', at);
            bool ok = false;
            const int index = close < 0 ? -1 : name.mid(at + 1, close - at - 1).toInt(&ok);
            if (!ok || index < 0)
                return std::nullopt;
            steps.append({QByteArray(), index});
            at = close + 1;
            if (at < name.size() && name.at(at) == '.')
                ++at;
            continue;
        }
        qsizetype end = at;
        while (end < name.size() && name.at(end) != '.' && name.at(end) != '[')
            ++end;
        if (end == at)
            return std::nullopt;
        steps.append({name.mid(at, end - at), -1});
        at = end;
        if (at < name.size() && name.at(at) == '.') {
            ++at;
            if (at == name.size())
                return std::nullopt;
        }
    }
    if (steps.isEmpty() && !fromRoot)
        return std::nullopt;
    return steps;
}

std::optional<double> unitFactor(FilterFieldType type, const QString &unit)
{
    struct Unit
    {
        const char *name;
        double factor;
    };
    static constexpr Unit durations[]
        = {{"", 1e9}, {"ns", 1}, {"us", 1e3}, {"µs", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"min", 60e9}};
    static constexpr Unit sizes[]
        = {{"", 1},     {"B", 1},        {"KB", 1e3},        {"MB", 1e6},
           {"GB", 1e9}, {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}};
    if (type == FilterFieldType::Duration) {
        for (const Unit &known : durations) {
            if (unit == QString::fromUtf8(known.name))
                return known.factor;
        }
    } else if (type == FilterFieldType::Size) {
        for (const Unit &known : sizes) {
            if (unit == QLatin1String(known.name))
                return known.factor;
        }
    } else if (unit.isEmpty()) {
        return 1.0;
    }
    return std::nullopt;
}

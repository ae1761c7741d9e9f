#pragma once

#include "capture/annotations.h"
#include "capture/stream.h"
#include "filter/filter.h"

#include <QtCore/QString>

#include <optional>

class QIODevice;

enum class ExportFormat { JsonLines, Text, Raw };

struct ExportOptions
{
    ExportFormat format = ExportFormat::JsonLines;
    std::optional<Stream> stream; // only this stream; all of them when unset (Raw needs one)
    std::optional<Filter> filter; // only the records it selects (a filter of chunks)
    // The window's marks, comments and time references, which may not be in the file yet; the
    // file's when unset.
    std::optional<Annotations> annotations;
};

// Converts a session file to JSON Lines, a readable text transcript, or the raw bytes of one
// stream (docs/export.md describes each).
class SessionExporter
{
public:
    explicit SessionExporter(const ExportOptions &options);

    // Reads the session from `input` and writes the export to `output`. False with a one-line
    // errorString() when the input is not a session file or the output cannot be written. A
    // cut-off input exports what could be recovered and sets warning().
    bool run(QIODevice *input, QIODevice *output);

    QString errorString() const { return m_errorString; }
    QString warning() const { return m_warning; }

private:
    ExportOptions m_options;
    QString m_errorString;
    QString m_warning;
};

std::optional<ExportFormat> exportFormatFromName(const QString &name);

// "2026-11-24T19:40:42.123456789Z": a timestamp in exports.
QByteArray isoTimestamp(qint64 epochNs);

#pragma once

#include "capture/stream.h"

#include <QtCore/QtGlobal>

// One read (or one lifecycle event) of a session: an index entry only. The payload lives in the
// session file at `offset` (file offset of the first payload byte) and is `length` bytes long.
struct ChunkRecord
{
    quint64 seq = 0;
    qint64 timestampNs = 0; // nanoseconds since the Unix epoch
    qint64 offset = 0;
    qint32 length = 0;
    Stream stream = Stream::Stdout;
};
static_assert(sizeof(ChunkRecord) == 32, "an index entry stays small: RAM per chunk is a budget");

Q_DECLARE_TYPEINFO(ChunkRecord, Q_PRIMITIVE_TYPE);
Q_DECLARE_METATYPE(ChunkRecord)

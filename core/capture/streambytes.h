#pragma once

#include "capture/chunksequence.h"

#include <memory>
#include <mutex>

// One stream of a store as a ByteSource whose record index (a ChunkSequence) is built on first
// use, in whichever thread uses it first: a search builds it in its worker thread, not in the
// GUI thread (about 0.1 s for a million chunks).
class StreamBytes final : public ByteSource
{
public:
    StreamBytes(const CaptureStore *store, Stream stream);

    qint64 size() const override { return sequence().size(); }
    QByteArray read(qint64 offset, qint64 length) const override
    {
        return sequence().read(offset, length);
    }
    const ChunkSequence &sequence() const;

private:
    const CaptureStore *m_store;
    Stream m_stream;
    mutable std::once_flag m_built;
    mutable std::unique_ptr<ChunkSequence> m_sequence;
};

#include "capture/streambytes.h"

StreamBytes::StreamBytes(const CaptureStore *store, Stream stream)
    : m_store(store)
    , m_stream(stream)
{
}

const ChunkSequence &StreamBytes::sequence() const
{
    std::call_once(m_built, [this] {
        m_sequence = std::make_unique<ChunkSequence>(ChunkSequence::forStream(m_store, m_stream));
    });
    return *m_sequence;
}

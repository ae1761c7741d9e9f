#include "messages/decoders/linedecoder.h"

#include <cstring>

LineDecoder::LineDecoder(FrameSink *sink, qint64 promptGapNs)
    : FrameDecoder(sink)
    , m_promptGapNs(promptGapNs)
{
}

void LineDecoder::feed(QByteArrayView data, qint64 offset, qint64 timestampNs)
{
    idle(timestampNs);
    m_lastTimestampNs = timestampNs;
    const char *begin = data.data();
    const char *end = begin + data.size();
    const char *lineStart = begin;
    while (lineStart < end) {
        const auto *newline
            = static_cast<const char *>(std::memchr(lineStart, '\n', size_t(end - lineStart)));
        if (!newline) {
            m_partial.append(QByteArrayView(lineStart, end - lineStart));
            return;
        }
        const char *lineEnd = newline + 1;
        const qint64 endOffset = offset + (lineEnd - begin);
        QByteArrayView body(lineStart, lineEnd - lineStart);
        if (m_partial.size() > 0) {
            m_partial.append(body);
            body = m_partial.bytes();
        }
        m_sink->frame(Frame{m_lineBegin, endOffset, 0, FrameFlaw::None, timestampNs}, body);
        m_partial.clear();
        m_lineBegin = endOffset;
        lineStart = lineEnd;
    }
}

void LineDecoder::idle(qint64 nowNs)
{
    if (m_promptGapNs > 0 && m_partial.size() > 0 && nowNs - m_lastTimestampNs > m_promptGapNs)
        endPartialLine(FrameFlaw::None);
}

void LineDecoder::finish()
{
    if (m_partial.size() > 0)
        endPartialLine(FrameFlaw::MissingNewline);
}

void LineDecoder::endPartialLine(FrameFlaw flaw)
{
    const qint64 end = m_lineBegin + m_partial.size();
    m_sink->frame(Frame{m_lineBegin, end, 0, flaw, m_lastTimestampNs}, m_partial.bytes());
    m_partial.clear();
    m_lineBegin = end;
}

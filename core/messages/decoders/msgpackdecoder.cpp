#include "messages/decoders/msgpackdecoder.h"

namespace {

bool isArrayHeader(char c)
{
    const auto byte = quint8(c);
    return byte == 0x93 || byte == 0x94 || byte == 0xdc || byte == 0xdd;
}

} // namespace

void MsgpackDecoder::feed(QByteArrayView data, qint64 offset, qint64 timestampNs)
{
    m_lastTimestampNs = timestampNs;
    while (!data.isEmpty()) {
        if (!m_inMessage) {
            qsizetype start = 0;
            while (start < data.size() && !isArrayHeader(data[start]))
                ++start;
            if (start > 0) {
                if (m_junk.size() == 0)
                    m_junkBegin = offset;
                m_junk.append(data.first(start));
                data = data.sliced(start);
                offset += start;
                continue;
            }
            flushJunk(timestampNs);
            m_inMessage = true;
            m_messageBegin = offset;
            m_message.clear();
            m_framer.reset();
        }
        const qsizetype used = m_framer.feed(data);
        if (m_framer.hasFailed()) {
            // Everything up to the offending byte is junk; look for a message after it.
            const qint64 junkEnd = m_messageBegin + m_framer.failedAt() + 1;
            const qsizetype usedHere = qsizetype(junkEnd - offset);
            m_message.append(data.first(usedHere));
            m_junkBegin = m_messageBegin;
            m_junk.clear();
            m_junk.append(m_message.bytes());
            flushJunk(timestampNs);
            m_inMessage = false;
            data = data.sliced(usedHere);
            offset += usedHere;
            continue;
        }
        const QByteArrayView piece = data.first(used);
        if (m_framer.isComplete()) {
            const qint64 end = offset + used;
            if (m_message.size() == 0) {
                m_sink->frame(Frame{m_messageBegin, end, 0, FrameFlaw::None, timestampNs}, piece);
            } else {
                m_message.append(piece);
                m_sink->frame(Frame{m_messageBegin, end, 0, FrameFlaw::None, timestampNs},
                              m_message.bytes());
            }
            m_inMessage = false;
        } else {
            m_message.append(piece);
        }
        data = data.sliced(used);
        offset += used;
    }
    flushJunk(timestampNs);
}

void MsgpackDecoder::finish()
{
    if (m_inMessage) {
        m_sink->frame(Frame{m_messageBegin, m_messageBegin + m_message.size(), 0,
                            FrameFlaw::Truncated, m_lastTimestampNs},
                      m_message.bytes());
        m_inMessage = false;
    }
    flushJunk(m_lastTimestampNs);
}

void MsgpackDecoder::flushJunk(qint64 timestampNs)
{
    if (m_junk.size() == 0)
        return;
    m_sink->frame(
        Frame{m_junkBegin, m_junkBegin + m_junk.size(), 0, FrameFlaw::Unframed, timestampNs},
        m_junk.bytes());
    m_junk.clear();
}

#include "codec/msgpackframer.h"

#include <algorithm>

using msgpack::hasLengthField;
using msgpack::Head;
using msgpack::headOf;
using msgpack::Kind;

qsizetype MsgpackFramer::feed(QByteArrayView data)
{
    const auto *bytes = reinterpret_cast<const quint8 *>(data.data());
    qsizetype used = 0;
    while (used < data.size() && m_step != Step::Complete && m_step != Step::Failed) {
        switch (m_step) {
        case Step::Lead:
            if (!startItem(bytes[used])) {
                m_failedAt = m_offset + used;
                m_step = Step::Failed;
            }
            ++used;
            break;
        case Step::Length:
            m_length = (m_length << 8) | bytes[used++];
            if (--m_lengthBytes == 0)
                lengthKnown(m_length);
            break;
        case Step::Skip: {
            // Payload is never looked at, so however it is split it costs O(1) per piece.
            const auto n = qsizetype(std::min(m_skip, quint64(data.size() - used)));
            m_skip -= quint64(n);
            used += n;
            if (m_skip == 0)
                itemDone();
            break;
        }
        case Step::Complete:
        case Step::Failed:
            break;
        }
    }
    m_offset += used;
    return used;
}

void MsgpackFramer::reset()
{
    m_skip = 0;
    m_offset = 0;
    m_failedAt = -1;
    m_length = 0;
    m_depth = 0;
    m_lengthBytes = 0;
    m_lead = 0;
    m_step = Step::Lead;
}

bool MsgpackFramer::startItem(quint8 lead)
{
    const Head head = headOf(lead);
    if (head.kind == Kind::Never)
        return false;
    if ((head.kind == Kind::Array || head.kind == Kind::Map) && m_depth == maxDepth)
        return false;
    m_lead = lead;
    if (!hasLengthField(head.kind)) {
        skip(quint64(head.fieldSize));
    } else if (head.fieldSize == 0) {
        lengthKnown(quint64(head.value));
    } else {
        m_length = 0;
        m_lengthBytes = head.fieldSize;
        m_step = Step::Length;
    }
    return true;
}

void MsgpackFramer::lengthKnown(quint64 length)
{
    switch (headOf(m_lead).kind) {
    case Kind::Array:
        open(length);
        break;
    case Kind::Map:
        open(2 * length);
        break;
    case Kind::Ext:
        skip(length + 1); // the type byte
        break;
    default:
        skip(length);
        break;
    }
}

void MsgpackFramer::skip(quint64 bytes)
{
    m_skip = bytes;
    if (m_skip == 0)
        itemDone();
    else
        m_step = Step::Skip;
}

void MsgpackFramer::open(quint64 elements)
{
    if (elements == 0) {
        itemDone();
        return;
    }
    m_remaining[size_t(m_depth++)] = elements;
    m_step = Step::Lead;
}

// One element is done: it may complete its container, and that one its own, and so on.
void MsgpackFramer::itemDone()
{
    while (m_depth > 0) {
        if (--m_remaining[size_t(m_depth - 1)] > 0) {
            m_step = Step::Lead;
            return;
        }
        --m_depth;
    }
    m_step = Step::Complete;
}

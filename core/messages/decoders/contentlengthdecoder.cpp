#include "messages/decoders/contentlengthdecoder.h"

#include "codec/jsontokenizer.h"

#include <cstring>

namespace {

constexpr QByteArrayView contentLengthName("content-length");
constexpr QByteArrayView contentTypeName("content-type");

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c;
}

bool equalsIgnoringCase(QByteArrayView text, QByteArrayView lowerCase)
{
    if (text.size() != lowerCase.size())
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (lower(text[i]) != lowerCase[i])
            return false;
    }
    return true;
}

// True when `line` starts with "Content-Length:" or "Content-Type:", in any case.
bool isHeaderStart(QByteArrayView line)
{
    for (QByteArrayView name : {contentLengthName, contentTypeName}) {
        if (line.size() > name.size() && line[name.size()] == ':'
            && equalsIgnoringCase(line.first(name.size()), name)) {
            return true;
        }
    }
    return false;
}

// Where the first header start is in a line that should have been one: after junk, the decoder
// resynchronises there even when the junk did not end with a newline.
qsizetype findHeaderStart(QByteArrayView line)
{
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (lower(line[i]) == 'c' && isHeaderStart(line.sliced(i)))
            return i;
    }
    return -1;
}

QByteArrayView withoutLineEnd(QByteArrayView line)
{
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

// The decimal value, or -1 for anything else (sign, spaces inside, overflow past the maximum).
qint64 parseLength(QByteArrayView value)
{
    if (value.isEmpty() || value.size() > 12)
        return -1;
    qint64 length = 0;
    for (char c : value) {
        if (c < '0' || c > '9')
            return -1;
        length = length * 10 + (c - '0');
    }
    return length;
}

bool isJsonWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Whether a body has the shape of one JSON object or array: the cheap test that spares valid
// bodies a second scan (classification scans them anyway).
bool looksWhole(QByteArrayView body)
{
    qsizetype first = 0;
    qsizetype last = body.size() - 1;
    while (first <= last && isJsonWhitespace(body[first]))
        ++first;
    while (last >= first && isJsonWhitespace(body[last]))
        --last;
    if (first > last)
        return false;
    return (body[first] == '{' && body[last] == '}') || (body[first] == '[' && body[last] == ']');
}

} // namespace

void ContentLengthDecoder::feed(QByteArrayView data, qint64 offset, qint64 timestampNs)
{
    m_lastTimestampNs = timestampNs;
    m_end = std::max(m_end, offset + data.size());
    while (!data.isEmpty()) {
        qsizetype used = 0;
        if (m_state == State::InBody) {
            used = feedBody(data, offset, timestampNs);
        } else {
            const auto *newline
                = static_cast<const char *>(std::memchr(data.data(), '\n', size_t(data.size())));
            used = newline ? newline + 1 - data.data() : data.size();
            feedHeaderLines(data.first(used), offset, timestampNs);
        }
        data = data.sliced(used);
        offset += used;
    }
    if (m_state == State::SeekHeader)
        flushJunk(timestampNs);
}

// `data` is one line with its '\n', or the start of a line that continues in a later chunk.
void ContentLengthDecoder::feedHeaderLines(QByteArrayView data, qint64 offset, qint64 timestampNs)
{
    if (m_line.isEmpty())
        m_lineBegin = offset;
    if (!data.endsWith('\n')) {
        if (m_line.size() + data.size() <= maxHeaderLine) {
            m_line.append(data.data(), data.size());
            return;
        }
        // No header line is this long: whatever it is, it is not a header.
        m_line.append(data.data(), data.size());
        if (m_state == State::SeekHeader)
            addJunk(m_line, m_lineBegin);
        else
            emitHeaderOnly(m_lineBegin + m_line.size(), FrameFlaw::BadHeader, timestampNs);
        m_line.clear();
        return;
    }
    if (m_line.isEmpty()) {
        headerLine(data, offset, timestampNs);
        return;
    }
    m_line.append(data.data(), data.size());
    const QByteArray line = std::exchange(m_line, QByteArray());
    headerLine(line, m_lineBegin, timestampNs);
}

void ContentLengthDecoder::headerLine(QByteArrayView line, qint64 lineBegin, qint64 timestampNs)
{
    const qint64 lineEnd = lineBegin + line.size();
    const QByteArrayView text = withoutLineEnd(line);
    if (m_state == State::SeekHeader) {
        const qsizetype headerStart = findHeaderStart(text);
        if (headerStart < 0) {
            addJunk(line, lineBegin);
            return;
        }
        if (headerStart > 0) { // junk without a newline, then a header
            addJunk(line.first(headerStart), lineBegin);
            headerLine(line.sliced(headerStart), lineBegin + headerStart, timestampNs);
            return;
        }
        flushJunk(timestampNs);
        m_state = State::InHeader;
        m_frameBegin = lineBegin;
        m_contentLength = -1;
        m_headerBad = false;
    }
    if (text.isEmpty()) { // end of the header block
        if (m_headerBad || m_contentLength < 0) {
            emitHeaderOnly(lineEnd, FrameFlaw::BadHeader, timestampNs);
            return;
        }
        m_bodyBegin = lineEnd;
        m_body.clear();
        m_state = State::InBody;
        if (m_contentLength == 0)
            endBody(QByteArrayView(), lineEnd, timestampNs);
        return;
    }
    const qsizetype colon = text.indexOf(':');
    const QByteArrayView name = colon > 0 ? text.first(colon) : QByteArrayView();
    if (name.isEmpty() || !std::all_of(name.begin(), name.end(), isTokenChar)) {
        // Not a header line: the block is broken. Start over at this line, which may be junk
        // or the start of the next block.
        emitHeaderOnly(lineBegin, FrameFlaw::BadHeader, timestampNs);
        headerLine(line, lineBegin, timestampNs);
        return;
    }
    if (equalsIgnoringCase(name, contentLengthName)) {
        const qint64 length = parseLength(trimmed(text.sliced(colon + 1)));
        if (length < 0 || length > maxContentLength || m_contentLength >= 0)
            m_headerBad = true;
        m_contentLength = length;
    }
}

qsizetype ContentLengthDecoder::feedBody(QByteArrayView data, qint64 offset, qint64 timestampNs)
{
    const qint64 have = offset - m_bodyBegin;
    const qsizetype take = qsizetype(std::min<qint64>(m_contentLength - have, data.size()));
    const QByteArrayView piece = data.first(take);
    if (have + take < m_contentLength) {
        m_body.append(piece);
        return take;
    }
    if (m_body.size() == 0) {
        endBody(piece, offset + take, timestampNs); // the whole body came in this chunk
    } else {
        m_body.append(piece);
        endBody(m_body.bytes(), offset + take, timestampNs);
    }
    return take;
}

void ContentLengthDecoder::endBody(QByteArrayView body, qint64 end, qint64 timestampNs)
{
    m_state = State::SeekHeader;
    const qint32 headerLength = qint32(m_bodyBegin - m_frameBegin);
    // (An empty view stands for a body too large to keep: it is not checked.)
    const qsizetype valueEnd
        = body.size() == m_contentLength && !looksWhole(body) ? jsonValueEnd(body) : -1;
    if (valueEnd >= 0) {
        // The declared length runs past the JSON value: cut the message there and frame what
        // follows again, which is often the next message's header.
        qsizetype cut = valueEnd;
        while (cut < body.size() && isJsonWhitespace(body[cut]))
            ++cut;
        const QByteArray rest = body.sliced(cut).toByteArray();
        m_sink->frame(Frame{m_frameBegin, m_bodyBegin + cut, headerLength,
                            FrameFlaw::LengthMismatch, timestampNs},
                      body.first(cut));
        m_body.clear();
        feed(rest, m_bodyBegin + cut, timestampNs);
        return;
    }
    // JSON cut off at the declared length is only invalid JSON: nothing says the length was
    // wrong. (When it was too short, the rest of the JSON follows as unframed bytes.)
    m_sink->frame(Frame{m_frameBegin, end, headerLength, FrameFlaw::None, timestampNs}, body);
    m_body.clear();
}

void ContentLengthDecoder::emitHeaderOnly(qint64 end, FrameFlaw flaw, qint64 timestampNs)
{
    m_state = State::SeekHeader;
    if (end > m_frameBegin) {
        m_sink->frame(Frame{m_frameBegin, end, qint32(end - m_frameBegin), flaw, timestampNs},
                      QByteArrayView());
    }
}

void ContentLengthDecoder::addJunk(QByteArrayView bytes, qint64 begin)
{
    if (m_junk.size() == 0)
        m_junkBegin = begin;
    m_junk.append(bytes);
}

void ContentLengthDecoder::flushJunk(qint64 timestampNs)
{
    if (m_junk.size() == 0)
        return;
    const qint64 end = m_junkBegin + m_junk.size();
    m_sink->frame(Frame{m_junkBegin, end, 0, FrameFlaw::Unframed, timestampNs}, m_junk.bytes());
    m_junk.clear();
}

void ContentLengthDecoder::finish()
{
    switch (m_state) {
    case State::SeekHeader: {
        const qsizetype headerStart = findHeaderStart(m_line);
        addJunk(QByteArrayView(m_line).first(headerStart < 0 ? m_line.size() : headerStart),
                m_lineBegin);
        flushJunk(m_lastTimestampNs);
        if (headerStart >= 0) { // cut off in its first header line
            m_frameBegin = m_lineBegin + headerStart;
            emitHeaderOnly(m_lineBegin + m_line.size(), FrameFlaw::Truncated, m_lastTimestampNs);
        }
        break;
    }
    case State::InHeader:
        // Up to the end of the stream: it may have ended right after a complete header line.
        emitHeaderOnly(m_end, FrameFlaw::Truncated, m_lastTimestampNs);
        break;
    case State::InBody:
        m_sink->frame(Frame{m_frameBegin, m_bodyBegin + m_body.size(),
                            qint32(m_bodyBegin - m_frameBegin), FrameFlaw::Truncated,
                            m_lastTimestampNs},
                      m_body.bytes());
        m_body.clear();
        break;
    }
    m_line.clear();
    m_state = State::SeekHeader;
}

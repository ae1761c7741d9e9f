#include "messages/framingdetector.h"

#include "capture/capturestore.h"
#include "codec/jsontokenizer.h"
#include "codec/textescape.h"

#include <QtCore/QByteArray>

#include <cstring>

namespace {

constexpr int linesToDecide = 16;

bool startsWithIgnoringCase(QByteArrayView text, QByteArrayView lowerCasePrefix)
{
    if (text.size() < lowerCasePrefix.size())
        return false;
    for (qsizetype i = 0; i < lowerCasePrefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c + ('a' - 'A'));
        if (c != lowerCasePrefix[i])
            return false;
    }
    return true;
}

bool isMsgpackRpcStart(QByteArrayView bytes)
{
    if (bytes.size() < 2)
        return false;
    const auto header = quint8(bytes[0]);
    const auto type = quint8(bytes[1]);
    return (header == 0x93 || header == 0x94) && type <= 2;
}

// Text protocols have no NUL bytes and are mostly valid UTF-8.
bool looksBinary(QByteArrayView bytes)
{
    const QByteArrayView sample = bytes.first(std::min<qsizetype>(bytes.size(), 1024));
    if (std::memchr(sample.data(), 0, size_t(sample.size())))
        return true;
    qsizetype invalid = 0;
    for (qsizetype i = 0; i < sample.size();) {
        const auto byte = quint8(sample[i]);
        if (byte < 0x80) {
            ++i;
            continue;
        }
        const int length = utf8SequenceLength(sample.data() + i, sample.size() - i);
        if (length == 0) {
            // A sequence cut by the end of the sample is not evidence.
            if (sample.size() - i < 4 && sample.size() == bytes.size())
                break;
            ++invalid;
            ++i;
        } else {
            i += length;
        }
    }
    return invalid * 10 > sample.size();
}

} // namespace

bool speaksRpc(const CaptureStore &store)
{
    // The records holding each stream's first detectionLimit bytes (not more than this many
    // records: a session of tiny reads is judged from its start).
    constexpr qsizetype maxRecords = 4096;
    PerStream<QByteArray> start;
    for (qsizetype i = 0; i < std::min(store.count(), maxRecords); ++i) {
        const ChunkRecord record = store.record(i);
        if (record.stream != Stream::Stdin && record.stream != Stream::Stdout)
            continue;
        QByteArray &bytes = start[record.stream];
        if (bytes.size() < detectionLimit)
            bytes += store.payload(record).left(detectionLimit - bytes.size());
    }
    for (const Stream stream : {Stream::Stdin, Stream::Stdout}) {
        FramingEvidence evidence;
        evidence.start = start[stream];
        evidence.ended = true;
        const std::optional<Framing> framing = detectFraming(evidence);
        if (framing == Framing::ContentLength || framing == Framing::JsonLines
            || framing == Framing::MsgpackRpc)
            return true;
    }
    return false;
}

std::optional<Framing> detectFraming(const FramingEvidence &evidence)
{
    const QByteArrayView bytes = evidence.start;
    if (bytes.isEmpty())
        return std::nullopt;
    if (isMsgpackRpcStart(bytes))
        return Framing::MsgpackRpc;

    int completeLines = 0;
    for (qsizetype lineStart = 0; lineStart < bytes.size();) {
        const auto *newline = static_cast<const char *>(
            std::memchr(bytes.data() + lineStart, '\n', size_t(bytes.size() - lineStart)));
        const QByteArrayView line = bytes.sliced(
            lineStart, newline ? newline - bytes.data() - lineStart : bytes.size() - lineStart);
        if (startsWithIgnoringCase(line, "content-length:"))
            return Framing::ContentLength;
        if (!newline)
            break;
        ++completeLines;
        const QByteArrayView trimmed = QByteArrayView(line).trimmed();
        if (!trimmed.isEmpty() && (trimmed.front() == '{' || trimmed.front() == '[')
            && isValidJson(trimmed)) {
            return Framing::JsonLines;
        }
        lineStart = newline + 1 - bytes.data();
    }

    if (evidence.peerFraming == Framing::ContentLength || evidence.peerFraming == Framing::JsonLines
        || evidence.peerFraming == Framing::MsgpackRpc) {
        return evidence.peerFraming;
    }
    if (looksBinary(bytes))
        return Framing::Raw;
    if (evidence.ended || bytes.size() >= detectionLimit || completeLines >= linesToDecide)
        return Framing::Lines;
    if (completeLines > 0
        && (evidence.isLogStream || evidence.peerHasLine || evidence.peerFraming.has_value())) {
        return Framing::Lines;
    }
    return std::nullopt;
}

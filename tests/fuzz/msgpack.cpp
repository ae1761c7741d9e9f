// Fuzzes the msgpack layer: MsgpackFramer (fed in pieces), msgpackToCbor, prettyMsgpack and the
// classification of msgpack-rpc messages.
//
// Input: [indent] [split count N] [N split bytes] then a run of msgpack objects.
//
// Invariants: the framer finds the same object end (or the same failure) however its input is
// split; it completes exactly where msgpackToCbor decodes an object, and fails or waits for more
// exactly where msgpackToCbor gives an invalid value.
#include "fuzzinput.h"

#include "codec/jsonformat.h"
#include "codec/msgpackframer.h"
#include "codec/msgpackreader.h"
#include "messages/messageclassifier.h"

namespace {

struct Framed
{
    qsizetype used = 0;
    bool complete = false;
    bool failed = false;
    qint64 failedAt = -1;
};

// Frames the first object of `bytes`, fed in pieces whose lengths come from `splits` (cycled; 0
// means the rest at once).
Framed frameObject(QByteArrayView bytes, QByteArrayView splits)
{
    MsgpackFramer framer;
    Framed result;
    qsizetype i = 0;
    while (result.used < bytes.size() && !framer.isComplete() && !framer.hasFailed()) {
        const qsizetype split = splits.isEmpty() ? 0 : quint8(splits[i++ % splits.size()]);
        const qsizetype length = split == 0 ? bytes.size() - result.used : split;
        const QByteArrayView piece
            = bytes.sliced(result.used, qMin(length, bytes.size() - result.used));
        const qsizetype used = framer.feed(piece);
        FUZZ_CHECK(used >= 0 && used <= piece.size());
        // A piece is used whole unless the object completes or fails inside it.
        FUZZ_CHECK(used == piece.size() || framer.isComplete() || framer.hasFailed());
        result.used += used;
    }
    FUZZ_CHECK(framer.feed(bytes.sliced(result.used)) == 0 || result.used == bytes.size());
    result.complete = framer.isComplete();
    result.failed = framer.hasFailed();
    result.failedAt = framer.failedAt();
    FUZZ_CHECK(!(result.complete && result.failed));
    FUZZ_CHECK(result.failed == (result.failedAt >= 0));
    if (result.failed)
        FUZZ_CHECK(result.failedAt == result.used - 1);
    return result;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput input(data, size);
    const int indent = input.byte() % 9;
    const QByteArrayView splits = input.take(input.byte() % 16);
    QByteArrayView bytes = input.rest();

    // Object after object, as a msgpack-rpc stream is read (at most a few hundred: each one
    // takes at least a byte).
    while (!bytes.isEmpty()) {
        const Framed whole = frameObject(bytes, QByteArrayView());
        const Framed pieces = frameObject(bytes, splits);
        FUZZ_CHECK(whole.used == pieces.used && whole.complete == pieces.complete
                   && whole.failedAt == pieces.failedAt);

        qsizetype used = -1;
        const QCborValue value = msgpackToCbor(bytes, &used);
        if (!whole.complete) {
            FUZZ_CHECK(value.isInvalid() && used == 0);
            break;
        }
        FUZZ_CHECK(!value.isInvalid());
        FUZZ_CHECK(used == whole.used);

        const PrettyJson pretty = prettyMsgpack(value, indent);
        qsizetype previousEnd = 0;
        for (const JsonToken &token : pretty.tokens) {
            FUZZ_CHECK(token.offset >= previousEnd && token.length > 0);
            FUZZ_CHECK(token.offset + token.length <= pretty.text.size());
            previousEnd = token.offset + token.length;
        }
        const QByteArrayView object = bytes.first(used);
        classifyFrame(Framing::MsgpackRpc, Frame{0, object.size(), 0, FrameFlaw::None, 0}, object);
        bytes = bytes.sliced(used);
    }
    return 0;
}

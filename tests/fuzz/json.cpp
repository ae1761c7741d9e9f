// Fuzzes the JSON layer: the tokenizer, the RPC field scanner, the formatters and the
// classification of JSON bodies.
//
// Input: [indent] then a message body.
//
// Invariants: every entry point agrees on whether the text is valid JSON and where its value
// ends; pretty and minified forms of valid JSON are valid JSON with the same value, and
// formatting them again changes nothing; invalid JSON comes back unchanged.
#include "fuzzinput.h"

#include "codec/jsonformat.h"
#include "codec/jsontokenizer.h"
#include "codec/textescape.h"
#include "messages/messageclassifier.h"
#include "messages/rpcfields.h"

#include <algorithm>

namespace {

bool isJsonWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isAllWhitespace(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), isJsonWhitespace);
}

// Walks the tokens and checks their spans; returns where the value ends, or -1 on an error.
qsizetype checkTokens(QByteArrayView text)
{
    JsonTokenizer tokenizer(text);
    qsizetype previousEnd = 0;
    // Every token but End takes at least one byte.
    for (qsizetype steps = 0; steps <= text.size() + 1; ++steps) {
        const JsonTokenizer::Token token = tokenizer.next();
        if (token == JsonTokenizer::Token::Error) {
            FUZZ_CHECK(tokenizer.next() == JsonTokenizer::Token::Error);
            return -1;
        }
        // Commas and colons are skipped silently: only the order of the spans is known.
        FUZZ_CHECK(tokenizer.tokenStart() >= previousEnd);
        FUZZ_CHECK(tokenizer.tokenEnd() >= tokenizer.tokenStart());
        FUZZ_CHECK(tokenizer.tokenEnd() <= text.size());
        FUZZ_CHECK(tokenizer.depth() >= 0 && tokenizer.depth() <= JsonTokenizer::MaxDepth);
        previousEnd = tokenizer.tokenEnd();
        switch (token) {
        case JsonTokenizer::Token::End:
            FUZZ_CHECK(tokenizer.depth() == 0);
            FUZZ_CHECK(tokenizer.tokenStart() == tokenizer.tokenEnd());
            FUZZ_CHECK(tokenizer.next() == JsonTokenizer::Token::End);
            return tokenizer.tokenEnd();
        case JsonTokenizer::Token::Key:
        case JsonTokenizer::Token::String:
            FUZZ_CHECK(tokenizer.tokenText().startsWith('"'));
            tokenizer.stringValue();
            break;
        default:
            FUZZ_CHECK(tokenizer.tokenEnd() > tokenizer.tokenStart());
            break;
        }
    }
    fuzzFailure(__FILE__, __LINE__, "the tokenizer does not come to an end");
}

void checkPretty(QByteArrayView text, bool valid, int indent)
{
    const PrettyJson pretty = prettyJson(text, indent);
    if (!valid) {
        FUZZ_CHECK(pretty.text == text);
        FUZZ_CHECK(pretty.tokens.isEmpty());
        return;
    }
    FUZZ_CHECK(isValidJson(pretty.text));
    qsizetype previousEnd = 0;
    for (const JsonToken &token : pretty.tokens) {
        FUZZ_CHECK(token.offset >= previousEnd && token.length > 0);
        FUZZ_CHECK(token.offset + token.length <= pretty.text.size());
        FUZZ_CHECK(isAllWhitespace(
            QByteArrayView(pretty.text).sliced(previousEnd, token.offset - previousEnd)));
        previousEnd = token.offset + token.length;
    }
    FUZZ_CHECK(isAllWhitespace(QByteArrayView(pretty.text).sliced(previousEnd)));
    FUZZ_CHECK(prettyJson(pretty.text, indent).text == pretty.text);
    FUZZ_CHECK(minifiedJson(pretty.text) == minifiedJson(text));
    FUZZ_CHECK(jsonToCbor(pretty.text) == jsonToCbor(text));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput input(data, size);
    const int indent = input.byte() % 9;
    const QByteArrayView text = input.rest();

    const bool valid = isValidJson(text);
    const qsizetype valueEnd = jsonValueEnd(text);
    FUZZ_CHECK(checkTokens(text) == valueEnd);
    if (valid)
        FUZZ_CHECK(valueEnd >= 0 && isAllWhitespace(text.sliced(valueEnd)));
    if (valueEnd >= 0)
        FUZZ_CHECK(isValidJson(text.first(valueEnd)));

    const RpcFields fields = scanRpcFields(text);
    FUZZ_CHECK(fields.valid == valid);
    if (fields.valid && !fields.isObject)
        FUZZ_CHECK(fields.id.isEmpty() && !fields.hasMethod && !fields.hasResult);
    if (!fields.id.isEmpty())
        FUZZ_CHECK(!valid || isValidJson(fields.id));
    if (!fields.paramsId.isEmpty())
        FUZZ_CHECK(!valid || isValidJson(fields.paramsId));

    checkPretty(text, valid, indent);

    const QByteArray minified = minifiedJson(text);
    if (valid) {
        FUZZ_CHECK(isValidJson(minified));
        FUZZ_CHECK(minifiedJson(minified) == minified);
        FUZZ_CHECK(jsonToCbor(minified) == jsonToCbor(text));
    } else {
        FUZZ_CHECK(minified == text);
    }

    const QCborValue value = jsonToCbor(text);
    FUZZ_CHECK(value.isInvalid() == !valid);
    if (valid)
        prettyMsgpack(value, indent);

    // Any bytes as a string literal: valid JSON that reads back as the same text.
    const QByteArray literal = jsonStringLiteral(text);
    FUZZ_CHECK(isValidJson(literal) || !isValidUtf8(text.toByteArray()));
    if (isValidUtf8(text.toByteArray()))
        FUZZ_CHECK(jsonToCbor(literal).toString() == QString::fromUtf8(text));

    const Frame frame{0, text.size(), 0, FrameFlaw::None, 0};
    classifyFrame(Framing::ContentLength, frame, text);
    classifyFrame(Framing::JsonLines, frame, text);
    return 0;
}

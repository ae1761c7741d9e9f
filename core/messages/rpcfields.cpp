#include "messages/rpcfields.h"

#include "codec/jsontokenizer.h"

#include <cstring>

namespace {

template<qsizetype N>
bool equals(QByteArrayView text, const char (&word)[N])
{
    return text.size() == N - 1 && std::memcmp(text.data(), word, N - 1) == 0;
}

enum class Member {
    None,
    Id,
    Method,
    Result,
    Error,
    Type,
    Seq,
    RequestSeq,
    Command,
    Event,
    Success,
    Params,
    ParamsId,
};

Member topLevelMember(QByteArrayView key)
{
    switch (key.size()) {
    case 2:
        return equals(key, "id") ? Member::Id : Member::None;
    case 3:
        return equals(key, "seq") ? Member::Seq : Member::None;
    case 4:
        return equals(key, "type") ? Member::Type : Member::None;
    case 5:
        return equals(key, "error")   ? Member::Error
               : equals(key, "event") ? Member::Event
                                      : Member::None;
    case 6:
        return equals(key, "method")   ? Member::Method
               : equals(key, "result") ? Member::Result
               : equals(key, "params") ? Member::Params
                                       : Member::None;
    case 7:
        return equals(key, "command")   ? Member::Command
               : equals(key, "success") ? Member::Success
                                        : Member::None;
    case 11:
        return equals(key, "request_seq") ? Member::RequestSeq : Member::None;
    }
    return Member::None;
}

// An integer as JSON writes it, or -1 for a fraction, an exponent or a value beyond qint64.
qint64 integerValue(QByteArrayView number)
{
    for (const char c : number) {
        if (c == '.' || c == 'e' || c == 'E')
            return -1;
    }
    bool ok = false;
    const qint64 value = number.toLongLong(&ok);
    return ok ? value : -1;
}

} // namespace

RpcFields scanRpcFields(QByteArrayView body)
{
    using Token = JsonTokenizer::Token;
    RpcFields fields;
    JsonTokenizer tokenizer(body);
    Member topMember = Member::None; // the member of the top-level object being read
    Member pending = Member::None;   // the member whose value is the next token
    // id and params.id are kept as written, even as containers (not JSON-RPC, but valid JSON):
    // the field being captured, where its value starts, and the depth at which it ends.
    QByteArray *capture = nullptr;
    qsizetype captureStart = 0;
    int captureDepth = 0;

    for (;;) {
        const Token token = tokenizer.next();
        if (token == Token::Error)
            return fields;
        if (token == Token::End) {
            fields.valid = tokenizer.restIsWhitespace();
            return fields;
        }
        if (token == Token::Key) {
            const QByteArrayView key = tokenizer.tokenText().sliced(1).chopped(1);
            if (tokenizer.depth() == 1) {
                topMember = pending = topLevelMember(key);
            } else if (tokenizer.depth() == 2 && topMember == Member::Params
                       && (equals(key, "id") || equals(key, "requestId"))) {
                pending = Member::ParamsId;
            }
            // The last of repeated keys wins: forget what an earlier one set.
            switch (pending) {
            case Member::Id:
                fields.id.clear();
                break;
            case Member::Method:
                fields.hasMethod = true;
                fields.method.clear();
                break;
            case Member::Result:
                fields.hasResult = true;
                break;
            case Member::Error:
                fields.hasError = true;
                break;
            case Member::Type:
                fields.type.clear();
                break;
            case Member::Seq:
                fields.seq = -1;
                break;
            case Member::RequestSeq:
                fields.requestSeq = -1;
                break;
            case Member::Command:
                fields.command.clear();
                break;
            case Member::Event:
                fields.event.clear();
                break;
            case Member::Success:
                fields.hasSuccess = fields.success = false;
                break;
            case Member::Params:
            case Member::ParamsId:
                fields.paramsId.clear();
                break;
            case Member::None:
                break;
            }
            continue;
        }

        const bool opens = token == Token::BeginObject || token == Token::BeginArray;
        if (pending == Member::Id || pending == Member::ParamsId) {
            capture = pending == Member::Id ? &fields.id : &fields.paramsId;
            captureStart = tokenizer.tokenStart();
            captureDepth = opens ? tokenizer.depth() - 1 : tokenizer.depth();
        }
        switch (token) {
        case Token::BeginObject:
            if (tokenizer.depth() == 1)
                fields.isObject = true;
            break;
        case Token::String:
            if (pending == Member::Method)
                fields.method = tokenizer.stringValue();
            else if (pending == Member::Type)
                fields.type = tokenizer.stringValue();
            else if (pending == Member::Command)
                fields.command = tokenizer.stringValue();
            else if (pending == Member::Event)
                fields.event = tokenizer.stringValue();
            break;
        case Token::Number:
            if (pending == Member::Seq)
                fields.seq = integerValue(tokenizer.tokenText());
            else if (pending == Member::RequestSeq)
                fields.requestSeq = integerValue(tokenizer.tokenText());
            break;
        case Token::True:
        case Token::False:
            if (pending == Member::Success) {
                fields.hasSuccess = true;
                fields.success = token == Token::True;
            }
            break;
        default:
            break;
        }
        if (capture && tokenizer.depth() == captureDepth) {
            *capture = body.sliced(captureStart, tokenizer.tokenEnd() - captureStart).toByteArray();
            capture = nullptr;
        }
        pending = Member::None;
    }
}

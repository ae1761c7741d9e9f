#include "messages/messagerecord.h"

const char *problemName(ProblemKind problem)
{
    switch (problem) {
    case ProblemKind::UnframedBytes:
        return "unframed bytes";
    case ProblemKind::BeforeFirstFrame:
        return "output before the first message";
    case ProblemKind::BadHeader:
        return "bad header";
    case ProblemKind::LengthMismatch:
        return "Content-Length does not match the body";
    case ProblemKind::InvalidJson:
        return "invalid JSON";
    case ProblemKind::MissingFinalNewline:
        return "missing final newline";
    case ProblemKind::Truncated:
        return "truncated message";
    case ProblemKind::UnmatchedResponse:
        return "response to no request";
    case ProblemKind::DuplicateResponse:
        return "request answered twice";
    case ProblemKind::NeverAnswered:
        return "request never answered";
    case ProblemKind::AfterStdinClosed:
        return "output after stdin was closed";
    case ProblemKind::ReplayDiffered:
        return "differs from the recording";
    }
    return "";
}

const char *messageKindName(MessageKind kind)
{
    switch (kind) {
    case MessageKind::Request:
        return "request";
    case MessageKind::Response:
        return "response";
    case MessageKind::ErrorResponse:
        return "error response";
    case MessageKind::Notification:
        return "notification";
    case MessageKind::Data:
        return "data";
    case MessageKind::Unframed:
        return "unframed";
    case MessageKind::Event:
        return "event";
    }
    return "";
}

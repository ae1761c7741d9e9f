#include "messages/messagedescription.h"

#include "capture/sessionevent.h"
#include "codec/textescape.h"
#include "messages/sessionmessages.h"

namespace {

constexpr qsizetype shownBytes = 60;

bool isAboutBytes(ProblemKind kind)
{
    switch (kind) {
    case ProblemKind::UnframedBytes:
    case ProblemKind::BeforeFirstFrame:
    case ProblemKind::BadHeader:
    case ProblemKind::InvalidJson:
    case ProblemKind::LengthMismatch:
    case ProblemKind::MissingFinalNewline:
    case ProblemKind::Truncated:
        return true;
    case ProblemKind::UnmatchedResponse:
    case ProblemKind::DuplicateResponse:
    case ProblemKind::NeverAnswered:
    case ProblemKind::AfterStdinClosed:
    case ProblemKind::ReplayDiffered:
        return false;
    }
    return false;
}

} // namespace

QString messageSummary(const SessionMessages &messages, qsizetype messageIndex)
{
    const MessageLog &log = messages.log();
    const MessageRecord &record = log.at(messageIndex);
    if (record.kind == MessageKind::Event) {
        const auto event = SessionEvent::fromPayload(messages.eventPayload(messageIndex));
        return event ? event->summary() : QStringLiteral("event");
    }
    QString text = QString::fromLatin1(streamName(record.stream)) + u' '
                   + QString::fromLatin1(messageKindName(record.kind));
    const QByteArray method = log.methodName(log.effectiveMethod(messageIndex));
    if (!method.isEmpty())
        text += u' ' + QString::fromUtf8(method);
    const QByteArray id = log.idText(record);
    if (!id.isEmpty())
        text += QStringLiteral(" #") + QString::fromUtf8(id);
    return text;
}

QString problemDetail(const SessionMessages &messages, const MessageProblem &problem)
{
    const MessageRecord &record = messages.log().at(problem.messageIndex);
    if (!isAboutBytes(problem.kind))
        return messageSummary(messages, problem.messageIndex);
    if (record.kind == MessageKind::Event) { // bytes pipescope delivered (docs/rules.md)
        const auto event = SessionEvent::fromPayload(messages.eventPayload(problem.messageIndex));
        const QByteArray delivered = event ? event->delivered : QByteArray();
        QString text = messageSummary(messages, problem.messageIndex)
                       + QStringLiteral("; delivered %1 bytes: ").arg(delivered.size())
                       + QString::fromUtf8(
                           escapedText(delivered.first(std::min(delivered.size(), shownBytes))));
        return delivered.size() > shownBytes ? text + QStringLiteral("...") : text;
    }
    const QByteArray bytes = messages.bytes(problem.messageIndex, shownBytes);
    QString text = QStringLiteral("%1 offset %2, %3 bytes: ")
                       .arg(QString::fromLatin1(streamName(record.stream)))
                       .arg(record.begin)
                       .arg(record.size());
    text += QString::fromUtf8(escapedText(bytes));
    if (record.size() > shownBytes)
        text += QStringLiteral("...");
    return text;
}

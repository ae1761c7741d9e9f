#include "messages/framing.h"

#include "codec/inputencoding.h"

#include <QtCore/QStringList>

namespace {

struct FramingName
{
    Framing framing;
    const char *name;
};

constexpr FramingName framingNames[] = {
    {Framing::Auto, "auto"},
    {Framing::ContentLength, "content-length"},
    {Framing::JsonLines, "ndjson"},
    {Framing::Lines, "lines"},
    {Framing::MsgpackRpc, "msgpack-rpc"},
    {Framing::IdleGap, "idle-gap"},
    {Framing::Raw, "raw"},
};

} // namespace

QByteArray framingName(Framing framing)
{
    for (const FramingName &entry : framingNames) {
        if (entry.framing == framing)
            return QByteArray(entry.name);
    }
    Q_UNREACHABLE();
    return QByteArray();
}

std::optional<Framing> framingFromName(const QByteArray &name)
{
    for (const FramingName &entry : framingNames) {
        if (name == entry.name)
            return entry.framing;
    }
    return std::nullopt;
}

std::optional<FramingChoice> parseFramingChoice(const QString &text,
                                                std::optional<ParseError> *error)
{
    qsizetype partStart = 0; // where the part being read starts in `text`
    const auto fail = [&](const QString &message) {
        *error = ParseError{message, partStart};
        return std::nullopt;
    };
    const QString known
        = QStringLiteral("auto, content-length, ndjson, lines, msgpack-rpc, idle-gap[=MS] or raw");
    FramingChoice choice;
    const QStringList parts = text.split(QLatin1Char(','));
    qsizetype offset = 0; // of `part` in `text`
    for (const QString &part : parts) {
        QString value = part.trimmed();
        partStart = offset;
        while (partStart - offset < part.size() && part.at(partStart - offset).isSpace())
            ++partStart;
        offset += part.size() + 1;
        std::optional<Stream> stream;
        const qsizetype equals = value.indexOf(QLatin1Char('='));
        if (equals > 0) {
            stream = streamFromName(value.left(equals).toUtf8());
            if (stream) {
                if (*stream == Stream::Event)
                    return fail(QStringLiteral("events have no framing"));
                value = value.mid(equals + 1);
            }
        }
        QString name = value;
        if (value.startsWith(QLatin1String("idle-gap="))) {
            bool ok = false;
            const int gapMs = value.mid(9).toInt(&ok);
            if (!ok || gapMs <= 0)
                return fail(QStringLiteral("idle-gap needs a pause in ms, as in idle-gap=100"));
            choice.idleGapMs = gapMs;
            name = QStringLiteral("idle-gap");
        }
        const std::optional<Framing> framing = framingFromName(name.toUtf8());
        if (!framing)
            return fail(QStringLiteral("unknown framing '%1' (use %2)").arg(value, known));
        if (stream) {
            choice.streams[*stream] = *framing;
        } else {
            choice.streams[Stream::Stdin] = *framing;
            choice.streams[Stream::Stdout] = *framing;
        }
    }
    return choice;
}

QByteArray frameBody(Framing framing, const QByteArray &body)
{
    switch (framing) {
    case Framing::ContentLength:
        return contentLengthHeader(body.size()) + body;
    case Framing::JsonLines:
    case Framing::Lines:
        return body + '\n';
    default:
        return body;
    }
}

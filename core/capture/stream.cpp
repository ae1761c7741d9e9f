#include "capture/stream.h"

QByteArray streamName(Stream stream)
{
    switch (stream) {
    case Stream::Stdin:
        return QByteArrayLiteral("stdin");
    case Stream::Stdout:
        return QByteArrayLiteral("stdout");
    case Stream::Stderr:
        return QByteArrayLiteral("stderr");
    case Stream::Event:
        return QByteArrayLiteral("events");
    }
    return QByteArray();
}

std::optional<Stream> streamFromName(const QByteArray &name)
{
    for (const Stream stream : allStreams) {
        if (name == streamName(stream))
            return stream;
    }
    return std::nullopt;
}

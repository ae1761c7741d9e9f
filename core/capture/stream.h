#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QMetaType>

#include <array>
#include <cstddef>
#include <optional>
#include <utility>

// Which of the child's channels a record belongs to. Lifecycle events (started, stdin closed,
// exited...) are records of their own on the Event stream.
enum class Stream : quint8 { Stdin = 0, Stdout = 1, Stderr = 2, Event = 3 };

// The child's byte streams in order, and every stream a record can be on: `for (Stream s : ...)`.
constexpr std::array<Stream, 3> byteStreams{Stream::Stdin, Stream::Stdout, Stream::Stderr};
constexpr std::array<Stream, 4> allStreams{Stream::Stdin, Stream::Stdout, Stream::Stderr,
                                           Stream::Event};

// One value per stream, indexed by Stream: PerStream<T> holds the byte streams',
// PerStreamWithEvents<T> the event stream's as well. Values are value-initialised.
template<typename T, std::size_t N>
class StreamArray
{
public:
    StreamArray() = default;
    explicit StreamArray(const T &value) { m_values.fill(value); }
    explicit StreamArray(std::array<T, N> values)
        : m_values(std::move(values))
    {
    }

    T &operator[](Stream stream) { return m_values.at(std::size_t(stream)); }
    const T &operator[](Stream stream) const { return m_values.at(std::size_t(stream)); }

    auto begin() { return m_values.begin(); }
    auto end() { return m_values.end(); }
    auto begin() const { return m_values.begin(); }
    auto end() const { return m_values.end(); }

    friend bool operator==(const StreamArray &a, const StreamArray &b)
    {
        return a.m_values == b.m_values;
    }
    friend bool operator!=(const StreamArray &a, const StreamArray &b) { return !(a == b); }

private:
    std::array<T, N> m_values{};
};

template<typename T>
using PerStream = StreamArray<T, byteStreams.size()>;
template<typename T>
using PerStreamWithEvents = StreamArray<T, allStreams.size()>;

// "stdin", "stdout", "stderr", "events": the names used in files, exports and the command line.
QByteArray streamName(Stream stream);
std::optional<Stream> streamFromName(const QByteArray &name);

Q_DECLARE_METATYPE(Stream)

#pragma once

#include <QtCore/QByteArrayView>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

// The fuzz targets' entry point (libFuzzer's, or replaymain.cpp's in the normal build).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

// An invariant of the code under test was broken: says which, and aborts so that libFuzzer
// (or the replay test) reports the input.
[[noreturn]] inline void fuzzFailure(const char *file, int line, const char *condition)
{
    std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, condition);
    std::abort();
}

#define FUZZ_CHECK(condition) \
    do { \
        if (!(condition)) \
            fuzzFailure(__FILE__, __LINE__, #condition); \
    } while (false)

// Reads a fuzz input from the front: a few control bytes that choose modes and split points,
// then the bytes under test. Past the end every control byte is 0, so every input is usable.
class FuzzInput
{
public:
    FuzzInput(const uint8_t *data, size_t size)
        : m_bytes(reinterpret_cast<const char *>(data), qsizetype(size))
    {
    }

    quint8 byte()
    {
        if (m_bytes.isEmpty())
            return 0;
        const auto value = quint8(m_bytes.front());
        m_bytes = m_bytes.sliced(1);
        return value;
    }

    // Up to `count` bytes.
    QByteArrayView take(qsizetype count)
    {
        const QByteArrayView taken = m_bytes.first(qMin(count, m_bytes.size()));
        m_bytes = m_bytes.sliced(taken.size());
        return taken;
    }

    QByteArrayView rest() const { return m_bytes; }

private:
    QByteArrayView m_bytes;
};

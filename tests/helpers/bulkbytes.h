#pragma once

// Bytes in bulk for the load tests, plain C++ shared by testchild and the tests: a pseudo-random
// byte stream eight bytes per step (ByteGenerator makes one per step, too slow to push GiBs
// through on a shared 2-core machine), and a fast 64-bit hash of a byte stream. Both give the
// same result however the stream is cut into pieces.
#include <cstddef>
#include <cstdint>
#include <cstring>

// xorshift64*, each step giving eight bytes (little-endian order of the output word).
struct BulkGenerator
{
    uint64_t state;
    uint64_t word = 0;
    int left = 0; // bytes of `word` not handed out yet

    explicit BulkGenerator(uint64_t seed)
        : state(seed * 0x9E3779B97F4A7C15ull + 1)
    {
    }

    uint64_t next()
    {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return state * 2685821657736338717ull;
    }
    void fill(char *out, size_t size)
    {
        while (size > 0 && left > 0) {
            *out++ = char(word >> (8 * (8 - left)));
            --left;
            --size;
        }
        for (; size >= 8; size -= 8, out += 8) {
            const uint64_t value = next();
            for (int i = 0; i < 8; ++i)
                out[i] = char(value >> (8 * i));
        }
        if (size > 0) {
            word = next();
            left = 8;
            fill(out, size);
        }
    }
};

// A line of `size` bytes: printable ASCII from the generator, then '\n'.
inline void fillLine(char *out, size_t size, uint64_t seed)
{
    BulkGenerator gen(seed);
    gen.fill(out, size);
    for (size_t i = 0; i + 1 < size; ++i)
        out[i] = char(' ' + uint8_t(out[i]) % 95);
    if (size > 0)
        out[size - 1] = '\n';
}

// A 64-bit hash of a byte stream, fed in pieces of any size; it covers the length too.
struct StreamHash
{
    uint64_t hash = 0x243F6A8885A308D3ull;
    uint64_t count = 0;
    uint64_t pending = 0; // the bytes of an unfinished word
    int pendingBytes = 0;

    void mix(uint64_t word)
    {
        hash ^= word * 0x9E3779B97F4A7C15ull;
        hash = ((hash << 29) | (hash >> 35)) * 0xBF58476D1CE4E5B9ull;
    }
    void add(const char *data, size_t size)
    {
        count += size;
        while (size > 0 && pendingBytes > 0) {
            pending |= uint64_t(uint8_t(*data++)) << (8 * pendingBytes);
            --size;
            if (++pendingBytes == 8) {
                mix(pending);
                pending = 0;
                pendingBytes = 0;
            }
        }
        for (; size >= 8; size -= 8, data += 8) {
            uint64_t word;
            std::memcpy(&word, data, 8); // as `pending` builds it, on a little-endian host
            mix(word);
        }
        for (; size > 0; --size) {
            pending |= uint64_t(uint8_t(*data++)) << (8 * pendingBytes);
            ++pendingBytes;
        }
    }
    uint64_t value() const
    {
        StreamHash end = *this;
        end.mix(pending);
        end.mix(count);
        return end.hash ^ (end.hash >> 31);
    }
};

#pragma once

// The test child's pseudo-random bytes (xorshift64*): the same bytes for the same seed on every
// run, so that tests can recompute what the child wrote. Plain C++, shared by testchild and tests.
#include <cstddef>
#include <cstdint>

struct ByteGenerator
{
    uint64_t state;
    explicit ByteGenerator(uint64_t seed)
        : state(seed * 2654435761u + 1)
    {
    }
    void fill(char *out, size_t size)
    {
        for (size_t i = 0; i < size; ++i) {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            out[i] = char((state * 2685821657736338717ull) >> 56);
        }
    }
};

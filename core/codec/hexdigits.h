#pragma once

// Hex digits, in one place for every reader and writer of them: the hex parsers of the search
// and input bars, JSON's \u escapes, hex dumps and C escapes.

// 0-15, or -1 for a character that is not a hex digit (either case).
constexpr int hexDigitValue(char32_t c)
{
    if (c >= U'0' && c <= U'9')
        return int(c - U'0');
    if (c >= U'a' && c <= U'f')
        return int(c - U'a') + 10;
    if (c >= U'A' && c <= U'F')
        return int(c - U'A') + 10;
    return -1;
}

constexpr int hexDigitValue(char16_t c)
{
    return hexDigitValue(char32_t(c));
}

// A byte may be signed: it is read as the unsigned value it holds.
constexpr int hexDigitValue(char c)
{
    return hexDigitValue(char32_t(static_cast<unsigned char>(c)));
}

constexpr bool isHexDigit(char c)
{
    return hexDigitValue(c) >= 0;
}

// The lower-case digit for the low four bits of `value`.
constexpr char hexDigitChar(unsigned value)
{
    return "0123456789abcdef"[value & 0xF];
}

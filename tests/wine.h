#pragma once

// Whether a Windows test runs under Wine (which CI uses), for the few checks where Wine is known
// to differ from Windows: those expect to fail there, with the reason, and nowhere else.
// Wine starts a program with its standard handles as the Unix process's descriptors 0, 1 and 2
// as well, and keeps those open: a program that closes its stdout handle leaves the pipe open
// until it exits, where on Windows the reader sees end of file at once.
constexpr const char wineKeepsStdout[]
    = "Wine keeps a process's Unix stdout open after the program closes its stdout handle";

#ifdef Q_OS_WIN
#include <windows.h>

inline bool runningUnderWine()
{
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version");
}
#else
inline bool runningUnderWine()
{
    return false;
}
#endif

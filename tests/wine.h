#pragma once

// Whether a Windows test runs under Wine (which CI uses), for the few checks where Wine is known
// to differ from Windows: those expect to fail there, with the reason, and nowhere else.
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

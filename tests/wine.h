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

// Wine keeps file security as Unix modes: the owner-only DACL pipescope sets on a file is not
// what it reports back. Put before the check of a file's permissions.
#define EXPECT_NO_DACL_UNDER_WINE() \
    if (runningUnderWine()) \
    QEXPECT_FAIL("", "Wine keeps file security as Unix modes: it reports no owner-only DACL", \
                 Continue)

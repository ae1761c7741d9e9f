#pragma once

// What the Windows files of this layer share (included only by *_win.cpp).
#include <QtCore/QString>

#include <windows.h>

// The Windows handle behind a C runtime descriptor (INVALID_HANDLE_VALUE for none).
HANDLE handleOf(int fd);
// The system's sentence for a Windows error code (GetLastError()).
QString systemMessage(DWORD error);

#include "platform/mappedfileguard.h"

// Windows does not let another process cut short a file that is mapped (SetEndOfFile fails with
// ERROR_USER_MAPPED_FILE), so a map never loses its pages and needs no guard.

int guardMappedFile(const void *, qint64)
{
    return -1;
}

qint64 mappedFileCutAt(int)
{
    return -1;
}

void unguardMappedFile(int) {}

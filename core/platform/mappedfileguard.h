#pragma once

#include <QtCore/QtGlobal>

// A mapped session file read past its end raises SIGBUS, and another process may cut the file
// short while it is mapped here (a new recording to the same path, a truncate). A guarded map
// does not kill the reader: a SIGBUS inside it puts zero pages in place of the file's from the
// faulting page to the map's end, and the read goes on and sees zeros. Returns a handle, or -1
// when too many maps are guarded already (that map is then read unguarded).
int guardMappedFile(const void *start, qint64 size);
// Where the zero pages begin, as an offset into the map; -1 while the map is intact.
qint64 mappedFileCutAt(int handle);
void unguardMappedFile(int handle); // before the map goes away

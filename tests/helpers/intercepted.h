#pragma once

// What rules and breakpoints did in a session: its intercepted events, in order.
#include "capture/capturestore.h"
#include "capture/sessionevent.h"

#include <QtCore/QList>

inline QList<SessionEvent> interceptedEvents(const CaptureStore &store)
{
    QList<SessionEvent> found;
    for (qsizetype i = 0; i < store.count(); ++i) {
        const ChunkRecord record = store.record(i);
        if (record.stream != Stream::Event)
            continue;
        const auto event = SessionEvent::fromPayload(store.payload(record));
        if (event && event->kind == SessionEvent::Kind::Intercepted)
            found.append(*event);
    }
    return found;
}

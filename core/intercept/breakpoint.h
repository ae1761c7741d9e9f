#pragma once

#include "filter/filter.h"
#include "filter/filtersubject.h"
#include "intercept/interceptrule.h"

#include <QtCore/QJsonValue>
#include <QtCore/QMetaType>

// A breakpoint (docs/intercept.md): the messages it holds, and which way they go.
struct Breakpoint
{
    Filter match;
    TrafficDirection direction = TrafficDirection::Both;
};

// A message a breakpoint holds at its boundary: nothing after it in its direction passes until
// it is released.
struct HeldMessage
{
    qint64 id = 0; // pipescope's, from 1
    LiveMessage message;
    qint64 heldSinceNs = 0; // the session's clock
};

// What to do with a held message.
struct HeldRelease
{
    enum class Kind : quint8 {
        Forward,       // as it was
        ForwardEdited, // `body` in its place, framed as the stream frames (Content-Length anew)
        Drop,          // the receiver never gets it
        Answer,        // a request answered in the receiver's place: `result`, or the error
        AnswerError,   //   `code` and `message`; the receiver never gets it
    };
    Kind kind = Kind::Forward;
    QByteArray body;
    QJsonValue result;
    int code = -32603;
    QString message;
};

Q_DECLARE_METATYPE(HeldMessage)

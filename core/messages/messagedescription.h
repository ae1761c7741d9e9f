#pragma once

#include "messages/messagelog.h"

#include <QtCore/QString>

class SessionMessages;

// One line about a message for lists and reports: "request textDocument/hover #12".
QString messageSummary(const SessionMessages &messages, qsizetype messageIndex);

// Where a problem is and what it is about, for the Problems panel and `pipescope stats`:
// "stdout offset 0: debug: starting up\n" for stray bytes (escaped, the first 60 of them),
// the message's summary for the others.
QString problemDetail(const SessionMessages &messages, const MessageProblem &problem);

#pragma once

#include "filter/filterfields.h"

#include <QtCore/QStringList>

class SessionMessages;

// The words the filter bar offers to complete, sorted and each once: the fields of `target`, the
// names choice fields take, and for messages the methods of the session and the body paths seen
// in it (from the first request, response and notification of each method, three levels deep;
// an array's first element stands for all: `result.items[0].label`).
QStringList filterCompletions(FilterTarget target, const SessionMessages *messages);

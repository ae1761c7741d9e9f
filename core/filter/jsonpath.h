#pragma once

#include "filter/filterfields.h"
#include "filter/filtervalue.h"

#include <QtCore/QByteArrayView>

#include <optional>

// The value at `path` in a JSON text, found by one pass of the tokenizer without building a
// document: what a filter on `params.position.line` reads from each of a million bodies.
// Objects and arrays found there are parsed (their span only). nullopt when the path leads
// nowhere or the text is not valid JSON before the value ends.
std::optional<FilterValue> jsonValueAtPath(QByteArrayView json, const QList<FilterPathStep> &path);

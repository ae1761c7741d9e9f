#pragma once

#include "filter/filtersubject.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonValue>

#include <optional>

// What pipescope sends back in the receiver's place when it answers a request itself: a result
// or an error in the request's own protocol (JSON-RPC, DAP, msgpack-rpc), with its id, framed as
// the request was. nullopt for a message that is no request of those protocols.
// A result template's strings have ${id}, ${method}, ${params} and ${params.PATH} filled in from
// the request: a string that is one placeholder becomes the value itself, others get its text.
std::optional<QByteArray> answerWithResult(const LiveMessage &request,
                                           const QJsonValue &resultTemplate);
std::optional<QByteArray> answerWithError(const LiveMessage &request, int code,
                                          const QString &message);

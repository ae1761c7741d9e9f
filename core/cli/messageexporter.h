#pragma once

#include "capture/annotations.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>

#include <functional>

class QIODevice;
class SessionMessages;

// Writes a session's messages as JSON Lines, one message per line: direction, kind, id,
// method, timestamps, pairing, latency, problems, and the body as parsed JSON (decoded msgpack
// for msgpack-rpc, text or base64 for other framings). docs/messages.md describes the fields.
class MessageExporter
{
public:
    explicit MessageExporter(const SessionMessages *messages);

    QByteArray line(qsizetype messageIndex) const; // without the final '\n'
    // Writes every message, or those `selected` passes. False with a one-line errorString()
    // when the output cannot be written.
    bool write(QIODevice *output, const std::function<bool(qsizetype)> &selected = {});
    QString errorString() const { return m_errorString; }

private:
    const SessionMessages *m_messages;
    qint64 m_firstNs = 0;
    Annotations m_annotations; // the store's, when the export started
    QString m_errorString;
};

#pragma once

#include "replay/conversation.h"
#include "replay/pathpattern.h"

#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <QtCore/QRegularExpression>

// The parts of a message that change from run to run and so are left out when messages are
// matched and compared (docs/replay.md): ids, document versions, process ids, progress tokens,
// paths under the workspace root, timestamps. A masked value reads as "<masked>", a path under
// the root as "${root}/...", a timestamp as "<time>", on both sides of a comparison alike.
class ReplayMasks
{
public:
    // The masks every conversation of `protocol` gets.
    static ReplayMasks defaults(ReplayProtocol protocol);

    // --ignore: a path pattern (pathpattern.h) for RPC bodies; for line protocols a regular
    // expression whose matches are masked. False with `error` set when the expression is invalid.
    bool addIgnore(const QString &pattern, QString *error);

    // A copy of `tree` with the masks applied; `root` is the workspace root of the side it comes
    // from (empty: none).
    QJsonValue apply(const QJsonValue &tree, const QString &root) const;
    // A line of a line protocol with the masks applied.
    QByteArray applyToLine(const QByteArray &line) const;

    QStringList ignored() const; // the patterns, for reports

private:
    QJsonValue masked(const QJsonValue &value, TreePath *path, const QString &root) const;

    ReplayProtocol m_protocol = ReplayProtocol::JsonRpc;
    QList<PathPattern> m_paths;
    QList<QRegularExpression> m_lineMasks;
};

// "<masked>": what a masked value reads as.
QJsonValue maskedValue();

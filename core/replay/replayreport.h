#pragma once

#include "replay/conversationdiff.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>

// The verdict of one or more replays (or of one diff): what differed in every run is a failure;
// what differed in some runs only is flaky, reported but not failed.
struct ReplayReport
{
    QString expectedPath;    // the golden session
    QStringList actualPaths; // each run's recorded session
    int runs = 0;
    qsizetype compared = 0; // messages compared per run
    QList<MessageDifference> failures;
    QList<MessageDifference> flaky;
    QList<int> flakyCounts; // per flaky difference: in how many runs it appeared
    QStringList errors;     // a run that could not be carried out: "PROGRAM did not start: ..."

    // Adds one run's differences.
    void addRun(const QString &actualPath, const QList<MessageDifference> &differences,
                qsizetype comparedMessages);
    bool passed() const { return failures.isEmpty() && errors.isEmpty(); }

    // For people: a verdict line, then each differing message with the path, expected and
    // actual value of each difference.
    QString text() const;
    // The same as JSON (docs/replay.md).
    QByteArray json() const;

private:
    QList<QList<MessageDifference>> m_runs;
    void classify();
};

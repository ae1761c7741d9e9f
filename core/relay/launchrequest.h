#pragma once

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariantMap>

#include <optional>

// A program to start from the window, as the Launch dialog collects it and its history keeps it.
struct LaunchRequest
{
    QString program;          // a name searched for in PATH, or a path
    QStringList arguments;    // without the program
    QString workingDirectory; // empty: pipescope's own
    QStringList environment;  // extra "NAME=VALUE" entries for the child only

    // Program and arguments as one shell-quoted line, plus " (in DIR)" when a working directory
    // is set. The environment is left out.
    QString displayText() const;

    // "NAME" of each environment entry.
    QStringList environmentNames() const;
    // The same request with the environment's values left out ("NAME="): what the history
    // keeps, since values are often secrets (tokens, passwords).
    LaunchRequest withoutEnvironmentValues() const;

    // For the history in QSettings: the environment by name only. fromVariantMap() rejects a
    // map without a program, and drops the values that earlier versions stored.
    QVariantMap toVariantMap() const;
    static std::optional<LaunchRequest> fromVariantMap(const QVariantMap &map);
};

bool operator==(const LaunchRequest &a, const LaunchRequest &b);
inline bool operator!=(const LaunchRequest &a, const LaunchRequest &b)
{
    return !(a == b);
}

// How many launches the history keeps.
constexpr int maxLaunchHistory = 20;

// The history with request in front: an equal earlier entry moves up instead of repeating, and
// the list is cut to maxSize entries.
QList<LaunchRequest> historyWith(const QList<LaunchRequest> &history, const LaunchRequest &request,
                                 int maxSize = maxLaunchHistory);

// Empty when line is NAME=VALUE with NAME matching [A-Za-z_][A-Za-z0-9_]*; else one line saying
// what is wrong. VALUE may be empty and may hold any character but a line break.
QString validateEnvironmentEntry(const QString &line);

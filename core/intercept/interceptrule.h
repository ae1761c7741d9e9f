#pragma once

#include "filter/filter.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <QtCore/QString>

#include <optional>

// Which way a rule or breakpoint looks: what the parent sends (to the child), what the child
// sends (to the parent), or both.
enum class TrafficDirection : quint8 { ToChild, ToParent, Both };

// "to-child", "to-parent", "both".
QByteArray trafficDirectionName(TrafficDirection direction);

// One rule of a --rules file (docs/rules.md): which messages, which way, what to do with them,
// how often.
struct InterceptRule
{
    enum class Action : quint8 {
        Delay,       // hold for `minMs` to `maxMs`, then pass on
        Drop,        // never reaches the receiver
        Respond,     // a request is answered with `result` (a template); the receiver never sees it
        Error,       // a request is answered with the error `code` and `message`
        WrongLength, // Content-Length states `lengthDelta` bytes more (or fewer) than the body has
        Split,       // the message goes in `writes` writes, `pauseMs` apart
        StrayBytes,  // `strayBytes` go first
    };

    int number = 0; // 1-based, as the file lists it
    Filter match;
    TrafficDirection direction = TrafficDirection::Both;
    Action action = Action::Delay;
    int minMs = 0;
    int maxMs = 0;
    QJsonValue result; // Respond: ${id}, ${method}, ${params...} in strings are filled in
    int code = -32603;
    QString message;
    int lengthDelta = 1;
    int writes = 2;
    int pauseMs = 50;
    QByteArray strayBytes;
    int times = -1;         // matches acted on at most; -1: every one
    double probability = 1; // of acting on a match, drawn from a generator seeded with `seed`
    quint32 seed = 1;

    bool answers() const { return action == Action::Respond || action == Action::Error; }
    // "rule 2 (error -32803)": for events and messages.
    QString label() const;
};

QByteArray interceptActionName(InterceptRule::Action action);

// A --rules file's rules, or nullopt with `error` set to one line that names the file, the rule
// and what is wrong: "slow.json: rule 2: \"ms\" must be a number or [min, max]".
// `json`, when given, gets the file's contents.
std::optional<QList<InterceptRule>> loadInterceptRules(const QString &path, QString *error,
                                                       QByteArray *json = nullptr);
// The same from the file's contents; `name` is what messages call the file.
std::optional<QList<InterceptRule>> parseInterceptRules(const QByteArray &json, const QString &name,
                                                        QString *error);

#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

// A lifecycle event of a session, stored as a record of its own on the Event stream. Its payload
// in the session file is one compact JSON object (see docs/session-format.md).
struct SessionEvent
{
    enum class Kind {
        Started,
        StartFailed,
        StdinClosed,
        StdoutClosed,
        StderrClosed,
        Exited,
        Intercepted, // pipescope acted on a message: delayed, dropped, answered, altered
        Replay,      // a replay found a message that differs from the recording
    };
    enum class ExitKind { Code, Signal };

    Kind kind = Kind::Started;

    // Started, StartFailed
    QStringList arguments; // program first, as given
    QString workingDirectory;
    qint64 pid = 0;
    qint64 startedAtMs = 0; // wall clock, ms since the Unix epoch
    QString pipescopeVersion;
    QString sessionName;     // --name, or the program's file name
    qint64 startedByPid = 0; // the process that started pipescope (the editor), when known
    QString startedByName;
    QString error; // StartFailed: why

    // Exited
    ExitKind exitKind = ExitKind::Code;
    int exitCode = 0; // the code, or the signal number for ExitKind::Signal

    // Intercepted: what was done (InterceptRule's action names, "answered" for the answer
    // sent back), by which rule (1-based; 0: none), to which message on its way where, and the
    // bytes the receiver got in its place (an answer, an altered message).
    QString action;
    int rule = 0;
    QString direction; // "to-child", "to-parent"
    QString method;
    QString messageId;
    QString detail; // "300 ms", "error -32803: injected failure"
    QByteArray delivered;
    // Replay: the message's method, and what differs (`detail`).

    static SessionEvent started(const QStringList &arguments, const QString &workingDirectory,
                                qint64 pid, qint64 startedAtMs);
    static SessionEvent startFailed(const QStringList &arguments, const QString &error);
    static SessionEvent closed(Kind kind);
    static SessionEvent exited(ExitKind exitKind, int codeOrSignal);
    static SessionEvent intercepted(const QString &action, int rule, const QString &direction);
    static SessionEvent replay(const QString &method, const QString &detail);

    QByteArray toPayload() const;
    // An event's payload is that of an intercepted event (a rule or breakpoint acted).
    static bool isIntercepted(QByteArrayView payload);
    static std::optional<SessionEvent> fromPayload(const QByteArray &payload);

    // One line for people: "started pid 42: clangd --log=verbose", "exited with code 3",
    // "killed by signal 9 (SIGKILL)".
    QString summary() const;
};

// "SIGTERM" for 15 (Linux's numbers, whichever system reads the file), else "signal 15".
QString signalName(int signal);
// A Windows exit code that is an NTSTATUS (0xC0000005: "STATUS_ACCESS_VIOLATION"), by name; empty
// for an ordinary exit code.
QString ntStatusName(int exitCode);

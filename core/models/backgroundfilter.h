#pragma once

#include "filter/filter.h"

#include <QtCore/QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

class SessionMessages;

// Matches a filter against a finished session's messages in a thread of its own, so that the
// window goes on painting while a million bodies are read. Only for a session whose decoding
// has finished: nothing changes its messages while the thread reads them.
class BackgroundFilter final : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(std::vector<bool> matches)>;

    explicit BackgroundFilter(QObject *parent = nullptr);
    ~BackgroundFilter() override; // cancels a run and waits for its thread

    // Matches messages [0, count) and hands `done`, in this object's thread, one flag per
    // message. A run still going is cancelled first: its `done` is never called.
    void start(const Filter &filter, const SessionMessages &messages, qsizetype count, Done done);
    void cancel();
    bool isRunning() const { return m_running; }

private:
    std::thread m_thread;
    std::shared_ptr<std::atomic<bool>> m_cancelled;
    bool m_running = false;
};

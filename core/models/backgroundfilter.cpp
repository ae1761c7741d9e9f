#include "models/backgroundfilter.h"

#include "filter/filtersubject.h"

BackgroundFilter::BackgroundFilter(QObject *parent)
    : QObject(parent)
{
}

BackgroundFilter::~BackgroundFilter()
{
    cancel();
}

void BackgroundFilter::start(const Filter &filter, const SessionMessages &messages, qsizetype count,
                             Done done)
{
    cancel();
    m_running = true;
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    m_cancelled = cancelled;
    m_thread = std::thread([this, filter, &messages, count, cancelled, done = std::move(done)] {
        MessageSubject subject(messages);
        std::vector<bool> matches(static_cast<size_t>(count));
        for (qsizetype messageIndex = 0; messageIndex < count; ++messageIndex) {
            if ((messageIndex & 1023) == 0 && cancelled->load(std::memory_order_relaxed))
                return;
            subject.setMessage(messageIndex);
            matches[size_t(messageIndex)] = filter.matches(subject);
        }
        // Delivered in this object's thread, unless a cancel came first (checked there too:
        // cancel() runs in that thread).
        QMetaObject::invokeMethod(
            this,
            [this, cancelled, done, matches = std::move(matches)]() mutable {
                if (cancelled->load())
                    return;
                m_running = false;
                done(std::move(matches));
            },
            Qt::QueuedConnection);
    });
}

void BackgroundFilter::cancel()
{
    if (m_cancelled)
        m_cancelled->store(true);
    if (m_thread.joinable())
        m_thread.join();
    m_running = false;
}

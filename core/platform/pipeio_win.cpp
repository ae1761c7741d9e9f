#include "platform/pipeio.h"
#include "platform/win32.h"

#include <QtCore/QMetaObject>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

// Each PipeReader and PipeWriter has a thread that blocks in ReadFile or WriteFile on the
// descriptor's handle, one operation at a time. The thread and its object share a State; the
// thread tells its object what it did through a queued call, and only while the object has not
// begun to go away (checked under the same lock), so no call reaches a deleted object. An object
// that goes away cancels the thread's operation (CancelSynchronousIo) and does not wait for it:
// a read of pipescope's own stdin may never end, and the thread then ends with the process.

namespace {

bool meansBrokenPipe(DWORD error)
{
    return error == ERROR_BROKEN_PIPE || error == ERROR_NO_DATA
           || error == ERROR_PIPE_NOT_CONNECTED;
}

// The calling thread's handle, for CancelSynchronousIo from another thread.
HANDLE currentThreadHandle()
{
    HANDLE thread = nullptr;
    DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &thread, 0, FALSE,
                    DUPLICATE_SAME_ACCESS);
    return thread;
}

struct WorkerState
{
    std::mutex mutex;
    std::condition_variable wake;
    HANDLE handle = INVALID_HANDLE_VALUE;
    HANDLE thread = nullptr; // set by the thread itself
    bool stopping = false;
    std::function<void()> notify; // called under `mutex`, never once `stopping` is set

    ~WorkerState()
    {
        if (thread)
            CloseHandle(thread);
    }

    // Called by the object as it goes away.
    void stop()
    {
        std::lock_guard<std::mutex> lock(mutex);
        stopping = true;
        if (thread)
            CancelSynchronousIo(thread);
        wake.notify_all();
    }
};

} // namespace

struct PipeReader::Private
{
    struct State : WorkerState
    {
        std::vector<char> data = std::vector<char>(size_t(PipeReader::maxReadSize));
        qint64 begin = 0; // data[begin, end) waits to be taken
        qint64 end = 0;
        bool ended = false;
        QString error; // when it ended by a failed read
    };
    std::shared_ptr<State> state = std::make_shared<State>();
    bool enabled = false;
};

PipeReader::PipeReader(int fd, QObject *parent)
    : QObject(parent)
    , d(new Private)
{
    const std::shared_ptr<Private::State> state = d->state;
    state->handle = handleOf(fd);
    state->notify = [this] {
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (d->enabled)
                    emit readyRead();
            },
            Qt::QueuedConnection);
    };
    const bool isPipe = GetFileType(state->handle) == FILE_TYPE_PIPE;
    std::thread([state, isPipe] {
        std::unique_lock<std::mutex> lock(state->mutex);
        state->thread = currentThreadHandle();
        for (;;) {
            state->wake.wait(lock, [&] {
                return state->stopping || (state->begin == state->end && !state->ended);
            });
            if (state->stopping)
                return;
            lock.unlock();
            DWORD n = 0;
            const BOOL ok = ReadFile(state->handle, state->data.data(), DWORD(state->data.size()),
                                     &n, nullptr);
            const DWORD error = ok ? ERROR_SUCCESS : GetLastError();
            lock.lock();
            if (state->stopping)
                return;
            if (ok && n > 0) {
                state->begin = 0;
                state->end = n;
            } else if (ok && isPipe) {
                continue; // the writer wrote zero bytes: not the end of a pipe
            } else {
                state->ended = true; // end of file (a closed pipe, Ctrl+Z on a console) or error
                if (!ok && !meansBrokenPipe(error) && error != ERROR_HANDLE_EOF)
                    state->error = systemMessage(error);
            }
            state->notify();
        }
    }).detach();
}

PipeReader::~PipeReader()
{
    d->state->stop();
}

void PipeReader::setEnabled(bool enabled)
{
    d->enabled = enabled;
    if (!enabled)
        return;
    std::lock_guard<std::mutex> lock(d->state->mutex);
    if (d->state->begin < d->state->end || d->state->ended)
        d->state->notify();
}

IoResult PipeReader::read(char *buffer, qint64 size)
{
    Private::State &state = *d->state;
    std::lock_guard<std::mutex> lock(state.mutex);
    if (state.begin < state.end) {
        const qint64 n = std::min(size, state.end - state.begin);
        std::memcpy(buffer, state.data.data() + state.begin, size_t(n));
        state.begin += n;
        if (state.begin == state.end)
            state.wake.notify_all();
        return {IoResult::Done, n, {}};
    }
    if (!state.ended)
        return {IoResult::WouldBlock, 0, {}};
    if (!state.error.isEmpty())
        return {IoResult::Failed, 0, state.error};
    return {IoResult::EndOfFile, 0, {}};
}

bool PipeReader::readsNeverWait() const
{
    return true;
}

struct PipeWriter::Private
{
    struct State : WorkerState
    {
        std::vector<char> pending; // being written while `busy`
        bool busy = false;
        bool broken = false;
        QString error;
    };
    std::shared_ptr<State> state = std::make_shared<State>();
    std::vector<std::function<void()>> whenFlushed;

    void onWritten(PipeWriter *writer);
};

PipeWriter::PipeWriter(int fd, QObject *parent)
    : QObject(parent)
    , d(new Private)
{
    const std::shared_ptr<Private::State> state = d->state;
    state->handle = handleOf(fd);
    state->notify = [this] {
        QMetaObject::invokeMethod(
            this, [this] { d->onWritten(this); }, Qt::QueuedConnection);
    };
    std::thread([state] {
        std::unique_lock<std::mutex> lock(state->mutex);
        state->thread = currentThreadHandle();
        for (;;) {
            state->wake.wait(lock, [&] { return state->stopping || state->busy; });
            if (state->stopping)
                return;
            lock.unlock();
            const char *data = state->pending.data();
            DWORD left = DWORD(state->pending.size());
            DWORD error = ERROR_SUCCESS;
            while (left > 0) {
                DWORD n = 0;
                if (!WriteFile(state->handle, data, left, &n, nullptr)) {
                    error = GetLastError();
                    break;
                }
                data += n;
                left -= n;
            }
            lock.lock();
            if (state->stopping)
                return;
            state->busy = false;
            if (error != ERROR_SUCCESS) {
                state->broken = true;
                if (!meansBrokenPipe(error))
                    state->error = systemMessage(error);
            }
            state->notify();
        }
    }).detach();
}

PipeWriter::~PipeWriter()
{
    d->state->stop();
}

void PipeWriter::Private::onWritten(PipeWriter *writer)
{
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        if (state->busy)
            return;
    }
    // The callbacks may delete the writer: take them first.
    const std::vector<std::function<void()>> callbacks = std::move(whenFlushed);
    whenFlushed.clear();
    for (const auto &callback : callbacks)
        callback();
    // Even with nothing more to write: what was in flight no longer counts against the relay's
    // high-water mark, and its reads may resume.
    if (callbacks.empty())
        emit writer->readyWrite();
}

// Every finished write says so (see onWritten): there is nothing to switch off.
void PipeWriter::setEnabled(bool) {}

IoResult PipeWriter::write(const char *data, qint64 size)
{
    Private::State &state = *d->state;
    std::lock_guard<std::mutex> lock(state.mutex);
    if (state.broken)
        return state.error.isEmpty() ? IoResult{IoResult::Broken, 0, {}}
                                     : IoResult{IoResult::Failed, 0, state.error};
    if (state.busy)
        return {IoResult::WouldBlock, 0, {}};
    const qint64 n = std::min(size, PipeReader::maxReadSize);
    state.pending.assign(data, data + n);
    state.busy = true;
    state.wake.notify_all();
    return {IoResult::Done, n, {}};
}

qint64 PipeWriter::pendingBytes() const
{
    std::lock_guard<std::mutex> lock(d->state->mutex);
    return d->state->busy ? qint64(d->state->pending.size()) : 0;
}

void PipeWriter::whenFlushed(std::function<void()> then)
{
    {
        std::lock_guard<std::mutex> lock(d->state->mutex);
        if (d->state->busy) {
            d->whenFlushed.push_back(std::move(then));
            return;
        }
    }
    then();
}

#include "platform/mappedfileguard.h"

#include <atomic>
#include <csignal>
#include <cstdint>
#include <mutex>

#include <sys/mman.h>
#include <unistd.h>

namespace {

// Guarded maps (Xorg's os/busfault.c does the same for shared memory). The handler reads the
// slots lock-free: a slot's size is set before its start, and its start cleared first.
struct GuardedMap
{
    std::atomic<bool> taken{false};
    std::atomic<uintptr_t> start{0};
    std::atomic<uintptr_t> size{0};
    std::atomic<qint64> cutAt{-1};
};
constexpr int guardedMapCount = 64;
GuardedMap guardedMaps[guardedMapCount];
uintptr_t pageSize = 4096;
struct sigaction previousSigbusAction;

void onSigbus(int sig, siginfo_t *info, void *context)
{
    const auto address = reinterpret_cast<uintptr_t>(info->si_addr);
    if (info->si_code > 0) { // a fault, not a signal someone sent
        for (GuardedMap &map : guardedMaps) {
            const uintptr_t start = map.start.load();
            const uintptr_t size = map.size.load();
            if (start == 0 || address < start || address - start >= size)
                continue;
            const uintptr_t page = address & ~(pageSize - 1);
            if (::mmap(reinterpret_cast<void *>(page), start + size - page, PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
                == MAP_FAILED)
                break;
            const qint64 cut = qint64(page > start ? page - start : 0);
            qint64 earlier = map.cutAt.load();
            while ((earlier < 0 || cut < earlier)
                   && !map.cutAt.compare_exchange_weak(earlier, cut)) {
            }
            return; // the read is done again, and sees zeros
        }
    }
    // Not ours: whoever handled SIGBUS before, or what SIGBUS does by default.
    if (previousSigbusAction.sa_flags & SA_SIGINFO) {
        previousSigbusAction.sa_sigaction(sig, info, context);
        return;
    }
    if (previousSigbusAction.sa_handler != SIG_DFL && previousSigbusAction.sa_handler != SIG_IGN) {
        previousSigbusAction.sa_handler(sig);
        return;
    }
    if (info->si_code <= 0 && previousSigbusAction.sa_handler == SIG_IGN)
        return;
    ::signal(SIGBUS, SIG_DFL);
    if (info->si_code <= 0)
        ::raise(SIGBUS); // delivered once this handler returns; a fault simply happens again
}

void installSigbusGuard()
{
    pageSize = uintptr_t(::sysconf(_SC_PAGESIZE));
    struct sigaction action = {};
    action.sa_sigaction = onSigbus;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    ::sigaction(SIGBUS, &action, &previousSigbusAction);
}

} // namespace

int guardMappedFile(const void *start, qint64 size)
{
    static std::once_flag installed;
    std::call_once(installed, installSigbusGuard);
    if (!start || size <= 0)
        return -1;
    for (int handle = 0; handle < guardedMapCount; ++handle) {
        GuardedMap &map = guardedMaps[handle];
        bool taken = false;
        if (!map.taken.compare_exchange_strong(taken, true))
            continue;
        map.cutAt = -1;
        map.size = uintptr_t(size);
        map.start = reinterpret_cast<uintptr_t>(start);
        return handle;
    }
    return -1;
}

qint64 mappedFileCutAt(int handle)
{
    return handle >= 0 && handle < guardedMapCount ? guardedMaps[handle].cutAt.load() : -1;
}

void unguardMappedFile(int handle)
{
    if (handle < 0 || handle >= guardedMapCount)
        return;
    GuardedMap &map = guardedMaps[handle];
    map.start = 0;
    map.size = 0;
    map.taken = false;
}

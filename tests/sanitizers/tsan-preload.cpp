// Preloaded into the ThreadSanitizer test runs (LD_PRELOAD, see the tsan presets); not part of
// pipescope.
//
// Qt 6.4's QProcess starts a child with clone(CLONE_VM | CLONE_VFORK): until exec, the child
// shares the parent's memory, ThreadSanitizer's state included. ThreadSanitizer takes every clone()
// for a fork, so the child's half of its fork handling lands in the parent: the thread that
// started the child (the relay thread) has its memory accesses ignored and its reports suppressed
// from then on, and starting another thread kills the process ("starting new threads after
// multi-threaded fork"). Its interceptors called in the child (signal() resetting the forwarded
// signals) also overwrite the parent's handler table, so pipescope stops forwarding signals.
//
// This clone() drops CLONE_VM | CLONE_VFORK, which makes the child a plain fork, the way newer
// Qt versions start children when built with a sanitizer. The relay thread stays observed.
#include <dlfcn.h>
#include <sched.h>
#include <sys/types.h>

#include <cstdarg>

extern "C" int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
    va_list rest;
    va_start(rest, arg);
    pid_t *parentTid = va_arg(rest, pid_t *);
    void *tls = va_arg(rest, void *);
    pid_t *childTid = va_arg(rest, pid_t *);
    va_end(rest);

    constexpr int vforkFlags = CLONE_VM | CLONE_VFORK;
    if ((flags & vforkFlags) == vforkFlags && !(flags & CLONE_THREAD))
        flags &= ~vforkFlags;

    using Clone = int (*)(int (*)(void *), void *, int, void *, ...);
    static const auto next = reinterpret_cast<Clone>(dlsym(RTLD_NEXT, "clone"));
    return next(fn, stack, flags, arg, parentTid, tls, childTid);
}

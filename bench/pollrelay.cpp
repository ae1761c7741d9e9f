// pollrelay: the baseline relay for pipebench.
//
//   pollrelay -- PROGRAM ARGS...
//
// Runs PROGRAM on three fresh pipes and relays, in one poll() loop with a
// 64 KiB buffer per direction and no logging:
//   our stdin  -> child stdin
//   child stdout -> our stdout
//   child stderr -> our stderr
// EOF propagates both ways: EOF on our stdin closes the child's stdin once the
// pending bytes are written; EOF on the child's stdout (stderr) closes our
// stdout (stderr) once the pending bytes are flushed. The loop ends when both
// child outputs are finished; pollrelay then exits with the child's status, or
// dies by the child's signal.
//
// A write error towards the child's stdin (it closed it) discards that
// direction; a write error on our stdout/stderr (the reader went away) closes
// the matching child pipe too, so the child sees EPIPE/SIGPIPE as it would
// without the relay.
//
// The fds we write to are made non-blocking so that one slow direction never
// stalls the others; the original flags of our stdio are restored on exit.

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <initializer_list>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr size_t kBufSize = 64 * 1024;

struct Direction
{
    int from; // fd we read from; -1 once finished
    int to;   // fd we write to; -1 once closed
    char buf[kBufSize];
    size_t off = 0, len = 0;
    bool eof = false;
};

int savedFlags[3] = {-1, -1, -1};

void restoreStdioFlags()
{
    for (int fd = 0; fd < 3; ++fd)
        if (savedFlags[fd] >= 0)
            fcntl(fd, F_SETFL, savedFlags[fd]);
}

[[noreturn]] void die(const char *what)
{
    std::fprintf(stderr, "pollrelay: %s: %s\n", what, std::strerror(errno));
    restoreStdioFlags();
    std::exit(125);
}

void setNonBlocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

void closeFd(int &fd)
{
    if (fd >= 0 && fd < 3 && savedFlags[fd] >= 0) {
        fcntl(fd, F_SETFL, savedFlags[fd]); // our stdio: put the flags back first
        savedFlags[fd] = -1;
    }
    if (fd >= 0)
        close(fd);
    fd = -1;
}

// Reads once into the (empty) buffer; EOF or an error ends the direction.
void pump_read(Direction &d)
{
    ssize_t n = read(d.from, d.buf, kBufSize);
    if (n > 0) {
        d.off = 0;
        d.len = size_t(n);
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        d.eof = true;
        closeFd(d.from);
    }
}

// The reader is gone: drop pending data and stop this direction.
void abandon(Direction &d)
{
    d.len = 0;
    d.eof = true;
    closeFd(d.from);
    closeFd(d.to);
}

void pump_write(Direction &d)
{
    ssize_t n = write(d.to, d.buf + d.off, d.len);
    if (n > 0) {
        d.off += size_t(n);
        d.len -= size_t(n);
    } else if (n < 0 && errno != EINTR && errno != EAGAIN) {
        abandon(d);
    }
}

} // namespace

int main(int argc, char **argv)
{
    int first = 1;
    if (first < argc && std::strcmp(argv[first], "--") == 0)
        ++first;
    if (first >= argc) {
        std::fprintf(stderr, "usage: pollrelay -- PROGRAM ARGS...\n");
        return 125;
    }

    // A closed stdio fd would be reused by the pipes below: park /dev/null there.
    for (int fd = 0; fd < 3; ++fd)
        if (fcntl(fd, F_GETFD) < 0)
            open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);

    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
        die("pipe");

    std::signal(SIGPIPE, SIG_IGN);
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        std::signal(SIGPIPE, SIG_DFL); // SIG_IGN would survive exec
        if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0)
            _exit(127);
        execvp(argv[first], argv + first);
        std::fprintf(stderr, "pollrelay: cannot run %s: %s\n", argv[first], std::strerror(errno));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);

    for (int fd = 0; fd < 3; ++fd)
        savedFlags[fd] = fcntl(fd, F_GETFL);
    for (int fd : {1, 2, in[1], out[0], err[0]})
        setNonBlocking(fd);

    static Direction dirs[3] = {{0, in[1], {}}, {out[0], 1, {}}, {err[0], 2, {}}};

    // Run until both child outputs are finished (EOF seen and flushed).
    while (!(dirs[1].eof && dirs[1].len == 0 && dirs[2].eof && dirs[2].len == 0)) {
        pollfd fds[3];
        for (int i = 0; i < 3; ++i) {
            Direction &d = dirs[i];
            fds[i] = {-1, 0, 0};
            if (d.len > 0 && d.to >= 0)
                fds[i] = {d.to, POLLOUT, 0};
            else if (!d.eof && d.from >= 0)
                fds[i] = {d.from, POLLIN, 0};
        }
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        for (int i = 0; i < 3; ++i) {
            Direction &d = dirs[i];
            if (fds[i].revents == 0)
                continue;
            bool writing = fds[i].events == POLLOUT;
            if (fds[i].revents & POLLNVAL) { // not a valid fd: give up on this direction
                (writing ? d.to : d.from) = -1;
                abandon(d);
            } else if (writing) {
                pump_write(d);
            } else {
                pump_read(d);
            }
            // EOF and nothing pending: propagate it by closing the other side.
            if (d.eof && d.len == 0)
                closeFd(d.to);
        }
    }
    // The child's outputs are finished; its stdin is no longer needed.
    closeFd(dirs[0].to);

    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            die("waitpid");
    }
    restoreStdioFlags();
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        std::signal(sig, SIG_DFL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        sigprocmask(SIG_UNBLOCK, &set, nullptr);
        raise(sig);
        return 128 + sig; // the signal did not kill us (e.g. a stop signal)
    }
    return WEXITSTATUS(status);
}

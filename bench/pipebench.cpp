// pipebench: measures stdio relays side by side (see bench/README.md).
//
// For each proxy (direct = no proxy, pollrelay, pipescope, or any command
// given with --proxy-cmd) it runs a child program -- pipebench itself in a
// hidden "--child" mode -- through the proxy and measures:
//   down    the child writes N pseudo-random bytes to stdout; we read and
//           verify them byte-exactly (MB/s, wall time)
//   echo    we write N bytes into a child that echoes stdin to stdout and
//           read them back concurrently, verifying byte-exactly (MB/s)
//   latency 64-byte ping-pong round trips through the echo child (p50/p90/p99)
// and prints a table with the ratio of pipescope to pollrelay against the
// targets. Any byte mismatch, short or long stream, proxy failure or non-zero
// exit status is a failure: pipebench then exits with status 1.

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <sched.h>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::string fmt(const char *f, double v)
{
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

double secondsSince(Clock::time_point t0, Clock::time_point t1 = Clock::now())
{
    return std::chrono::duration<double>(t1 - t0).count();
}

// ---------------------------------------------------------------------------
// The data stream: byte i of every stream is table[i % kPeriod], where the
// table is filled by splitmix64. The period is deliberately not a power of
// two, so it never lines up with buffer or pipe sizes. The table carries a
// copy of its first kTail bytes at its end, so any chunk of up to kTail bytes
// starting anywhere in the period is contiguous.

constexpr size_t kPeriod = (size_t(1) << 24) - 17;
constexpr size_t kTail = size_t(1) << 20;
constexpr size_t kChunk = 64 * 1024;    // what the children write at once
constexpr size_t kReadBuf = 256 * 1024; // what the parent reads at once
constexpr size_t kMessage = 64;         // latency message size

const unsigned char *streamAt(uint64_t offset)
{
    static const std::vector<unsigned char> table = [] {
        std::vector<unsigned char> t(kPeriod + kTail);
        uint64_t state = 0x5eed5eed2024ULL;
        for (size_t i = 0; i < t.size(); i += 8) {
            uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            z ^= z >> 31;
            std::memcpy(t.data() + i, &z, std::min<size_t>(8, t.size() - i));
        }
        std::memcpy(t.data() + kPeriod, t.data(), kTail);
        return t;
    }();
    return table.data() + offset % kPeriod;
}

// ---------------------------------------------------------------------------
// Small I/O helpers.

bool writeAll(int fd, const void *data, size_t n)
{
    auto p = static_cast<const char *>(data);
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= size_t(w);
    }
    return true;
}

ssize_t readSome(int fd, void *buf, size_t n)
{
    for (;;) {
        ssize_t r = read(fd, buf, n);
        if (r >= 0 || errno != EINTR)
            return r;
    }
}

// ---------------------------------------------------------------------------
// Hidden child modes, run through the proxy.

int childGenerate(uint64_t n)
{
    streamAt(0); // build the table before the first byte goes out
    for (uint64_t pos = 0; pos < n;) {
        size_t chunk = size_t(std::min<uint64_t>(kChunk, n - pos));
        if (!writeAll(1, streamAt(pos), chunk)) {
            std::fprintf(stderr, "pipebench child: write at offset %llu: %s\n",
                         (unsigned long long)pos, std::strerror(errno));
            return 1;
        }
        pos += chunk;
    }
    return 0;
}

int childEcho()
{
    static char buf[kChunk];
    for (;;) {
        ssize_t r = readSome(0, buf, sizeof buf);
        if (r == 0)
            return 0;
        if (r < 0 || !writeAll(1, buf, size_t(r))) {
            std::fprintf(stderr, "pipebench child: echo: %s\n", std::strerror(errno));
            return 1;
        }
    }
}

// ---------------------------------------------------------------------------
// Temporary files and Ctrl-C cleanup.

char gTmpDir[4096];
char gSessionPath[4200];
char gStderrPath[4200];
char gRulesPath[4200]; // pipescope-rule's rules file: one rule that matches nothing
volatile sig_atomic_t gRunningGroup = 0;

void onInterrupt(int sig)
{
    if (gRunningGroup > 0)
        kill(-pid_t(gRunningGroup), SIGKILL);
    unlink(gSessionPath);
    unlink(gStderrPath);
    unlink(gRulesPath);
    rmdir(gTmpDir);
    signal(sig, SIG_DFL);
    raise(sig);
}

uint64_t fileSize(const char *path, bool *exists = nullptr)
{
    struct stat st;
    bool ok = stat(path, &st) == 0;
    if (exists)
        *exists = ok;
    return ok ? uint64_t(st.st_size) : 0;
}

std::string readFileHead(const char *path, size_t max)
{
    std::string s;
    if (FILE *f = std::fopen(path, "rb")) {
        s.resize(max);
        s.resize(std::fread(&s[0], 1, max, f));
        std::fclose(f);
    }
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.pop_back();
    return s;
}

// ---------------------------------------------------------------------------
// Proxies and processes.

struct Proxy
{
    std::string name;
    std::vector<std::string> prefix; // command before the child; {session}, {child}
    std::string missing;             // non-empty: why it cannot run
};

std::vector<std::string> commandFor(const Proxy &proxy, const std::vector<std::string> &child)
{
    std::vector<std::string> argv;
    bool placed = false;
    for (const std::string &tok : proxy.prefix) {
        if (tok == "{child}") {
            argv.insert(argv.end(), child.begin(), child.end());
            placed = true;
            continue;
        }
        std::string t = tok;
        for (size_t at; (at = t.find("{session}")) != std::string::npos;)
            t.replace(at, 9, gSessionPath);
        for (size_t at; (at = t.find("{rules}")) != std::string::npos;)
            t.replace(at, 7, gRulesPath);
        argv.push_back(t);
    }
    if (!placed)
        argv.insert(argv.end(), child.begin(), child.end());
    return argv;
}

bool usesSession(const Proxy &proxy)
{
    for (const std::string &tok : proxy.prefix)
        if (tok.find("{session}") != std::string::npos)
            return true;
    return false;
}

struct Process
{
    pid_t pid = -1;
    int in = -1;  // its stdin (we write)
    int out = -1; // its stdout (we read)
    Clock::time_point started;
};

// Runs argv in its own process group with stdin/stdout on pipes and stderr
// into gStderrPath.
bool spawn(const std::vector<std::string> &argv, Process &p, std::string &error)
{
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0) {
        error = std::string("pipe: ") + std::strerror(errno);
        return false;
    }
    int errFd = open(gStderrPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    std::vector<char *> cargv;
    for (const std::string &a : argv)
        cargv.push_back(const_cast<char *>(a.c_str()));
    cargv.push_back(nullptr);

    p.started = Clock::now();
    p.pid = fork();
    if (p.pid == 0) {
        setpgid(0, 0);
        signal(SIGPIPE, SIG_DFL); // we ignore it; an ignored signal survives exec
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        dup2(in[0], 0);
        dup2(out[1], 1);
        if (errFd >= 0)
            dup2(errFd, 2);
        execvp(cargv[0], cargv.data());
        const char msg[] = "pipebench: exec failed\n";
        (void)!write(2, msg, sizeof msg - 1);
        _exit(127);
    }
    int forkErrno = errno;
    close(in[0]);
    close(out[1]);
    if (errFd >= 0)
        close(errFd);
    if (p.pid < 0) {
        close(in[1]);
        close(out[0]);
        error = std::string("fork: ") + std::strerror(forkErrno);
        return false;
    }
    setpgid(p.pid, p.pid); // also from here, so the group exists before any kill
    gRunningGroup = p.pid;
    p.in = in[1];
    p.out = out[0];
    return true;
}

// Kills the process group if the run takes longer than the timeout.
class Watchdog
{
public:
    Watchdog(pid_t group, double seconds)
        : seconds_(seconds)
        , thread_([this, group, seconds] {
            std::unique_lock<std::mutex> lock(mutex_);
            auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
            if (!cv_.wait_until(lock, deadline, [this] { return done_; })) {
                fired_ = true;
                kill(-group, SIGKILL);
            }
        })
    {
    }
    ~Watchdog() { stop(); }
    double seconds() const { return seconds_; }
    bool stop()
    {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            done_ = true;
        }
        cv_.notify_all();
        if (thread_.joinable())
            thread_.join();
        return fired_;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool done_ = false;
    bool fired_ = false;
    double seconds_;
    std::thread thread_;
};

std::string describeStatus(int status)
{
    if (WIFEXITED(status))
        return "exit status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " ("
               + strsignal(WTERMSIG(status)) + ")";
    return "unknown status";
}

// ---------------------------------------------------------------------------
// Measures.

struct Options
{
    uint64_t downBytes = uint64_t(1) << 30;
    uint64_t echoBytes = uint64_t(512) << 20;
    int rounds = 20000;
    int warmup = 1000;
    int repeat = 3;
    double timeout = 120;
    bool down = true, echo = true, latency = true;
    std::string compare = "pipescope";
    std::string self;
};

struct Run
{
    std::string error;    // empty: success
    double mbps = 0;      // throughput, counted from the first byte received
    double wall = 0;      // spawn to exit
    uint64_t session = 0; // session file size
    bool sessionFound = false;
    std::string stderrText;        // what the proxy wrote to stderr
    std::vector<double> latencies; // microseconds
};

// Common tail of every measure: close our ends, wait for the proxy, check its
// status, collect stderr and the session file. killFirst: the run already
// failed while the proxy may still be busy.
void finish(const Proxy &proxy, Process &p, Watchdog &dog, bool killFirst, Run &run)
{
    if (killFirst)
        kill(-p.pid, SIGKILL);
    if (p.in >= 0)
        close(p.in);
    if (p.out >= 0)
        close(p.out);
    p.in = p.out = -1;
    int status = 0;
    while (waitpid(p.pid, &status, 0) < 0 && errno == EINTR) {
    }
    run.wall = secondsSince(p.started);
    bool timedOut = dog.stop();
    kill(-p.pid, SIGKILL); // leftovers in the group, if the proxy left any
    gRunningGroup = 0;
    if (timedOut)
        run.error = "timed out after " + fmt("%.0f", dog.seconds()) + " s (see --timeout)"
                    + (run.error.empty() ? "" : ": " + run.error);
    else if (!killFirst && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
        run.error += (run.error.empty() ? "" : "; ") + std::string("proxy ended with ")
                     + describeStatus(status);
    run.stderrText = readFileHead(gStderrPath, 2000);
    unlink(gStderrPath);
    if (usesSession(proxy)) {
        run.session = fileSize(gSessionPath, &run.sessionFound);
        unlink(gSessionPath);
        if (!run.sessionFound && run.error.empty())
            run.error = "no session file was written";
    }
}

// Reads the stream from p.out until EOF, verifying it against streamAt().
// Sets t0/base at the first byte and tEnd at the last one.
bool readAndVerify(Process &p, uint64_t expected, Run &run, Clock::time_point &t0, uint64_t &base,
                   Clock::time_point &tEnd, bool &sawEof)
{
    sawEof = false;
    static std::vector<unsigned char> buf(kReadBuf);
    uint64_t got = 0;
    for (;;) {
        ssize_t r = readSome(p.out, buf.data(), buf.size());
        if (r < 0) {
            run.error = std::string("read: ") + std::strerror(errno);
            return false;
        }
        if (r == 0) {
            sawEof = true;
            break;
        }
        Clock::time_point now = Clock::now();
        if (got == 0) {
            t0 = now;
            base = uint64_t(r);
        }
        tEnd = now;
        size_t n = size_t(r);
        if (got + n > expected) {
            run.error = "received more than the " + std::to_string(expected) + " bytes sent";
            return false;
        }
        const unsigned char *want = streamAt(got);
        if (std::memcmp(buf.data(), want, n) != 0) {
            size_t i = 0;
            while (buf[i] == want[i])
                ++i;
            run.error = "byte mismatch at offset " + std::to_string(got + i);
            return false;
        }
        got += n;
    }
    if (got != expected) {
        run.error = "short stream: " + std::to_string(got) + " of " + std::to_string(expected)
                    + " bytes arrived";
        return false;
    }
    return true;
}

Run measureDown(const Options &opt, const Proxy &proxy)
{
    Run run;
    Process p;
    uint64_t n = opt.downBytes;
    if (!spawn(commandFor(proxy, {opt.self, "--child", "generate", std::to_string(n)}), p,
               run.error))
        return run;
    Watchdog dog(p.pid, opt.timeout);
    close(p.in); // the generator reads nothing: give it EOF right away
    p.in = -1;
    Clock::time_point t0, tEnd;
    uint64_t base = 0;
    bool sawEof = false;
    bool ok = readAndVerify(p, n, run, t0, base, tEnd, sawEof);
    if (ok && n > base)
        run.mbps = double(n - base) / 1e6 / std::max(1e-9, secondsSince(t0, tEnd));
    finish(proxy, p, dog, !ok && !sawEof, run);
    return run;
}

Run measureEcho(const Options &opt, const Proxy &proxy)
{
    Run run;
    Process p;
    uint64_t n = opt.echoBytes;
    if (!spawn(commandFor(proxy, {opt.self, "--child", "echo"}), p, run.error))
        return run;
    Watchdog dog(p.pid, opt.timeout);

    // The writer streams everything, then closes the proxy's stdin. Like for
    // down, throughput is counted from the first byte that comes back, so the
    // proxy's start-up is not held against it.
    int writeErrno = 0;
    std::thread writer([&] {
        bool ok = true;
        for (uint64_t pos = 0; ok && pos < n;) {
            size_t chunk = size_t(std::min<uint64_t>(kChunk, n - pos));
            ok = writeAll(p.in, streamAt(pos), chunk);
            pos += chunk;
        }
        if (!ok)
            writeErrno = errno;
        close(p.in); // EOF for the echo child once everything is sent
    });

    Clock::time_point t0, tEnd;
    uint64_t base = 0;
    bool sawEof = false;
    bool ok = readAndVerify(p, n, run, t0, base, tEnd, sawEof);
    if (!ok && !sawEof)
        kill(-p.pid, SIGKILL); // unblocks the writer
    writer.join();
    p.in = -1; // closed by the writer
    if (ok && writeErrno != 0) {
        run.error = std::string("write: ") + std::strerror(writeErrno);
        ok = false;
    }
    if (ok && n > base)
        run.mbps = double(n - base) / 1e6 / std::max(1e-9, secondsSince(t0, tEnd));
    finish(proxy, p, dog, !ok && !sawEof, run);
    return run;
}

Run measureLatency(const Options &opt, const Proxy &proxy)
{
    Run run;
    Process p;
    if (!spawn(commandFor(proxy, {opt.self, "--child", "echo"}), p, run.error))
        return run;
    Watchdog dog(p.pid, opt.timeout);
    run.latencies.reserve(size_t(opt.rounds));
    unsigned char msg[kMessage + 1], back[kMessage];
    bool ok = true, sawEof = false;
    for (int i = 0; ok && i < opt.warmup + opt.rounds; ++i) {
        // A 64-byte message framed as a language server's (Content-Length, a JSON body), so that
        // a relay that frames the traffic (pipescope with a rule) cuts it as it would clangd's.
        std::snprintf(reinterpret_cast<char *>(msg), sizeof msg,
                      "Content-Length: 42\r\n\r\n{\"n\":\"%034x\"}", unsigned(i));
        Clock::time_point t = Clock::now();
        if (!writeAll(p.in, msg, kMessage)) {
            run.error = std::string("write: ") + std::strerror(errno);
            ok = false;
            break;
        }
        for (size_t got = 0; got < kMessage;) {
            ssize_t r = readSome(p.out, back + got, kMessage - got);
            if (r <= 0) {
                sawEof = r == 0;
                run.error = r == 0 ? "EOF in round trip " + std::to_string(i)
                                   : std::string("read: ") + std::strerror(errno);
                ok = false;
                break;
            }
            got += size_t(r);
        }
        if (!ok)
            break;
        double us = secondsSince(t) * 1e6;
        if (std::memcmp(msg, back, kMessage) != 0) {
            run.error = "echoed message differs in round trip " + std::to_string(i);
            ok = false;
        } else if (i >= opt.warmup) {
            run.latencies.push_back(us);
        }
    }
    if (ok) {
        close(p.in); // EOF: the echo child exits, the proxy should follow
        p.in = -1;
        char extra;
        ssize_t r = readSome(p.out, &extra, 1);
        if (r != 0) {
            run.error = r > 0 ? "unexpected bytes after the last round trip"
                              : std::string("read: ") + std::strerror(errno);
            ok = false;
        }
    }
    finish(proxy, p, dog, !ok && !sawEof, run);
    return run;
}

// ---------------------------------------------------------------------------
// Reporting.

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

double best(const std::vector<double> &v)
{
    return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
}

double percentile(const std::vector<double> &sorted, double pct)
{
    if (sorted.empty())
        return 0;
    size_t rank = size_t(std::ceil(pct / 100.0 * double(sorted.size())));
    return sorted[std::min(sorted.size() - 1, rank > 0 ? rank - 1 : 0)];
}

struct Measure
{
    std::vector<double> mbps, wall;
    std::vector<double> latencies; // sorted
    std::string failure;
    uint64_t session = 0;
    bool sessionFound = false;
    bool ran = false;
};

struct Results
{
    Measure down, echo, latency;
    bool stderrShown = false;
};

std::string humanBytes(uint64_t n)
{
    return n >= 1000000 ? fmt("%.1f MB", double(n) / 1e6) : fmt("%.1f kB", double(n) / 1e3);
}

std::string binarySize(uint64_t n)
{
    const char *units[] = {"B", "KiB", "MiB", "GiB"};
    int u = 0;
    while (u < 3 && n >= 1024 && n % 1024 == 0) {
        n /= 1024;
        ++u;
    }
    return std::to_string(n) + " " + units[u];
}

bool parseSize(const std::string &text, uint64_t &out)
{
    char *end = nullptr;
    errno = 0;
    double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || errno != 0 || v < 0)
        return false;
    std::string suffix(end);
    uint64_t mult = 1;
    if (!suffix.empty()) {
        char c = char(std::toupper(static_cast<unsigned char>(suffix[0])));
        mult = c == 'K' ? 1ULL << 10 : c == 'M' ? 1ULL << 20 : c == 'G' ? 1ULL << 30 : 0;
        std::string rest = suffix.substr(1);
        if (mult == 0 || !(rest.empty() || rest == "B" || rest == "iB"))
            return false;
    }
    out = uint64_t(v * double(mult));
    return out > 0;
}

std::vector<std::string> splitWords(const std::string &s)
{
    std::vector<std::string> words;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
        size_t j = i;
        while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j])))
            ++j;
        if (j > i)
            words.push_back(s.substr(i, j - i));
        i = j;
    }
    return words;
}

std::string dirOf(const std::string &path)
{
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

bool isExecutable(const std::string &path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

void usage(FILE *to)
{
    std::fprintf(to,
                 "usage: pipebench [OPTIONS]\n"
                 "Measures stdio relays side by side: down and echo throughput (verified\n"
                 "byte for byte) and 64-byte round-trip latency.\n"
                 "\n"
                 "  --proxy NAME          run only this proxy (repeatable): direct, pollrelay,\n"
                 "                        pipescope or a --proxy-cmd name; default: all found\n"
                 "  --proxy-cmd NAME=CMD  add a proxy; CMD is split on spaces, the child command\n"
                 "                        is appended (or replaces a {child} word), {session}\n"
                 "                        becomes a temporary file that is measured and deleted\n"
                 "  --pipescope PATH      pipescope binary (default: ../app/pipescope next to us)\n"
                 "  --pollrelay PATH      pollrelay binary (default: next to pipebench)\n"
                 "  --compare NAME        proxy compared with pollrelay (default: pipescope)\n"
                 "  --only WHAT           throughput | latency | down | echo\n"
                 "  --bytes SIZE          down stream size (default 1G; K/M/G = 2^10/2^20/2^30)\n"
                 "  --echo-bytes SIZE     echo stream size (default 512M)\n"
                 "  --repeat R            runs of each throughput measure (default 3)\n"
                 "  --rounds K            latency round trips (default 20000)\n"
                 "  --warmup W            latency warm-up round trips (default 1000)\n"
                 "  --timeout SEC         kill a run after SEC seconds (default 120)\n"
                 "\n"
                 "Run latency pinned to one CPU: taskset -c 0 pipebench --only latency\n");
}

void printTable(const Options &opt, const std::vector<Proxy> &proxies,
                std::map<std::string, Results> &res)
{
    std::printf("\nResults (1 MB = 1e6 bytes; MB/s counted from the first byte received,"
                " wall time from spawn to exit)\n");
    std::printf("%-12s %26s   %26s   %24s\n", "", "---- down MB/s ----", "---- echo MB/s ----",
                "--- latency us ---");
    std::printf("%-12s %8s %8s %8s   %8s %8s %8s   %8s %8s %8s\n", "proxy", "best", "median",
                "wall s", "best", "median", "wall s", "p50", "p90", "p99");
    auto cell3 = [](const Measure &m, bool enabled, const std::vector<double> *lat) {
        char b[64];
        if (!enabled || !m.ran)
            std::snprintf(b, sizeof b, "%8s %8s %8s", "-", "-", "-");
        else if (!m.failure.empty())
            std::snprintf(b, sizeof b, "%26s", "FAILED");
        else if (lat)
            std::snprintf(b, sizeof b, "%8.1f %8.1f %8.1f", percentile(*lat, 50),
                          percentile(*lat, 90), percentile(*lat, 99));
        else
            std::snprintf(b, sizeof b, "%8.1f %8.1f %8.2f", best(m.mbps), median(m.mbps),
                          median(m.wall));
        return std::string(b);
    };
    for (const Proxy &proxy : proxies) {
        if (!proxy.missing.empty())
            continue;
        Results &r = res[proxy.name];
        std::printf("%-12s %s   %s   %s\n", proxy.name.c_str(),
                    cell3(r.down, opt.down, nullptr).c_str(),
                    cell3(r.echo, opt.echo, nullptr).c_str(),
                    cell3(r.latency, opt.latency, &r.latency.latencies).c_str());
    }
    for (const Proxy &proxy : proxies) {
        if (!proxy.missing.empty() || !usesSession(proxy))
            continue;
        Results &r = res[proxy.name];
        std::string line;
        for (auto [label, m] : {std::pair<const char *, Measure *>{"down", &r.down},
                                {"echo", &r.echo},
                                {"latency", &r.latency}}) {
            if (m->ran && m->sessionFound)
                line
                    += std::string(line.empty() ? "" : ", ") + label + " " + humanBytes(m->session);
        }
        if (!line.empty())
            std::printf("Session file of %s (last run of each measure, deleted): %s\n",
                        proxy.name.c_str(), line.c_str());
    }
}

void printRatios(const Options &opt, std::map<std::string, Results> &res, bool haveCompare,
                 bool havePoll)
{
    const std::string &a = opt.compare;
    std::printf("\n%s / pollrelay        ratio            target    result\n", a.c_str());
    auto unavailable = [&](const Measure &x, const Measure &y) -> const char * {
        if (!haveCompare)
            return "n/a: not run";
        if (!havePoll)
            return "n/a: pollrelay not run";
        if (!x.ran || !y.ran)
            return "n/a: not measured";
        if (!x.failure.empty() || !y.failure.empty())
            return "n/a: a run failed";
        return nullptr;
    };
    auto throughputRow = [&](const char *label, bool enabled, Measure Results::*which) {
        if (!enabled)
            return;
        const Measure &x = res[a].*which, &y = res["pollrelay"].*which;
        if (const char *why = unavailable(x, y)) {
            std::printf("  %-20s %s\n", label, why);
            return;
        }
        double rb = best(x.mbps) / best(y.mbps), rm = median(x.mbps) / median(y.mbps);
        std::printf("  %-20s %5.2f (median %4.2f)  >= 0.5    %s\n", label, rb, rm,
                    rb >= 0.5 ? "met" : "NOT MET");
    };
    throughputRow("down throughput", opt.down, &Results::down);
    throughputRow("echo throughput", opt.echo, &Results::echo);
    if (opt.latency) {
        const Measure &x = res[a].latency, &y = res["pollrelay"].latency;
        if (const char *why = unavailable(x, y)) {
            std::printf("  %-20s %s\n", "latency p50", why);
        } else {
            double r = percentile(x.latencies, 50) / percentile(y.latencies, 50);
            std::printf("  %-20s %5.2f                  <= 2.0    %s\n", "latency p50", r,
                        r <= 2.0 ? "met" : "NOT MET");
        }
        const Measure &ruled = res["pipescope-rule"].latency;
        if (ruled.ran && ruled.failure.empty() && y.ran && y.failure.empty()) {
            const double r = percentile(ruled.latencies, 50) / percentile(y.latencies, 50);
            std::printf("  %-20s %5.2f                  <= 1.5    %s\n", "p50, rule (framing)", r,
                        r <= 1.5 ? "met" : "NOT MET");
        }
    }
    if (opt.down || opt.echo)
        std::printf(
            "(throughput ratios compare the best runs; the median ratio is for information)\n");
}

} // namespace

int main(int argc, char **argv)
{
    // Hidden child modes.
    if (argc >= 3 && std::strcmp(argv[1], "--child") == 0) {
        uint64_t n = 0;
        if (std::strcmp(argv[2], "generate") == 0 && argc == 4 && parseSize(argv[3], n))
            return childGenerate(n);
        if (std::strcmp(argv[2], "echo") == 0 && argc == 3)
            return childEcho();
        std::fprintf(stderr, "pipebench: bad --child arguments\n");
        return 2;
    }

    Options opt;
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    opt.self = len > 0 ? std::string(exe, size_t(len)) : std::string(argv[0]);
    std::string selfDir = dirOf(opt.self);
    std::string pollrelayPath = selfDir + "/pollrelay";
    std::string pipescopePath = dirOf(selfDir) + "/app/pipescope";
    std::vector<std::string> wanted;
    std::vector<std::pair<std::string, std::string>> custom;

    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i], value;
        size_t eq = arg.find('=');
        bool inlineValue = arg.rfind("--", 0) == 0 && eq != std::string::npos;
        if (inlineValue) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        auto next = [&]() -> std::string {
            if (inlineValue)
                return value;
            if (i + 1 >= argc) {
                std::fprintf(stderr, "pipebench: %s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        auto bad = [&](const std::string &v) {
            std::fprintf(stderr, "pipebench: bad value for %s: %s\n", arg.c_str(), v.c_str());
            std::exit(2);
        };
        auto number = [&](int min) {
            std::string v = next();
            char *end = nullptr;
            long n = std::strtol(v.c_str(), &end, 10);
            if (*end || end == v.c_str() || n < min || n > 100000000)
                bad(v);
            return int(n);
        };
        if (arg == "-h" || arg == "--help") {
            usage(stdout);
            return 0;
        } else if (arg == "--bytes" || arg == "--echo-bytes") {
            std::string v = next();
            if (!parseSize(v, arg == "--bytes" ? opt.downBytes : opt.echoBytes))
                bad(v);
        } else if (arg == "--rounds") {
            opt.rounds = number(1);
        } else if (arg == "--warmup") {
            opt.warmup = number(0);
        } else if (arg == "--repeat") {
            opt.repeat = number(1);
        } else if (arg == "--timeout") {
            opt.timeout = number(1);
        } else if (arg == "--only") {
            std::string v = next();
            opt.down = v == "throughput" || v == "down";
            opt.echo = v == "throughput" || v == "echo";
            opt.latency = v == "latency";
            if (!opt.down && !opt.echo && !opt.latency)
                bad(v);
        } else if (arg == "--proxy") {
            wanted.push_back(next());
        } else if (arg == "--proxy-cmd") {
            std::string v = next();
            size_t at = v.find('=');
            if (at == 0 || at == std::string::npos || splitWords(v.substr(at + 1)).empty())
                bad(v);
            custom.emplace_back(v.substr(0, at), v.substr(at + 1));
        } else if (arg == "--pipescope") {
            pipescopePath = next();
        } else if (arg == "--pollrelay") {
            pollrelayPath = next();
        } else if (arg == "--compare") {
            opt.compare = next();
        } else {
            std::fprintf(stderr, "pipebench: unknown option %s (try --help)\n", argv[i]);
            return 2;
        }
    }

    // The proxies, in the order they run.
    std::vector<Proxy> all;
    all.push_back({"direct", {}, ""});
    all.push_back({"pollrelay", {pollrelayPath, "--"}, ""});
    all.push_back({"pipescope", {pipescopePath, "--no-gui", "--record", "{session}", "--"}, ""});
    // pipescope framing both directions and matching each message, as with a breakpoint set.
    all.push_back({"pipescope-rule",
                   {pipescopePath, "--no-gui", "--record", "{session}", "--rules", "{rules}", "--"},
                   ""});
    for (auto &[name, cmd] : custom) {
        const std::string &replaced = name; // C++17 lambdas cannot capture a structured binding
        all.erase(std::remove_if(all.begin(), all.end(),
                                 [&replaced](const Proxy &p) { return p.name == replaced; }),
                  all.end());
        all.push_back({name, splitWords(cmd), ""});
    }
    for (Proxy &p : all) {
        const std::string &bin = p.prefix.empty() ? opt.self : p.prefix[0];
        if (bin.find('/') != std::string::npos && !isExecutable(bin))
            p.missing = "not found at " + bin;
    }
    std::vector<Proxy> proxies;
    bool failed = false;
    if (wanted.empty()) {
        for (const Proxy &p : all) {
            if (!p.missing.empty())
                std::printf("note: skipping %s: %s\n", p.name.c_str(), p.missing.c_str());
            else
                proxies.push_back(p);
        }
    } else {
        for (const std::string &name : wanted) {
            auto it = std::find_if(all.begin(), all.end(),
                                   [&](const Proxy &p) { return p.name == name; });
            if (it == all.end()) {
                std::fprintf(stderr, "pipebench: unknown proxy %s\n", name.c_str());
                return 2;
            }
            if (!it->missing.empty()) {
                std::printf("FAILED: %s: %s\n", name.c_str(), it->missing.c_str());
                failed = true;
            } else if (std::none_of(proxies.begin(), proxies.end(),
                                    [&](const Proxy &p) { return p.name == name; })) {
                proxies.push_back(*it);
            }
        }
    }

    // Temporary directory for session files and captured stderr.
    const char *tmpBase = std::getenv("TMPDIR");
    std::snprintf(gTmpDir, sizeof gTmpDir, "%s/pipebench.XXXXXX",
                  tmpBase && *tmpBase ? tmpBase : "/tmp");
    if (!mkdtemp(gTmpDir)) {
        std::fprintf(stderr, "pipebench: mkdtemp %s: %s\n", gTmpDir, std::strerror(errno));
        return 1;
    }
    std::snprintf(gSessionPath, sizeof gSessionPath, "%s/bench.pcapng", gTmpDir);
    std::snprintf(gStderrPath, sizeof gStderrPath, "%s/stderr.txt", gTmpDir);
    std::snprintf(gRulesPath, sizeof gRulesPath, "%s/rules.json", gTmpDir);
    if (FILE *rules = std::fopen(gRulesPath, "w")) {
        std::fputs("{\"rules\": [{\"match\": \"method == \\\"pipebench/never\\\"\", "
                   "\"action\": \"drop\"}]}\n",
                   rules);
        std::fclose(rules);
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGINT, onInterrupt);
    signal(SIGTERM, onInterrupt);

    cpu_set_t cpus;
    int ncpu = sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : 0;
    std::string plan;
    if (opt.down)
        plan += "down " + binarySize(opt.downBytes) + " x" + std::to_string(opt.repeat) + ", ";
    if (opt.echo)
        plan += "echo " + binarySize(opt.echoBytes) + " x" + std::to_string(opt.repeat) + ", ";
    if (opt.latency)
        plan += "latency " + std::to_string(opt.rounds) + " round trips of "
                + std::to_string(kMessage) + " bytes (+" + std::to_string(opt.warmup)
                + " warm-up), ";
    std::printf("pipebench: %s%d CPU(s) allowed\n", plan.c_str(), ncpu);
    if (opt.latency && ncpu > 1)
        std::printf(
            "note: not pinned to one CPU; latency figures then mostly measure CPU wake-up.\n"
            "      For meaningful latency run: taskset -c 0 %s --only latency\n",
            opt.self.c_str());
    if ((opt.down || opt.echo) && ncpu == 1)
        std::printf(
            "note: pinned to one CPU; throughput then measures time sharing, not the relay.\n");
    for (const Proxy &p : proxies) {
        std::string cmd;
        for (const std::string &w : commandFor(p, {"CHILD"}))
            cmd += (cmd.empty() ? "" : " ") + w;
        std::printf("  %-12s %s\n", p.name.c_str(), cmd.c_str());
    }
    std::fflush(stdout);
    streamAt(0);

    std::map<std::string, Results> res;
    auto record = [&](const Proxy &proxy, const char *what, Measure &m, const Run &run, int rep) {
        Results &r = res[proxy.name];
        m.ran = true;
        m.session = run.session;
        m.sessionFound = run.sessionFound;
        std::string extra;
        if (usesSession(proxy) && run.sessionFound)
            extra = ", session " + humanBytes(run.session);
        if (!run.error.empty()) {
            m.failure = run.error;
            failed = true;
            std::printf("%-8s %-12s FAILED: %s\n", what, proxy.name.c_str(), run.error.c_str());
            if (!run.stderrText.empty())
                std::printf("         its stderr:\n%s\n", run.stderrText.c_str());
        } else if (!run.latencies.empty()) {
            m.latencies = run.latencies;
            std::sort(m.latencies.begin(), m.latencies.end());
            std::printf("%-8s %-12s p50 %.1f us, p90 %.1f us, p99 %.1f us%s\n", what,
                        proxy.name.c_str(), percentile(m.latencies, 50),
                        percentile(m.latencies, 90), percentile(m.latencies, 99), extra.c_str());
        } else {
            m.mbps.push_back(run.mbps);
            m.wall.push_back(run.wall);
            std::printf("%-8s %-12s run %d/%d: %8.1f MB/s, wall %.2f s%s\n", what,
                        proxy.name.c_str(), rep + 1, opt.repeat, run.mbps, run.wall, extra.c_str());
        }
        if (run.error.empty() && !run.stderrText.empty() && !r.stderrShown) {
            r.stderrShown = true;
            std::printf("         note: %s wrote to stderr: %s\n", proxy.name.c_str(),
                        run.stderrText.c_str());
        }
        std::fflush(stdout);
    };

    // Throughput: interleave the proxies within each repetition so that drift
    // on the machine affects them all alike.
    struct Kind
    {
        bool enabled;
        const char *name;
        Measure Results::*measure;
        Run (*run)(const Options &, const Proxy &);
    };
    for (const Kind &kind : {Kind{opt.down, "down", &Results::down, measureDown},
                             Kind{opt.echo, "echo", &Results::echo, measureEcho}}) {
        if (!kind.enabled)
            continue;
        for (int rep = 0; rep < opt.repeat; ++rep) {
            for (const Proxy &proxy : proxies) {
                Measure &m = res[proxy.name].*kind.measure;
                if (!m.failure.empty())
                    continue; // failed once: do not insist
                record(proxy, kind.name, m, kind.run(opt, proxy), rep);
            }
        }
    }
    if (opt.latency) {
        for (const Proxy &proxy : proxies)
            record(proxy, "latency", res[proxy.name].latency, measureLatency(opt, proxy), 0);
    }

    auto ran = [&](const std::string &name) {
        return std::any_of(proxies.begin(), proxies.end(),
                           [&](const Proxy &p) { return p.name == name; });
    };
    printTable(opt, proxies, res);
    printRatios(opt, res, ran(opt.compare), ran("pollrelay"));

    unlink(gSessionPath);
    unlink(gStderrPath);
    unlink(gRulesPath);
    rmdir(gTmpDir);
    if (failed) {
        std::printf("\nFAILED: see the FAILED lines above.\n");
        return 1;
    }
    return 0;
}

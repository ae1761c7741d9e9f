// protocolserver: a tiny server for each framing pipescope decodes, so that tests record real
// traffic of each protocol through the relay. It answers every request it reads on stdin, on
// stdout, and logs a line per message on stderr. One mode per run:
//
//   lsp [--banner] [--alter METHOD] [--pid] [--slow METHOD]
//                   Content-Length framing (LSP). Answers each request {"id":N,"result":...};
//                   after "initialize" it also sends its own request ("s1",
//                   window/workDoneProgress/create) and a window/logMessage notification;
//                   "shutdown" is answered, "exit" ends it. --banner first prints
//                   "debug: starting up\n" on stdout, as a careless server does. --alter
//                   answers METHOD with "altered":true in its result (a changed build, for
//                   replay's tests); --pid puts the process id in initialize's result (a field
//                   that differs from run to run); --slow answers METHOD after 300 ms.
//   ndjson          one JSON-RPC message per line (MCP); answers requests the same way.
//   dap             the Debug Adapter Protocol (Content-Length): answers each request with a
//                   response {"request_seq":seq,"success":true,"body":{"echo":command}}; after
//                   "initialize" it sends the "initialized" event, after "launch" its own
//                   runInTerminal request; "disconnect" is answered and ends it.
//   uci [--alter uci]  a line protocol: "uci" -> "id name protocolserver\nuciok\n" (with
//                   --alter: "id name protocolserver-altered"),
//                   "isready" -> "readyok\n", "quit" ends it.
//   msgpack         msgpack-rpc requests [0, id (fixint), "method" (fixstr), []] answered with
//                   [1, id, nil, "ok"]; it also sends a notification [2, "redraw", []] first.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

#include <unistd.h>
#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

namespace {

std::string alteredMethod; // --alter
std::string slowMethod;    // --slow
bool withPid = false;      // --pid

void writeOut(const std::string &bytes)
{
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    std::fflush(stdout);
}

void logLine(const std::string &line)
{
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
}

// The text of "key": value in a flat JSON message (numbers or strings), or "".
std::string field(const std::string &json, const std::string &key)
{
    const std::string pattern = "\"" + key + "\":";
    const size_t start = json.find(pattern);
    if (start == std::string::npos)
        return std::string();
    size_t begin = start + pattern.size();
    size_t end = begin;
    if (json[begin] == '"') {
        end = json.find('"', begin + 1) + 1;
    } else {
        while (end < json.size() && json[end] != ',' && json[end] != '}')
            ++end;
    }
    return json.substr(begin, end - begin);
}

std::string unquoted(const std::string &text)
{
    return text.size() >= 2 && text.front() == '"' ? text.substr(1, text.size() - 2) : text;
}

std::string lspFrame(const std::string &body)
{
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Answers one JSON-RPC message; returns false when the server should end.
bool answer(const std::string &message, bool framed)
{
    const std::string id = field(message, "id");
    const std::string method = unquoted(field(message, "method"));
    logLine("got " + (method.empty() ? std::string("response ") + id : method));
    const auto send
        = [framed](const std::string &body) { writeOut(framed ? lspFrame(body) : body + "\n"); };
    if (method == "exit")
        return false;
    if (!id.empty() && !method.empty()) {
        if (method == slowMethod)
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        std::string result = "{\"echo\":\"" + method + "\"";
        if (method == alteredMethod)
            result += ",\"altered\":true";
        if (method == "initialize" && withPid)
            result += ",\"pid\":" + std::to_string(getpid());
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}}");
        if (method == "initialize") {
            send(
                R"({"jsonrpc":"2.0","id":"s1","method":"window/workDoneProgress/create","params":{"token":"t"}})");
            send(
                R"({"jsonrpc":"2.0","method":"window/logMessage","params":{"type":3,"message":"ready"}})");
        }
    }
    return true;
}

// Reads the next Content-Length message's body from stdin; false at its end (or on a broken
// header).
bool readFramedBody(std::string *body)
{
    std::string line;
    long length = -1;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!line.empty()) {
            if (line.rfind("Content-Length:", 0) == 0)
                length = std::stol(line.substr(15));
            continue;
        }
        body->assign(size_t(std::max(length, 0L)), '\0');
        return length >= 0 && std::cin.read(body->data(), length);
    }
    return false;
}

int runLsp(bool banner)
{
    if (banner)
        writeOut("debug: starting up\n");
    std::string body;
    while (readFramedBody(&body)) {
        if (!answer(body, true))
            return 0;
    }
    return 0;
}

int runDap()
{
    long seq = 0;
    std::string body;
    while (readFramedBody(&body)) {
        const std::string type = unquoted(field(body, "type"));
        const std::string command = unquoted(field(body, "command"));
        logLine("got " + type + " " + command);
        if (type != "request")
            continue;
        std::string echo = "{\"echo\":\"" + command + "\"";
        if (command == alteredMethod)
            echo += ",\"altered\":true";
        writeOut(lspFrame("{\"seq\":" + std::to_string(++seq)
                          + ",\"type\":\"response\",\"request_seq\":" + field(body, "seq")
                          + ",\"success\":true,\"command\":\"" + command + "\",\"body\":" + echo
                          + "}}"));
        if (command == "initialize")
            writeOut(lspFrame("{\"seq\":" + std::to_string(++seq)
                              + ",\"type\":\"event\",\"event\":\"initialized\"}"));
        if (command == "launch")
            writeOut(lspFrame("{\"seq\":" + std::to_string(++seq)
                              + ",\"type\":\"request\",\"command\":\"runInTerminal\","
                                "\"arguments\":{\"args\":[\"prog\"]}}"));
        if (command == "disconnect")
            return 0;
    }
    return 0;
}

int runNdjson()
{
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!answer(line, false))
            return 0;
    }
    return 0;
}

int runUci()
{
    std::string line;
    while (std::getline(std::cin, line)) {
        logLine("got " + line);
        if (line == "uci")
            writeOut(alteredMethod == "uci" ? "id name protocolserver-altered\nuciok\n"
                                            : "id name protocolserver\nuciok\n");
        else if (line == "isready")
            writeOut("readyok\n");
        else if (line == "quit")
            return 0;
    }
    return 0;
}

int runMsgpack()
{
    writeOut(std::string("\x93\x02\xa6redraw\x90", 10));
    unsigned char head[4];
    while (std::fread(head, 1, 4, stdin) == 4) {
        // 0x94 0x00 id 0xa0|n, then n bytes of method and 0x90
        const unsigned length = head[3] & 0x1f;
        std::string method(length + 1, '\0');
        if (head[0] != 0x94 || head[1] != 0
            || std::fread(method.data(), 1, method.size(), stdin) != method.size())
            return 1;
        method.pop_back();
        logLine("got " + method);
        const char response[] = {char(0x94), 1, char(head[2]), char(0xc0), char(0xa2), 'o', 'k'};
        writeOut(std::string(response, sizeof response));
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    const std::string mode = argc > 1 ? argv[1] : "";
#ifdef _WIN32
    // Bytes stay bytes: no CRLF translation, no Ctrl+Z end of file.
    for (int fd : {0, 1, 2})
        _setmode(fd, _O_BINARY);
#endif
    bool banner = false;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--banner") == 0)
            banner = true;
        else if (std::strcmp(argv[i], "--pid") == 0)
            withPid = true;
        else if (std::strcmp(argv[i], "--alter") == 0 && i + 1 < argc)
            alteredMethod = argv[++i];
        else if (std::strcmp(argv[i], "--slow") == 0 && i + 1 < argc)
            slowMethod = argv[++i];
    }
    if (mode == "lsp")
        return runLsp(banner);
    if (mode == "ndjson")
        return runNdjson();
    if (mode == "dap")
        return runDap();
    if (mode == "uci")
        return runUci();
    if (mode == "msgpack")
        return runMsgpack();
    std::fprintf(stderr, "protocolserver: unknown mode '%s'\n", mode.c_str());
    return 2;
}

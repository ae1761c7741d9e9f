// Fuzzes the filter language: Filter::parse for chunks and for messages, and matching a small
// session (LSP messages, a stderr line, a broken message) with what parsed.
//
// Input: [target: even chunks, odd messages] then the expression, UTF-8 (at most 512 bytes).
//
// Invariants: an error is one line and names a place inside the expression (or none); a filter
// that parses also parses in parentheses, negated, and joined with itself; on every row the
// negation matches exactly where the filter does not, and `F && F`, `F || F` match as F does.
#include "fuzzinput.h"

#include "../helpers/lsp.h"
#include "capture/capturestore.h"
#include "filter/filter.h"
#include "filter/filtersubject.h"
#include "messages/sessionmessages.h"

#include <QtCore/QTemporaryDir>

namespace {

// One session for every run: made once, as a store needs a file.
struct Session
{
    QTemporaryDir dir;
    CaptureStore store;
    std::unique_ptr<SessionMessages> messages;

    Session()
    {
        store.create(dir.filePath(QStringLiteral("f.pcapng")), QString(),
                     PrivateFileCreation::NewFileOnly);
        const qint64 startNs = 1'700'000'000'000'000'000;
        const auto add = [&](Stream stream, qint64 ms, const QByteArray &bytes) {
            store.append(stream, startNs + ms * 1000000, bytes.constData(), bytes.size());
        };
        add(Stream::Stdin, 0,
            lsp(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"a":[1,"x",null]}})"));
        add(Stream::Stdout, 3, lsp(R"({"jsonrpc":"2.0","id":1,"result":{"ok":true}})"));
        add(Stream::Stderr, 4, "log line\n");
        add(Stream::Stdout, 9, lsp(R"({"jsonrpc":"2.0","method":"$/progress","params":{}})"));
        add(Stream::Stdin, 12, lsp(R"({"jsonrpc":"2.0","id":"b","method":"x/y"})"));
        add(Stream::Stdout, 250, lsp(R"({"jsonrpc":"2.0","id":"b","error":{"code":-1}})"));
        add(Stream::Stdout, 251, "Content-Length: 9\r\n\r\n{broken}");
        messages = std::make_unique<SessionMessages>(&store, FramingChoice());
        messages->decodeAll();
    }
};

QList<bool> matchesOfEveryRow(const Filter &filter, const Session &session)
{
    QList<bool> matches;
    if (filter.target() == FilterTarget::Messages) {
        const auto passes = messagePredicate(filter, *session.messages);
        for (qsizetype i = 0; i < session.messages->log().count(); ++i)
            matches.append(passes(i));
    } else {
        const auto passes = chunkPredicate(filter, session.store);
        for (qsizetype i = 0; i < session.store.count(); ++i)
            matches.append(passes(i));
    }
    return matches;
}

QList<bool> matchesOf(const QString &expression, FilterTarget target, const Session &session)
{
    std::optional<ParseError> error;
    const std::optional<Filter> filter = Filter::parse(expression, target, &error);
    FUZZ_CHECK(filter);
    return matchesOfEveryRow(*filter, session);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const Session session;
    FuzzInput input(data, size);
    const FilterTarget target = input.byte() % 2 ? FilterTarget::Messages : FilterTarget::Chunks;
    const QByteArrayView rest = input.rest();
    const QString text = QString::fromUtf8(rest.first(qMin<qsizetype>(rest.size(), 512)));

    std::optional<ParseError> error;
    const std::optional<Filter> filter = Filter::parse(text, target, &error);
    if (!filter) {
        FUZZ_CHECK(error);
        FUZZ_CHECK(error->position >= -1 && error->position <= text.size());
        FUZZ_CHECK(!error->text().contains(u'\n'));
        return 0;
    }
    FUZZ_CHECK(filter->expression() == text && filter->target() == target);
    const QList<bool> matches = matchesOfEveryRow(*filter, session);
    const QString inParentheses = u'(' + text + u')';
    FUZZ_CHECK(matchesOf(inParentheses, target, session) == matches);
    const QList<bool> negated = matchesOf(u'!' + inParentheses, target, session);
    FUZZ_CHECK(negated.size() == matches.size());
    for (qsizetype i = 0; i < matches.size(); ++i)
        FUZZ_CHECK(negated.at(i) != matches.at(i));
    FUZZ_CHECK(matchesOf(inParentheses + QStringLiteral(" && ") + inParentheses, target, session)
               == matches);
    FUZZ_CHECK(matchesOf(inParentheses + QStringLiteral(" || ") + inParentheses, target, session)
               == matches);
    return 0;
}

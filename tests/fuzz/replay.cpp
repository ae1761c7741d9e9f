// Fuzzes replay's comparison: a comparison profile (--profile), an --ignore pattern, and two
// message bodies compared under them, as `pipescope replay` and `diff` do.
//
// Input: four parts apart by NUL bytes: the profile's JSON, the --ignore pattern, the recorded
// body and the new body (JSON).
//
// Invariants: a profile either extends or names its mistake in one line; a body compared with
// itself has no difference; every difference has at least one side present and names a path
// the bodies' text shows (or its parent's, for a value one side lacks); an id put into a JSON-RPC
// or DAP body changes that member and no other.
#include "fuzzinput.h"

#include "codec/jsontokenizer.h"
#include "replay/bodytext.h"
#include "replay/comparisonprofile.h"
#include "replay/messageids.h"
#include "replay/replaymasks.h"
#include "replay/valuediff.h"

#include <QtCore/QJsonObject>
#include <QtCore/QList>

#include <utility>

namespace {

bool shownAtOrAbove(const BodyText &text, TreePath path)
{
    for (;;) {
        if (text.lines.contains(treePathText(path)))
            return true;
        if (path.isEmpty())
            return false;
        path.removeLast();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QList<QByteArray> parts
        = QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)).split('\0');
    const QByteArray profileJson = parts.value(0);
    const QString ignore = QString::fromUtf8(parts.value(1));
    const QByteArray expectedBody = parts.value(2);
    const QByteArray actualBody = parts.value(3);

    ComparisonProfile profile = ComparisonProfile::defaults(ReplayProtocol::JsonRpc);
    QString error;
    if (!profile.extend(profileJson, &error))
        FUZZ_CHECK(!error.isEmpty() && !error.contains(u'\n'));
    ReplayMasks masks = ReplayMasks::defaults(ReplayProtocol::JsonRpc);
    if (!ignore.isEmpty())
        masks.addIgnore(ignore, &error);

    const QJsonValue expected = bodyTree(ReplayProtocol::JsonRpc, expectedBody);
    const QJsonValue actual = bodyTree(ReplayProtocol::JsonRpc, actualBody);
    for (const QByteArray &method : {QByteArray("textDocument/completion"), QByteArray("other")}) {
        const MethodComparison rules = profile.forMethod(method);
        const QJsonValue maskedExpected = masks.apply(expected, QStringLiteral("/tmp/proj"));
        const QJsonValue maskedActual = masks.apply(actual, QStringLiteral("/home/me/proj"));
        FUZZ_CHECK(compareTrees(maskedExpected, maskedExpected, rules).isEmpty());
        const BodyText expectedText = bodyText(expected, rules);
        const BodyText actualText = bodyText(actual, rules);
        for (const ValueDifference &difference :
             compareTrees(maskedExpected, maskedActual, rules)) {
            FUZZ_CHECK(!difference.expected.isUndefined() || !difference.actual.isUndefined());
            FUZZ_CHECK(shownAtOrAbove(expectedText, difference.path)
                       && shownAtOrAbove(actualText, difference.path));
            FUZZ_CHECK(!differencesSummary({difference}).isEmpty());
        }
    }
    // The id goes into a valid JSON-RPC or DAP body in place; every other member stays as it
    // was. (QJsonDocument reads some invalid bodies, such as raw control characters in a
    // string, that the strict tokenizer refuses: those keep their recorded id.)
    for (const auto &[protocol, key] :
         {std::pair(ReplayProtocol::JsonRpc, QStringLiteral("id")),
          std::pair(ReplayProtocol::Dap, QStringLiteral("request_seq"))}) {
        const QJsonValue changed = bodyTree(protocol, withRequestId(protocol, expectedBody, "7"));
        if (!isValidJson(expectedBody) || !expected.isObject()
            || !expected.toObject().contains(key))
            continue;
        QJsonObject want = expected.toObject();
        want.insert(key, 7);
        FUZZ_CHECK(changed == QJsonValue(want));
    }
    withRequestId(ReplayProtocol::MsgpackRpc, expectedBody, "300");
    return 0;
}

#include "replay/bodytext.h"

#include "replay/valuediff.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace {

class BodyWriter
{
public:
    explicit BodyWriter(const MethodComparison &rules)
        : m_rules(rules)
    {
    }

    void write(const QJsonValue &value, TreePath *path, int depth)
    {
        const int first = m_line;
        if (value.isObject() && !value.toObject().isEmpty()) {
            const QJsonObject object = value.toObject();
            m_body.text += u"{\n";
            ++m_line;
            for (auto it = object.begin(); it != object.end(); ++it) {
                indent(depth + 1);
                m_body.text += compactJsonText(it.key()) + u": ";
                path->append(it.key());
                write(it.value(), path, depth + 1);
                path->removeLast();
                endLine(it + 1 != object.end());
            }
            indent(depth);
            m_body.text += u'}';
        } else if (value.isArray() && !value.toArray().isEmpty()) {
            const QJsonArray array = value.toArray();
            const ArrayComparison *rule = m_rules.arrayAt(*path);
            m_body.text += u"[\n";
            ++m_line;
            for (qsizetype i = 0; i < array.size(); ++i) {
                indent(depth + 1);
                path->append(arrayElementStep(array.at(i), rule, i));
                write(array.at(i), path, depth + 1);
                path->removeLast();
                endLine(i + 1 < array.size());
            }
            indent(depth);
            m_body.text += u']';
        } else {
            m_body.text += compactJsonText(value);
        }
        m_body.lines.insert(treePathText(*path), {first, m_line});
    }

    BodyText take() { return std::move(m_body); }

private:
    void indent(int depth) { m_body.text += QString(depth * 2, u' '); }
    void endLine(bool more)
    {
        m_body.text += more ? u",\n" : u"\n";
        ++m_line;
    }

    const MethodComparison &m_rules;
    BodyText m_body;
    int m_line = 0;
};

} // namespace

BodyText bodyText(const QJsonValue &tree, const MethodComparison &rules)
{
    BodyWriter writer(rules);
    TreePath path;
    writer.write(tree, &path, 0);
    return writer.take();
}

#include "filter/filter.h"

#include "codec/textescape.h"
#include "filter/filterlexer.h"
#include "filter/filtersubject.h"

#include <QtCore/QRegularExpression>

#include <algorithm>
#include <cmath>

struct Filter::Node
{
    virtual ~Node() = default;
    virtual bool test(FilterSubject &subject) const = 0;
};

namespace {

using NodePointer = std::unique_ptr<const Filter::Node>;

struct FieldRef
{
    FilterField field;
    QList<FilterPathStep> path;

    FilterValues values(FilterSubject &subject) const
    {
        FilterValues found;
        subject.values(field, path, &found);
        return found;
    }
};

struct AndNode final : Filter::Node
{
    NodePointer left, right;
    bool test(FilterSubject &subject) const override
    {
        return left->test(subject) && right->test(subject);
    }
};

struct OrNode final : Filter::Node
{
    NodePointer left, right;
    bool test(FilterSubject &subject) const override
    {
        return left->test(subject) || right->test(subject);
    }
};

struct NotNode final : Filter::Node
{
    NodePointer operand;
    bool test(FilterSubject &subject) const override { return !operand->test(subject); }
};

struct PresenceNode final : Filter::Node
{
    FieldRef field;
    bool test(FilterSubject &subject) const override { return !field.values(subject).isEmpty(); }
};

// field OP literal: true when any of the field's values compares so. `!=` is true when the field
// has values and none of them equals the literal.
struct CompareNode final : Filter::Node
{
    FieldRef field;
    FilterToken::Type op;
    FilterValue literal;

    bool test(FilterSubject &subject) const override
    {
        const FilterValues values = field.values(subject);
        const auto isLiteral = [this](const FilterValue &value) { return value == literal; };
        if (op == FilterToken::Type::NotEqual)
            return !values.isEmpty() && std::none_of(values.begin(), values.end(), isLiteral);
        if (op == FilterToken::Type::Equal)
            return std::any_of(values.begin(), values.end(), isLiteral);
        return std::any_of(values.begin(), values.end(), [this](const FilterValue &value) {
            const std::optional<int> order = value.order(literal);
            if (!order)
                return false;
            switch (op) {
            case FilterToken::Type::Less:
                return *order < 0;
            case FilterToken::Type::LessEqual:
                return *order <= 0;
            case FilterToken::Type::Greater:
                return *order > 0;
            default:
                return *order >= 0;
            }
        });
    }
};

struct InNode final : Filter::Node
{
    FieldRef field;
    QList<FilterValue> set;
    bool test(FilterSubject &subject) const override
    {
        for (const FilterValue &value : field.values(subject)) {
            if (set.contains(value))
                return true;
        }
        return false;
    }
};

struct ContainsNode final : Filter::Node
{
    FieldRef field;
    FilterValue needle;
    bool test(FilterSubject &subject) const override
    {
        for (const FilterValue &value : field.values(subject)) {
            if (value.holds(needle))
                return true;
        }
        return false;
    }
};

struct MatchesNode final : Filter::Node
{
    FieldRef field;
    QRegularExpression pattern;
    bool test(FilterSubject &subject) const override
    {
        for (const FilterValue &value : field.values(subject)) {
            if (value.type == FilterValue::Type::Text
                && pattern.match(QString::fromUtf8(value.text)).hasMatch()) {
                return true;
            }
        }
        return false;
    }
};

// A field as the parser found it: what it is and how its values compare.
struct ParsedField
{
    FieldRef ref;
    FilterFieldType type;
    const FilterFieldInfo *info; // nullptr for a body path
    QString name;
};

QString typeName(FilterFieldType type)
{
    switch (type) {
    case FilterFieldType::Duration:
        return QStringLiteral("a duration such as 200ms");
    case FilterFieldType::Size:
        return QStringLiteral("a size such as 4KiB");
    default:
        return QStringLiteral("text");
    }
}

class Parser
{
public:
    Parser(const QList<FilterToken> &tokens, FilterTarget target)
        : m_tokens(tokens)
        , m_target(target)
    {
    }

    NodePointer run()
    {
        NodePointer root = orExpression();
        if (root && peek().type != FilterToken::Type::End) {
            fail(QStringLiteral("expected '&&', '||' or the end of the filter, found %1")
                     .arg(describe(peek())),
                 peek().position);
            return nullptr;
        }
        return root;
    }

    const std::optional<ParseError> &error() const { return m_error; }
    quint32 fieldsUsed() const { return m_fieldsUsed; }

private:
    const FilterToken &peek() const { return m_tokens.at(m_at); }
    const FilterToken &take() { return m_tokens.at(m_at++); }

    std::nullptr_t fail(const QString &message, qsizetype position)
    {
        if (!m_error)
            m_error = ParseError{message, position};
        return nullptr;
    }

    static QString describe(const FilterToken &token)
    {
        if (token.type == FilterToken::Type::Name || token.type == FilterToken::Type::Number)
            return QStringLiteral("'%1%2'").arg(QString::fromUtf8(token.text), token.unit);
        return filterTokenName(token.type);
    }

    NodePointer orExpression()
    {
        NodePointer left = andExpression();
        while (left && peek().type == FilterToken::Type::Or) {
            take();
            auto node = std::make_unique<OrNode>();
            node->left = std::move(left);
            node->right = andExpression();
            if (!node->right)
                return nullptr;
            left = std::move(node);
        }
        return left;
    }

    NodePointer andExpression()
    {
        NodePointer left = unary();
        while (left && peek().type == FilterToken::Type::And) {
            take();
            auto node = std::make_unique<AndNode>();
            node->left = std::move(left);
            node->right = unary();
            if (!node->right)
                return nullptr;
            left = std::move(node);
        }
        return left;
    }

    NodePointer unary()
    {
        if (peek().type == FilterToken::Type::Not) {
            take();
            auto node = std::make_unique<NotNode>();
            node->operand = unary();
            return node->operand ? std::move(node) : nullptr;
        }
        if (peek().type == FilterToken::Type::OpenParen) {
            const FilterToken &open = take();
            NodePointer inner = orExpression();
            if (!inner)
                return nullptr;
            if (peek().type != FilterToken::Type::CloseParen) {
                return fail(QStringLiteral("the '(' at column %1 is not closed: found %2")
                                .arg(open.position + 1)
                                .arg(describe(peek())),
                            peek().position);
            }
            take();
            return inner;
        }
        return test();
    }

    NodePointer test()
    {
        const FilterToken &token = peek();
        if (token.type == FilterToken::Type::Number || token.type == FilterToken::Type::String) {
            return fail(QStringLiteral("a test starts with a field, not a value"), token.position);
        }
        if (token.type != FilterToken::Type::Name) {
            return fail(
                QStringLiteral("expected a field, '(' or '!', found %1").arg(describe(token)),
                token.position);
        }
        take();
        std::optional<ParsedField> field = parsedField(token);
        if (!field)
            return nullptr;
        switch (peek().type) {
        case FilterToken::Type::Equal:
        case FilterToken::Type::NotEqual:
        case FilterToken::Type::Less:
        case FilterToken::Type::LessEqual:
        case FilterToken::Type::Greater:
        case FilterToken::Type::GreaterEqual:
            return comparison(std::move(*field));
        case FilterToken::Type::In:
            return inSet(std::move(*field));
        case FilterToken::Type::Contains:
            return contains(std::move(*field));
        case FilterToken::Type::Matches:
            return matches(std::move(*field));
        default: {
            auto node = std::make_unique<PresenceNode>();
            node->field = std::move(field->ref);
            return node;
        }
        }
    }

    std::optional<ParsedField> parsedField(const FilterToken &token)
    {
        const QString name = QString::fromUtf8(token.text);
        if (const FilterFieldInfo *info = filterFieldInfo(token.text)) {
            if (m_target == FilterTarget::Chunks && !info->onChunks) {
                fail(QStringLiteral("'%1' is a field of messages; chunks have stream, dir, len, "
                                    "time, time.rel, data, marked and comment")
                         .arg(name),
                     token.position);
                return std::nullopt;
            }
            m_fieldsUsed |= 1u << int(info->field);
            return ParsedField{{info->field, {}}, info->type, info, name};
        }
        m_fieldsUsed |= 1u << int(FilterField::Body);
        std::optional<QList<FilterPathStep>> path = parseBodyPath(token.text);
        if (!path) {
            fail(QStringLiteral("'%1' is not a field or a path into a body").arg(name),
                 token.position);
            return std::nullopt;
        }
        if (m_target == FilterTarget::Chunks) {
            fail(QStringLiteral("'%1' is not a field of chunks: they have stream, dir, len, "
                                "time, time.rel and data")
                     .arg(name),
                 token.position);
            return std::nullopt;
        }
        return ParsedField{
            {FilterField::Body, std::move(*path)}, FilterFieldType::Json, nullptr, name};
    }

    // The value a literal stands for when compared with `field`, or nullopt (and an error) when
    // the field cannot hold it.
    std::optional<FilterValue> literal(const ParsedField &field)
    {
        const FilterToken &token = take();
        switch (token.type) {
        case FilterToken::Type::Number:
            return number(field, token);
        case FilterToken::Type::String:
        case FilterToken::Type::Name:
            return word(field, token);
        default:
            fail(QStringLiteral("expected a value to compare %1 with, found %2")
                     .arg(field.name, describe(token)),
                 token.position);
            return std::nullopt;
        }
    }

    std::optional<FilterValue> number(const ParsedField &field, const FilterToken &token)
    {
        switch (field.type) {
        case FilterFieldType::Duration:
        case FilterFieldType::Size: {
            const std::optional<double> factor = unitFactor(field.type, token.unit);
            if (!factor) {
                fail(QStringLiteral("'%1' is not a unit of %2: use %3")
                         .arg(token.unit, field.name,
                              field.type == FilterFieldType::Duration
                                  ? QStringLiteral("ns, us, ms, s or min")
                                  : QStringLiteral("B, KB, MB, GB, KiB, MiB or GiB")),
                     token.position + token.text.size());
                return std::nullopt;
            }
            // Whole nanoseconds and bytes: 350ms is 350000000 exactly, as the field's values.
            return FilterValue::fromNumber(std::round(token.number * *factor));
        }
        case FilterFieldType::Json:
            if (!token.unit.isEmpty()) {
                // Often a misspelt field: say how the name was read.
                fail(QStringLiteral("units go with time and size fields; '%1' is none of them "
                                    "(read as a path into the body)")
                         .arg(field.name),
                     token.position + token.text.size());
                return std::nullopt;
            }
            return FilterValue::fromNumber(token.number);
        default:
            fail(QStringLiteral("%1 is %2, not a number").arg(field.name, typeName(field.type)),
                 token.position);
            return std::nullopt;
        }
    }

    std::optional<FilterValue> word(const ParsedField &field, const FilterToken &token)
    {
        if (field.type == FilterFieldType::Duration || field.type == FilterFieldType::Size) {
            fail(QStringLiteral("%1 takes %2").arg(field.name, typeName(field.type)),
                 token.position);
            return std::nullopt;
        }
        if (field.type == FilterFieldType::Json && token.type == FilterToken::Type::Name) {
            if (token.text == "true" || token.text == "false")
                return FilterValue::fromJson(QJsonValue(token.text == "true"));
            if (token.text == "null")
                return FilterValue::fromJson(QJsonValue(QJsonValue::Null));
        }
        if (field.type == FilterFieldType::Choice) {
            const QByteArrayList choices = filterFieldChoices(*field.info);
            if (!choices.contains(token.text)) {
                fail(QStringLiteral("'%1' is not a value of %2: %3")
                         .arg(QString::fromUtf8(escapedText(token.text)), field.name,
                              QString::fromUtf8(choices.join(", "))),
                     token.position);
                return std::nullopt;
            }
        }
        return FilterValue::fromText(token.text);
    }

    NodePointer comparison(ParsedField field)
    {
        const FilterToken &op = take();
        const bool ordering
            = op.type != FilterToken::Type::Equal && op.type != FilterToken::Type::NotEqual;
        if (ordering
            && (field.type == FilterFieldType::Choice || field.type == FilterFieldType::Bytes)) {
            return fail(QStringLiteral("%1 has no order: compare it with == or !=").arg(field.name),
                        op.position);
        }
        std::optional<FilterValue> value = literal(field);
        if (!value)
            return nullptr;
        auto node = std::make_unique<CompareNode>();
        node->field = std::move(field.ref);
        node->op = op.type;
        node->literal = std::move(*value);
        return node;
    }

    NodePointer inSet(ParsedField field)
    {
        take();
        if (peek().type != FilterToken::Type::OpenBrace) {
            return fail(QStringLiteral("'in' takes a set of values: {a b c}"), peek().position);
        }
        take();
        auto node = std::make_unique<InNode>();
        while (peek().type != FilterToken::Type::CloseBrace) {
            if (peek().type == FilterToken::Type::End)
                return fail(QStringLiteral("the set has no closing '}'"), peek().position);
            std::optional<FilterValue> value = literal(field);
            if (!value)
                return nullptr;
            node->set.append(std::move(*value));
            if (peek().type == FilterToken::Type::Comma)
                take();
        }
        take();
        node->field = std::move(field.ref);
        return node;
    }

    NodePointer contains(ParsedField field)
    {
        const FilterToken &op = take();
        if (field.type == FilterFieldType::Duration || field.type == FilterFieldType::Size) {
            return fail(QStringLiteral("%1 is a number: compare it with < or >").arg(field.name),
                        op.position);
        }
        std::optional<FilterValue> needle = literal(field);
        if (!needle)
            return nullptr;
        auto node = std::make_unique<ContainsNode>();
        node->field = std::move(field.ref);
        node->needle = std::move(*needle);
        return node;
    }

    NodePointer matches(ParsedField field)
    {
        const FilterToken &op = take();
        if (field.type == FilterFieldType::Duration || field.type == FilterFieldType::Size) {
            return fail(QStringLiteral("%1 is a number: compare it with < or >").arg(field.name),
                        op.position);
        }
        const FilterToken &token = take();
        if (token.type != FilterToken::Type::String) {
            return fail(QStringLiteral("'matches' takes a regular expression in quotes"),
                        token.position);
        }
        QRegularExpression pattern(QString::fromUtf8(token.text));
        if (!pattern.isValid()) {
            return fail(QStringLiteral("the regular expression does not compile: %1")
                            .arg(pattern.errorString()),
                        token.position);
        }
        pattern.optimize();
        auto node = std::make_unique<MatchesNode>();
        node->field = std::move(field.ref);
        node->pattern = std::move(pattern);
        return node;
    }

    const QList<FilterToken> &m_tokens;
    FilterTarget m_target;
    quint32 m_fieldsUsed = 0; // bits: 1 << FilterField
    qsizetype m_at = 0;
    std::optional<ParseError> m_error;
};

} // namespace

std::optional<Filter> Filter::parse(const QString &expression, FilterTarget target,
                                    std::optional<ParseError> *error)
{
    const std::optional<QList<FilterToken>> tokens = tokenizeFilter(expression, error);
    if (!tokens)
        return std::nullopt;
    if (tokens->first().type == FilterToken::Type::End) {
        *error = ParseError{QStringLiteral("the filter is empty"), -1};
        return std::nullopt;
    }
    Parser parser(*tokens, target);
    NodePointer root = parser.run();
    if (!root) {
        *error = parser.error();
        return std::nullopt;
    }
    Filter filter;
    filter.m_expression = expression;
    filter.m_target = target;
    filter.m_root = std::move(root);
    filter.m_fieldsUsed = parser.fieldsUsed();
    return filter;
}

bool Filter::usesField(FilterField field) const
{
    return m_fieldsUsed & (1u << int(field));
}

bool Filter::usesAnnotations() const
{
    return usesField(FilterField::Marked) || usesField(FilterField::Comment)
           || usesField(FilterField::TimeRel);
}

bool Filter::matches(FilterSubject &subject) const
{
    return m_root->test(subject);
}

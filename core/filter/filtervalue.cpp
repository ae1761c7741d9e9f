#include "filter/filtervalue.h"

#include <QtCore/QJsonArray>

FilterValue FilterValue::fromNumber(double number)
{
    FilterValue value;
    value.type = Type::Number;
    value.number = number;
    return value;
}

FilterValue FilterValue::fromText(QByteArray text)
{
    FilterValue value;
    value.type = Type::Text;
    value.text = std::move(text);
    return value;
}

FilterValue FilterValue::fromJson(const QJsonValue &json)
{
    FilterValue value;
    switch (json.type()) {
    case QJsonValue::Bool:
        value.type = Type::Bool;
        value.boolean = json.toBool();
        break;
    case QJsonValue::Double:
        return fromNumber(json.toDouble());
    case QJsonValue::String:
        return fromText(json.toString().toUtf8());
    case QJsonValue::Array:
        value.type = Type::Array;
        value.json = json;
        break;
    case QJsonValue::Object:
        value.type = Type::Object;
        value.json = json;
        break;
    default:
        break;
    }
    return value;
}

bool FilterValue::operator==(const FilterValue &other) const
{
    if (type != other.type)
        return false;
    switch (type) {
    case Type::Null:
        return true;
    case Type::Bool:
        return boolean == other.boolean;
    case Type::Number:
        return number == other.number;
    case Type::Text:
        return text == other.text;
    case Type::Array:
    case Type::Object:
        return json == other.json;
    }
    return false;
}

std::optional<int> FilterValue::order(const FilterValue &other) const
{
    if (type == Type::Number && other.type == Type::Number)
        return number < other.number ? -1 : number > other.number ? 1 : 0;
    if (type == Type::Text && other.type == Type::Text)
        return text.compare(other.text);
    return std::nullopt;
}

bool FilterValue::holds(const FilterValue &needle) const
{
    if (type == Type::Text && needle.type == Type::Text)
        return text.contains(needle.text);
    if (type == Type::Array) {
        const QJsonArray array = json.toArray();
        for (const QJsonValue &element : array) {
            if (fromJson(element) == needle)
                return true;
        }
    }
    return false;
}

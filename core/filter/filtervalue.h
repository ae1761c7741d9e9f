#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QJsonValue>
#include <QtCore/QVarLengthArray>

// One value of a field, or a literal of a filter. Texts and bytes are both `Text` (UTF-8 for
// texts); durations are nanoseconds and sizes bytes, as Numbers, so that literals with units
// compare exactly.
struct FilterValue
{
    enum class Type : quint8 { Null, Bool, Number, Text, Array, Object };

    Type type = Type::Null;
    bool boolean = false;
    double number = 0;
    QByteArray text;
    QJsonValue json; // Array and Object: the JSON value itself

    static FilterValue fromNumber(double number);
    static FilterValue fromText(QByteArray text);
    static FilterValue fromJson(const QJsonValue &json);

    bool operator==(const FilterValue &other) const;
    // < 0, 0, > 0 for two numbers or two texts; nullopt when they do not order.
    std::optional<int> order(const FilterValue &other) const;
    // A text holds the needle (a text), or an array holds an element equal to it.
    bool holds(const FilterValue &needle) const;
};

// A field may have several values (a message's problems); most have one or none.
using FilterValues = QVarLengthArray<FilterValue, 2>;

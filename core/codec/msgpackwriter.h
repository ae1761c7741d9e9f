#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QCborValue>

// A value as msgpack: what pipescope writes when it answers or sends a msgpack-rpc message
// itself, or forwards one edited as JSON (jsonToCbor keeps member order and exact integers).
// Integers become msgpack integers, doubles float 64, strings str, byte arrays bin; maps keep
// their order.
QByteArray cborToMsgpack(const QCborValue &value);

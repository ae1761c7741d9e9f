#pragma once

#include "codec/msgpackformat.h"

#include <QtCore/QByteArrayView>

#include <array>

// Finds where one msgpack object ends in a byte stream that arrives in arbitrary pieces,
// without buffering it: it keeps only a stack of how many elements each open array/map still
// needs, how many payload bytes of the current scalar/str/bin/ext remain, and the part read so
// far of a length field split between pieces.
class MsgpackFramer
{
public:
    // Consumes bytes of the current object from the start of `data` and returns how many it
    // used: all of them while the object is incomplete, fewer when it completes inside `data`
    // (then isComplete()), up to and including the offending byte when it fails. Returns 0 once
    // complete or failed, until reset().
    qsizetype feed(QByteArrayView data);
    bool isComplete() const { return m_step == Step::Complete; }
    // The byte 0xc1 (never used), or an array/map nested deeper than maxDepth: the stream cannot
    // be framed from here. failedAt() is the offset, counted from the object's first byte, of the
    // offending byte, or -1 when the framer has not failed.
    bool hasFailed() const { return m_step == Step::Failed; }
    qint64 failedAt() const { return m_failedAt; }
    void reset(); // ready for the next object
    static constexpr int maxDepth = msgpack::maxDepth;

private:
    enum class Step : quint8 { Lead, Length, Skip, Complete, Failed };

    bool startItem(quint8 lead);
    void lengthKnown(quint64 length);
    void skip(quint64 bytes);
    void open(quint64 elements);
    void itemDone();

    // Keys and values count as one element each, so a map32 needs up to 2^33 - 2.
    std::array<quint64, maxDepth> m_remaining{};
    quint64 m_skip = 0;
    qint64 m_offset = 0;
    qint64 m_failedAt = -1;
    quint32 m_length = 0;
    int m_depth = 0;
    int m_lengthBytes = 0;
    quint8 m_lead = 0;
    Step m_step = Step::Lead;
};

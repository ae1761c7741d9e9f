#include "editablebody.h"

#include "codec/jsonformat.h"
#include "codec/jsontokenizer.h"
#include "codec/msgpackreader.h"
#include "filter/filtersubject.h"

#include <QtCore/QStringDecoder>

bool isJsonFraming(Framing framing)
{
    return framing == Framing::ContentLength || framing == Framing::JsonLines;
}

QByteArray bareBody(const LiveMessage &message)
{
    QByteArray body = message.body().toByteArray();
    if (message.framing == Framing::Lines || message.framing == Framing::JsonLines) {
        while (body.endsWith('\n') || body.endsWith('\r'))
            body.chop(1);
    }
    return body;
}

bool needsHex(const LiveMessage &message)
{
    if (message.framing == Framing::MsgpackRpc)
        return false;
    const QByteArray body = bareBody(message);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(body);
    return decoder.hasError() || text.contains(QChar(0));
}

QString hexLines(const QByteArray &bytes)
{
    QString text;
    for (qsizetype i = 0; i < bytes.size(); i += 16)
        text += QString::fromLatin1(bytes.mid(i, 16).toHex(' ')) + u'\n';
    return text;
}

QString editableBody(const LiveMessage &message)
{
    // Member order and numbers as written: what is not edited goes on as it was.
    const QByteArray body = message.body().toByteArray();
    if (isJsonFraming(message.framing) && isValidJson(body))
        return QString::fromUtf8(prettyJson(body).text);
    if (message.framing == Framing::MsgpackRpc)
        return QString::fromUtf8(prettyMsgpack(msgpackToCbor(body)).text);
    QString text = QString::fromUtf8(body);
    while (text.endsWith(u'\n') || text.endsWith(u'\r'))
        text.chop(1);
    return text;
}

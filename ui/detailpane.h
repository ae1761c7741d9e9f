#pragma once

#include "capture/stream.h"
#include "messages/framing.h"

#include <QtWidgets/QWidget>

#include <array>
#include <memory>

class ByteSource;
class CaptureStore;
class HexView;
class MessageBodyView;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTabBar;

// A message as the Decoded view shows it.
struct DecodedMessage
{
    QString title; // "request #12 textDocument/hover"
    QByteArray header;
    QByteArray body;
    Framing framing = Framing::Raw;
};

// The bottom pane: the selected bytes as a hex dump or as text, the selected message decoded
// (JSON or msgpack, as text or tree), or the whole conversation as one interleaved text, one
// colour per direction (like Wireshark's Follow Stream).
class DetailPane final : public QWidget
{
    Q_OBJECT

public:
    enum class DisplayMode { Hex, Text, Conversation, Message };

    explicit DetailPane(QWidget *parent = nullptr);

    void setSource(std::shared_ptr<const ByteSource> source);
    const ByteSource *currentSource() const { return m_source.get(); }
    void setDisplayMode(DisplayMode mode);
    DisplayMode displayMode() const { return m_mode; }
    void setWrapText(bool wrap);
    void setFont(const QFont &font);
    // Marks a byte range of the source (a search match) in the hex and the text view and
    // scrolls it into view; a length of 0 clears the mark.
    void setHighlight(qint64 offset, qint64 length);

    // The conversation: the store's records of the visible streams, in order. Call
    // updateConversation() when records were appended.
    void setConversation(const CaptureStore *store, PerStreamWithEvents<bool> visibleStreams);
    void updateConversation();

    // What the Decoded view shows (Messages mode of the timeline): one message, or a request and
    // its response, as tabs (`current` shows first); an empty list clears it.
    void setMessages(const QList<DecodedMessage> &messages, int current = 0);
    // The current row's comment, shown above the bytes; empty hides it.
    void setComment(const QString &comment);
    QString comment() const;
    QTabBar *messageTabBar() const { return m_messageTabs; }

    // What Copy and Save Bytes take: the bytes selected in the hex view, or else all the
    // selected rows' bytes (at most `maxBytes`).
    QByteArray chosenBytes(qint64 maxBytes) const;
    HexView *hexView() const { return m_hexView; }
    MessageBodyView *messageView() const { return m_messageView; }
    QTabBar *tabBar() const { return m_tabs; }

signals:
    // The user picked a view in the pane's tab bar (the View menu does the same).
    void displayModeRequested(DetailPane::DisplayMode mode);

private:
    void updateText();
    void showDecodedMessage(int index);
    void highlightText();
    void rebuildConversation();

    std::shared_ptr<const ByteSource> m_source;
    qint64 m_highlightOffset = 0;
    qint64 m_highlightLength = 0;
    DisplayMode m_mode = DisplayMode::Hex;
    QTabBar *m_tabs;
    QLabel *m_comment;
    QStackedWidget *m_stack;
    QTabBar *m_messageTabs; // a request and its response, above the Decoded view
    QList<DecodedMessage> m_messages;
    HexView *m_hexView;
    QPlainTextEdit *m_textView;
    QPlainTextEdit *m_conversationView;
    MessageBodyView *m_messageView;
    const CaptureStore *m_conversationStore = nullptr;
    PerStreamWithEvents<bool> m_conversationStreams{true};
    qsizetype m_conversationSeen = 0; // records of the store already in the conversation
    qint64 m_conversationBytes = 0;
};

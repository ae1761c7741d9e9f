#include "detailpane.h"

#include "capture/bytesource.h"
#include "capture/capturestore.h"
#include "codec/textescape.h"
#include "hexview.h"
#include "messagebodyview.h"
#include "streamstyle.h"

#include <QtGui/QFontDatabase>
#include <QtGui/QTextCharFormat>
#include <QtGui/QTextCursor>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QTabBar>
#include <QtWidgets/QTextEdit>
#include <QtWidgets/QVBoxLayout>

namespace {

// Text mode shows the start of a large selection; the hex view shows all of it.
constexpr qint64 maxTextBytes = 4 * 1024 * 1024;
// The conversation shows the first this many bytes of a session.
constexpr qint64 maxConversationBytes = 8 * 1024 * 1024;

// Each line of the bytes, escaped (control characters and invalid UTF-8 made visible), keeping
// the line breaks: "\n" is shown and the line ends there.
QString visibleText(const QByteArray &bytes)
{
    QByteArray text = escapedLines(bytes).join('\n');
    if (bytes.endsWith('\n'))
        text += '\n';
    return QString::fromUtf8(text);
}

} // namespace

DetailPane::DetailPane(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabBar(this))
    , m_comment(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_messageTabs(new QTabBar(this))
    , m_hexView(new HexView(this))
    , m_textView(new QPlainTextEdit(this))
    , m_conversationView(new QPlainTextEdit(this))
    , m_messageView(new MessageBodyView(this))
{
    for (QPlainTextEdit *view : {m_textView, m_conversationView}) {
        view->setReadOnly(true);
        view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    }
    m_textView->setPlaceholderText(tr("No bytes selected"));
    m_conversationView->setPlaceholderText(tr("No traffic yet"));
    m_stack->addWidget(m_hexView);
    m_stack->addWidget(m_textView);
    m_stack->addWidget(m_conversationView);
    // The Decoded view: a request and its response are tabs of it, as in DevTools' Network panel.
    auto *messagePage = new QWidget(this);
    auto *messageLayout = new QVBoxLayout(messagePage);
    messageLayout->setContentsMargins(0, 0, 0, 0);
    messageLayout->setSpacing(0);
    messageLayout->addWidget(m_messageTabs);
    messageLayout->addWidget(m_messageView);
    m_messageTabs->setObjectName(QStringLiteral("messageTabs"));
    m_messageTabs->setDocumentMode(true);
    m_messageTabs->setExpanding(false);
    m_messageTabs->hide();
    connect(m_messageTabs, &QTabBar::currentChanged, this, &DetailPane::showDecodedMessage);
    m_stack->addWidget(messagePage);
    // The views as tabs, in DisplayMode order, with the View menu's shortcuts in their tooltips.
    const std::pair<QString, QString> tabs[] = {
        {tr("Hex"), tr("The selected bytes as a hex dump (Ctrl+1)")},
        {tr("Text"), tr("The selected bytes as text, control bytes escaped (Ctrl+2)")},
        {tr("Conversation"), tr("The whole session as one text, a colour per direction (Ctrl+3)")},
        {tr("Decoded"), tr("The selected message's header and body, decoded (Ctrl+4)")},
    };
    for (const auto &[label, tip] : tabs)
        m_tabs->setTabToolTip(m_tabs->addTab(label), tip);
    m_tabs->setDocumentMode(true);
    m_tabs->setDrawBase(false);
    m_tabs->setExpanding(false);
    connect(m_tabs, &QTabBar::tabBarClicked, this, [this](int index) {
        if (index >= 0)
            emit displayModeRequested(DisplayMode(index));
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_tabs);
    layout->addWidget(m_comment);
    layout->addWidget(m_stack);
    // The current row's comment, above its bytes, as a note would be.
    m_comment->setWordWrap(true);
    m_comment->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_comment->setContentsMargins(6, 3, 6, 3);
    m_comment->setStyleSheet(QStringLiteral("background: rgba(255, 200, 0, 60);"));
    m_comment->hide();
    setWrapText(false);
}

QString DetailPane::comment() const
{
    return m_comment->isHidden() ? QString() : m_comment->text();
}

void DetailPane::setComment(const QString &comment)
{
    m_comment->setText(tr("Comment: %1").arg(comment));
    m_comment->setVisible(!comment.isEmpty());
}

void DetailPane::setSource(std::shared_ptr<const ByteSource> source)
{
    m_source = std::move(source);
    m_highlightLength = 0;
    m_hexView->setSource(m_source);
    updateText();
}

void DetailPane::setHighlight(qint64 offset, qint64 length)
{
    m_highlightOffset = offset;
    m_highlightLength = length;
    if (length > 0) {
        m_hexView->setHighlight(offset, length);
        m_hexView->scrollToOffset(offset);
    } else {
        m_hexView->clearHighlight();
    }
    highlightText();
}

void DetailPane::highlightText()
{
    QList<QTextEdit::ExtraSelection> selections;
    if (m_mode == DisplayMode::Text && m_source && m_highlightLength > 0
        && m_highlightOffset + m_highlightLength <= maxTextBytes) {
        // The text escapes byte by byte, so the match's characters start after the escaped
        // bytes before it.
        const int start = int(visibleText(m_source->read(0, m_highlightOffset)).size());
        const int length
            = int(visibleText(m_source->read(m_highlightOffset, m_highlightLength)).size());
        QTextEdit::ExtraSelection selection;
        selection.cursor = QTextCursor(m_textView->document());
        selection.cursor.setPosition(start);
        selection.cursor.setPosition(start + length, QTextCursor::KeepAnchor);
        selection.format.setBackground(palette().highlight());
        selection.format.setForeground(palette().highlightedText());
        selections.append(selection);
        QTextCursor visible = selection.cursor;
        visible.setPosition(start);
        m_textView->setTextCursor(visible);
        m_textView->ensureCursorVisible();
    }
    m_textView->setExtraSelections(selections);
}

void DetailPane::setDisplayMode(DisplayMode mode)
{
    m_mode = mode;
    {
        const QSignalBlocker blocker(m_tabs);
        m_tabs->setCurrentIndex(int(mode));
    }
    switch (mode) {
    case DisplayMode::Hex:
        m_stack->setCurrentWidget(m_hexView);
        break;
    case DisplayMode::Text:
        m_stack->setCurrentWidget(m_textView);
        updateText();
        break;
    case DisplayMode::Conversation:
        m_stack->setCurrentWidget(m_conversationView);
        rebuildConversation();
        break;
    case DisplayMode::Message:
        m_stack->setCurrentWidget(m_messageView->parentWidget());
        break;
    }
}

void DetailPane::setMessages(const QList<DecodedMessage> &messages, int current)
{
    m_messages = messages;
    {
        const QSignalBlocker blocker(m_messageTabs);
        while (m_messageTabs->count() > 0)
            m_messageTabs->removeTab(0);
        for (const DecodedMessage &message : messages)
            m_messageTabs->addTab(message.title);
        m_messageTabs->setCurrentIndex(current);
    }
    m_messageTabs->setVisible(messages.size() > 1);
    showDecodedMessage(messages.isEmpty() ? -1 : current);
}

void DetailPane::showDecodedMessage(int index)
{
    if (index < 0 || index >= m_messages.size()) {
        m_messageView->clear();
        return;
    }
    const DecodedMessage &message = m_messages.at(index);
    m_messageView->showMessage(message.header, message.body, message.framing);
}

void DetailPane::setWrapText(bool wrap)
{
    for (QPlainTextEdit *view : {m_textView, m_conversationView})
        view->setLineWrapMode(wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
}

void DetailPane::setFont(const QFont &font)
{
    m_hexView->setFont(font);
    m_textView->setFont(font);
    m_conversationView->setFont(font);
    m_messageView->setFont(font);
}

void DetailPane::setConversation(const CaptureStore *store,
                                 PerStreamWithEvents<bool> visibleStreams)
{
    m_conversationStore = store;
    m_conversationStreams = visibleStreams;
    if (m_mode == DisplayMode::Conversation)
        rebuildConversation();
}

void DetailPane::rebuildConversation()
{
    m_conversationView->clear();
    m_conversationSeen = 0;
    m_conversationBytes = 0;
    updateConversation();
}

void DetailPane::updateConversation()
{
    if (m_mode != DisplayMode::Conversation || !m_conversationStore)
        return;
    const qsizetype count = m_conversationStore->count();
    if (m_conversationSeen == count)
        return;
    QTextCursor cursor(m_conversationView->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    for (; m_conversationSeen < count && m_conversationBytes < maxConversationBytes;
         ++m_conversationSeen) {
        const ChunkRecord record = m_conversationStore->record(m_conversationSeen);
        if (record.stream == Stream::Event || !m_conversationStreams[record.stream])
            continue;
        QTextCharFormat format;
        format.setForeground(streamColor(record.stream, palette()));
        cursor.insertText(visibleText(m_conversationStore->payload(record)), format);
        m_conversationBytes += record.length;
    }
    if (m_conversationBytes >= maxConversationBytes && m_conversationSeen < count) {
        cursor.insertText(tr("\n[… the conversation shows the first %1 MiB; the timeline has all "
                             "of it]")
                              .arg(maxConversationBytes / (1024 * 1024)),
                          QTextCharFormat());
        m_conversationSeen = count;
    }
    cursor.endEditBlock();
}

QByteArray DetailPane::chosenBytes(qint64 maxBytes) const
{
    if (!m_source)
        return QByteArray();
    const auto range = m_hexView->selectedRange();
    if (m_mode == DisplayMode::Hex && range.length > 0)
        return m_source->read(range.offset, qMin(range.length, maxBytes));
    return m_source->read(0, qMin(m_source->size(), maxBytes));
}

void DetailPane::updateText()
{
    if (m_mode != DisplayMode::Text)
        return;
    if (!m_source || m_source->size() == 0) {
        m_textView->clear();
        return;
    }
    const QByteArray bytes = m_source->read(0, maxTextBytes);
    QString text = visibleText(bytes);
    if (m_source->size() > maxTextBytes)
        text += tr("\n[… %1 more bytes: see the hex view]").arg(m_source->size() - maxTextBytes);
    m_textView->setPlainText(text);
    highlightText();
}

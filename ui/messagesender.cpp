#include "messagesender.h"

#include "codec/inputencoding.h"
#include "codec/jsonformat.h"
#include "codec/jsontokenizer.h"
#include "editablebody.h"
#include "errortext.h"
#include "intercept/interception.h"
#include "messages/sessionmessages.h"
#include "sessionview.h"

#include <QtGui/QFontDatabase>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

namespace {

// Messages people send by hand, by protocol (docs/intercept.md); a request's id is replaced by
// one of pipescope's own. In a cancellation, ${request} is the id of the request selected in the
// timeline, and the cancellation goes the way that request went.
struct MessageTemplate
{
    const char *name;
    Stream towards;
    const char *body;
};
const QLatin1String selectedRequestId("${request}");

constexpr MessageTemplate messageTemplates[] = {
    {"LSP: workspace/didChangeConfiguration", Stream::Stdin,
     R"({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": {}}})"},
    {"LSP: $/cancelRequest (for the selected request)", Stream::Stdin,
     R"({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": ${request}}})"},
    {"LSP: window/showMessage (to the editor)", Stream::Stdout,
     R"({"jsonrpc": "2.0", "method": "window/showMessage", "params": {"type": 3, "message": "from pipescope"}})"},
    {"MCP: notifications/tools/list_changed (to the client)", Stream::Stdout,
     R"({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})"},
    {"MCP: ping (to the server)", Stream::Stdin,
     R"({"jsonrpc": "2.0", "id": 1, "method": "ping"})"},
    {"MCP: notifications/cancelled (for the selected request)", Stream::Stdin,
     R"({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": ${request}, "reason": "cancelled from pipescope"}})"},
};

} // namespace

MessageSender::MessageSender(QWidget *parent)
    : QWidget(parent)
    , m_direction(new QComboBox)
    , m_templates(new QComboBox)
    , m_editor(new QPlainTextEdit)
    , m_format(new QComboBox)
    , m_status(new QLabel)
{
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    m_direction->addItem(tr("to child"), int(Stream::Stdin));
    m_direction->addItem(tr("to parent"), int(Stream::Stdout));
    m_templates->addItem(tr("Template..."));
    for (const MessageTemplate &entry : messageTemplates)
        m_templates->addItem(QString::fromUtf8(entry.name));
    auto *sendButton = new QPushButton(tr("&Send"));
    auto *resendButton = new QPushButton(tr("From &Timeline"));
    resendButton->setToolTip(tr("The message selected in the timeline (Messages mode), to send "
                                "again"));
    m_format->addItem(tr("Message"), int(InputFormat::Text));
    m_format->setItemData(0,
                          tr("JSON (checked, sent on one line) or a text line, framed as the "
                             "stream frames its messages"),
                          Qt::ToolTipRole);
    m_format->addItem(tr("Raw, C escapes"), int(InputFormat::Escaped));
    m_format->setItemData(1,
                          tr("Bytes as they are, unframed: \\n, \\r, \\t, \\xHH, \\0 and the "
                             "other C escapes"),
                          Qt::ToolTipRole);
    m_format->addItem(tr("Raw, hex"), int(InputFormat::Hex));
    m_format->setItemData(2,
                          tr("Bytes as they are, unframed: pairs of hex digits, such as 48 69 0a"),
                          Qt::ToolTipRole);
    auto *row = new QHBoxLayout;
    row->addWidget(m_direction);
    row->addWidget(m_templates, 1);
    row->addWidget(resendButton);
    row->addWidget(m_format);
    row->addWidget(sendButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_status);
    layout->addLayout(row);
    connect(resendButton, &QPushButton::clicked, this, &MessageSender::takeSelectedMessage);
    connect(sendButton, &QPushButton::clicked, this, &MessageSender::send);
    connect(m_templates, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            useTemplate(index - 1);
    });
}

void MessageSender::setView(SessionView *view)
{
    m_view = view;
    m_interception = view ? view->interception() : nullptr;
    setEnabled(m_interception != nullptr);
    m_status->clear();
}

void MessageSender::send()
{
    if (!m_interception)
        return;
    const Stream towards = Stream(m_direction->currentData().toInt());
    if (const auto raw = InputFormat(m_format->currentData().toInt()); raw != InputFormat::Text) {
        const EncodedInput bytes = encodeInput(m_editor->toPlainText(), raw, LineEnding::None);
        if (!bytes.isValid()) {
            showError(tr("Not sent: %1").arg(bytes.error->text()));
            return;
        }
        m_status->clear();
        m_interception->inject(towards, bytes.bytes, true);
        return;
    }
    QByteArray body = m_editor->toPlainText().toUtf8();
    const QByteArray trimmed = body.trimmed();
    // JSON goes on one line (NDJSON needs it); anything else is sent as typed.
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        if (!isValidJson(trimmed)) {
            showError(tr("Not sent: the message is not JSON"));
            return;
        }
        body = minifiedJson(trimmed);
    }
    m_status->clear();
    m_interception->inject(towards, body);
}

qsizetype MessageSender::selectedMessage() const
{
    return m_view && m_view->messages()
                   && m_view->timelineUnit() == SessionView::TimelineUnit::Messages
               ? m_view->currentItem()
               : -1;
}

void MessageSender::takeSelectedMessage()
{
    const qsizetype messageIndex = selectedMessage();
    if (messageIndex < 0) {
        showError(tr("Select a message in the timeline first (Messages mode)"));
        return;
    }
    const SessionMessages *messages = m_view->messages();
    const MessageRecord &record = messages->log().at(messageIndex);
    if (record.stream != Stream::Stdin && record.stream != Stream::Stdout) {
        showError(tr("Only what the parent or the child sent can be sent again"));
        return;
    }
    LiveMessage message;
    message.framing = messages->framing(record.stream).value_or(Framing::Raw);
    message.bytes = messages->body(messageIndex);
    m_direction->setCurrentIndex(m_direction->findData(int(record.stream)));
    m_format->setCurrentIndex(0); // a message
    m_editor->setPlainText(editableBody(message));
    m_status->clear();
}

void MessageSender::useTemplate(int index)
{
    const MessageTemplate &entry = messageTemplates[index];
    QByteArray body = entry.body;
    Stream towards = entry.towards;
    m_format->setCurrentIndex(0); // a message
    m_status->clear();
    if (body.contains(selectedRequestId)) {
        const SelectedRequest request = selectedRequest();
        if (request.id.isEmpty())
            showError(tr("Select the request to cancel in the timeline (Messages mode)"));
        body.replace(selectedRequestId, request.id.isEmpty() ? QByteArray("1") : request.id);
        towards = request.id.isEmpty() ? towards : request.stream;
    }
    m_direction->setCurrentIndex(m_direction->findData(int(towards)));
    m_editor->setPlainText(QString::fromUtf8(prettyJson(body).text));
}

// A request is cancelled by the side that sent it, with its id as that side wrote it.
MessageSender::SelectedRequest MessageSender::selectedRequest() const
{
    const qsizetype messageIndex = selectedMessage();
    if (messageIndex < 0)
        return {};
    const MessageLog &log = m_view->messages()->log();
    const qsizetype request = log.at(messageIndex).kind == MessageKind::Request
                                  ? messageIndex
                                  : log.at(messageIndex).partner; // its response selected
    if (request < 0 || log.at(request).kind != MessageKind::Request)
        return {};
    return {log.at(request).stream, log.idText(log.at(request))};
}

void MessageSender::showError(const QString &text)
{
    showErrorText(m_status, text);
}

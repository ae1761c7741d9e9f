#include "interceptpanel.h"

#include "codec/inputencoding.h"
#include "codec/jsonformat.h"
#include "codec/jsontokenizer.h"
#include "codec/msgpackreader.h"
#include "codec/msgpackwriter.h"
#include "intercept/interception.h"
#include "messages/sessionmessages.h"
#include "sessionview.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTimer>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

namespace {

enum HeldColumn {
    NumberColumn,
    DirectionColumn,
    KindColumn,
    MethodColumn,
    IdColumn,
    HeldColumn,
    SizeColumn,
    ColumnCount
};

bool isJsonFraming(Framing framing)
{
    return framing == Framing::ContentLength || framing == Framing::JsonLines;
}

// The body as the editor shows it: JSON indented (msgpack-rpc as JSON), a line without its end.
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

// Messages people send by hand, by protocol (docs/intercept.md); a request's id is replaced by
// one of pipescope's own.
struct MessageTemplate
{
    const char *name;
    Stream towards;
    const char *body;
};

constexpr MessageTemplate messageTemplates[] = {
    {"LSP: workspace/didChangeConfiguration", Stream::Stdin,
     R"({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": {}}})"},
    {"LSP: $/cancelRequest", Stream::Stdin,
     R"({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 1}})"},
    {"LSP: window/showMessage (to the editor)", Stream::Stdout,
     R"({"jsonrpc": "2.0", "method": "window/showMessage", "params": {"type": 3, "message": "from pipescope"}})"},
    {"MCP: notifications/tools/list_changed (to the client)", Stream::Stdout,
     R"({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})"},
    {"MCP: ping (to the server)", Stream::Stdin,
     R"({"jsonrpc": "2.0", "id": 1, "method": "ping"})"},
};

QString directionText(Stream stream)
{
    return stream == Stream::Stdin ? InterceptPanel::tr("to child")
                                   : InterceptPanel::tr("to parent");
}

} // namespace

InterceptPanel::InterceptPanel(QWidget *parent)
    : QDockWidget(tr("Intercept"), parent)
    , m_expression(new QLineEdit)
    , m_direction(new QComboBox)
    , m_add(new QPushButton(tr("&Add")))
    , m_breakpoints(new QListWidget)
    , m_remove(new QPushButton(tr("&Remove")))
    , m_note(new QLabel)
    , m_held(new QTableWidget(0, ColumnCount))
    , m_body(new QPlainTextEdit)
    , m_result(new QLineEdit(QStringLiteral("null")))
    , m_errorCode(new QSpinBox)
    , m_errorMessage(new QLineEdit(tr("answered by pipescope")))
    , m_sendDirection(new QComboBox)
    , m_templates(new QComboBox)
    , m_sendEditor(new QPlainTextEdit)
    , m_escapes(new QCheckBox(tr("C &escapes")))
    , m_clock(new QTimer(this))
{
    setObjectName(QStringLiteral("interceptDock"));
    m_expression->setPlaceholderText(tr("Break on: method == \"textDocument/hover\""));
    m_direction->addItem(tr("both ways"), int(TrafficDirection::Both));
    m_direction->addItem(tr("to child"), int(TrafficDirection::ToChild));
    m_direction->addItem(tr("to parent"), int(TrafficDirection::ToParent));
    auto *turnOffButton = new QPushButton(tr("Release All and Turn &Off"));
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_expression, 1);
    addRow->addWidget(m_direction);
    addRow->addWidget(m_add);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_remove);
    listButtons->addWidget(turnOffButton);
    listButtons->addStretch();
    m_breakpoints->setMaximumHeight(64);
    m_note->setWordWrap(true);

    m_held->setHorizontalHeaderLabels(
        {tr("#"), tr("Direction"), tr("Kind"), tr("Method"), tr("Id"), tr("Held"), tr("Size")});
    m_held->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_held->setSelectionMode(QAbstractItemView::SingleSelection);
    m_held->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_held->verticalHeader()->hide();
    m_held->horizontalHeader()->setStretchLastSection(true);

    m_errorCode->setRange(INT_MIN, INT_MAX);
    m_errorCode->setValue(-32603);
    const auto button = [this](const QString &text, void (InterceptPanel::*action)()) {
        auto *created = new QPushButton(text);
        connect(created, &QPushButton::clicked, this, action);
        m_heldButtons.append(created);
        return created;
    };
    auto *actions = new QHBoxLayout;
    actions->addWidget(button(tr("&Forward"), &InterceptPanel::forward));
    actions->addWidget(button(tr("Forward &Edited"), &InterceptPanel::forwardEdited));
    actions->addWidget(button(tr("&Drop"), &InterceptPanel::drop));
    actions->addStretch();
    auto *forwardAllButton = new QPushButton(tr("Forward A&ll"));
    actions->addWidget(forwardAllButton);
    auto *answers = new QFormLayout;
    auto *resultRow = new QHBoxLayout;
    resultRow->addWidget(m_result, 1);
    resultRow->addWidget(button(tr("Answer with &Result"), &InterceptPanel::answerWithResult));
    answers->addRow(tr("Result (JSON):"), resultRow);
    auto *errorRow = new QHBoxLayout;
    errorRow->addWidget(m_errorCode);
    errorRow->addWidget(m_errorMessage, 1);
    errorRow->addWidget(button(tr("Answer with E&rror"), &InterceptPanel::answerWithError));
    answers->addRow(tr("Error:"), errorRow);

    // Left: the breakpoints and what they hold; right: the one selected.
    auto *heldPart = new QWidget;
    auto *heldLayout = new QVBoxLayout(heldPart);
    heldLayout->setContentsMargins(0, 0, 0, 0);
    heldLayout->addWidget(m_breakpoints);
    heldLayout->addLayout(listButtons);
    heldLayout->addWidget(m_note);
    heldLayout->addWidget(m_held, 1);
    auto *editPart = new QWidget;
    auto *editLayout = new QVBoxLayout(editPart);
    editLayout->setContentsMargins(0, 0, 0, 0);
    editLayout->addWidget(m_body, 1);
    editLayout->addLayout(actions);
    editLayout->addLayout(answers);
    // Send: a message of pipescope's own, either way.
    m_sendDirection->addItem(tr("to child"), int(Stream::Stdin));
    m_sendDirection->addItem(tr("to parent"), int(Stream::Stdout));
    m_templates->addItem(tr("Template..."));
    for (const MessageTemplate &entry : messageTemplates)
        m_templates->addItem(QString::fromUtf8(entry.name));
    auto *sendButton = new QPushButton(tr("&Send"));
    auto *resendButton = new QPushButton(tr("From &Timeline"));
    resendButton->setToolTip(tr("The message selected in the timeline (Messages mode), to send "
                                "again"));
    m_escapes->setToolTip(tr("Raw bytes: \\n, \\r, \\t, \\xHH, \\0 and the other C escapes"));
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_sendDirection);
    sendRow->addWidget(m_templates, 1);
    sendRow->addWidget(resendButton);
    sendRow->addWidget(m_escapes);
    sendRow->addWidget(sendButton);
    connect(resendButton, &QPushButton::clicked, this, &InterceptPanel::takeSelectedMessage);
    auto *sendPart = new QWidget;
    auto *sendLayout = new QVBoxLayout(sendPart);
    sendLayout->addWidget(m_sendEditor, 1);
    sendLayout->addLayout(sendRow);
    connect(sendButton, &QPushButton::clicked, this, &InterceptPanel::send);
    connect(m_templates, &QComboBox::activated, this, [this](int index) {
        if (index <= 0)
            return;
        const MessageTemplate &entry = messageTemplates[index - 1];
        m_sendDirection->setCurrentIndex(m_sendDirection->findData(int(entry.towards)));
        m_sendEditor->setPlainText(QString::fromUtf8(prettyJson(entry.body).text));
    });
    auto *rightTabs = new QTabWidget;
    rightTabs->addTab(editPart, tr("Held Message"));
    rightTabs->addTab(sendPart, tr("Send"));

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(heldPart);
    splitter->addWidget(rightTabs);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->addLayout(addRow);
    layout->addWidget(splitter, 1);
    setWidget(content);

    connect(m_add, &QPushButton::clicked, this, &InterceptPanel::addBreakpoint);
    connect(m_expression, &QLineEdit::returnPressed, this, &InterceptPanel::addBreakpoint);
    connect(m_remove, &QPushButton::clicked, this, &InterceptPanel::removeBreakpoint);
    connect(turnOffButton, &QPushButton::clicked, this, &InterceptPanel::turnOff);
    connect(forwardAllButton, &QPushButton::clicked, this, &InterceptPanel::forwardAll);
    connect(m_held, &QTableWidget::itemSelectionChanged, this, &InterceptPanel::showSelected);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, &InterceptPanel::showHeld);
    setView(nullptr);
}

void InterceptPanel::setView(SessionView *view)
{
    if (m_interception)
        disconnect(m_interception, nullptr, this, nullptr);
    m_view = view;
    m_interception = view ? view->interception() : nullptr;
    if (m_interception)
        connect(m_interception, &Interception::heldChanged, this, &InterceptPanel::showHeld);
    m_shownId = 0;
    m_body->clear();
    showBreakpoints();
    showHeld();
    updateNote();
}

void InterceptPanel::addBreakpoint()
{
    if (!m_interception)
        return;
    std::optional<ParseError> error;
    const std::optional<Filter> filter
        = Filter::parse(m_expression->text(), FilterTarget::Messages, &error);
    if (!filter) {
        showError(error->text());
        return;
    }
    QList<Breakpoint> breakpoints = m_interception->breakpoints();
    breakpoints.append({*filter, TrafficDirection(m_direction->currentData().toInt())});
    m_interception->setBreakpoints(breakpoints);
    m_expression->clear();
    showBreakpoints();
    updateNote();
}

void InterceptPanel::removeBreakpoint()
{
    const int row = m_breakpoints->currentRow();
    if (!m_interception || row < 0)
        return;
    QList<Breakpoint> breakpoints = m_interception->breakpoints();
    breakpoints.removeAt(row);
    m_interception->setBreakpoints(breakpoints);
    showBreakpoints();
}

void InterceptPanel::turnOff()
{
    if (!m_interception)
        return;
    m_interception->setBreakpoints({}); // which releases every held message
    showBreakpoints();
}

void InterceptPanel::showBreakpoints()
{
    m_breakpoints->clear();
    const bool enabled = m_interception != nullptr;
    for (QWidget *widget :
         {static_cast<QWidget *>(m_expression), static_cast<QWidget *>(m_direction),
          static_cast<QWidget *>(m_add), static_cast<QWidget *>(m_remove)}) {
        widget->setEnabled(enabled);
    }
    if (!m_interception)
        return;
    for (const Breakpoint &breakpoint : m_interception->breakpoints()) {
        m_breakpoints->addItem(QStringLiteral("%1: %2").arg(
            m_direction->itemText(m_direction->findData(int(breakpoint.direction))),
            breakpoint.match.expression()));
    }
}

void InterceptPanel::showHeld()
{
    const qint64 selected = m_shownId;
    const QList<HeldMessage> held = m_interception ? m_interception->held() : QList<HeldMessage>();
    m_held->setRowCount(int(held.size()));
    const qint64 nowNs = QDateTime::currentMSecsSinceEpoch() * 1000000;
    int selectedRow = -1;
    for (int row = 0; row < held.size(); ++row) {
        const HeldMessage &message = held.at(row);
        const QStringList cells{
            QString::number(message.id),
            directionText(message.message.stream),
            QString::fromLatin1(messageKindName(message.message.kind)),
            QString::fromUtf8(message.message.method),
            QString::fromUtf8(message.message.id),
            tr("%1 s").arg(qMax(qint64(0), nowNs - message.heldSinceNs) / 1000000000),
            QString::number(message.message.bytes.size()),
        };
        for (int column = 0; column < ColumnCount; ++column)
            m_held->setItem(row, column, new QTableWidgetItem(cells.at(column)));
        if (message.id == selected)
            selectedRow = row;
    }
    m_held->resizeColumnsToContents();
    if (selectedRow < 0 && !held.isEmpty())
        selectedRow = 0; // the oldest: the one holding up the others
    if (selectedRow >= 0)
        m_held->selectRow(selectedRow);
    else
        showSelected();
    if (held.isEmpty())
        m_clock->stop();
    else if (!m_clock->isActive())
        m_clock->start();
}

const HeldMessage *InterceptPanel::selectedHeld() const
{
    if (!m_interception)
        return nullptr;
    const QList<QTableWidgetItem *> items = m_held->selectedItems();
    if (items.isEmpty())
        return nullptr;
    const int row = items.first()->row();
    const QList<HeldMessage> &held = m_interception->held();
    return row < held.size() ? &held.at(row) : nullptr;
}

void InterceptPanel::showSelected()
{
    const HeldMessage *held = selectedHeld();
    for (QPushButton *button : std::as_const(m_heldButtons))
        button->setEnabled(held != nullptr);
    if (!held) {
        m_shownId = 0;
        m_body->clear();
        return;
    }
    if (held->id == m_shownId)
        return; // keep what the user typed
    m_shownId = held->id;
    m_body->setPlainText(editableBody(held->message));
}

void InterceptPanel::updateNote()
{
    if (!m_view) {
        m_note->setText(QString());
        return;
    }
    if (!m_interception) {
        m_note->setText(tr("Breakpoints apply to a program launched here (File > Launch) or to a "
                           "proxy with its window (pipescope -- PROGRAM), not to a session that "
                           "is only followed or was saved."));
        return;
    }
    QStringList unframed;
    if (const SessionMessages *messages = m_view->messages()) {
        for (const Stream stream : {Stream::Stdin, Stream::Stdout}) {
            const std::optional<Framing> framing = messages->framing(stream);
            if (framing == Framing::Raw || framing == Framing::IdleGap) {
                unframed << tr("%1 is %2")
                                .arg(QString::fromLatin1(streamName(stream)),
                                     QString::fromLatin1(framingName(*framing)));
            }
        }
    }
    m_note->setText(unframed.isEmpty()
                        ? QString()
                        : tr("Breakpoints do not apply to a stream without messages: %1.")
                              .arg(unframed.join(QStringLiteral(", "))));
}

void InterceptPanel::showError(const QString &text)
{
    m_note->setText(
        QStringLiteral("<span style=\"color:#c0392b\">%1</span>").arg(text.toHtmlEscaped()));
}

void InterceptPanel::forward()
{
    if (const HeldMessage *held = selectedHeld())
        m_interception->release(held->id, HeldRelease());
}

void InterceptPanel::forwardEdited()
{
    const HeldMessage *held = selectedHeld();
    if (!held)
        return;
    HeldRelease edited;
    edited.kind = HeldRelease::Kind::ForwardEdited;
    const QByteArray text = m_body->toPlainText().toUtf8();
    const Framing framing = held->message.framing;
    if (isJsonFraming(framing) || framing == Framing::MsgpackRpc) {
        if (!isValidJson(text)) {
            QJsonParseError error;
            QJsonDocument::fromJson(text, &error);
            showError(tr("Not sent: the body is not JSON (%1 at character %2)")
                          .arg(error.errorString())
                          .arg(error.offset + 1));
            return;
        }
        // One line: NDJSON needs it, and Content-Length gets counted anew either way.
        edited.body
            = framing == Framing::MsgpackRpc ? cborToMsgpack(jsonToCbor(text)) : minifiedJson(text);
    } else {
        edited.body = text;
    }
    updateNote();
    m_interception->release(held->id, edited);
}

void InterceptPanel::drop()
{
    HeldRelease dropped;
    dropped.kind = HeldRelease::Kind::Drop;
    if (const HeldMessage *held = selectedHeld())
        m_interception->release(held->id, dropped);
}

void InterceptPanel::answerWithResult()
{
    const HeldMessage *held = selectedHeld();
    if (!held)
        return;
    QJsonParseError error;
    const QJsonDocument document
        = QJsonDocument::fromJson('[' + m_result->text().toUtf8() + ']', &error);
    if (document.isNull()) {
        showError(tr("Not answered: the result is not JSON (%1)").arg(error.errorString()));
        return;
    }
    HeldRelease answer;
    answer.kind = HeldRelease::Kind::Answer;
    answer.result = document.array().at(0);
    updateNote();
    m_interception->release(held->id, answer);
}

void InterceptPanel::answerWithError()
{
    HeldRelease answer;
    answer.kind = HeldRelease::Kind::AnswerError;
    answer.code = m_errorCode->value();
    answer.message = m_errorMessage->text();
    if (const HeldMessage *held = selectedHeld())
        m_interception->release(held->id, answer);
}

void InterceptPanel::send()
{
    if (!m_interception)
        return;
    if (m_escapes->isChecked()) {
        const EncodedInput bytes
            = encodeInput(m_sendEditor->toPlainText(), InputFormat::Escaped, LineEnding::None);
        if (!bytes.isValid()) {
            showError(tr("Not sent: %1").arg(bytes.error->text()));
            return;
        }
        updateNote();
        m_interception->inject(Stream(m_sendDirection->currentData().toInt()), bytes.bytes, true);
        return;
    }
    QByteArray body = m_sendEditor->toPlainText().toUtf8();
    const QByteArray trimmed = body.trimmed();
    // JSON goes on one line (NDJSON needs it); anything else is sent as typed.
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        if (!isValidJson(trimmed)) {
            showError(tr("Not sent: the message is not JSON"));
            return;
        }
        body = minifiedJson(trimmed);
    }
    updateNote();
    m_interception->inject(Stream(m_sendDirection->currentData().toInt()), body);
}

void InterceptPanel::takeSelectedMessage()
{
    const SessionMessages *messages = m_view ? m_view->messages() : nullptr;
    const qsizetype messageIndex
        = m_view && m_view->timelineUnit() == SessionView::TimelineUnit::Messages
              ? m_view->currentItem()
              : -1;
    if (!messages || messageIndex < 0) {
        showError(tr("Select a message in the timeline first (Messages mode)"));
        return;
    }
    const MessageRecord &record = messages->log().at(messageIndex);
    if (record.stream != Stream::Stdin && record.stream != Stream::Stdout) {
        showError(tr("Only what the parent or the child sent can be sent again"));
        return;
    }
    LiveMessage message;
    message.framing = messages->framing(record.stream).value_or(Framing::Raw);
    message.bytes = messages->body(messageIndex);
    m_sendDirection->setCurrentIndex(m_sendDirection->findData(int(record.stream)));
    m_escapes->setChecked(false);
    m_sendEditor->setPlainText(editableBody(message));
    updateNote();
}

void InterceptPanel::forwardAll()
{
    if (m_interception)
        m_interception->releaseAll();
}

#include "interceptpanel.h"

#include "codec/inputencoding.h"
#include "codec/jsonformat.h"
#include "codec/jsontokenizer.h"
#include "codec/msgpackwriter.h"
#include "editablebody.h"
#include "errortext.h"
#include "intercept/interception.h"
#include "messages/sessionmessages.h"
#include "messagesender.h"
#include "ruleseditor.h"
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
    , m_bodyHex(new QCheckBox(tr("He&x")))
    , m_result(new QLineEdit(QStringLiteral("null")))
    , m_errorCode(new QSpinBox)
    , m_errorMessage(new QLineEdit(tr("answered by pipescope")))
    , m_sender(new MessageSender)
    , m_rules(new RulesEditor)
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
    m_bodyHex->setToolTip(tr("The body as hex bytes, sent as they are (re-framed): for binary "
                             "bodies, or to send a malformed one"));
    actions->addWidget(m_bodyHex);
    connect(m_bodyHex, &QCheckBox::toggled, this, &InterceptPanel::toggleHex);
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
    auto *rightTabs = new QTabWidget;
    rightTabs->addTab(editPart, tr("Held Message"));
    rightTabs->addTab(m_sender, tr("Send"));
    rightTabs->addTab(m_rules, tr("Rules"));

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
    m_sender->setView(view);
    m_rules->setInterception(m_interception);
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
    const QSignalBlocker blocker(m_bodyHex);
    m_bodyHex->setChecked(needsHex(held->message));
    m_body->setPlainText(m_bodyHex->isChecked() ? hexLines(bareBody(held->message))
                                                : editableBody(held->message));
}

// The editor's body turned into the other form: hex of what would be sent, or those bytes as
// text (JSON for msgpack-rpc). What does not convert stays, with the reason shown.
void InterceptPanel::toggleHex(bool hex)
{
    const HeldMessage *held = selectedHeld();
    if (!held)
        return;
    std::optional<QByteArray> bytes = editedBody(*held, !hex);
    if (!bytes && hex && isJsonFraming(held->message.framing)) {
        bytes = m_body->toPlainText().toUtf8(); // JSON being edited: its bytes as typed
        updateNote();
    }
    if (!bytes) {
        const QSignalBlocker blocker(m_bodyHex);
        m_bodyHex->setChecked(!hex);
        return;
    }
    if (hex) {
        m_body->setPlainText(hexLines(*bytes));
    } else {
        LiveMessage edited = held->message;
        edited.bytes = *bytes;
        edited.headerLength = 0;
        m_body->setPlainText(editableBody(edited));
    }
    updateNote();
}

// The editor's body as bytes to send (before framing), read as hex or as the message's form;
// nullopt with the mistake shown.
std::optional<QByteArray> InterceptPanel::editedBody(const HeldMessage &held, bool hex)
{
    const QString typed = m_body->toPlainText();
    if (hex) {
        const EncodedInput bytes = encodeInput(typed, InputFormat::Hex, LineEnding::None);
        if (!bytes.isValid()) {
            showError(tr("Not sent: %1").arg(bytes.error->text()));
            return std::nullopt;
        }
        return bytes.bytes;
    }
    const QByteArray text = typed.toUtf8();
    const Framing framing = held.message.framing;
    if (!isJsonFraming(framing) && framing != Framing::MsgpackRpc)
        return text;
    if (!isValidJson(text)) {
        QJsonParseError error;
        QJsonDocument::fromJson(text, &error);
        showError(tr("Not sent: the body is not JSON (%1 at character %2); tick Hex to send "
                     "bytes as they are")
                      .arg(error.errorString())
                      .arg(error.offset + 1));
        return std::nullopt;
    }
    // One line: NDJSON needs it, and Content-Length gets counted anew either way.
    return framing == Framing::MsgpackRpc ? cborToMsgpack(jsonToCbor(text)) : minifiedJson(text);
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
    showErrorText(m_note, text);
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
    const std::optional<QByteArray> body = editedBody(*held, m_bodyHex->isChecked());
    if (!body)
        return;
    HeldRelease edited;
    edited.kind = HeldRelease::Kind::ForwardEdited;
    edited.body = *body;
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

void InterceptPanel::forwardAll()
{
    if (m_interception)
        m_interception->releaseAll();
}

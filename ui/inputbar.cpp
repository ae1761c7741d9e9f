#include "inputbar.h"

#include "errortext.h"
#include "settings.h"

#include <QtCore/QEvent>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QLocale>
#include <QtGui/QAction>
#include <QtGui/QFontDatabase>
#include <QtGui/QKeyEvent>
#include <QtWidgets/QBoxLayout>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QToolButton>

namespace {

void selectData(QComboBox *combo, int value)
{
    const int index = combo->findData(value);
    if (index >= 0)
        combo->setCurrentIndex(index);
}

} // namespace

InputBar::InputBar(QWidget *parent)
    : QWidget(parent)
    , m_lineEdit(new QLineEdit(this))
    , m_formatCombo(new QComboBox(this))
    , m_lineEndingCombo(new QComboBox(this))
    , m_sendButton(new QToolButton(this))
    , m_childButton(new QPushButton(tr("Child"), this))
    , m_errorLabel(new QLabel(this))
    , m_sendFileAction(
          new QAction(QIcon::fromTheme(QStringLiteral("document-send")), tr("Send &File..."), this))
    , m_closeInputAction(new QAction(QIcon::fromTheme(QStringLiteral("media-eject")),
                                     tr("&Close Stdin (EOF)"), this))
    , m_interruptAction(new QAction(tr("&Interrupt (SIGINT)"), this))
    , m_terminateAction(new QAction(tr("&Terminate (SIGTERM)"), this))
    , m_killAction(new QAction(QIcon::fromTheme(QStringLiteral("process-stop")),
                               tr("&Kill (SIGKILL)"), this))
    , m_restartAction(
          new QAction(QIcon::fromTheme(QStringLiteral("view-refresh")), tr("&Restart"), this))
    , m_rememberInputAction(new QAction(tr("Re&member Sent Input"), this))
{
    m_lineEdit->setObjectName(QStringLiteral("inputLineEdit"));
    m_lineEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_lineEdit->setClearButtonEnabled(true);
    m_lineEdit->installEventFilter(this);
    setFocusProxy(m_lineEdit);

    m_formatCombo->setObjectName(QStringLiteral("formatCombo"));
    m_formatCombo->setToolTip(tr("How the typed text becomes bytes"));
    m_formatCombo->addItem(tr("Text"), int(InputFormat::Text));
    m_formatCombo->setItemData(0, tr("The text as UTF-8"), Qt::ToolTipRole);
    m_formatCombo->addItem(tr("C escapes"), int(InputFormat::Escaped));
    m_formatCombo->setItemData(1,
                               tr("UTF-8 with C escapes: \\n \\r \\t \\0 \\\\ \\\" \\' \\a \\b \\f "
                                  "\\v \\e, \\xHH, octal \\NNN, \\uHHHH, \\UHHHHHHHH"),
                               Qt::ToolTipRole);
    m_formatCombo->addItem(tr("Hex"), int(InputFormat::Hex));
    m_formatCombo->setItemData(2,
                               tr("Pairs of hex digits, such as 48 69 0a or 0x48, 0x69; spaces "
                                  "and commas are ignored"),
                               Qt::ToolTipRole);
    m_formatCombo->addItem(tr("Content-Length"), int(InputFormat::ContentLength));
    m_formatCombo->setItemData(3,
                               tr("A JSON message (LSP, DAP), checked, sent on one line after its "
                                  "Content-Length header"),
                               Qt::ToolTipRole);
    m_formatCombo->addItem(tr("msgpack"), int(InputFormat::Msgpack));
    m_formatCombo->setItemData(4,
                               tr("A message typed as JSON, sent as msgpack (Neovim's "
                                  "msgpack-rpc: [0, 1, \"nvim_get_mode\", []])"),
                               Qt::ToolTipRole);

    m_lineEndingCombo->setObjectName(QStringLiteral("lineEndingCombo"));
    m_lineEndingCombo->setToolTip(tr("What is sent after the text"));
    m_lineEndingCombo->addItem(tr("LF"), int(LineEnding::Lf));
    m_lineEndingCombo->setItemData(0, tr("A newline, \\n"), Qt::ToolTipRole);
    m_lineEndingCombo->addItem(tr("CRLF"), int(LineEnding::CrLf));
    m_lineEndingCombo->setItemData(1, tr("Carriage return and newline, \\r\\n"), Qt::ToolTipRole);
    m_lineEndingCombo->addItem(tr("None"), int(LineEnding::None));
    m_lineEndingCombo->setItemData(2, tr("Nothing after the text"), Qt::ToolTipRole);

    auto *sendMenu = new QMenu(this);
    sendMenu->addAction(m_sendFileAction);
    sendMenu->addAction(m_rememberInputAction);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_sendButton->setText(tr("Send"));
    m_sendButton->setToolTip(tr("Send the text to the child's stdin (Enter)"));
    m_sendButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_sendButton->setPopupMode(QToolButton::MenuButtonPopup);
    m_sendButton->setMenu(sendMenu);

    m_sendFileAction->setStatusTip(tr("Send the bytes of a file to the child's stdin"));
    m_closeInputAction->setStatusTip(tr("Close the child's stdin: it reads end of file"));
    m_interruptAction->setStatusTip(tr("Send SIGINT to the child"));
    m_terminateAction->setStatusTip(tr("Send SIGTERM to the child"));
    m_killAction->setStatusTip(tr("Send SIGKILL to the child"));
    m_restartAction->setStatusTip(tr("Start the child again with the same command"));
    m_rememberInputAction->setStatusTip(
        tr("Keep what you send (Up and Down recall it) in pipescope's settings, readable by you "
           "only; off forgets it"));
    m_rememberInputAction->setCheckable(true);
    m_rememberInputAction->setChecked(Settings().remembersInput());
    // Not Ctrl+D, Ctrl+C and the like: the line edit and the timeline use those.
    m_closeInputAction->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    m_interruptAction->setShortcut(QKeySequence(tr("Ctrl+Shift+I")));
    m_terminateAction->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    m_killAction->setShortcut(QKeySequence(tr("Ctrl+Shift+K")));
    m_restartAction->setShortcut(QKeySequence(tr("Ctrl+R")));

    auto *childMenu = new QMenu(this);
    childMenu->addAction(m_closeInputAction);
    childMenu->addSeparator();
    childMenu->addAction(m_interruptAction);
    childMenu->addAction(m_terminateAction);
    childMenu->addAction(m_killAction);
    childMenu->addSeparator();
    childMenu->addAction(m_restartAction);
    m_childButton->setObjectName(QStringLiteral("childButton"));
    m_childButton->setToolTip(tr("Close the child's stdin, signal or restart it"));
    m_childButton->setMenu(childMenu);

    m_errorLabel->setObjectName(QStringLiteral("inputErrorLabel"));
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->hide();
    updateErrorColor();

    auto *row = new QHBoxLayout;
    row->addWidget(m_lineEdit, 1);
    row->addWidget(m_formatCombo);
    row->addWidget(m_lineEndingCombo);
    row->addWidget(m_sendButton);
    row->addWidget(m_childButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(m_errorLabel);

    m_history = Settings().inputHistory().mid(0, maxHistory);
    const InputFormat initialFormat = Settings().inputFormat();
    selectData(m_formatCombo, int(initialFormat));
    selectData(m_lineEndingCombo, int(Settings().lineEnding(initialFormat)));
    m_lineEndingCombo->setEnabled(takesLineEnding(initialFormat));
    updatePlaceholder();

    connect(m_lineEdit, &QLineEdit::returnPressed, this, &InputBar::send);
    connect(m_sendButton, &QToolButton::clicked, this, &InputBar::send);
    // Editing makes the text the draft, even when it came from the history.
    connect(m_lineEdit, &QLineEdit::textEdited, this, [this] { m_historyIndex = -1; });
    connect(m_lineEdit, &QLineEdit::textChanged, this, &InputBar::clearError);
    connect(m_formatCombo, &QComboBox::currentIndexChanged, this, &InputBar::formatChanged);
    connect(m_lineEndingCombo, &QComboBox::currentIndexChanged, this,
            [this] { Settings().setLineEnding(format(), lineEnding()); });
    connect(m_sendFileAction, &QAction::triggered, this, &InputBar::chooseAndSendFile);
    connect(m_closeInputAction, &QAction::triggered, this, [this] {
        // Before the signal: the window may report the child's exit from within it.
        setState(State::InputClosed);
        emit closeInputRequested();
    });
    connect(m_interruptAction, &QAction::triggered, this,
            [this] { emit signalRequested(ProcessSignal::Interrupt); });
    connect(m_terminateAction, &QAction::triggered, this,
            [this] { emit signalRequested(ProcessSignal::Terminate); });
    connect(m_killAction, &QAction::triggered, this,
            [this] { emit signalRequested(ProcessSignal::Kill); });
    connect(m_restartAction, &QAction::triggered, this, &InputBar::restartRequested);
    connect(m_rememberInputAction, &QAction::toggled, this, [this](bool remember) {
        Settings().setRemembersInput(remember);
        if (remember)
            Settings().setInputHistory(m_history);
    });

    setState(State::NoChild);
}

void InputBar::setState(State state)
{
    m_state = state;
    const bool canSend = state == State::Running;
    const bool canSignal = state == State::Running || state == State::InputClosed;
    const bool canRestart = state != State::NoChild;
    const QList<QWidget *> sendControls
        = {m_lineEdit, m_formatCombo, m_lineEndingCombo, m_sendButton};
    for (QWidget *widget : sendControls)
        widget->setEnabled(canSend);
    m_sendFileAction->setEnabled(canSend);
    m_closeInputAction->setEnabled(canSend);
    m_interruptAction->setEnabled(canSignal);
    m_terminateAction->setEnabled(canSignal);
    m_killAction->setEnabled(canSignal);
    m_restartAction->setEnabled(canRestart);
    m_childButton->setEnabled(canRestart);
    if (!canSend)
        clearError();
}

InputFormat InputBar::format() const
{
    return InputFormat(m_formatCombo->currentData().toInt());
}

void InputBar::setFormat(InputFormat format)
{
    selectData(m_formatCombo, int(format));
}

LineEnding InputBar::lineEnding() const
{
    return LineEnding(m_lineEndingCombo->currentData().toInt());
}

void InputBar::setLineEnding(LineEnding ending)
{
    selectData(m_lineEndingCombo, int(ending));
}

QString InputBar::errorText() const
{
    return m_errorLabel->text();
}

void InputBar::send()
{
    if (m_state != State::Running)
        return;
    const QString text = m_lineEdit->text();
    const EncodedInput input = encodeInput(text, format(), lineEnding());
    if (!input.isValid()) {
        showError(input.error->text());
        m_lineEdit->setCursorPosition(int(input.error->position));
        m_lineEdit->setFocus();
        return;
    }
    if (input.bytes.isEmpty())
        return; // empty text and no line ending: nothing to send
    addToHistory(text);
    m_lineEdit->clear();
    emit sendRequested(input.bytes);
}

bool InputBar::sendFile(const QString &fileName)
{
    if (m_state != State::Running)
        return false;
    const QFileInfo info(fileName);
    const QString name = info.fileName();
    if (!info.exists()) {
        showError(tr("%1 does not exist").arg(name));
        return false;
    }
    // Reading a FIFO or a device could block the window, or never end.
    if (!info.isFile()) {
        showError(tr("%1 is not a regular file").arg(name));
        return false;
    }
    const QString tooLarge = tr("%1 is %2; Send File sends at most %3");
    const QLocale locale;
    if (info.size() > maxFileSize) {
        showError(tooLarge.arg(name, locale.formattedDataSize(info.size()),
                               locale.formattedDataSize(maxFileSize)));
        return false;
    }
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot read %1: %2").arg(name, file.errorString()));
        return false;
    }
    const QByteArray bytes = file.read(maxFileSize + 1);
    if (bytes.size() > maxFileSize) { // it grew since we looked
        showError(tooLarge.arg(name, locale.formattedDataSize(bytes.size()),
                               locale.formattedDataSize(maxFileSize)));
        return false;
    }
    if (bytes.isEmpty() && info.size() > 0) {
        showError(tr("Cannot read %1: %2").arg(name, file.errorString()));
        return false;
    }
    clearError();
    if (!bytes.isEmpty())
        emit sendRequested(bytes);
    return true;
}

bool InputBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_lineEdit && event->type() == QEvent::KeyPress) {
        const auto *keyEvent = static_cast<QKeyEvent *>(event);
        const bool plain = (keyEvent->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
        if (plain && keyEvent->key() == Qt::Key_Up) {
            walkHistory(1);
            return true;
        }
        if (plain && keyEvent->key() == Qt::Key_Down) {
            walkHistory(-1);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void InputBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        updateErrorColor();
    QWidget::changeEvent(event);
}

void InputBar::chooseAndSendFile()
{
    Settings settings;
    const QString fileName
        = QFileDialog::getOpenFileName(this, tr("Send File"), settings.sendFileDirectory());
    if (fileName.isEmpty())
        return;
    settings.setSendFileDirectory(QFileInfo(fileName).absolutePath());
    sendFile(fileName);
}

void InputBar::addToHistory(const QString &text)
{
    m_historyIndex = -1;
    m_draft.clear();
    if (text.isEmpty() || (!m_history.isEmpty() && m_history.constFirst() == text))
        return;
    m_history.prepend(text);
    if (m_history.size() > maxHistory)
        m_history.resize(maxHistory);
    Settings().setInputHistory(m_history);
}

// step 1 goes back to older entries, -1 forward to newer ones and at last to the draft.
void InputBar::walkHistory(int step)
{
    const int index = m_historyIndex + step;
    if (index < -1 || index >= m_history.size())
        return;
    if (m_historyIndex == -1)
        m_draft = m_lineEdit->text();
    m_historyIndex = index;
    m_lineEdit->setText(index == -1 ? m_draft : m_history.at(index));
}

void InputBar::showError(const QString &message)
{
    m_errorLabel->setText(message);
    m_errorLabel->setToolTip(message);
    m_errorLabel->show();
}

void InputBar::clearError()
{
    m_errorLabel->clear();
    m_errorLabel->setToolTip(QString());
    m_errorLabel->hide();
}

void InputBar::updateErrorColor()
{
    QPalette palette = m_errorLabel->palette();
    palette.setColor(QPalette::WindowText, errorColor(this->palette()));
    m_errorLabel->setPalette(palette);
}

void InputBar::updatePlaceholder()
{
    switch (format()) {
    case InputFormat::Text:
        m_lineEdit->setPlaceholderText(tr("Type to send to the child's stdin…"));
        break;
    case InputFormat::Escaped:
        m_lineEdit->setPlaceholderText(
            tr("Type to send; C escapes such as \\n \\x1b \\u00e9 work"));
        break;
    case InputFormat::Hex:
        m_lineEdit->setPlaceholderText(tr("Hex bytes to send, such as 48 69 0a or 0x48, 0x69"));
        break;
    case InputFormat::ContentLength:
        m_lineEdit->setPlaceholderText(
            tr("A JSON message, such as {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": "
               "\"initialize\", \"params\": {}}"));
        break;
    case InputFormat::Msgpack:
        m_lineEdit->setPlaceholderText(
            tr("A message as JSON, such as [0, 1, \"nvim_get_mode\", []]"));
        break;
    }
}

void InputBar::formatChanged()
{
    const InputFormat current = format();
    Settings().setInputFormat(current);
    {
        const QSignalBlocker blocker(m_lineEndingCombo);
        selectData(m_lineEndingCombo, int(Settings().lineEnding(current)));
    }
    m_lineEndingCombo->setEnabled(takesLineEnding(current));
    updatePlaceholder();
    clearError();
}

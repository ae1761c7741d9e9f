#include "ruleseditor.h"

#include "errortext.h"
#include "intercept/interception.h"
#include "intercept/interceptrule.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtGui/QFontDatabase>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

namespace {

// What an empty editor suggests: the shape of a rules file.
const char placeholder[] = R"({"rules": [
  {"match": "method == \"textDocument/hover\"", "direction": "to-child",
   "action": "error", "code": -32803, "message": "injected failure"},
  {"match": "method == \"textDocument/completion\" && kind == response",
   "direction": "to-parent", "action": "delay", "ms": 300}
]})";

const QString rulesFiles = QStringLiteral("Rules files (*.json);;All files (*)");

} // namespace

RulesEditor::RulesEditor(QWidget *parent)
    : QWidget(parent)
    , m_editor(new QPlainTextEdit)
    , m_status(new QLabel)
    , m_apply(new QPushButton(tr("A&pply")))
    , m_open(new QPushButton(tr("&Open...")))
    , m_save(new QPushButton(tr("Sa&ve As...")))
{
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setPlaceholderText(QString::fromUtf8(placeholder));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    m_apply->setToolTip(tr("Put these rules in force on the running session (docs/rules.md)"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_open);
    buttons->addWidget(m_save);
    buttons->addWidget(m_apply);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor, 1);
    layout->addLayout(buttons);
    connect(m_apply, &QPushButton::clicked, this, &RulesEditor::apply);
    connect(m_open, &QPushButton::clicked, this, &RulesEditor::chooseAndOpen);
    connect(m_save, &QPushButton::clicked, this, &RulesEditor::chooseAndSave);
    setInterception(nullptr);
}

void RulesEditor::setInterception(Interception *interception)
{
    m_interception = interception;
    for (QWidget *widget : {static_cast<QWidget *>(m_editor), static_cast<QWidget *>(m_apply),
                            static_cast<QWidget *>(m_open)}) {
        widget->setEnabled(interception != nullptr);
    }
    m_editor->setPlainText(interception ? QString::fromUtf8(interception->rulesJson()) : QString());
    showInForce();
}

bool RulesEditor::apply()
{
    if (!m_interception)
        return false;
    const QByteArray json = m_editor->toPlainText().toUtf8();
    QList<InterceptRule> rules;
    if (!json.trimmed().isEmpty()) {
        QString error;
        const std::optional<QList<InterceptRule>> parsed
            = parseInterceptRules(json, tr("the rules"), &error);
        if (!parsed) {
            showError(tr("Not applied: %1").arg(error));
            return false;
        }
        rules = *parsed;
    }
    m_interception->setRules(rules, json);
    showInForce();
    return true;
}

bool RulesEditor::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot open %1: %2").arg(QFileInfo(path).fileName(), file.errorString()));
        return false;
    }
    m_editor->setPlainText(QString::fromUtf8(file.readAll()));
    return apply();
}

bool RulesEditor::saveFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(m_editor->toPlainText().toUtf8()) < 0 || !file.flush()) {
        showError(tr("Cannot save %1: %2").arg(QFileInfo(path).fileName(), file.errorString()));
        return false;
    }
    file.close();
    m_status->setText(
        tr("Saved to %1. %2").arg(QFileInfo(path).fileName().toHtmlEscaped(), m_status->text()));
    return true;
}

void RulesEditor::showInForce()
{
    if (!m_interception) {
        m_status->setText(tr("Rules apply to a session this window relays: a program launched "
                             "here, or pipescope -- PROGRAM with its window."));
        return;
    }
    const qsizetype count = m_interception->rules().size();
    if (count == 0)
        m_status->setText(tr("No rules in force."));
    else if (count == 1)
        m_status->setText(tr("1 rule in force."));
    else
        m_status->setText(tr("%1 rules in force.").arg(count));
}

void RulesEditor::showError(const QString &text)
{
    showErrorText(m_status, text);
}

void RulesEditor::chooseAndOpen()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Open Rules"), QString(), rulesFiles);
    if (!path.isEmpty())
        openFile(path);
}

void RulesEditor::chooseAndSave()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Rules As"),
                                                      QStringLiteral("rules.json"), rulesFiles);
    if (!path.isEmpty())
        saveFile(path);
}

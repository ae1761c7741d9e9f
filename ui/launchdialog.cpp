#include "launchdialog.h"

#include "capture/sessionevent.h"
#include "codec/shellwords.h"
#include "relay/programlocator.h"
#include "settings.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtGui/QTextDocument>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

namespace {

// A label for a field's error: red, wrapped, hidden until there is an error.
QLabel *newErrorLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QPalette palette = label->palette();
    const bool darkTheme = palette.color(QPalette::Window).lightness() < 128;
    palette.setColor(QPalette::WindowText,
                     darkTheme ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28));
    label->setPalette(palette);
    label->hide();
    return label;
}

void showError(QLabel *label, const QString &error)
{
    // The core's messages are phrases ("unterminated single quote ..."): show them as sentences.
    QString text = error;
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

// The field and its error label below it, with no gap while the label is hidden.
QLayout *withError(QLayout *field, QLabel *error)
{
    auto *layout = new QVBoxLayout;
    layout->setSpacing(2);
    layout->addLayout(field);
    layout->addWidget(error);
    return layout;
}

QLayout *withError(QWidget *field, QLabel *error)
{
    auto *layout = new QHBoxLayout;
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field);
    return withError(layout, error);
}

QLayout *withButton(QWidget *field, QPushButton *button)
{
    auto *layout = new QHBoxLayout;
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field, 1);
    layout->addWidget(button);
    return layout;
}

QString historyToolTip(const LaunchRequest &request)
{
    QString tip = request.displayText();
    if (!request.environment.isEmpty()) {
        tip += u'\n'
               + LaunchDialog::tr("Environment: %1 (values not kept)")
                     .arg(request.environmentNames().join(QStringLiteral(", ")));
    }
    return tip;
}

} // namespace

LaunchDialog::LaunchDialog(QWidget *parent)
    : QDialog(parent)
    , m_history(loadHistory())
    , m_recentCombo(new QComboBox(this))
    , m_programEdit(new QLineEdit(this))
    , m_programError(newErrorLabel(QStringLiteral("programError"), this))
    , m_argumentsEdit(new QLineEdit(this))
    , m_argumentsError(newErrorLabel(QStringLiteral("argumentsError"), this))
    , m_workingDirectoryEdit(new QLineEdit(this))
    , m_workingDirectoryError(newErrorLabel(QStringLiteral("workingDirectoryError"), this))
    , m_environmentEdit(new QPlainTextEdit(this))
    , m_environmentError(newErrorLabel(QStringLiteral("environmentError"), this))
{
    setWindowTitle(tr("Launch Program"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 80);

    m_recentCombo->setObjectName(QStringLiteral("recentCombo"));
    m_recentCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_recentCombo->setMinimumContentsLength(30);
    for (const LaunchRequest &entry : std::as_const(m_history)) {
        m_recentCombo->addItem(entry.displayText());
        m_recentCombo->setItemData(m_recentCombo->count() - 1, historyToolTip(entry),
                                   Qt::ToolTipRole);
    }
    m_recentCombo->setPlaceholderText(tr("No recent launches"));
    m_recentCombo->setEnabled(!m_history.isEmpty());
    m_recentCombo->setCurrentIndex(-1);

    m_programEdit->setObjectName(QStringLiteral("programEdit"));
    m_programEdit->setPlaceholderText(tr("Name in PATH, or path to an executable"));
    m_programEdit->setClearButtonEnabled(true);
    auto *browseProgramButton = new QPushButton(tr("&Browse…"), this);
    browseProgramButton->setAutoDefault(false);

    m_argumentsEdit->setObjectName(QStringLiteral("argumentsEdit"));
    m_argumentsEdit->setPlaceholderText(tr("Quoted as in a shell: --log=verbose 'two words'"));
    m_argumentsEdit->setClearButtonEnabled(true);

    m_workingDirectoryEdit->setObjectName(QStringLiteral("workingDirectoryEdit"));
    m_workingDirectoryEdit->setPlaceholderText(QDir::toNativeSeparators(QDir::currentPath()));
    m_workingDirectoryEdit->setClearButtonEnabled(true);
    auto *browseDirectoryButton = new QPushButton(tr("Br&owse…"), this);
    browseDirectoryButton->setAutoDefault(false);

    m_environmentEdit->setObjectName(QStringLiteral("environmentEdit"));
    m_environmentEdit->setPlaceholderText(tr("NAME=VALUE, one per line"));
    m_environmentEdit->setTabChangesFocus(true);
    m_environmentEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_environmentEdit->setFixedHeight(m_environmentEdit->fontMetrics().lineSpacing() * 5
                                      + 2 * m_environmentEdit->frameWidth()
                                      + int(2 * m_environmentEdit->document()->documentMargin()));
    auto *environmentNote = new QLabel(
        tr("Added to pipescope's own environment for this program. The values are passed to the "
           "program only: neither the session file nor Recent keeps them (Recent fills in the "
           "names)."),
        this);
    environmentNote->setWordWrap(true);
    environmentNote->setForegroundRole(QPalette::PlaceholderText);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_launchButton = buttons->button(QDialogButtonBox::Ok);
    m_launchButton->setText(tr("Launch"));
    m_launchButton->setDefault(true);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // Each label's mnemonic focuses its field.
    const auto addRow = [this, form](const QString &text, QWidget *buddy, QLayout *field) {
        auto *label = new QLabel(text, this);
        label->setBuddy(buddy);
        form->addRow(label, field);
    };
    form->addRow(tr("Rec&ent:"), m_recentCombo);
    addRow(tr("&Program:"), m_programEdit,
           withError(withButton(m_programEdit, browseProgramButton), m_programError));
    addRow(tr("&Arguments:"), m_argumentsEdit, withError(m_argumentsEdit, m_argumentsError));
    addRow(tr("&Working directory:"), m_workingDirectoryEdit,
           withError(withButton(m_workingDirectoryEdit, browseDirectoryButton),
                     m_workingDirectoryError));
    QLayout *environmentLayout = withError(m_environmentEdit, m_environmentError);
    environmentLayout->addWidget(environmentNote);
    addRow(tr("E&nvironment:"), m_environmentEdit, environmentLayout);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(buttons);

    connect(m_recentCombo, &QComboBox::activated, this, &LaunchDialog::applyHistoryEntry);
    connect(browseProgramButton, &QPushButton::clicked, this, &LaunchDialog::browseProgram);
    connect(browseDirectoryButton, &QPushButton::clicked, this,
            &LaunchDialog::browseWorkingDirectory);
    connect(m_programEdit, &QLineEdit::textChanged, this, &LaunchDialog::validate);
    connect(m_argumentsEdit, &QLineEdit::textChanged, this, &LaunchDialog::validate);
    connect(m_workingDirectoryEdit, &QLineEdit::textChanged, this, &LaunchDialog::validate);
    connect(m_environmentEdit, &QPlainTextEdit::textChanged, this, &LaunchDialog::validate);
    connect(buttons, &QDialogButtonBox::accepted, this, &LaunchDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &LaunchDialog::reject);

    if (!m_history.isEmpty())
        applyHistoryEntry(0);
    validate();
    m_programEdit->setFocus();
}

LaunchRequest LaunchDialog::request() const
{
    LaunchRequest request;
    request.program = m_programEdit->text().trimmed();
    request.arguments = splitCommandLine(m_argumentsEdit->text());
    request.workingDirectory = m_workingDirectoryEdit->text().trimmed();
    request.environment = environmentLines();
    return request;
}

void LaunchDialog::setRequest(const LaunchRequest &request)
{
    m_programEdit->setText(request.program);
    m_argumentsEdit->setText(joinedCommandLine(request.arguments));
    m_workingDirectoryEdit->setText(request.workingDirectory);
    m_environmentEdit->setPlainText(request.environment.join(u'\n'));
    m_programEdit->selectAll();
    validate();
}

QList<LaunchRequest> LaunchDialog::loadHistory()
{
    QList<LaunchRequest> history;
    const QVariantList entries = Settings().launchHistory();
    bool heldValues = false;
    for (const QVariant &entry : entries) {
        heldValues = heldValues || entry.toMap().contains(QStringLiteral("environment"));
        if (const auto request = LaunchRequest::fromVariantMap(entry.toMap())) {
            if (!history.contains(*request))
                history.append(*request);
        }
        if (history.size() == maxLaunchHistory)
            break;
    }
    if (heldValues)
        saveHistory(history); // an earlier version kept environment values: forget them now
    return history;
}

void LaunchDialog::saveHistory(const QList<LaunchRequest> &history)
{
    QVariantList entries;
    for (const LaunchRequest &entry : history)
        entries.append(entry.toVariantMap());
    Settings().setLaunchHistory(entries);
}

void LaunchDialog::accept()
{
    validate();
    if (!m_launchButton->isEnabled())
        return;
    // Where the relay will look for it, so that a launch that cannot start is not accepted.
    const QString program = m_programEdit->text().trimmed();
    const QString directory = m_workingDirectoryEdit->text().trimmed();
    const LocatedProgram located
        = locateProgram(program, directory.isEmpty() ? QDir::currentPath() : directory,
                        QString::fromLocal8Bit(qgetenv("PATH")));
    if (located.path.isEmpty()) {
        showError(m_programError, located.error);
        growToFit();
        m_programEdit->setFocus();
        return;
    }
    m_history = historyWith(loadHistory(), request().withoutEnvironmentValues());
    saveHistory(m_history);
    QDialog::accept();
}

void LaunchDialog::browseProgram()
{
    QString startDirectory = m_workingDirectoryEdit->text().trimmed();
    const QString program = m_programEdit->text().trimmed();
    if (program.contains(u'/'))
        startDirectory = QFileInfo(QDir(startDirectory), program).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose Program"), startDirectory);
    if (!path.isEmpty())
        m_programEdit->setText(QDir::toNativeSeparators(path));
}

void LaunchDialog::browseWorkingDirectory()
{
    const QString path = QFileDialog::getExistingDirectory(
        this, tr("Choose Working Directory"), m_workingDirectoryEdit->text().trimmed());
    if (!path.isEmpty())
        m_workingDirectoryEdit->setText(QDir::toNativeSeparators(path));
}

void LaunchDialog::applyHistoryEntry(int index)
{
    if (index < 0 || index >= m_history.size())
        return;
    if (m_recentCombo->currentIndex() != index)
        m_recentCombo->setCurrentIndex(index);
    setRequest(m_history.at(index));
}

void LaunchDialog::validate()
{
    showError(m_programError, QString()); // checked again on Launch
    QString argumentsError;
    splitCommandLine(m_argumentsEdit->text(), &argumentsError);
    showError(m_argumentsError, argumentsError);

    QString directoryError;
    const QString directory = m_workingDirectoryEdit->text().trimmed();
    if (!directory.isEmpty()) {
        const QFileInfo info(directory);
        if (!info.exists())
            directoryError = tr("No such directory");
        else if (!info.isDir())
            directoryError = tr("Not a directory");
    }
    showError(m_workingDirectoryError, directoryError);

    QString environmentError;
    const QStringList lines = m_environmentEdit->toPlainText().split(u'\n');
    for (qsizetype i = 0; i < lines.size() && environmentError.isEmpty(); ++i) {
        if (lines.at(i).trimmed().isEmpty())
            continue;
        const QString error = validateEnvironmentEntry(lines.at(i));
        if (!error.isEmpty())
            environmentError = tr("Line %1: %2").arg(i + 1).arg(error);
    }
    showError(m_environmentError, environmentError);

    m_launchButton->setEnabled(!m_programEdit->text().trimmed().isEmpty()
                               && argumentsError.isEmpty() && directoryError.isEmpty()
                               && environmentError.isEmpty());
    growToFit();
}

void LaunchDialog::growToFit()
{
    // A shown error label may need more height than the dialog has: the top-level layout's
    // minimum size does not account for word-wrapped labels.
    if (!isVisible())
        return;
    QLayout *dialogLayout = layout();
    dialogLayout->activate();
    const int needed = dialogLayout->hasHeightForWidth()
                           ? dialogLayout->totalHeightForWidth(width())
                           : dialogLayout->totalSizeHint().height();
    if (needed > height())
        resize(width(), needed);
}

QStringList LaunchDialog::environmentLines() const
{
    QStringList entries;
    const QStringList lines = m_environmentEdit->toPlainText().split(u'\n');
    for (const QString &line : lines) {
        if (!line.trimmed().isEmpty())
            entries.append(line);
    }
    return entries;
}

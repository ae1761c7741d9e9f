#include "sessionspanel.h"

#include "models/sessionsmodel.h"
#include "settings.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QLocale>
#include <QtCore/QUrl>
#include <QtGui/QDesktopServices>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

namespace {

// Recent sessions listed: enough to find yesterday's; the directory keeps them all.
constexpr int recentLimit = 50;

} // namespace

SessionsPanel::SessionsPanel(QWidget *parent)
    : QDockWidget(tr("Sessions"), parent)
    , m_model(new SessionsModel(recentLimit, this))
    , m_table(new QTableView(this))
    , m_openButton(new QPushButton(tr("&Open"), this))
    , m_revealButton(new QPushButton(tr("&Reveal"), this))
    , m_deleteButton(new QPushButton(tr("&Delete..."), this))
    , m_openNew(new QCheckBox(tr("Open new sessions &automatically"), this))
    , m_directorySize(new QLabel(this))
{
    setObjectName(QStringLiteral("sessions"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    // A few dozen rows: every column as wide as it needs, but the command, which can be long.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(SessionsModel::CommandColumn,
                                                      QHeaderView::Interactive);
    m_table->setColumnWidth(SessionsModel::CommandColumn, 180);
    m_revealButton->setToolTip(tr("Show the session file's folder"));
    m_deleteButton->setToolTip(tr("Delete the session file"));
    m_openNew->setChecked(Settings().opensNewSessions());

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_openButton);
    buttons->addWidget(m_revealButton);
    buttons->addWidget(m_deleteButton);
    buttons->addSpacing(12);
    buttons->addWidget(m_openNew);
    buttons->addStretch(1);
    buttons->addWidget(m_directorySize);
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    setWidget(content);

    connect(m_table, &QTableView::activated, this, &SessionsPanel::openSelected);
    connect(m_openButton, &QPushButton::clicked, this, &SessionsPanel::openSelected);
    connect(m_revealButton, &QPushButton::clicked, this, &SessionsPanel::revealSelected);
    connect(m_deleteButton, &QPushButton::clicked, this, &SessionsPanel::deleteSelected);
    connect(m_openNew, &QCheckBox::toggled, this,
            [](bool open) { Settings().setOpensNewSessions(open); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SessionsPanel::updateButtons);
    // A refresh may reorder the rows: the selection follows its session, not its row.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const int row = selectedRow();
        m_selectedFile = row < 0 ? QString() : m_model->session(row).sessionFile;
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_selectedFile.isEmpty())
            select(m_selectedFile);
        updateButtons();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &SessionsPanel::updateButtons);
    connect(m_model, &SessionsModel::sessionStarted, this,
            [this](const QString &file, const QString &entry, bool showInMonitor) {
                if (showInMonitor || m_openNew->isChecked())
                    emit openRequested(file, entry);
            });
    updateButtons();
}

int SessionsPanel::selectedRow() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

bool SessionsPanel::select(const QString &sessionFile)
{
    const int row = m_model->rowOf(sessionFile);
    if (row < 0)
        return false;
    m_table->selectRow(row);
    return true;
}

void SessionsPanel::updateButtons()
{
    const int row = selectedRow();
    m_openButton->setEnabled(row >= 0);
    m_revealButton->setEnabled(row >= 0);
    m_deleteButton->setEnabled(row >= 0 && !m_model->session(row).live);
    updateDirectorySize();
}

void SessionsPanel::updateDirectorySize()
{
    m_directorySize->setText(tr("Sessions directory: %1")
                                 .arg(QLocale().formattedDataSize(m_model->directorySize(), 1,
                                                                  QLocale::DataSizeIecFormat)));
    m_directorySize->setToolTip(QDir::toNativeSeparators(sessionsDirectory()));
}

void SessionsPanel::openSelected()
{
    const int row = selectedRow();
    if (row >= 0)
        emit openRequested(m_model->session(row).sessionFile, m_model->session(row).registryEntry);
}

void SessionsPanel::revealSelected()
{
    const int row = selectedRow();
    if (row >= 0) {
        QDesktopServices::openUrl(
            QUrl::fromLocalFile(QFileInfo(m_model->session(row).sessionFile).absolutePath()));
    }
}

void SessionsPanel::deleteSelected()
{
    const int row = selectedRow();
    if (row < 0 || m_model->session(row).live)
        return;
    const QString path = m_model->session(row).sessionFile;
    const auto answer = QMessageBox::question(
        this, tr("Delete Session"),
        tr("Delete %1?\nThe session file is removed for good.").arg(QFileInfo(path).fileName()),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    if (!QFile::remove(path)) {
        QMessageBox::warning(this, tr("Delete Session"),
                             tr("Cannot delete %1.").arg(QDir::toNativeSeparators(path)));
    }
    m_model->refresh();
}

#include "welcomepage.h"

#include "appicon.h"

#include <QtWidgets/QLabel>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
    , m_recent(new QListWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    auto *title = new QLabel(tr("<h2>pipescope</h2><p>Launch a program and talk to it, or open a "
                                "saved session. To watch a program that something else starts, "
                                "put <tt>pipescope --</tt> in front of its command line.</p>"),
                             this);
    title->setWordWrap(true);
    layout->addWidget(title);
    auto *buttons = new QHBoxLayout;
    auto *launchButton
        = new QPushButton(appIcon(QStringLiteral("launch")), tr("Launch Program..."), this);
    auto *openButton
        = new QPushButton(appIcon(QStringLiteral("open")), tr("Open Session..."), this);
    connect(launchButton, &QPushButton::clicked, this, &WelcomePage::launchRequested);
    connect(openButton, &QPushButton::clicked, this, &WelcomePage::openRequested);
    buttons->addWidget(launchButton);
    buttons->addWidget(openButton);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addWidget(new QLabel(tr("Recent sessions:"), this));
    connect(m_recent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { emit recentFileActivated(item->text()); });
    layout->addWidget(m_recent, 2);
    layout->addStretch(1);
    setMaximumWidth(900);
}

void WelcomePage::setRecentFiles(const QStringList &files)
{
    m_recent->clear();
    m_recent->addItems(files);
}

#include "hiddenrowsnote.h"

#include <QtCore/QEvent>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

HiddenRowsNote::HiddenRowsNote(QWidget *viewport)
    : QFrame(viewport)
    , m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("hiddenRowsNote"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_text->setAlignment(Qt::AlignCenter);
    auto *button = new QPushButton(tr("Show Everything"), this);
    button->setToolTip(tr("Show every stream, clear the message filters and Only matching rows"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(button, 0, Qt::AlignCenter);
    connect(button, &QPushButton::clicked, this, &HiddenRowsNote::showEverythingRequested);
    viewport->installEventFilter(this);
    hide();
}

void HiddenRowsNote::update(qsizetype shown, qsizetype total, const QString &unitName)
{
    const bool allHidden = shown == 0 && total > 0;
    if (allHidden) {
        m_text->setText(tr("All %1 %2 are hidden by the stream toggles, the filters or Only "
                           "matching rows.")
                            .arg(total)
                            .arg(unitName));
        place();
    }
    setVisible(allHidden);
}

bool HiddenRowsNote::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parent() && event->type() == QEvent::Resize)
        place();
    return QFrame::eventFilter(watched, event);
}

void HiddenRowsNote::place()
{
    const QWidget *viewport = parentWidget();
    adjustSize();
    const int width = std::min(sizeHint().width(), viewport->width());
    move((viewport->width() - width) / 2, std::min(40, viewport->height() / 4));
    resize(width, sizeHint().height());
}

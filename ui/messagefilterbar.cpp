#include "messagefilterbar.h"

#include "messages/sessionmessages.h"

#include <QtCore/QSignalBlocker>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>

#include <map>

MessageFilterBar::MessageFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_method(new QComboBox(this))
    , m_kind(new QComboBox(this))
    , m_errorsOnly(new QCheckBox(tr("&Errors only"), this))
    , m_framing(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    auto *methodLabel = new QLabel(tr("&Method:"), this);
    methodLabel->setBuddy(m_method);
    m_method->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_method->setMinimumContentsLength(24);
    m_method->setAccessibleName(tr("Method filter"));
    auto *kindLabel = new QLabel(tr("&Kind:"), this);
    kindLabel->setBuddy(m_kind);
    m_kind->addItem(tr("All kinds"), -1);
    for (MessageKind kind : {MessageKind::Request, MessageKind::Response,
                             MessageKind::ErrorResponse, MessageKind::Notification,
                             MessageKind::Data, MessageKind::Unframed, MessageKind::Event}) {
        m_kind->addItem(QString::fromLatin1(messageKindName(kind)), int(kind));
    }
    m_errorsOnly->setToolTip(tr("Error responses and messages with problems"));
    layout->addWidget(methodLabel);
    layout->addWidget(m_method);
    layout->addWidget(kindLabel);
    layout->addWidget(m_kind);
    layout->addWidget(m_errorsOnly);
    layout->addStretch(1);
    layout->addWidget(m_framing);

    const auto changed = [this] { emit filterChanged(); };
    connect(m_method, &QComboBox::currentIndexChanged, this, changed);
    connect(m_kind, &QComboBox::currentIndexChanged, this, changed);
    connect(m_errorsOnly, &QCheckBox::toggled, this, changed);
    rebuildMethods();
}

void MessageFilterBar::setMessages(const SessionMessages *messages)
{
    m_messages = messages;
    m_methodCounts.clear();
    m_countedRows = 0;
    reset();
    refresh();
}

void MessageFilterBar::refresh()
{
    rebuildMethods();
    QStringList framings;
    for (const Stream stream : byteStreams) {
        const std::optional<Framing> framing
            = m_messages ? m_messages->framing(stream) : std::nullopt;
        if (framing) {
            framings.append(
                QStringLiteral("%1: %2").arg(QString::fromLatin1(streamName(stream)),
                                             QString::fromLatin1(framingName(*framing))));
        }
    }
    m_framing->setText(framings.join(QStringLiteral(" · ")));
}

void MessageFilterBar::countNewMessages()
{
    if (!m_messages)
        return;
    const MessageLog &log = m_messages->log();
    m_methodCounts.resize(log.methodCount(), 0);
    for (; m_countedRows < log.count(); ++m_countedRows) {
        const qint32 method = log.effectiveMethod(m_countedRows);
        if (method >= 0)
            ++m_methodCounts[method];
    }
}

void MessageFilterBar::rebuildMethods()
{
    countNewMessages();
    // In name order; the item keeps the method's index in the log.
    std::map<QByteArray, qint32> byName;
    if (m_messages) {
        const MessageLog &log = m_messages->log();
        for (qint32 method = 0; method < log.methodCount(); ++method)
            byName[log.methodName(method)] = method;
    }
    const QVariant selected = m_method->currentData();
    const QSignalBlocker blocker(m_method);
    m_method->clear();
    m_method->addItem(tr("All methods"), -1);
    for (const auto &[name, method] : byName) {
        m_method->addItem(
            QStringLiteral("%1 (%2)").arg(QString::fromUtf8(name)).arg(m_methodCounts.at(method)),
            method);
    }
    m_method->setCurrentIndex(std::max(0, m_method->findData(selected)));
}

MessageFilter MessageFilterBar::filter() const
{
    MessageFilter filter;
    filter.method = m_method->currentData().toInt();
    const int kind = m_kind->currentData().toInt();
    if (kind >= 0)
        filter.kind = MessageKind(kind);
    filter.errorsOnly = m_errorsOnly->isChecked();
    return filter;
}

void MessageFilterBar::reset()
{
    const QSignalBlocker methodBlocker(m_method);
    const QSignalBlocker kindBlocker(m_kind);
    const QSignalBlocker errorsBlocker(m_errorsOnly);
    m_method->setCurrentIndex(0);
    m_kind->setCurrentIndex(0);
    m_errorsOnly->setChecked(false);
}

#pragma once

#include "models/messagemodel.h"

#include <QtWidgets/QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class SessionMessages;

// Above the timeline in Messages mode: filters by method (with how many messages each has), by
// kind, and errors only; and shows how each stream is framed.
class MessageFilterBar final : public QWidget
{
    Q_OBJECT

public:
    explicit MessageFilterBar(QWidget *parent = nullptr);

    void setMessages(const SessionMessages *messages); // nullptr: nothing to filter
    // The log grew: counts the new messages' methods. Cheap for a batch: call after each.
    void countNewMessages();
    // Shows the counts and the framings (call at most a few times a second).
    void refresh();
    // The method, kind and errors-only parts of the filter.
    MessageFilter filter() const;
    void reset();

signals:
    void filterChanged();

private:
    void rebuildMethods();

    const SessionMessages *m_messages = nullptr;
    // Messages per method index of the log, over its first m_countedRows rows. A row's method is
    // final once it is in the log (a response is paired before it joins), so counts only grow.
    QList<qsizetype> m_methodCounts;
    qsizetype m_countedRows = 0;
    QComboBox *m_method;
    QComboBox *m_kind;
    QCheckBox *m_errorsOnly;
    QLabel *m_framing;
};

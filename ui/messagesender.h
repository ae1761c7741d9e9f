#pragma once

#include "capture/stream.h"

#include <QtCore/QByteArray>
#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

class Interception;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class SessionView;

// The Intercept dock's Send tab (docs/intercept.md): a message of one's own, to the child as if
// the parent sent it or to the parent as if the child sent it, typed, from a template or taken
// from the timeline, framed as that stream frames its messages; or raw bytes spelled with C
// escapes or in hex.
class MessageSender final : public QWidget
{
    Q_OBJECT

public:
    explicit MessageSender(QWidget *parent = nullptr);

    // The session on screen; sending needs its Interception (a session this window relays).
    void setView(SessionView *view);

    QComboBox *directionChoice() const { return m_direction; }
    QComboBox *templates() const { return m_templates; }
    QPlainTextEdit *editor() const { return m_editor; }
    // A message, or raw bytes spelled with C escapes or in hex.
    QComboBox *formatChoice() const { return m_format; }
    QLabel *statusLabel() const { return m_status; }

    // Sends the editor's message: JSON checked and made one line; raw, the bytes it spells.
    void send();
    // The message selected in the timeline (Messages mode) into the editor, its way kept.
    void takeSelectedMessage();

private:
    struct SelectedRequest
    {
        Stream stream = Stream::Stdin;
        QByteArray id; // as its sender wrote it; empty when none is selected
    };

    void useTemplate(int index); // of the templates' list
    SelectedRequest selectedRequest() const;
    qsizetype selectedMessage() const; // in Messages mode; -1 when none
    void showError(const QString &text);

    QPointer<SessionView> m_view;
    QPointer<Interception> m_interception;
    QComboBox *m_direction;
    QComboBox *m_templates;
    QPlainTextEdit *m_editor;
    QComboBox *m_format;
    QLabel *m_status;
};

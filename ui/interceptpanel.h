#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QPointer>
#include <QtWidgets/QDockWidget>

#include <optional>

class Interception;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class MessageSender;
class QTimer;
class RulesEditor;
class SessionView;
struct HeldMessage;

// The Intercept dock (View > Intercept, docs/intercept.md): the breakpoints of the session on
// screen, the messages they hold with how long each has been held, and what to do with the one
// selected: forward it, forward it edited (its body in an editor, re-framed on the way), drop it,
// or answer it here with a result or an error; messages of one's own to send; the rules in force.
// Breakpoints apply to a session relayed by this window: a program launched here, or a proxy with
// its window.
class InterceptPanel final : public QDockWidget
{
    Q_OBJECT

public:
    explicit InterceptPanel(QWidget *parent = nullptr);

    void setView(SessionView *view);

    QLineEdit *expressionEdit() const { return m_expression; }
    QComboBox *directionChoice() const { return m_direction; }
    QPushButton *addButton() const { return m_add; }
    QTableWidget *heldTable() const { return m_held; }
    QPlainTextEdit *bodyEditor() const { return m_body; }
    QCheckBox *hexToggle() const { return m_bodyHex; }
    QLabel *noteLabel() const { return m_note; }
    QLineEdit *resultEdit() const { return m_result; }
    QSpinBox *errorCode() const { return m_errorCode; }
    QLineEdit *errorMessage() const { return m_errorMessage; }
    MessageSender *messageSender() const { return m_sender; }
    RulesEditor *rulesEditor() const { return m_rules; }
    // The actions on the selected held message, and on all of them.
    void forward();
    void forwardEdited();
    void drop();
    void answerWithResult();
    void answerWithError();
    void forwardAll();
    void turnOff(); // releases everything and removes the breakpoints

private:
    void toggleHex(bool hex);
    std::optional<QByteArray> editedBody(const HeldMessage &held, bool hex);
    void addBreakpoint();
    void removeBreakpoint();
    void showBreakpoints();
    void showHeld();
    void showSelected();
    void updateNote();
    const HeldMessage *selectedHeld() const;
    void showError(const QString &text);

    QPointer<SessionView> m_view;
    QPointer<Interception> m_interception;
    QLineEdit *m_expression;
    QComboBox *m_direction;
    QPushButton *m_add;
    QListWidget *m_breakpoints;
    QPushButton *m_remove;
    QLabel *m_note;
    QTableWidget *m_held;
    QPlainTextEdit *m_body;
    QCheckBox *m_bodyHex;
    QLineEdit *m_result;
    QSpinBox *m_errorCode;
    QLineEdit *m_errorMessage;
    MessageSender *m_sender;
    RulesEditor *m_rules;
    QList<QPushButton *> m_heldButtons; // enabled with a selection
    QTimer *m_clock;                    // "held for" goes on
    qint64 m_shownId = 0;               // the held message in the editor
};

#pragma once

#include "codec/inputencoding.h"
#include "platform/processsignals.h"

#include <QtCore/QStringList>
#include <QtWidgets/QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

// The bar under the timeline with which the user types to a child launched from the window: a
// line edit with a history (Up/Down), the input format and line ending, Send, and the child's
// controls (send a file, close stdin, signals, restart). It only asks; the window acts and tells
// the bar the child's state with setState().
class InputBar final : public QWidget
{
    Q_OBJECT

public:
    enum class State { NoChild, Running, InputClosed, Exited };
    Q_ENUM(State)

    // Send File refuses files above this size.
    static constexpr qint64 maxFileSize = 64 * 1024 * 1024;
    static constexpr int maxHistory = 100;

    explicit InputBar(QWidget *parent = nullptr);

    State state() const { return m_state; }
    void setState(State state);

    InputFormat format() const;
    void setFormat(InputFormat format);
    LineEnding lineEnding() const;
    void setLineEnding(LineEnding ending);

    // Sent entries, most recent first.
    QStringList history() const { return m_history; }
    // The encoding or file error on show, empty when there is none.
    QString errorText() const;

    // Encodes the line edit's text and asks to send it; on an error shows it and keeps the text.
    void send();
    // Asks to send the file's bytes as they are (no line ending); false with the error shown
    // when it cannot be read or is above maxFileSize.
    bool sendFile(const QString &fileName);

    QLineEdit *lineEdit() const { return m_lineEdit; }
    QAction *sendFileAction() const { return m_sendFileAction; }
    QAction *closeInputAction() const { return m_closeInputAction; }
    QAction *interruptAction() const { return m_interruptAction; }
    QAction *terminateAction() const { return m_terminateAction; }
    QAction *killAction() const { return m_killAction; }
    QAction *restartAction() const { return m_restartAction; }
    // Whether the history is kept in the settings (it holds whatever was typed to a child).
    QAction *rememberInputAction() const { return m_rememberInputAction; }

signals:
    void sendRequested(const QByteArray &bytes);
    void closeInputRequested();
    void signalRequested(ProcessSignal signal);
    void restartRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void chooseAndSendFile();
    void addToHistory(const QString &text);
    void walkHistory(int step);
    void showError(const QString &message);
    void clearError();
    void updateErrorColor();
    void updatePlaceholder();
    void formatChanged();

    QLineEdit *m_lineEdit;
    QComboBox *m_formatCombo;
    QComboBox *m_lineEndingCombo;
    QToolButton *m_sendButton;
    QPushButton *m_childButton;
    QLabel *m_errorLabel;

    QAction *m_sendFileAction;
    QAction *m_closeInputAction;
    QAction *m_interruptAction;
    QAction *m_terminateAction;
    QAction *m_killAction;
    QAction *m_restartAction;
    QAction *m_rememberInputAction;

    State m_state = State::NoChild;
    QStringList m_history;
    int m_historyIndex = -1; // -1: the draft, not an entry of the history
    QString m_draft;
};

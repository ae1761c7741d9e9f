#pragma once

#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

class Interception;
class QLabel;
class QPlainTextEdit;
class QPushButton;

// The Intercept dock's Rules tab (docs/rules.md): the rules in force on the session on screen,
// as the JSON of a rules file, to edit and apply while it runs, to open from a file and to save.
// A mistake is named in one line and the rules in force stay as they were.
class RulesEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit RulesEditor(QWidget *parent = nullptr);

    // Null: a session that is not relayed by this window, with no rules to edit.
    void setInterception(Interception *interception);

    QPlainTextEdit *editor() const { return m_editor; }
    QLabel *statusLabel() const { return m_status; }
    // Puts the editor's rules in force (no text: none); false, with the mistake shown, when they
    // do not parse.
    bool apply();
    // Reads a rules file into the editor and applies it; false with the reason shown.
    bool openFile(const QString &path);
    // Writes the editor's text to a file; false with the reason shown.
    bool saveFile(const QString &path);

private:
    void showInForce();
    void showError(const QString &text);
    void chooseAndOpen();
    void chooseAndSave();

    QPointer<Interception> m_interception;
    QPlainTextEdit *m_editor;
    QLabel *m_status;
    QPushButton *m_apply;
    QPushButton *m_open;
    QPushButton *m_save;
};

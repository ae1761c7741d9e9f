#pragma once

#include "relay/launchrequest.h"

#include <QtCore/QList>
#include <QtWidgets/QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

// Asks for a program to start: program, arguments (split like a shell does), working directory
// and extra environment, with the recent launches (Settings::launchHistory()) to choose
// from. Opens filled with the most recent launch. Accepting it adds the request to the history.
class LaunchDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit LaunchDialog(QWidget *parent = nullptr);

    // What the fields say; meaningful when the Launch button is enabled.
    LaunchRequest request() const;
    void setRequest(const LaunchRequest &request);

    // The recent launches, most recent first, as the dialog found them.
    QList<LaunchRequest> history() const { return m_history; }

    static QList<LaunchRequest> loadHistory();
    static void saveHistory(const QList<LaunchRequest> &history);

    void accept() override;

private:
    void browseProgram();
    void browseWorkingDirectory();
    void applyHistoryEntry(int index);
    void validate();
    void growToFit();
    QStringList environmentLines() const;

    QList<LaunchRequest> m_history;
    QComboBox *m_recentCombo;
    QLineEdit *m_programEdit;
    QLabel *m_programError;
    QLineEdit *m_argumentsEdit;
    QLabel *m_argumentsError;
    QLineEdit *m_workingDirectoryEdit;
    QLabel *m_workingDirectoryError;
    QPlainTextEdit *m_environmentEdit;
    QLabel *m_environmentError;
    QPushButton *m_launchButton = nullptr;
};

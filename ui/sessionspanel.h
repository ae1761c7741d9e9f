#pragma once

#include <QtWidgets/QDockWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QTableView;
class SessionsModel;

// The Sessions dock (`pipescope --monitor`, View > Sessions): every live and recent session on
// this machine (SessionsModel), updating live. Opening one asks the window for a tab; "Open new
// sessions automatically" (remembered) asks for one as each session starts, and a proxy that
// found a monitor running always gets one. The recent ones can be revealed in the file manager
// or deleted; the sessions directory's size shows below.
class SessionsPanel final : public QDockWidget
{
    Q_OBJECT

public:
    explicit SessionsPanel(QWidget *parent = nullptr);

    SessionsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QCheckBox *openNewToggle() const { return m_openNew; }
    // Selects the row of this session file (false when it is not listed).
    bool select(const QString &sessionFile);
    void openSelected();
    void revealSelected();
    // Asks first; never a live session's file.
    void deleteSelected();

signals:
    // `registryEntry` is empty for a session no recorder writes any more.
    void openRequested(const QString &sessionFile, const QString &registryEntry);

private:
    int selectedRow() const;
    void updateButtons();
    void updateDirectorySize();

    SessionsModel *m_model;
    QTableView *m_table;
    QPushButton *m_openButton;
    QPushButton *m_revealButton;
    QPushButton *m_deleteButton;
    QCheckBox *m_openNew;
    QLabel *m_directorySize;
    QString m_selectedFile; // across a reset of the model
};

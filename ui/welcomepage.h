#pragma once

#include <QtWidgets/QWidget>

class QListWidget;

// What the window shows without a session: launch a program, open a session, or pick a recent
// one.
class WelcomePage : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget *parent = nullptr);

    void setRecentFiles(const QStringList &files);

signals:
    void launchRequested();
    void openRequested();
    void recentFileActivated(const QString &path);

private:
    QListWidget *m_recent;
};

#pragma once

#include <QtCore/QObject>
#include <QtCore/QStringList>

// The sessions opened or saved lately, most recent first, kept in Settings. The File menu and
// the welcome page both list them.
class RecentFiles : public QObject
{
    Q_OBJECT

public:
    static constexpr int maxFiles = 10;

    explicit RecentFiles(QObject *parent = nullptr);

    QStringList files() const;
    void add(const QString &path); // moves it to the top when it is there already

signals:
    void changed();
};

#include "recentfiles.h"

#include "settings.h"

#include <QtCore/QFileInfo>

RecentFiles::RecentFiles(QObject *parent)
    : QObject(parent)
{
}

QStringList RecentFiles::files() const
{
    return Settings().recentFiles();
}

void RecentFiles::add(const QString &path)
{
    Settings settings;
    QStringList files = settings.recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    settings.setRecentFiles(files.mid(0, maxFiles));
    emit changed();
}

#include "appicon.h"

#include <QtCore/QDir>
#include <QtGui/QImageReader>

QIcon appIcon(const QString &name)
{
    static const bool drawsSvg = QImageReader::supportedImageFormats().contains("svg");
    if (drawsSvg)
        return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
    QIcon icon;
    const QDir renderings(QStringLiteral(":/icons/png"));
    for (const QString &file : renderings.entryList({name + QStringLiteral("-*.png")}))
        icon.addFile(renderings.filePath(file));
    return icon;
}

#include "errortext.h"

#include <QtGui/QPalette>
#include <QtWidgets/QLabel>

QColor errorColor(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
}

void showErrorText(QLabel *label, const QString &text)
{
    label->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                       .arg(errorColor(label->palette()).name(), text.toHtmlEscaped()));
}

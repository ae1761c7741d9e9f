#pragma once

#include <QtGui/QColor>

class QLabel;
class QPalette;

// A red that reads on the window colour, light or dark (as the stderr colour of the timeline):
// for a one-line error beside what caused it.
QColor errorColor(const QPalette &palette);

// Shows `text` (plain text) on `label` in that red.
void showErrorText(QLabel *label, const QString &text);

#pragma once

#include "capture/stream.h"

#include <QtGui/QColor>
#include <QtWidgets/QStyledItemDelegate>

class QPalette;

// Each stream's colour in the timeline, readable on the palette's base colour (light or dark).
QColor streamColor(Stream stream, const QPalette &palette);

// Paints timeline rows in their stream's colour, and messages with problems on a red tint.
class StreamColorDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const final;
};

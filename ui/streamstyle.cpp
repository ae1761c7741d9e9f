#include "streamstyle.h"

#include "models/messagemodel.h"
#include "models/timelinemodel.h"

#include <QtGui/QPalette>

QColor streamColor(Stream stream, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    switch (stream) {
    case Stream::Stdin:
        return dark ? QColor(0x7a, 0xb8, 0xff) : QColor(0x1f, 0x5f, 0xbf);
    case Stream::Stdout:
        return dark ? QColor(0x7d, 0xd8, 0x8c) : QColor(0x1e, 0x7a, 0x34);
    case Stream::Stderr:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
    case Stream::Event:
        return palette.color(QPalette::PlaceholderText);
    }
    return palette.color(QPalette::Text);
}

void StreamColorDelegate::initStyleOption(QStyleOptionViewItem *option,
                                          const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto stream = index.data(TimelineModel::StreamRole).value<Stream>();
    option->palette.setColor(QPalette::Text, streamColor(stream, option->palette));
    if (stream == Stream::Event)
        option->font.setItalic(true);
    // What a rule or breakpoint did gets a violet tint, to stand out from the lifecycle events.
    if (index.data(TimelineModel::InterceptedRole).toBool())
        option->backgroundBrush = QColor(142, 68, 173, 48);
    // Messages with a problem get a red tint; translucent, it reads on light and dark palettes.
    if (index.data(MessageModel::HasProblemRole).toBool())
        option->backgroundBrush = QColor(220, 50, 47, 56);
    // Marked rows stand out in amber, with bold text, whatever else they are.
    if (index.data(MarkedRole).toBool()) {
        option->backgroundBrush = QColor(255, 190, 0, 110);
        option->font.setBold(true);
    }
}

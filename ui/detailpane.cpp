#include "detailpane.h"

#include "bytesource.h"
#include "hexview.h"
#include "textescape.h"

#include <QtGui/QFontDatabase>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QVBoxLayout>

namespace {

// Text mode shows the start of a large selection; the hex view shows all of it.
constexpr qint64 maxTextBytes = 4 * 1024 * 1024;

// Each line of the bytes, escaped (control characters and invalid UTF-8 made visible), keeping
// the line breaks: "\n" is shown and the line ends there.
QString visibleText(const QByteArray &bytes)
{
    QString text;
    qsizetype lineStart = 0;
    while (lineStart < bytes.size()) {
        qsizetype lineEnd = bytes.indexOf('\n', lineStart);
        lineEnd = lineEnd < 0 ? bytes.size() : lineEnd + 1;
        text += QString::fromUtf8(escapedText(bytes.mid(lineStart, lineEnd - lineStart)));
        if (lineEnd <= bytes.size() && bytes.at(lineEnd - 1) == '\n')
            text += u'\n';
        lineStart = lineEnd;
    }
    return text;
}

} // namespace

DetailPane::DetailPane(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_hexView(new HexView(this))
    , m_textView(new QPlainTextEdit(this))
{
    m_textView->setReadOnly(true);
    m_textView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_textView->setPlaceholderText(tr("No bytes selected"));
    m_stack->addWidget(m_hexView);
    m_stack->addWidget(m_textView);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    setWrapText(false);
}

void DetailPane::setSource(std::shared_ptr<const ByteSource> source)
{
    m_source = std::move(source);
    m_hexView->setSource(m_source);
    updateText();
}

void DetailPane::setDisplayMode(DisplayMode mode)
{
    m_mode = mode;
    m_stack->setCurrentWidget(mode == DisplayMode::Hex ? static_cast<QWidget *>(m_hexView)
                                                       : m_textView);
    updateText();
}

void DetailPane::setWrapText(bool wrap)
{
    m_textView->setLineWrapMode(wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
}

void DetailPane::updateText()
{
    if (m_mode != DisplayMode::Text)
        return;
    if (!m_source || m_source->size() == 0) {
        m_textView->clear();
        return;
    }
    const QByteArray bytes = m_source->read(0, maxTextBytes);
    QString text = visibleText(bytes);
    if (m_source->size() > maxTextBytes)
        text += tr("\n[… %1 more bytes: see the hex view]").arg(m_source->size() - maxTextBytes);
    m_textView->setPlainText(text);
}

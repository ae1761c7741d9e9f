#pragma once

#include <QtWidgets/QWidget>

#include <memory>

class ByteSource;
class HexView;
class QPlainTextEdit;
class QStackedWidget;

// The bottom pane: the selected bytes as a hex dump or as text.
class DetailPane final : public QWidget
{
    Q_OBJECT

public:
    enum class DisplayMode { Hex, Text };

    explicit DetailPane(QWidget *parent = nullptr);

    void setSource(std::shared_ptr<const ByteSource> source);
    const ByteSource *currentSource() const { return m_source.get(); }
    void setDisplayMode(DisplayMode mode);
    DisplayMode displayMode() const { return m_mode; }
    void setWrapText(bool wrap);
    HexView *hexView() const { return m_hexView; }

private:
    void updateText();

    std::shared_ptr<const ByteSource> m_source;
    DisplayMode m_mode = DisplayMode::Hex;
    QStackedWidget *m_stack;
    HexView *m_hexView;
    QPlainTextEdit *m_textView;
};

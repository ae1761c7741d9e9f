#pragma once

#include <QtWidgets/QAbstractScrollArea>

class MessageModel;

// A sequence diagram of the messages (Wireshark's Statistics > Flow Graph): the parent (the
// client) and the child (the server) as lanes, one arrow per message with its kind, method, id
// and a response's latency, and stderr and lifecycle events in a lane of their own. It shows the
// message timeline's rows, in its order and with its filters, paints only the rows in sight,
// and follows and sets the current message.
class FlowGraph final : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit FlowGraph(QWidget *parent = nullptr);

    void setModel(MessageModel *model); // null: nothing to show
    // Marks the message and scrolls it into sight (the timeline's current row).
    void setCurrentMessage(qsizetype messageIndex);
    qsizetype currentMessage() const { return m_current; }
    // The message drawn at this point of the viewport; -1 for none.
    qsizetype messageAt(const QPoint &point) const;

signals:
    void messageActivated(qsizetype messageIndex);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    // Where things go across: the time column, then the lanes over the rest of the width.
    struct Columns
    {
        int timeWidth;
        int width; // right of the time column
        int laneX(double lane) const { return timeWidth + int(width * lane); }
    };

    int rowHeight() const;
    Columns columns() const;
    void updateScrollRange();
    void drawRow(QPainter &painter, const Columns &columns, int row, int top) const;

    MessageModel *m_model = nullptr;
    qsizetype m_current = -1;
};

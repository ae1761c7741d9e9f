#pragma once

#include "codec/jsonformat.h"
#include "jsontextview.h"
#include "jsontreemodel.h"
#include "messages/framing.h"
#include "search/searchpattern.h"

#include <optional>

#include <QtWidgets/QWidget>

class QAction;
class QLabel;
class QStackedWidget;
class QTreeView;

// The selected message decoded for reading: its header lines apart from the body, and the body
// as pretty-printed JSON with syntax colours, or as a collapsible tree (msgpack-rpc messages
// decoded to the same tree, binary strings shown as hex).
//
// Bodies up to MaxFormattedBytes are formatted and get a tree; the start of a larger body is
// shown as escaped text. The text view paints only its visible lines (QPlainTextEdit needs
// seconds for the hundreds of thousands of lines of a large response), and the tree is built
// from the formatted text's tokens in one pass, so both keep member order, duplicate keys and
// the spelling of numbers as written.
class MessageBodyView final : public QWidget
{
    Q_OBJECT

public:
    enum class Presentation { Text, Tree };

    static constexpr qsizetype MaxFormattedBytes = 4 * 1024 * 1024;

    explicit MessageBodyView(QWidget *parent = nullptr);

    // `header`: the header bytes (Content-Length framing), may be empty; `body`: the bytes after
    // it; `framing`: how the stream was framed. ContentLength and JsonLines bodies are JSON (a
    // note says when they are not), MsgpackRpc bodies msgpack; Auto bodies are formatted when
    // they are valid JSON; the others are text.
    void showMessage(const QByteArray &header, const QByteArray &body, Framing framing);
    void clear();
    void setPresentation(Presentation presentation);
    Presentation presentation() const { return m_presentation; }
    void setFont(const QFont &font); // the fixed-width font of the detail pane
    // Marks the matches of a search in the formatted text, now and in the messages shown next;
    // nullopt: no search.
    void setSearchPattern(const std::optional<SearchPattern> &pattern);

    // For tests and Copy: what the text presentation shows, and the tree's model.
    QString text() const;
    QString headerText() const;
    QAbstractItemModel *treeModel() const;

signals:
    void presentationChanged(MessageBodyView::Presentation presentation);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showTree(const PrettyJson &pretty, JsonTreeModel::Dialect dialect);
    void showNoTree(const QString &placeholder);
    void updateStack();
    void copyTreeValue();
    void markMatches();

    Presentation m_presentation = Presentation::Text;
    bool m_hasTree = false;
    QAction *m_textAction;
    QAction *m_treeAction;
    QLabel *m_note;
    QLabel *m_header;
    QStackedWidget *m_stack;
    JsonTextView *m_textView;
    QTreeView *m_treeView;
    JsonTreeModel *m_treeModel;
    QLabel *m_treePlaceholder;
    std::optional<SearchPattern> m_searchPattern;
};

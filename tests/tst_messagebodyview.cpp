#include "codec/textescape.h"
#include "messagebodyview.h"

#include <QtCore/QAbstractItemModel>
#include <QtGui/QClipboard>
#include <QtGui/QFontDatabase>
#include <QtGui/QImage>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QAbstractScrollArea>
#include <QtWidgets/QApplication>
#include <QtWidgets/QLabel>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QTreeView>

#include <cmath>
#include <memory>

namespace {

enum Column { KeyColumn, ValueColumn, TypeColumn };

const QByteArray lspBody = QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover",)"
                                      R"("params":{"textDocument":{"uri":"file:///src/main.cpp"},)"
                                      R"("position":{"line":3,"character":7}}})");

const QString lspText = QString::fromUtf8(R"({
  "jsonrpc": "2.0",
  "id": 1,
  "method": "textDocument/hover",
  "params": {
    "textDocument": {
      "uri": "file:///src/main.cpp"
    },
    "position": {
      "line": 3,
      "character": 7
    }
  }
})");

QByteArray contentLengthHeader(const QByteArray &body)
{
    return "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
}

QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x2d, 0x2d, 0x2d));
    palette.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    palette.setColor(QPalette::Text, QColor(0xd4, 0xd4, 0xd4));
    palette.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    palette.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
    palette.setColor(QPalette::Highlight, QColor(0x26, 0x4f, 0x78));
    palette.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    palette.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8a, 0x8a));
    return palette;
}

bool hasPixelOfColor(const QImage &image, const QColor &color)
{
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (image.pixelColor(x, y).rgb() == color.rgb())
                return true;
        }
    }
    return false;
}

// A completion response of about `size` bytes: many small members, one per line when formatted.
QByteArray largeResponse(qsizetype size)
{
    QByteArray json = R"({"jsonrpc":"2.0","id":7,"result":{"isIncomplete":false,"items":[)";
    for (int i = 0; json.size() < size; ++i) {
        if (i > 0)
            json += ',';
        json += R"({"label":"item)" + QByteArray::number(i) + R"(","kind":)"
                + QByteArray::number(i % 25)
                + ",\"detail\":\"void f(\\u00e9)\",\"data\":[1,2.5,null]}";
    }
    json += "]}}";
    return json;
}

QString escapedBody(const QByteArray &bytes)
{
    return QString::fromUtf8(escapedLines(bytes).join('\n'));
}

} // namespace

class tst_MessageBodyView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void emptyState();
    void lspRequest();
    void tokenColours_data();
    void tokenColours();
    void headerLines_data();
    void headerLines();
    void framingDecides_data();
    void framingDecides();
    void treeOfNestedObject();
    void treeKeepsWhatIsWritten();
    void treeOfScalar();
    void msgpackRpc();
    void msgpackMapKeys();
    void invalidJson();
    void plainLines();
    void switchingKeepsTheMessage();
    void clearEmptiesEverything();
    void copyFromTree();
    void copyFromText();
    void doubleClickSelectsAString();
    void largeBodyFormats();
    void hugeBodyIsNotFormatted();

private:
    void showView();
    QAbstractScrollArea *textView() const;
    QLabel *note() const;
    QWidget *currentPage() const;
    bool clipboardWorks();

    std::unique_ptr<MessageBodyView> m_view;
};

void tst_MessageBodyView::init()
{
    m_view = std::make_unique<MessageBodyView>();
    m_view->resize(700, 500);
}

void tst_MessageBodyView::cleanup()
{
    m_view.reset();
}

void tst_MessageBodyView::showView()
{
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

QAbstractScrollArea *tst_MessageBodyView::textView() const
{
    return m_view->findChild<QAbstractScrollArea *>(QStringLiteral("text"));
}

QLabel *tst_MessageBodyView::note() const
{
    return m_view->findChild<QLabel *>(QStringLiteral("note"));
}

QWidget *tst_MessageBodyView::currentPage() const
{
    return m_view->findChild<QStackedWidget *>()->currentWidget();
}

bool tst_MessageBodyView::clipboardWorks()
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->setText(QStringLiteral("probe"));
    return clipboard->text() == QStringLiteral("probe");
}

void tst_MessageBodyView::emptyState()
{
    showView();
    QVERIFY(m_view->text().isEmpty());
    QVERIFY(m_view->headerText().isEmpty());
    QVERIFY(!m_view->findChild<QLabel *>(QStringLiteral("header"))->isVisible());
    QVERIFY(note()->text().isEmpty());
    QCOMPARE(m_view->presentation(), MessageBodyView::Presentation::Text);
    QCOMPARE(currentPage(), textView());
    QCOMPARE(m_view->treeModel()->rowCount(), 0);
}

void tst_MessageBodyView::lspRequest()
{
    showView();
    m_view->showMessage(contentLengthHeader(lspBody), lspBody, Framing::ContentLength);
    QCOMPARE(m_view->headerText(), QStringLiteral("Content-Length: %1").arg(lspBody.size()));
    QVERIFY(m_view->findChild<QLabel *>(QStringLiteral("header"))->isVisible());
    QCOMPARE(m_view->text(), lspText);
    QVERIFY(note()->text().isEmpty());
    QCOMPARE(currentPage(), textView());
}

void tst_MessageBodyView::tokenColours_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

// Keys and strings are painted in their colours, which differ, on light and dark palettes.
void tst_MessageBodyView::tokenColours()
{
    QFETCH(bool, dark);
    const QPalette palette = dark ? darkPalette() : QPalette();
    m_view->setPalette(palette);
    // Large and bold, so that glyph stems have pixels of the exact colour.
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPixelSize(28);
    font.setBold(true);
    m_view->setFont(font);
    showView();

    const QColor key = jsonTokenColor(JsonTokenKind::Key, palette);
    const QColor string = jsonTokenColor(JsonTokenKind::String, palette);
    QVERIFY(key != string);
    QCOMPARE(key.lightness() > 128, dark);

    m_view->showMessage(QByteArray(), QByteArray(R"({"key": "string"})"), Framing::JsonLines);
    QImage image = textView()->viewport()->grab().toImage();
    QVERIFY(hasPixelOfColor(image, key));
    QVERIFY(hasPixelOfColor(image, string));

    // Plain text is in the text colour only.
    m_view->showMessage(QByteArray(), QByteArray(R"({"key": "string"})"), Framing::Lines);
    image = textView()->viewport()->grab().toImage();
    QVERIFY(!hasPixelOfColor(image, key));
    QVERIFY(!hasPixelOfColor(image, string));
    QVERIFY(hasPixelOfColor(image, palette.color(QPalette::Text)));
}

void tst_MessageBodyView::headerLines_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("expected");

    QTest::newRow("CRLF") << QByteArrayLiteral("Content-Length: 12\r\n\r\n")
                          << QStringLiteral("Content-Length: 12");
    QTest::newRow("two lines") << QByteArrayLiteral(
        "Content-Length: 12\r\nContent-Type: application/vscode-jsonrpc; "
        "charset=utf-8\r\n\r\n")
                               << QStringLiteral(
                                      "Content-Length: 12\n"
                                      "Content-Type: application/vscode-jsonrpc; charset=utf-8");
    QTest::newRow("bare LF stays visible") << QByteArrayLiteral("Content-Length: 12\n\n")
                                           << QStringLiteral("Content-Length: 12\\n\n\\n");
    QTest::newRow("control bytes escaped") << QByteArrayLiteral("Content-Length:\t12\x01\r\n\r\n")
                                           << QStringLiteral("Content-Length:\\t12\\x01");
    QTest::newRow("none") << QByteArray() << QString();
}

void tst_MessageBodyView::headerLines()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, expected);

    showView();
    m_view->showMessage(header, QByteArrayLiteral("{}"), Framing::ContentLength);
    QCOMPARE(m_view->headerText(), expected);
    QCOMPARE(m_view->findChild<QLabel *>(QStringLiteral("header"))->isVisible(),
             !expected.isEmpty());
}

void tst_MessageBodyView::framingDecides_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("formatted");
    QTest::addColumn<QString>("note");

    const QByteArray json = QByteArray(R"({"a":[1,true]})");
    const QByteArray invalid = QByteArray(R"({"a":[1,true})");
    const QString notJson = QStringLiteral("Not valid JSON: shown as text");
    QTest::newRow("content-length") << Framing::ContentLength << json << true << QString();
    QTest::newRow("ndjson with line end")
        << Framing::JsonLines << QByteArray(json + "\r\n") << true << QString();
    QTest::newRow("auto, JSON") << Framing::Auto << json << true << QString();
    QTest::newRow("auto, not JSON") << Framing::Auto << invalid << false << QString();
    QTest::newRow("lines") << Framing::Lines << json << false << QString();
    QTest::newRow("idle gap") << Framing::IdleGap << json << false << QString();
    QTest::newRow("raw") << Framing::Raw << json << false << QString();
    QTest::newRow("content-length, invalid")
        << Framing::ContentLength << invalid << false << notJson;
    QTest::newRow("ndjson, trailing garbage")
        << Framing::JsonLines << QByteArray(json + "x") << false << notJson;
    QTest::newRow("msgpack, invalid")
        << Framing::MsgpackRpc << QByteArrayLiteral("\x93\xc1") << false
        << QStringLiteral("Not valid msgpack: shown as text");
    QTest::newRow("msgpack, bytes after the value")
        << Framing::MsgpackRpc << QByteArrayLiteral("\x91\x01\x02") << true
        << QStringLiteral("1 byte after the msgpack value is not shown");
}

void tst_MessageBodyView::framingDecides()
{
    QFETCH(Framing, framing);
    QFETCH(QByteArray, body);
    QFETCH(bool, formatted);
    QFETCH(QString, note);

    showView();
    m_view->showMessage(QByteArray(), body, framing);
    QCOMPARE(m_view->treeModel()->rowCount() > 0, formatted);
    if (formatted && framing != Framing::MsgpackRpc)
        QCOMPARE(m_view->text(), QString::fromUtf8(prettyJson(body).text));
    if (!formatted)
        QCOMPARE(m_view->text(), escapedBody(body));
    QCOMPARE(this->note()->text(), note);
}

void tst_MessageBodyView::treeOfNestedObject()
{
    m_view->setPresentation(MessageBodyView::Presentation::Tree);
    showView();
    m_view->showMessage(contentLengthHeader(lspBody), lspBody, Framing::ContentLength);
    QAbstractItemModel *model = m_view->treeModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *tree = m_view->findChild<QTreeView *>(QStringLiteral("tree"));
    QCOMPARE(currentPage(), tree);

    QCOMPARE(model->columnCount(), 3);
    QCOMPARE(model->headerData(KeyColumn, Qt::Horizontal).toString(), QStringLiteral("Key"));
    QCOMPARE(model->rowCount(), 4);
    const QStringList keys = {QStringLiteral("jsonrpc"), QStringLiteral("id"),
                              QStringLiteral("method"), QStringLiteral("params")};
    const QStringList values
        = {QStringLiteral("\"2.0\""), QStringLiteral("1"), QStringLiteral("\"textDocument/hover\""),
           QStringLiteral("{2 members}")};
    const QStringList types = {QStringLiteral("string"), QStringLiteral("number"),
                               QStringLiteral("string"), QStringLiteral("object")};
    for (int row = 0; row < 4; ++row) {
        QCOMPARE(model->index(row, KeyColumn).data().toString(), keys.at(row));
        QCOMPARE(model->index(row, ValueColumn).data().toString(), values.at(row));
        QCOMPARE(model->index(row, TypeColumn).data().toString(), types.at(row));
        QCOMPARE(model->rowCount(model->index(row, KeyColumn)), row == 3 ? 2 : 0);
    }

    const QModelIndex params = model->index(3, KeyColumn);
    const QModelIndex position = model->index(1, KeyColumn, params);
    QCOMPARE(position.data().toString(), QStringLiteral("position"));
    QCOMPARE(position.parent(), params);
    QCOMPARE(model->rowCount(position), 2);
    QCOMPARE(model->index(1, KeyColumn, position).data().toString(), QStringLiteral("character"));
    QCOMPARE(model->index(1, ValueColumn, position).data().toString(), QStringLiteral("7"));
    const QModelIndex uri = model->index(0, ValueColumn, model->index(0, KeyColumn, params));
    QCOMPARE(uri.data().toString(), QStringLiteral("\"file:///src/main.cpp\""));

    // The first two levels are expanded.
    QVERIFY(tree->isExpanded(params));
    QVERIFY(tree->isExpanded(position));
    QVERIFY(tree->isExpanded(model->index(0, KeyColumn, params)));
}

// Duplicate keys, number spelling and escapes stay as written; arrays count items.
void tst_MessageBodyView::treeKeepsWhatIsWritten()
{
    showView();
    QByteArray body
        = QByteArray(R"({"z":1.50,"a":[10,"x",null],"z":-0e3,"\u00e9t\u00e9":"caf\u00e9\n\"q\"",)"
                     R"("one":[{}],"empty":{},"long":[0)");
    for (int i = 1; i <= 200; ++i)
        body += ',' + QByteArray::number(i);
    body += "]}";
    m_view->showMessage(QByteArray(), body, Framing::JsonLines);
    QAbstractItemModel *model = m_view->treeModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), 7);
    const auto cell
        = [model](int row, int column) { return model->index(row, column).data().toString(); };
    QCOMPARE(cell(0, KeyColumn), QStringLiteral("z"));
    QCOMPARE(cell(0, ValueColumn), QStringLiteral("1.50"));
    QCOMPARE(cell(1, ValueColumn), QStringLiteral("[3 items]"));
    QCOMPARE(cell(1, TypeColumn), QStringLiteral("array"));
    QCOMPARE(cell(2, KeyColumn), QStringLiteral("z"));
    QCOMPARE(cell(2, ValueColumn), QStringLiteral("-0e3"));
    QCOMPARE(cell(3, KeyColumn), QStringLiteral("été"));
    const QString escapedString = QString::fromUtf8(R"("café\n\"q\"")");
    QCOMPARE(cell(3, ValueColumn), escapedString);
    QCOMPARE(cell(4, ValueColumn), QStringLiteral("[1 item]"));
    QCOMPARE(cell(5, ValueColumn), QStringLiteral("{0 members}"));

    const QModelIndex array = model->index(1, KeyColumn);
    QCOMPARE(model->rowCount(array), 3);
    for (int row = 0; row < 3; ++row)
        QCOMPARE(model->index(row, KeyColumn, array).data().toString(), QString::number(row));
    QCOMPARE(model->index(1, ValueColumn, array).data().toString(), QStringLiteral("\"x\""));
    QCOMPARE(model->index(2, TypeColumn, array).data().toString(), QStringLiteral("null"));
    QCOMPARE(model->index(0, ValueColumn, model->index(4, KeyColumn)).data().toString(),
             QStringLiteral("{0 members}"));

    // The first two levels are expanded, except for a long array.
    auto *tree = m_view->findChild<QTreeView *>(QStringLiteral("tree"));
    QVERIFY(tree->isExpanded(array));
    QVERIFY(tree->isExpanded(model->index(4, KeyColumn)));
    const QModelIndex longArray = model->index(6, KeyColumn);
    QCOMPARE(model->rowCount(longArray), 201);
    QVERIFY(!tree->isExpanded(longArray));
}

void tst_MessageBodyView::treeOfScalar()
{
    showView();
    m_view->showMessage(QByteArray(), QByteArrayLiteral(" \"just a string\" "), Framing::JsonLines);
    QAbstractItemModel *model = m_view->treeModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, KeyColumn).data().toString(), QString());
    QCOMPARE(model->index(0, ValueColumn).data().toString(), QStringLiteral("\"just a string\""));
    QCOMPARE(model->rowCount(model->index(0, KeyColumn)), 0);
    QCOMPARE(m_view->text(), QStringLiteral("\"just a string\""));
}

void tst_MessageBodyView::msgpackRpc()
{
    showView();
    // [0, 1, "nvim_buf_set_lines", [bin 00 ff, 42, true, nil, 1.0]]
    const QByteArray body = QByteArrayLiteral("\x94\x00\x01\xb2nvim_buf_set_lines"
                                              "\x95\xc4\x02\x00\xff\x2a\xc3\xc0"
                                              "\xcb\x3f\xf0\x00\x00\x00\x00\x00\x00");
    m_view->showMessage(QByteArray(), body, Framing::MsgpackRpc);
    QVERIFY(note()->text().isEmpty());
    const QString expected = QString::fromUtf8(R"([
  0,
  1,
  "nvim_buf_set_lines",
  [
    <hex 00 ff>,
    42,
    true,
    null,
    1.0
  ]
])");
    QCOMPARE(m_view->text(), expected);

    QAbstractItemModel *model = m_view->treeModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), 4);
    QCOMPARE(model->index(2, ValueColumn).data().toString(),
             QStringLiteral("\"nvim_buf_set_lines\""));
    QCOMPARE(model->index(0, TypeColumn).data().toString(), QStringLiteral("integer"));
    const QModelIndex args = model->index(3, KeyColumn);
    QCOMPARE(model->index(3, ValueColumn).data().toString(), QStringLiteral("[5 items]"));
    QCOMPARE(model->rowCount(args), 5);
    const QStringList values
        = {QStringLiteral("<hex 00 ff>"), QStringLiteral("42"), QStringLiteral("true"),
           QStringLiteral("null"), QStringLiteral("1.0")};
    const QStringList types
        = {QStringLiteral("binary"), QStringLiteral("integer"), QStringLiteral("boolean"),
           QStringLiteral("nil"), QStringLiteral("float")};
    for (int row = 0; row < 5; ++row) {
        QCOMPARE(model->index(row, ValueColumn, args).data().toString(), values.at(row));
        QCOMPARE(model->index(row, TypeColumn, args).data().toString(), types.at(row));
    }
}

void tst_MessageBodyView::msgpackMapKeys()
{
    showView();
    // {1: "a", "k": {}, bin 01: -2}
    const QByteArray body = QByteArrayLiteral("\x83\x01\xa1"
                                              "a\xa1k\x80\xc4\x01\x01\xfe");
    m_view->showMessage(QByteArray(), body, Framing::MsgpackRpc);
    const QString expected = QString::fromUtf8(R"({
  1: "a",
  "k": {},
  <hex 01>: -2
})");
    QCOMPARE(m_view->text(), expected);
    QAbstractItemModel *model = m_view->treeModel();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->index(0, KeyColumn).data().toString(), QStringLiteral("1"));
    QCOMPARE(model->index(1, KeyColumn).data().toString(), QStringLiteral("k"));
    QCOMPARE(model->index(1, TypeColumn).data().toString(), QStringLiteral("map"));
    QCOMPARE(model->index(2, KeyColumn).data().toString(), QStringLiteral("<hex 01>"));
}

void tst_MessageBodyView::invalidJson()
{
    showView();
    const QByteArray body = QByteArrayLiteral("{\"a\": 1,\n\"b\": \x01\xff");
    m_view->showMessage(contentLengthHeader(body), body, Framing::ContentLength);
    QVERIFY(!note()->text().isEmpty());
    QVERIFY(note()->text().contains(QStringLiteral("not valid JSON"), Qt::CaseInsensitive));
    QCOMPARE(m_view->text(), QStringLiteral("{\"a\": 1,\\n\n\"b\": \\x01\\xff"));

    m_view->setPresentation(MessageBodyView::Presentation::Tree);
    auto *placeholder = m_view->findChild<QLabel *>(QStringLiteral("treePlaceholder"));
    QCOMPARE(currentPage(), placeholder);
    QCOMPARE(placeholder->text(), QStringLiteral("No structure to show"));
}

void tst_MessageBodyView::plainLines()
{
    showView();
    const QByteArray body = QByteArrayLiteral("info\tready\r\n");
    m_view->showMessage(QByteArray(), body, Framing::Lines);
    QVERIFY(note()->text().isEmpty());
    QCOMPARE(m_view->text(), QStringLiteral("info\\tready\\r\\n"));
    QCOMPARE(m_view->treeModel()->rowCount(), 0);
    m_view->setPresentation(MessageBodyView::Presentation::Tree);
    auto *placeholder = m_view->findChild<QLabel *>(QStringLiteral("treePlaceholder"));
    QCOMPARE(currentPage(), placeholder);
    QCOMPARE(placeholder->text(), QStringLiteral("No structure to show"));
}

void tst_MessageBodyView::switchingKeepsTheMessage()
{
    showView();
    QSignalSpy spy(m_view.get(), &MessageBodyView::presentationChanged);
    m_view->showMessage(contentLengthHeader(lspBody), lspBody, Framing::ContentLength);
    auto *tree = m_view->findChild<QTreeView *>(QStringLiteral("tree"));

    // The toggle buttons switch.
    QToolButton *treeButton = nullptr;
    QToolButton *textButton = nullptr;
    for (QToolButton *button : m_view->findChildren<QToolButton *>()) {
        if (button->text() == QStringLiteral("Tree"))
            treeButton = button;
        else if (button->text() == QStringLiteral("Formatted"))
            textButton = button;
    }
    QVERIFY(treeButton && textButton);
    QVERIFY(textButton->isChecked());
    QTest::mouseClick(treeButton, Qt::LeftButton);
    QCOMPARE(m_view->presentation(), MessageBodyView::Presentation::Tree);
    QVERIFY(treeButton->isChecked());
    QVERIFY(!textButton->isChecked());
    QCOMPARE(currentPage(), tree);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(m_view->text(), lspText);
    QCOMPARE(m_view->treeModel()->rowCount(), 4);
    QVERIFY(m_view->findChild<QLabel *>(QStringLiteral("header"))->isVisible());

    m_view->setPresentation(MessageBodyView::Presentation::Tree);
    QCOMPARE(spy.size(), 1);
    m_view->setPresentation(MessageBodyView::Presentation::Text);
    QCOMPARE(spy.size(), 2);
    QVERIFY(textButton->isChecked());
    QCOMPARE(currentPage(), textView());
    QCOMPARE(m_view->text(), lspText);

    // The presentation stays for the next message.
    m_view->setPresentation(MessageBodyView::Presentation::Tree);
    m_view->showMessage(QByteArray(), QByteArrayLiteral("[1]"), Framing::JsonLines);
    QCOMPARE(currentPage(), tree);
    QCOMPARE(m_view->treeModel()->rowCount(), 1);
}

void tst_MessageBodyView::clearEmptiesEverything()
{
    showView();
    const QByteArray invalid = QByteArrayLiteral("{");
    m_view->showMessage(contentLengthHeader(invalid), invalid, Framing::ContentLength);
    QVERIFY(!note()->text().isEmpty());
    m_view->showMessage(contentLengthHeader(lspBody), lspBody, Framing::ContentLength);
    QVERIFY(note()->text().isEmpty());
    m_view->setPresentation(MessageBodyView::Presentation::Tree);
    m_view->clear();
    QVERIFY(m_view->text().isEmpty());
    QVERIFY(m_view->headerText().isEmpty());
    QVERIFY(!m_view->findChild<QLabel *>(QStringLiteral("header"))->isVisible());
    QVERIFY(note()->text().isEmpty());
    QCOMPARE(m_view->treeModel()->rowCount(), 0);
    QCOMPARE(m_view->presentation(), MessageBodyView::Presentation::Tree);
    QCOMPARE(currentPage(), m_view->findChild<QLabel *>(QStringLiteral("treePlaceholder")));
}

void tst_MessageBodyView::copyFromTree()
{
    if (!clipboardWorks())
        QSKIP("The clipboard does not work on this platform");
    m_view->setPresentation(MessageBodyView::Presentation::Tree);
    showView();
    m_view->showMessage(contentLengthHeader(lspBody), lspBody, Framing::ContentLength);
    QAbstractItemModel *model = m_view->treeModel();
    auto *tree = m_view->findChild<QTreeView *>(QStringLiteral("tree"));
    QClipboard *clipboard = QGuiApplication::clipboard();

    const QModelIndex params = model->index(3, KeyColumn);
    tree->setCurrentIndex(model->index(1, ValueColumn, params));
    QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(clipboard->text(), QStringLiteral("{\n  \"line\": 3,\n  \"character\": 7\n}"));

    tree->setCurrentIndex(model->index(0, KeyColumn, model->index(0, KeyColumn, params)));
    QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(clipboard->text(), QStringLiteral("\"file:///src/main.cpp\""));

    tree->setCurrentIndex(params);
    QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
    const QString expected = QString::fromUtf8(R"({
  "textDocument": {
    "uri": "file:///src/main.cpp"
  },
  "position": {
    "line": 3,
    "character": 7
  }
})");
    QCOMPARE(clipboard->text(), expected);
}

void tst_MessageBodyView::copyFromText()
{
    if (!clipboardWorks())
        QSKIP("The clipboard does not work on this platform");
    showView();
    m_view->showMessage(contentLengthHeader(lspBody), lspBody, Framing::ContentLength);
    QClipboard *clipboard = QGuiApplication::clipboard();
    // Nothing selected: the clipboard is left alone.
    QTest::keyClick(textView(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(clipboard->text(), QStringLiteral("probe"));
    QTest::keyClick(textView(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(textView(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(clipboard->text(), lspText);
}

void tst_MessageBodyView::doubleClickSelectsAString()
{
    if (!clipboardWorks())
        QSKIP("The clipboard does not work on this platform");
    showView();
    m_view->showMessage(contentLengthHeader(lspBody), lspBody, Framing::ContentLength);
    const QStringList lines = lspText.split(QLatin1Char('\n'));
    const int line = 6;
    const int column = int(lines.at(line).indexOf(QStringLiteral("file:")));
    QVERIFY(column > 0);

    const QFontMetricsF metrics(textView()->font());
    const qreal charWidth = metrics.horizontalAdvance(QLatin1Char('0'));
    const qreal margin = std::ceil(charWidth / 2);
    const qreal lineHeight = std::ceil(metrics.height());
    const QPoint pos(int(margin + (column + 3.5) * charWidth),
                     int(margin + (line + 0.5) * lineHeight));
    QTest::mouseDClick(textView()->viewport(), Qt::LeftButton, {}, pos);
    QTest::keyClick(textView(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("file:///src/main.cpp"));

    // A drag from there to the start of the next line takes the rest of the line.
    QTest::mousePress(textView()->viewport(), Qt::LeftButton, {}, pos);
    QTest::mouseMove(textView()->viewport(),
                     QPoint(int(margin), int(margin + (line + 1.5) * lineHeight)));
    QTest::mouseRelease(textView()->viewport(), Qt::LeftButton, {},
                        QPoint(int(margin), int(margin + (line + 1.5) * lineHeight)));
    QTest::keyClick(textView(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("e:///src/main.cpp\"\n"));
}

void tst_MessageBodyView::largeBodyFormats()
{
    showView();
    const QByteArray body = largeResponse(2 * 1024 * 1024);
    m_view->showMessage(contentLengthHeader(body), body, Framing::ContentLength);
    QVERIFY(note()->text().isEmpty());
    QCOMPARE(m_view->text(), QString::fromUtf8(prettyJson(body).text));
    QAbstractItemModel *model = m_view->treeModel();
    QCOMPARE(model->rowCount(), 3);
    const QModelIndex items = model->index(1, KeyColumn, model->index(2, KeyColumn));
    QCOMPARE(items.data().toString(), QStringLiteral("items"));
    QVERIFY(model->rowCount(items) > 10000);
    QCOMPARE(model->index(2, ValueColumn, model->index(0, KeyColumn, items)).data().toString(),
             QStringLiteral("\"void f(é)\""));
    QVERIFY(!m_view->findChild<QTreeView *>(QStringLiteral("tree"))->isExpanded(items));
    // Scrolling to the end paints the last lines.
    textView()->verticalScrollBar()->setValue(textView()->verticalScrollBar()->maximum());
    QVERIFY(!textView()->viewport()->grab().isNull());
}

void tst_MessageBodyView::hugeBodyIsNotFormatted()
{
    showView();
    const QByteArray body = largeResponse(MessageBodyView::MaxFormattedBytes + 1000);
    m_view->showMessage(contentLengthHeader(body), body, Framing::ContentLength);
    QVERIFY(!note()->text().isEmpty());
    QVERIFY(note()->text().startsWith(QStringLiteral("Not formatted")));
    QCOMPARE(m_view->text(), escapedBody(body.first(MessageBodyView::MaxFormattedBytes)));
    QCOMPARE(m_view->treeModel()->rowCount(), 0);
    m_view->setPresentation(MessageBodyView::Presentation::Tree);
    QCOMPARE(m_view->findChild<QLabel *>(QStringLiteral("treePlaceholder"))->text(),
             QStringLiteral("No tree for bodies larger than 4 MiB"));
}

QTEST_MAIN(tst_MessageBodyView)

#include "tst_messagebodyview.moc"

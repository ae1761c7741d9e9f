#pragma once

// Answers the questions the window asks, as the user would.
#include <QtCore/QTimer>
#include <QtTest/QTest>
#include <QtWidgets/QAbstractButton>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QMessageBox>

namespace dialogs {

// Answers the next question box by clicking the button called `button`, ticking "Don't ask
// again" first when `dontAskAgain`; `asked` gets the question's text.
inline void answerNextQuestion(const QString &button, bool dontAskAgain, QString *asked)
{
    QTimer::singleShot(0, [=] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        *asked = box->text() + u' ' + box->informativeText();
        if (dontAskAgain)
            box->checkBox()->setChecked(true);
        for (QAbstractButton *candidate : box->buttons()) {
            if (candidate->text().remove(u'&') == button)
                candidate->click();
        }
    });
}

} // namespace dialogs

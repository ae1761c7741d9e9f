#include "endchildquestion.h"

#include "settings.h"

#include <QtCore/QCoreApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>

bool mayEndRunningChild(QWidget *parent, const QString &childState, const QString &action)
{
    Settings settings;
    if (!settings.asksBeforeEndingChild())
        return true;
    const auto tr
        = [](const char *text) { return QCoreApplication::translate("EndChildQuestion", text); };
    QMessageBox box(
        QMessageBox::Question, tr("End the program?"),
        tr("The program launched in this window is still running (%1).").arg(childState),
        QMessageBox::NoButton, parent);
    box.setInformativeText(tr("%1 ends it: SIGTERM, then SIGKILL if it is still there 3 s "
                              "later. Its session file keeps everything, its exit included.")
                               .arg(action));
    QPushButton *end = box.addButton(tr("End Program"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(end);
    auto *dontAsk = new QCheckBox(tr("Don't ask again"), &box);
    box.setCheckBox(dontAsk);
    box.exec();
    if (box.clickedButton() != end)
        return false;
    if (dontAsk->isChecked())
        settings.setAsksBeforeEndingChild(false);
    return true;
}

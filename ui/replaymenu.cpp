#include "replaymenu.h"

#include "comparisonwindow.h"
#include "launchdialog.h"
#include "replayrun.h"
#include "sessionview.h"

#include <QtWidgets/QFileDialog>
#include <QtWidgets/QMenu>

ReplayMenu::ReplayMenu(QMenu *fileMenu, QWidget *window)
    : QObject(window)
    , m_window(window)
{
    m_replay = fileMenu->addAction(tr("Re&play Against..."), this, &ReplayMenu::askForProgram);
    m_replay->setStatusTip(tr("Play this session's client side to a program and compare its "
                              "answers with the recorded ones"));
    m_compare = fileMenu->addAction(tr("Co&mpare Sessions..."), this, &ReplayMenu::askForSessions);
    setView(nullptr);
}

void ReplayMenu::setView(SessionView *view)
{
    m_view = view;
    m_replay->setEnabled(view != nullptr);
}

void ReplayMenu::askForProgram()
{
    if (!m_view)
        return;
    LaunchDialog dialog(m_window);
    dialog.setWindowTitle(tr("Replay Against"));
    if (dialog.exec() == QDialog::Accepted)
        replayAgainst(dialog.request());
}

bool ReplayMenu::replayAgainst(const LaunchRequest &request)
{
    if (!m_view)
        return false;
    ClientReplaySettings settings;
    settings.program = request.program;
    settings.arguments = request.arguments;
    settings.workingDirectory = request.workingDirectory;
    settings.environment = request.environment;
    auto *run = new ReplayRun(m_view->store()->path(), settings, this);
    QString error;
    if (!run->start(&error)) {
        delete run;
        emit failed(tr("Cannot replay"), error);
        return false;
    }
    connect(run, &ReplayRun::finished, this, [this, run](const QString &runError) {
        if (!runError.isEmpty()) {
            emit failed(tr("Cannot replay"), runError);
        } else {
            ComparisonWindow *comparison = run->comparison(m_window);
            comparison->show();
            emit comparisonOpened(comparison);
        }
        // The replay's tab may still show its session: the run stays until the window ends.
    });
    emit replayStarted(run->store());
    return true;
}

void ReplayMenu::askForSessions()
{
    const QString filter = tr("pipescope sessions (*.pcapng);;All files (*)");
    QString first = m_view ? m_view->store()->path() : QString();
    if (first.isEmpty()) {
        first = QFileDialog::getOpenFileName(m_window, tr("Compare Sessions: the First"), QString(),
                                             filter);
        if (first.isEmpty())
            return;
    }
    const QString second = QFileDialog::getOpenFileName(
        m_window, tr("Compare %1 With").arg(QFileInfo(first).fileName()), QString(), filter);
    if (!second.isEmpty())
        compare(first, second);
}

ComparisonWindow *ReplayMenu::compare(const QString &first, const QString &second)
{
    QString error;
    ComparisonWindow *comparison = ComparisonWindow::open(first, second, &error, m_window);
    if (!comparison) {
        emit failed(tr("Cannot compare sessions"), error);
        return nullptr;
    }
    comparison->show();
    emit comparisonOpened(comparison);
    return comparison;
}

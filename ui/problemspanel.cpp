#include "problemspanel.h"

#include "models/problemmodel.h"

#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QStyle>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

namespace {

// Kinds open by themselves only while there are this few problems: expanding a kind with a
// million problems makes the view lay them all out.
constexpr qsizetype expandAllLimit = 500;

} // namespace

ProblemsPanel::ProblemsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new ProblemModel(this))
    , m_summary(new QLabel(this))
    , m_view(new QTreeView(this))
{
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    // Fixed widths: measuring the contents would read the details of every problem.
    int nameWidth = 0;
    for (int kind = 0; kind < problemKindCount; ++kind) {
        const QString name = QString::fromLatin1(problemName(ProblemKind(kind)));
        nameWidth = std::max(nameWidth, fontMetrics().horizontalAdvance(name));
    }
    const int padding = 2 * style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 8;
    m_view->setColumnWidth(ProblemModel::WhatColumn, nameWidth + m_view->indentation() + padding);
    m_view->setColumnWidth(ProblemModel::CountColumn,
                           fontMetrics().horizontalAdvance(QStringLiteral("Count0000")) + padding);
    m_view->header()->setStretchLastSection(true);
    m_summary->setContentsMargins(4, 2, 4, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_summary);
    layout->addWidget(m_view);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ProblemsPanel::problemChosen);
    connect(m_view, &QTreeView::activated, this, &ProblemsPanel::problemChosen);
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int first, int last) {
                if (parent.isValid() || m_model->problemCount() > expandAllLimit)
                    return;
                for (int row = first; row <= last; ++row)
                    m_view->expand(m_model->index(row, 0));
            });
    updateSummary();
}

void ProblemsPanel::setMessages(const SessionMessages *messages,
                                std::function<bool(qsizetype)> counted)
{
    m_hasMessages = messages != nullptr;
    m_model->setMessages(messages, std::move(counted));
    if (m_model->problemCount() <= expandAllLimit)
        m_view->expandAll();
    updateSummary();
}

void ProblemsPanel::refresh()
{
    const qsizetype before = m_model->problemCount();
    m_model->refresh();
    if (m_model->problemCount() != before)
        updateSummary();
}

qsizetype ProblemsPanel::problemCount() const
{
    return m_model->problemCount();
}

void ProblemsPanel::problemChosen(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const auto row = index.data(ProblemModel::MessageIndexRole).value<qsizetype>();
    if (row >= 0) // kind rows have none
        emit messageActivated(row);
}

void ProblemsPanel::updateSummary()
{
    const qsizetype count = m_model->problemCount();
    if (!m_hasMessages)
        m_summary->clear();
    else if (count == 0)
        m_summary->setText(tr("No problems found"));
    else if (count == 1)
        m_summary->setText(tr("1 problem"));
    else
        m_summary->setText(tr("%L1 problems").arg(count));
}

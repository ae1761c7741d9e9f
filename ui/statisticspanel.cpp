#include "statisticspanel.h"

#include "capture/capturestore.h"
#include "latencyplot.h"
#include "messages/sessionmessages.h"
#include "models/statisticsmodel.h"

#include <QtCore/QSortFilterProxyModel>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

StatisticsPanel::StatisticsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new StatisticsModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_summary(new QLabel(this))
    , m_view(new QTableView(this))
    , m_goToSlowest(new QPushButton(tr("Go to slowest"), this))
    , m_plot(new LatencyPlot(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(StatisticsModel::SortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    // First-appearance order until a header is clicked; a third click returns to it.
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->horizontalHeader()->setSortIndicatorClearable(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->setSortingEnabled(true);
    m_goToSlowest->setToolTip(
        tr("Show the selected method's slowest request (or double-click its row)"));
    m_summary->setContentsMargins(4, 0, 4, 0);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 2, 2, 2);
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_goToSlowest);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_view);
    split->addWidget(m_plot);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split);
    connect(m_plot, &LatencyPlot::messageActivated, this, &StatisticsPanel::messageActivated);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &StatisticsPanel::updateControls);
    connect(m_view, &QTableView::activated, this, &StatisticsPanel::goToSlowest);
    connect(m_goToSlowest, &QPushButton::clicked, this,
            [this] { goToSlowest(m_view->currentIndex()); });
    updateControls();
}

void StatisticsPanel::setMessages(const SessionMessages *messages,
                                  std::function<bool(qsizetype)> counted)
{
    m_messages = messages;
    m_counted = counted;
    m_model->setMessages(messages, std::move(counted));
    updateControls();
}

void StatisticsPanel::refresh()
{
    m_model->refresh();
    updateControls();
}

qsizetype StatisticsPanel::slowestRequest(const QModelIndex &index) const
{
    return index.isValid() ? index.data(StatisticsModel::SlowestRequestRole).value<qsizetype>()
                           : -1;
}

void StatisticsPanel::goToSlowest(const QModelIndex &index)
{
    const qsizetype row = slowestRequest(index);
    if (row >= 0)
        emit messageActivated(row);
}

void StatisticsPanel::updateControls()
{
    m_goToSlowest->setEnabled(slowestRequest(m_view->currentIndex()) >= 0);
    const int methods = m_model->rowCount();
    m_summary->setText(methods == 1 ? tr("1 method") : tr("%L1 methods").arg(methods));
    updatePlot();
}

void StatisticsPanel::updatePlot()
{
    const QModelIndex current = m_view->currentIndex();
    if (!m_messages || !current.isValid() || m_messages->store()->count() == 0) {
        m_plot->setPoints(QString(), {}, 0, 1);
        return;
    }
    const QString key = current.siblingAtColumn(0).data().toString();
    const CaptureStore *store = m_messages->store();
    m_plot->setPoints(key, latencyPoints(*m_messages, key.toUtf8(), m_counted),
                      store->record(0).timestampNs, store->record(store->count() - 1).timestampNs);
}

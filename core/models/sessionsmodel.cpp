#include "models/sessionsmodel.h"

#include "codec/shellwords.h"
#include "models/sessioncounter.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFileSystemWatcher>
#include <QtCore/QLocale>
#include <QtCore/QSet>
#include <QtCore/QTimer>

#include <algorithm>
#include <limits>

namespace {

constexpr int refreshIntervalMs = 1000;

} // namespace

SessionsModel::SessionsModel(int recentLimit, QObject *parent)
    : QAbstractTableModel(parent)
    , m_recentLimit(recentLimit)
    , m_timer(new QTimer(this))
    , m_watcher(new QFileSystemWatcher(this))
    , m_counter(new SessionCounter(this))
{
    connect(m_counter, &SessionCounter::counted, this,
            [this](const QString &file, const SessionCounter::Figures &figures) {
                m_figures.insert(file, figures);
                const int row = rowOf(file);
                if (row < 0)
                    return;
                m_rows[size_t(row)].summary = figures.summary;
                m_rows[size_t(row)].error = figures.error;
                emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            });
    QString error;
    const QString registry = privateRuntimeDirectory(&error);
    if (!registry.isEmpty())
        m_watcher->addPath(registry);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &SessionsModel::refresh);
    m_timer->setInterval(refreshIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &SessionsModel::refresh);
    m_timer->start();
    refresh();
}

SessionsModel::~SessionsModel() = default;

// The row for a session file: the one it had, or a new one with what the counter read of it.
ListedSession SessionsModel::rowFor(const QString &path,
                                    const std::vector<ListedSession> &previous) const
{
    const auto found
        = std::find_if(previous.begin(), previous.end(),
                       [&](const ListedSession &row) { return row.sessionFile == path; });
    if (found != previous.end())
        return *found;
    ListedSession row;
    row.sessionFile = path;
    const SessionCounter::Figures figures = m_figures.value(path);
    row.summary = figures.summary;
    row.error = figures.error;
    return row;
}

void SessionsModel::refresh()
{
    const std::vector<ListedSession> previous = m_rows;
    std::vector<ListedSession> live;
    std::vector<ListedSession> recent;
    QSet<QString> listed;
    for (const RegistryEntry &entry : readSessionRegistry()) {
        const QString path = QFileInfo(entry.session.sessionFile).absoluteFilePath();
        ListedSession row = rowFor(path, previous);
        row.live = entry.live;
        row.recorderPid = entry.session.recorderPid;
        row.registryEntry = entry.live ? entry.entryPath : QString();
        if (!m_registered.contains(path)) {
            m_registered.append(path);
            if (entry.live && (m_refreshed || entry.session.showInMonitor))
                emit sessionStarted(path, entry.entryPath, entry.session.showInMonitor);
        }
        listed.insert(path);
        (entry.live ? live : recent).push_back(row);
    }
    // Those seen running stay, with the recent ones, wherever their file is.
    for (const QString &path : std::as_const(m_registered)) {
        if (listed.contains(path) || !QFileInfo::exists(path))
            continue;
        ListedSession ended = rowFor(path, previous);
        ended.live = false;
        ended.registryEntry.clear();
        listed.insert(path);
        recent.push_back(ended);
    }
    m_directorySize = 0;
    const QFileInfoList files = recentSessionFiles(std::numeric_limits<int>::max());
    for (qsizetype i = 0; i < files.size(); ++i) {
        m_directorySize += files.at(i).size();
        const QString path = files.at(i).absoluteFilePath();
        if (i < m_recentLimit && !listed.contains(path)) {
            listed.insert(path);
            recent.push_back(rowFor(path, previous));
        }
    }

    std::vector<ListedSession> rows = std::move(live);
    rows.insert(rows.end(), recent.begin(), recent.end());
    for (ListedSession &row : rows) {
        const QFileInfo info(row.sessionFile);
        row.fileSize = info.size();
        row.lastModifiedMs = info.lastModified().toMSecsSinceEpoch();
    }
    const auto newestFirst = [](const ListedSession &a, const ListedSession &b) {
        if (a.live != b.live)
            return a.live;
        return a.startedAtMs() > b.startedAtMs();
    };
    std::stable_sort(rows.begin(), rows.end(), newestFirst);

    const bool sameRows = std::equal(rows.begin(), rows.end(), m_rows.begin(), m_rows.end(),
                                     [](const ListedSession &a, const ListedSession &b) {
                                         return a.sessionFile == b.sessionFile;
                                     });
    if (sameRows) {
        m_rows = std::move(rows);
        if (!m_rows.empty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    m_refreshed = true;
    QList<SessionCounter::Request> requests;
    // A file with no end may still grow: its recorder may not have registered yet, or have died.
    for (const ListedSession &row : m_rows)
        requests.append({row.sessionFile, !row.live && row.summary.end.has_value()});
    m_counter->count(requests);
}

int SessionsModel::rowOf(const QString &sessionFile) const
{
    const QString path = QFileInfo(sessionFile).absoluteFilePath();
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].sessionFile == path)
            return int(i);
    }
    return -1;
}

int SessionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SessionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || size_t(index.row()) >= m_rows.size())
        return QVariant();
    const ListedSession &session = m_rows[size_t(index.row())];
    const SessionSummary &summary = session.summary;
    if (role == Qt::ToolTipRole)
        return session.error.isEmpty() ? session.sessionFile
                                       : session.sessionFile + u'\n' + session.error;
    if (role == Qt::TextAlignmentRole && index.column() >= DurationColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return QVariant();
    const QLocale locale;
    switch (Column(index.column())) {
    case NameColumn:
        return summary.name.isEmpty() ? QFileInfo(session.sessionFile).completeBaseName()
                                      : summary.name;
    case StatusColumn:
        return session.status();
    case CommandColumn:
        return joinedCommandLine(summary.command);
    case StartedByColumn:
        return startedByText(summary.startedBy);
    case StartedColumn:
        return summary.startedAtMs
                   ? locale.toString(QDateTime::fromMSecsSinceEpoch(summary.startedAtMs),
                                     QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                   : QString();
    case DurationColumn:
        return sessionDurationText(session.durationMs());
    case StdinColumn:
    case StdoutColumn:
    case StderrColumn:
        return locale.formattedDataSize(summary.bytes[Stream(index.column() - StdinColumn)], 1,
                                        QLocale::DataSizeIecFormat);
    case MessagesColumn:
    case ProblemsColumn: {
        const auto figures = m_figures.constFind(session.sessionFile);
        if (figures == m_figures.cend())
            return QString(); // not read yet
        return locale.toString(index.column() == MessagesColumn ? figures->messages
                                                                : figures->problems);
    }
    case ColumnCount:
        break;
    }
    return QVariant();
}

QVariant SessionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case StatusColumn:
        return tr("Status");
    case CommandColumn:
        return tr("Command");
    case StartedByColumn:
        return tr("Started by");
    case StartedColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case StdinColumn:
        return tr("stdin");
    case StdoutColumn:
        return tr("stdout");
    case StderrColumn:
        return tr("stderr");
    case MessagesColumn:
        return tr("Messages");
    case ProblemsColumn:
        return tr("Problems");
    case ColumnCount:
        break;
    }
    return QVariant();
}

#pragma once

#include "capture/sessionlist.h"
#include "capture/sessionregistry.h"
#include "models/sessioncounter.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QHash>
#include <QtCore/QStringList>

#include <memory>
#include <vector>

class QFileSystemWatcher;
class QTimer;

// The sessions on this machine, for the Sessions panel: the live ones (from the session
// registry), then the recent ones (sessionsDirectory(), and live ones that ended while shown),
// newest first. Each file is read in a thread of its own (SessionCounter), as it grows: a row's
// summary, messages and problems show once read.
//
// It refreshes every second and as soon as the registry changes (QFileSystemWatcher).
class SessionsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        StatusColumn,
        CommandColumn,
        StartedByColumn,
        StartedColumn,
        DurationColumn,
        StdinColumn,
        StdoutColumn,
        StderrColumn,
        MessagesColumn,
        ProblemsColumn,
        ColumnCount
    };

    explicit SessionsModel(int recentLimit, QObject *parent = nullptr);
    ~SessionsModel() override;

    void refresh();

    const ListedSession &session(int row) const { return m_rows.at(size_t(row)); }
    int rowOf(const QString &sessionFile) const; // -1 when not listed
    // The session files in sessionsDirectory(), all of them, in bytes.
    qint64 directorySize() const { return m_directorySize; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    // A recorder registered a session since the last refresh (and before the first one, if it
    // asked to be shown in a monitor).
    void sessionStarted(const QString &sessionFile, const QString &registryEntry,
                        bool showInMonitor);

private:
    ListedSession rowFor(const QString &path, const std::vector<ListedSession> &previous) const;

    int m_recentLimit;
    std::vector<ListedSession> m_rows;
    QStringList m_registered; // the session files of every registered session seen so far
    bool m_refreshed = false;
    qint64 m_directorySize = 0;
    QTimer *m_timer;
    QFileSystemWatcher *m_watcher;
    SessionCounter *m_counter;
    // By session file, as the counter last read it.
    QHash<QString, SessionCounter::Figures> m_figures;
};

#pragma once

#include "codec/inputencoding.h"
#include "detailpane.h"

#include <QtCore/QByteArray>
#include <QtCore/QSettings>
#include <QtCore/QStringList>
#include <QtCore/QVariantList>
#include <QtGui/QFont>

// Everything pipescope remembers between runs, typed, with its default: the one place that
// knows the keys. Cheap to create where it is needed (it wraps a QSettings). The file is
// readable by its owner only: the input history holds whatever was typed to a child.
class Settings
{
public:
    Settings();

    // View: how the detail pane shows bytes, hex row width, the monospaced font.
    DetailPane::DisplayMode displayMode() const;
    void setDisplayMode(DetailPane::DisplayMode mode);
    int bytesPerRow() const;
    void setBytesPerRow(int bytesPerRow);
    QFont font() const; // the system's fixed font until one is chosen
    void setFont(const QFont &font);

    // The window: its geometry and where the timeline and detail pane split.
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray splitterState() const;
    void setSplitterState(const QByteArray &state);

    // The Sessions panel: a tab for each session that starts.
    bool opensNewSessions() const;
    void setOpensNewSessions(bool open);

    // Sessions opened or saved, most recent first.
    QStringList recentFiles() const;
    void setRecentFiles(const QStringList &files);

    // The input bar: the format, the line ending per format, what was sent, where files came
    // from.
    InputFormat inputFormat() const;
    void setInputFormat(InputFormat format);
    LineEnding lineEnding(InputFormat format) const;
    void setLineEnding(InputFormat format, LineEnding ending);
    QStringList inputHistory() const; // empty while remembersInput() is off
    void setInputHistory(const QStringList &history);
    bool remembersInput() const;
    void setRemembersInput(bool remember); // off also forgets the history kept so far
    QString sendFileDirectory() const;
    void setSendFileDirectory(const QString &directory);

    // Whether launching, opening or quitting asks before it ends a program launched from the
    // window.
    bool asksBeforeEndingChild() const;
    void setAsksBeforeEndingChild(bool ask);

    // Where the last file was saved or exported to.
    QString saveDirectory() const;
    void setSaveDirectory(const QString &directory);

    // The Launch dialog's recent launches, as LaunchRequest::toVariantMap() writes them.
    QVariantList launchHistory() const;
    void setLaunchHistory(const QVariantList &history);

    // The filter bar: expressions applied, most recent first, and the saved ones shown as
    // buttons (each a label and its expression).
    QStringList filterHistory() const;
    void setFilterHistory(const QStringList &history);
    struct SavedFilter
    {
        QString label;
        QString expression;
    };
    QList<SavedFilter> savedFilters() const;
    void setSavedFilters(const QList<SavedFilter> &filters);

private:
    QSettings m_settings;
};

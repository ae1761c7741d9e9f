#include "settings.h"

#include "platform/privatefile.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtGui/QFontDatabase>

namespace {

// Settings hold names, not enum values, so that reordering the enums keeps them.
QString formatName(InputFormat format)
{
    switch (format) {
    case InputFormat::Text:
        return QStringLiteral("text");
    case InputFormat::Escaped:
        return QStringLiteral("escaped");
    case InputFormat::Hex:
        return QStringLiteral("hex");
    case InputFormat::ContentLength:
        return QStringLiteral("content-length");
    case InputFormat::Msgpack:
        return QStringLiteral("msgpack");
    }
    return {};
}

QString lineEndingName(LineEnding ending)
{
    switch (ending) {
    case LineEnding::None:
        return QStringLiteral("none");
    case LineEnding::Lf:
        return QStringLiteral("lf");
    case LineEnding::CrLf:
        return QStringLiteral("crlf");
    }
    return {};
}

// The line ending is remembered per format: hex input usually goes without one.
QString lineEndingKey(InputFormat format)
{
    return QStringLiteral("input/lineEnding/") + formatName(format);
}

// Creates the settings file readable by its owner only, or makes it so. QSettings replaces the
// file on each write and keeps the permissions of the one it replaces.
void makePrivate(const QString &path)
{
    static QString madePrivate; // once per file and process
    if (path == madePrivate)
        return;
    madePrivate = path;
    QDir().mkpath(QFileInfo(path).absolutePath());
    makeFilePrivate(path);
}

} // namespace

// A file on every system (Windows' default would be the registry), so that it can be made
// private; the tests read it as QSettings' default format.
Settings::Settings()
    : m_settings(QSettings::IniFormat, QSettings::UserScope, QCoreApplication::organizationName(),
                 QCoreApplication::applicationName())
{
    makePrivate(m_settings.fileName());
}

DetailPane::DisplayMode Settings::displayMode() const
{
    const int mode = m_settings.value(QStringLiteral("view/displayMode"), 0).toInt();
    if (mode < int(DetailPane::DisplayMode::Hex) || mode > int(DetailPane::DisplayMode::Message))
        return DetailPane::DisplayMode::Hex;
    return static_cast<DetailPane::DisplayMode>(mode);
}

void Settings::setDisplayMode(DetailPane::DisplayMode mode)
{
    m_settings.setValue(QStringLiteral("view/displayMode"), int(mode));
}

int Settings::bytesPerRow() const
{
    const int width = m_settings.value(QStringLiteral("view/bytesPerRow"), 16).toInt();
    return width == 8 || width == 32 ? width : 16;
}

void Settings::setBytesPerRow(int bytesPerRow)
{
    m_settings.setValue(QStringLiteral("view/bytesPerRow"), bytesPerRow);
}

QFont Settings::font() const
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const QString saved = m_settings.value(QStringLiteral("view/font")).toString();
    if (!saved.isEmpty())
        font.fromString(saved);
    return font;
}

void Settings::setFont(const QFont &font)
{
    m_settings.setValue(QStringLiteral("view/font"), font.toString());
}

QByteArray Settings::windowGeometry() const
{
    return m_settings.value(QStringLiteral("window/geometry")).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(QStringLiteral("window/geometry"), geometry);
}

QByteArray Settings::splitterState() const
{
    return m_settings.value(QStringLiteral("window/splitter")).toByteArray();
}

void Settings::setSplitterState(const QByteArray &state)
{
    m_settings.setValue(QStringLiteral("window/splitter"), state);
}

QStringList Settings::recentFiles() const
{
    return m_settings.value(QStringLiteral("recentFiles")).toStringList();
}

void Settings::setRecentFiles(const QStringList &files)
{
    m_settings.setValue(QStringLiteral("recentFiles"), files);
}

InputFormat Settings::inputFormat() const
{
    const QString name = m_settings.value(QStringLiteral("input/format")).toString();
    for (const InputFormat format : {InputFormat::Text, InputFormat::Escaped, InputFormat::Hex,
                                     InputFormat::ContentLength, InputFormat::Msgpack}) {
        if (name == formatName(format))
            return format;
    }
    return InputFormat::Text;
}

void Settings::setInputFormat(InputFormat format)
{
    m_settings.setValue(QStringLiteral("input/format"), formatName(format));
}

LineEnding Settings::lineEnding(InputFormat format) const
{
    const QString name = m_settings.value(lineEndingKey(format)).toString();
    for (const LineEnding ending : {LineEnding::Lf, LineEnding::CrLf, LineEnding::None}) {
        if (name == lineEndingName(ending))
            return ending;
    }
    return format == InputFormat::Hex ? LineEnding::None : LineEnding::Lf;
}

void Settings::setLineEnding(InputFormat format, LineEnding ending)
{
    m_settings.setValue(lineEndingKey(format), lineEndingName(ending));
}

QStringList Settings::inputHistory() const
{
    if (!remembersInput())
        return {};
    return m_settings.value(QStringLiteral("input/history")).toStringList();
}

void Settings::setInputHistory(const QStringList &history)
{
    if (remembersInput())
        m_settings.setValue(QStringLiteral("input/history"), history);
}

bool Settings::remembersInput() const
{
    return m_settings.value(QStringLiteral("input/rememberHistory"), true).toBool();
}

void Settings::setRemembersInput(bool remember)
{
    m_settings.setValue(QStringLiteral("input/rememberHistory"), remember);
    if (!remember)
        m_settings.remove(QStringLiteral("input/history"));
}

bool Settings::opensNewSessions() const
{
    return m_settings.value(QStringLiteral("sessions/openNew"), false).toBool();
}

void Settings::setOpensNewSessions(bool open)
{
    m_settings.setValue(QStringLiteral("sessions/openNew"), open);
}

bool Settings::asksBeforeEndingChild() const
{
    return m_settings.value(QStringLiteral("window/askBeforeEndingChild"), true).toBool();
}

void Settings::setAsksBeforeEndingChild(bool ask)
{
    m_settings.setValue(QStringLiteral("window/askBeforeEndingChild"), ask);
}

QString Settings::saveDirectory() const
{
    return m_settings.value(QStringLiteral("files/saveDirectory")).toString();
}

void Settings::setSaveDirectory(const QString &directory)
{
    m_settings.setValue(QStringLiteral("files/saveDirectory"), directory);
}

QString Settings::sendFileDirectory() const
{
    return m_settings.value(QStringLiteral("input/fileDirectory")).toString();
}

void Settings::setSendFileDirectory(const QString &directory)
{
    m_settings.setValue(QStringLiteral("input/fileDirectory"), directory);
}

QVariantList Settings::launchHistory() const
{
    return m_settings.value(QStringLiteral("launch/history")).toList();
}

void Settings::setLaunchHistory(const QVariantList &history)
{
    m_settings.setValue(QStringLiteral("launch/history"), history);
}

QStringList Settings::filterHistory() const
{
    return m_settings.value(QStringLiteral("filter/history")).toStringList();
}

void Settings::setFilterHistory(const QStringList &history)
{
    m_settings.setValue(QStringLiteral("filter/history"), history);
}

QList<Settings::SavedFilter> Settings::savedFilters() const
{
    QList<SavedFilter> filters;
    const QVariantList saved = m_settings.value(QStringLiteral("filter/saved")).toList();
    for (const QVariant &entry : saved) {
        const QVariantMap map = entry.toMap();
        filters.append({map.value(QStringLiteral("label")).toString(),
                        map.value(QStringLiteral("expression")).toString()});
    }
    return filters;
}

void Settings::setSavedFilters(const QList<SavedFilter> &filters)
{
    QVariantList saved;
    for (const SavedFilter &filter : filters) {
        saved.append(QVariantMap{{QStringLiteral("label"), filter.label},
                                 {QStringLiteral("expression"), filter.expression}});
    }
    m_settings.setValue(QStringLiteral("filter/saved"), saved);
}

// The main() of the replay tests (builds without libFuzzer): runs the target over every file in
// the directories (or the files) named on the command line, so that the seed corpus and each
// crash ever found are checked by the normal and the sanitizer test suites.
#include "fuzzinput.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>

#include <cstdio>

namespace {

// The files to run, in a stable order; false when `path` is neither a file nor a directory.
bool collect(const QString &path, QStringList *files)
{
    const QFileInfo info(path);
    if (info.isFile()) {
        files->append(path);
        return true;
    }
    if (!info.isDir())
        return false;
    QDir dir(path);
    for (const QString &name : dir.entryList(QDir::Files, QDir::Name))
        files->append(dir.filePath(name));
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    QStringList files;
    for (int i = 1; i < argc; ++i) {
        const QString path = QString::fromLocal8Bit(argv[i]);
        if (!collect(path, &files)) {
            std::fprintf(stderr, "%s: no such file or directory\n", argv[i]);
            return 2;
        }
    }
    for (const QString &path : std::as_const(files)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(path), qPrintable(file.errorString()));
            return 2;
        }
        const QByteArray bytes = file.readAll();
        std::fprintf(stderr, "%s (%lld bytes)\n", qPrintable(path), qint64(bytes.size()));
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.constData()),
                               size_t(bytes.size()));
    }
    std::fprintf(stderr, "%lld inputs replayed\n", qint64(files.size()));
    return 0;
}

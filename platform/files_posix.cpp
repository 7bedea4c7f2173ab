// platform/files.hpp on POSIX systems.
#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <random>

#include "platform/files.hpp"

namespace cairn::platform {

namespace {

// Creates "<path>.XXXXXX" with O_EXCL and mode 0644, so that the umask applies as it does to
// any new file (mkstemp would create it 0600).
int create_temp_file(const std::string& path, std::string& tmp_path) {
    static constexpr char kChars[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::random_device rd;
    std::mt19937_64 rng((static_cast<uint64_t>(rd()) << 32) ^ rd() ^
                        static_cast<uint64_t>(::getpid()));
    for (int attempt = 0; attempt < 100; attempt++) {
        tmp_path = path + ".";
        for (int i = 0; i < 6; i++) tmp_path += kChars[rng() % (sizeof(kChars) - 1)];
        int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd != -1 || errno != EEXIST) return fd;
    }
    errno = EEXIST;
    return -1;
}

}  // namespace

std::vector<std::string> glob_files(const std::string& pattern) {
    std::vector<std::string> out;
    glob_t matches{};
    if (glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
        for (size_t i = 0; i < matches.gl_pathc; i++) out.emplace_back(matches.gl_pathv[i]);
    }
    globfree(&matches);
    return out;
}

bool write_file_atomically(const std::string& path, std::string_view content,
                           AtomicWriteError& err) {
    if (path.size() + 7 >= PATH_MAX) {
        err.step = AtomicWriteStep::PathTooLong;
        err.reason = std::strerror(ENAMETOOLONG);
        return false;
    }
    // The permissions to keep: those of the file being replaced, if there is one.
    struct stat old_st {};
    const bool has_old = ::stat(path.c_str(), &old_st) == 0;

    std::string tmp_path;
    int fd = create_temp_file(path, tmp_path);
    if (fd == -1) {
        err.step = AtomicWriteStep::CreateTemp;
        err.reason = std::strerror(errno);
        return false;
    }
    bool ok = false;
    int e = 0;
    size_t offset = 0;
    while (offset < content.size()) {
        ssize_t n = ::write(fd, content.data() + offset, content.size() - offset);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            e = n < 0 ? errno : EIO;
            err.step = AtomicWriteStep::Write;
            err.written = offset;
            break;
        }
        offset += static_cast<size_t>(n);
    }
    if (offset == content.size()) {
        if (::fsync(fd) == -1) {
            e = errno;
            err.step = AtomicWriteStep::Sync;
        } else if (has_old && ::fchmod(fd, old_st.st_mode & 07777) == -1) {
            e = errno;
            err.step = AtomicWriteStep::Chmod;
        } else if (::rename(tmp_path.c_str(), path.c_str()) == -1) {
            e = errno;
            err.step = AtomicWriteStep::Rename;
        } else {
            ok = true;
        }
    }
    ::close(fd);
    if (!ok) {
        ::unlink(tmp_path.c_str());
        err.reason = std::strerror(e);
    }
    return ok;
}

}  // namespace cairn::platform

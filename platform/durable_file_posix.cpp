#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "platform/durable_file.hpp"

namespace cairn::platform {

namespace {
bool fail(std::string& err) {
    err = std::strerror(errno);
    return false;
}
int fd_of(std::intptr_t h) {
    return static_cast<int>(h);
}
}  // namespace

DurableFile::~DurableFile() {
    if (handle_ != kClosed) ::close(fd_of(handle_));
}

bool DurableFile::open(const std::string& path, bool append, std::string& err) {
    int flags = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC);
#ifdef O_CLOEXEC
    flags |= O_CLOEXEC;
#endif
    int fd = ::open(path.c_str(), flags, 0644);
    if (fd == -1) return fail(err);
    handle_ = fd;
    return true;
}

bool DurableFile::write(std::string_view data, std::string& err) {
    size_t off = 0;
    while (off < data.size()) {
        ssize_t n = ::write(fd_of(handle_), data.data() + off, data.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(err);
        }
        if (n == 0) {
            errno = EIO;
            return fail(err);
        }
        off += static_cast<size_t>(n);
    }
    return true;
}

bool DurableFile::sync(std::string& err) {
#if defined(__linux__)
    if (::fdatasync(fd_of(handle_)) == -1) return fail(err);
#else
    if (::fsync(fd_of(handle_)) == -1) return fail(err);
#endif
    return true;
}

bool DurableFile::close(std::string& err) {
    int fd = fd_of(handle_);
    handle_ = kClosed;
    if (::close(fd) == -1) return fail(err);
    return true;
}

bool DurableFile::truncate(uint64_t size, std::string& err) {
    if (::ftruncate(fd_of(handle_), static_cast<off_t>(size)) == -1) return fail(err);
    return true;
}

bool replace_file(const std::string& from, const std::string& to, std::string& err) {
    if (::rename(from.c_str(), to.c_str()) == -1) return fail(err);
    int dfd = ::open(directory_of(to).c_str(), O_RDONLY);
    if (dfd != -1) {  // best effort: some file systems refuse to open directories
        ::fsync(dfd);
        ::close(dfd);
    }
    return true;
}

bool remove_file(const std::string& path, std::string& err) {
    if (::unlink(path.c_str()) == -1 && errno != ENOENT) return fail(err);
    return true;
}

bool file_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

int64_t file_size(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == -1) return -1;
    return static_cast<int64_t>(st.st_size);
}

bool make_directory(const std::string& path, std::string& err) {
    if (::mkdir(path.c_str(), 0755) == -1 && errno != EEXIST) return fail(err);
    return true;
}

std::string directory_of(const std::string& path) {
    size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

}  // namespace cairn::platform

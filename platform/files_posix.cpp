// platform/files.hpp on POSIX systems.
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

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

// The identity permission checks use: a user's ids and name.
struct Identity {
    uid_t uid = 0;
    gid_t gid = 0;
    std::string name;
    bool is_this_process = false;  // group membership from getgroups() rather than the group file
};

std::string user_name(uid_t uid) {
    const passwd* pw = ::getpwuid(uid);
    return pw != nullptr ? pw->pw_name : std::to_string(uid);
}

std::string group_name(gid_t gid) {
    const group* gr = ::getgrgid(gid);
    return gr != nullptr ? gr->gr_name : std::to_string(gid);
}

Identity identity_of(const std::string& account) {
    if (const passwd* pw = ::getpwnam(account.c_str())) return {pw->pw_uid, pw->pw_gid, account};
    return {::geteuid(), ::getegid(), user_name(::geteuid()), true};
}

bool in_group(const Identity& who, gid_t gid) {
    if (who.gid == gid) return true;
    if (who.is_this_process) {
        std::vector<gid_t> groups(static_cast<size_t>(std::max(::getgroups(0, nullptr), 0)));
        const int n = ::getgroups(static_cast<int>(groups.size()), groups.data());
        return n > 0 && std::find(groups.begin(), groups.begin() + n, gid) != groups.begin() + n;
    }
    const group* gr = ::getgrgid(gid);
    if (gr == nullptr) return false;
    for (char** member = gr->gr_mem; *member != nullptr; member++) {
        if (who.name == *member) return true;
    }
    return false;
}

// Creating a file in a directory takes write and search (x) permission, from the owner's,
// the group's or the others' bits, whichever class the account falls in; root bypasses them.
bool may_create_files(const Identity& who, const struct stat& st) {
    if (who.uid == 0) return true;
    if (st.st_uid == who.uid) return (st.st_mode & S_IWUSR) && (st.st_mode & S_IXUSR);
    if (in_group(who, st.st_gid)) return (st.st_mode & S_IWGRP) && (st.st_mode & S_IXGRP);
    return (st.st_mode & S_IWOTH) && (st.st_mode & S_IXOTH);
}

std::string owner_and_mode(const struct stat& st) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return "owner " + user_name(st.st_uid) + ":" + group_name(st.st_gid) + ", mode " + mode;
}

}  // namespace

DirectoryAccessCheck check_directory_access(const std::string& path, const std::string& account) {
    const Identity who = identity_of(account);
    DirectoryAccessCheck check;
    check.account = who.name;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        check.access = errno == ENOENT ? DirectoryAccess::Missing : DirectoryAccess::Unknown;
        check.detail = std::strerror(errno);
        return check;
    }
    if (!S_ISDIR(st.st_mode)) {
        check.access = DirectoryAccess::NotADirectory;
        return check;
    }
    check.access =
        may_create_files(who, st) ? DirectoryAccess::Writable : DirectoryAccess::NotWritable;
    check.detail = owner_and_mode(st);
    return check;
}

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

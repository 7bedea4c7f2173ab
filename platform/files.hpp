// File-system operations whose system calls differ between POSIX and Windows.
// Implementations: files_posix.cpp (Linux, macOS, the BSDs) and files_windows.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::platform {

// The files matching a wildcard pattern (* ? [...]), sorted; no match is an empty list.
// On Windows only the last path component may hold wildcards, and [...] matches literally.
std::vector<std::string> glob_files(const std::string& pattern);

// The step of write_file_atomically that failed.
enum class AtomicWriteStep { PathTooLong, CreateTemp, Write, Sync, Chmod, Rename };

struct AtomicWriteError {
    AtomicWriteStep step = AtomicWriteStep::CreateTemp;
    size_t written = 0;  // bytes written to the temporary file before a Write failure
    std::string reason;  // the OS's text, e.g. "No such file or directory"
};

// Replaces the file at path with content atomically: writes "<path>.XXXXXX" in the same
// directory, syncs it to disk, gives it the permissions of the file it replaces (POSIX: 0644
// minus the umask for a new file) and renames it over path. On failure the temporary file is
// removed and err tells which step failed and why.
bool write_file_atomically(const std::string& path, std::string_view content,
                           AtomicWriteError& err);

// Whether an account may create files in a directory, judged from the directory's owner, group
// and permission bits as the kernel would for that account (ACLs and read-only mounts are not
// looked at). On Windows only that the directory exists is checked: its ACLs are not judged.
enum class DirectoryAccess { Writable, NotWritable, Missing, NotADirectory, Unknown };

struct DirectoryAccessCheck {
    DirectoryAccess access = DirectoryAccess::Unknown;
    std::string account;  // the account that was judged
    // NotWritable: "owner root:root, mode 0755"; Unknown: why it could not be told.
    std::string detail;
};

// account: a user name; where the system has no such user, the user running this process is
// judged instead (and named in the result). Not thread-safe (getpwnam, getgrgid).
DirectoryAccessCheck check_directory_access(const std::string& path, const std::string& account);

}  // namespace cairn::platform

// Files that must reach the disk (RDB snapshots, AOF): write, sync (fsync / FlushFileBuffers),
// atomic replace. Implementations: durable_file_posix.cpp and durable_file_windows.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::platform {

class DurableFile {
public:
    DurableFile() = default;
    DurableFile(const DurableFile&) = delete;
    DurableFile& operator=(const DurableFile&) = delete;
    ~DurableFile();  // closes without syncing

    // Creates (truncating) or, with append, opens for appending, creating if missing.
    bool open(const std::string& path, bool append, std::string& err);
    bool is_open() const { return handle_ != kClosed; }
    // Writes all of data or fails (err: the OS's text, e.g. "No space left on device").
    bool write(std::string_view data, std::string& err);
    bool sync(std::string& err);  // data and size on disk (fdatasync / FlushFileBuffers)
    bool close(std::string& err);
    // Cuts the file to size bytes (an AOF with a partial last write).
    bool truncate(uint64_t size, std::string& err);

private:
    static constexpr std::intptr_t kClosed = -1;
    std::intptr_t handle_ = kClosed;  // fd, or a Windows HANDLE
};

// Renames from over to, replacing it atomically, and on POSIX syncs the directory so the
// rename itself survives a crash.
bool replace_file(const std::string& from, const std::string& to, std::string& err);
// Removes a file; a missing file is not an error.
bool remove_file(const std::string& path, std::string& err);
bool file_exists(const std::string& path);
// Size in bytes, or -1 when the file cannot be read.
int64_t file_size(const std::string& path);
bool make_directory(const std::string& path, std::string& err);  // exists already: fine
// Directory part of a path ("." when it has none).
std::string directory_of(const std::string& path);

}  // namespace cairn::platform

// A file read as a ByteSource (RDB loading).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "persist/rdb_primitives.hpp"

namespace cairn::persist {

class FileSource final : public ByteSource {
public:
    FileSource() = default;
    ~FileSource() override;
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;
    // False with err (the OS's text) when it cannot be opened; missing() tells ENOENT apart.
    bool open(const std::string& path, std::string& err);
    bool missing() const { return missing_; }
    size_t read(char* buf, size_t n) override;
    uint64_t size() const { return size_; }
    bool read_error() const { return error_; }

private:
    std::FILE* f_ = nullptr;
    uint64_t size_ = 0;
    bool missing_ = false;
    bool error_ = false;
};

}  // namespace cairn::persist

#include "persist/file_source.hpp"

#include <cerrno>
#include <cstring>

namespace cairn::persist {

FileSource::~FileSource() {
    if (f_) std::fclose(f_);
}

bool FileSource::open(const std::string& path, std::string& err) {
    f_ = std::fopen(path.c_str(), "rb");
    if (!f_) {
        missing_ = errno == ENOENT;
        err = std::strerror(errno);
        return false;
    }
    if (std::fseek(f_, 0, SEEK_END) == 0) {
        long end = std::ftell(f_);
        size_ = end > 0 ? static_cast<uint64_t>(end) : 0;
        std::fseek(f_, 0, SEEK_SET);
    }
    return true;
}

size_t FileSource::read(char* buf, size_t n) {
    size_t got = std::fread(buf, 1, n, f_);
    if (got < n && std::ferror(f_)) error_ = true;
    return got;
}

}  // namespace cairn::persist

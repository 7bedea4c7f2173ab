// A fresh directory under the system's temp directory, removed with everything in it at scope
// exit. Portable (std::filesystem), unlike mkdtemp.
#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace cairn::test {

class TempDir {
public:
    explicit TempDir(const std::string& prefix = "cairn-test-") {
        namespace fs = std::filesystem;
        std::random_device rd;
        std::mt19937_64 rng((static_cast<unsigned long long>(rd()) << 32) ^ rd());
        for (int attempt = 0; attempt < 100 && path_.empty(); attempt++) {
            fs::path p = fs::temp_directory_path() / (prefix + std::to_string(rng() % 1000000000));
            std::error_code ec;
            if (fs::create_directory(p, ec)) path_ = p.string();  // false: it already existed
        }
    }
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    // path/name, with the OS's separator.
    std::string file(const std::string& name) const {
        return (std::filesystem::path(path_) / name).string();
    }

private:
    std::string path_;
};

}  // namespace cairn::test

#include "net/reactor_nesting.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace cairn::net {

int find_watching_epoll_set(int fd) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        const std::string name = entry.path().filename().string();
        const int candidate = std::atoi(name.c_str());
        if (candidate == fd) continue;
        std::error_code link_ec;
        if (std::filesystem::read_symlink(entry.path(), link_ec).string() !=
            "anon_inode:[eventpoll]") {
            continue;
        }
        std::ifstream info("/proc/self/fdinfo/" + name);
        std::string line;
        while (std::getline(info, line)) {
            int target = -1;
            if (std::sscanf(line.c_str(), "tfd: %d", &target) == 1 && target == fd) {
                return candidate;
            }
        }
    }
    return -1;
}

}  // namespace cairn::net

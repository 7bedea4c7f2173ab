#include "server/propagation_log.hpp"

#include <cerrno>
#include <cstring>

#include "resp/command_encoding.hpp"

namespace cairn {

PropagationLog::~PropagationLog() {
    if (file_) std::fclose(file_);
}

bool PropagationLog::open(const std::string& path, std::string& err) {
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) {
        err = std::strerror(errno);
        return false;
    }
    return true;
}

void PropagationLog::feed(int db, const std::vector<std::string>& argv) {
    if (!file_) return;
    std::string out;
    if (db != selected_db_) {
        resp::append_command(out, {"SELECT", std::to_string(db)});
        selected_db_ = db;
    }
    resp::append_command(out, argv);
    // Written through at once: a test reads the file while the server runs.
    std::fwrite(out.data(), 1, out.size(), file_);
    std::fflush(file_);
}

}  // namespace cairn

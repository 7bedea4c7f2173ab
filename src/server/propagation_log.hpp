// A propagation sink that appends every propagated command to a file exactly as Redis 7.0
// writes its AOF (the AOF target): RESP arrays, with SELECT inserted when the database
// changes. Test-only (the hidden `propagation-log` directive): the differential tests compare
// its stream with redis-server's appendonly file.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "commands/propagation.hpp"

namespace cairn {

class PropagationLog : public PropagationSink {
public:
    ~PropagationLog() override;
    // Opens (creates or truncates) path; false with the OS's reason in err.
    bool open(const std::string& path, std::string& err);

    uint8_t targets() const override { return kPropagateAof; }
    void feed(int db, const std::vector<std::string>& argv) override;

private:
    std::FILE* file_ = nullptr;
    int selected_db_ = -1;  // as Redis's aof_selected_db: nothing selected yet
};

}  // namespace cairn

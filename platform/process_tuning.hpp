// How the operating system treats the process: its OOM-killer score (oom-score-adj) and
// which CPUs its threads run on (*_cpulist).
#pragma once

#include <string>
#include <vector>

namespace cairn::platform {

// Linux only (/proc/self/oom_score_adj, -1000..1000).
bool has_oom_score_adj();
bool read_oom_score_adj(int& value, std::string& err);
bool write_oom_score_adj(int value, std::string& err);

// Linux, FreeBSD, DragonFly, NetBSD and Windows (the first 64 CPUs); not macOS or OpenBSD.
bool has_cpu_affinity();
// Binds the calling thread to these CPUs.
bool set_thread_cpu_affinity(const std::vector<int>& cpus, std::string& err);

}  // namespace cairn::platform

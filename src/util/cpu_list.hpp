// CPU lists as taskset and Redis's *_cpulist directives write them: "0,2,3", "0,2-3",
// "0-20:2" (a range with a stride), comma separated.
#pragma once

#include <string_view>
#include <vector>

namespace cairn::util {

// Highest CPU number accepted, as the kernel's default CPU_SETSIZE.
constexpr int kMaxCpu = 1023;

// The CPUs listed, ascending and without repeats. False on anything malformed: an empty list
// or item, a range whose end is below its start, a zero stride, a CPU above kMaxCpu.
bool parse_cpu_list(std::string_view text, std::vector<int>& cpus);

}  // namespace cairn::util

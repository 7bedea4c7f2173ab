// validate's warnings: settings that are valid but unsafe, or that have no effect. Each is one
// sentence; validate prints it after "PATH: warning: ".
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace cairn::tools {

// From the values alone (no file system): the server reachable beyond loopback by anyone
// (bind, protected-mode no, no requirepass), append-only file settings while appendonly is no,
// an eviction policy without maxmemory.
std::vector<std::string> unsafe_settings(const config::Config& cfg);

// An absolute dir that is missing, not a directory, or where `account` cannot create files
// (where the system has no such user: the user running cairn-config); empty when fine or
// when dir is relative (it is then resolved against the server's working directory).
std::string dir_problem(const config::Config& cfg, const std::string& account);

}  // namespace cairn::tools

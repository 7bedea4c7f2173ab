// What `apply` changes and `diff --running` shows: the file's effective value of every
// directive (what it writes, else the default) against what a running server reports with
// CONFIG GET. Plain C++ without sockets, so the rules are unit-tested.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace cairn::tools {

// A directive whose running value differs from the file's.
struct SyncDifference {
    const config::Directive* directive = nullptr;
    std::string wanted;   // the file's effective value, as CONFIG GET prints it
    std::string running;  // what the server reports
    // Written in the file (or set by an included file). When not, wanted is the default: the
    // directive was removed from the file, or the server was started or changed otherwise.
    bool in_file = false;
};

// A directive written in the file that cannot be compared, with the reason.
struct SyncSkip {
    const config::Directive* directive = nullptr;
    std::string reason;  // e.g. "unknown to the server"
};

struct SyncPlan {
    std::vector<SyncDifference> differences;  // in table order
    std::vector<SyncSkip> skipped;
    int unchanged = 0;  // directives written in the file that the server already has
};

// running: CONFIG GET's name -> value pairs (names in lower case; aliases may be there too).
// written: the directives that have a line in the file (directives_in_text). Only canonical
// names are compared. Not compared, when the file does not write them: directives the server
// does not know, test-only (hidden) ones, and those whose running value the server derives
// at startup rather than from the file (dir "./": its start directory; maxclients: lowered to
// its open-files limit; pidfile: chosen when daemonized).
SyncPlan plan_sync(const config::Config& file, const std::vector<const config::Directive*>& written,
                   const std::map<std::string, std::string>& running);

}  // namespace cairn::tools

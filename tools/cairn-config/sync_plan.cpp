#include "tools/cairn-config/sync_plan.hpp"

#include <algorithm>
#include <cctype>

namespace cairn::tools {

namespace {

using config::Directive;

std::string default_value(const Directive& d) {
    static const config::Config defaults;
    return d.get(defaults);
}

// Running values the server sets itself when the file leaves the directive out.
bool derived_at_startup(const Directive& d) {
    return d.name == "dir" || d.name == "maxclients" || d.name == "pidfile";
}

// A dir the server resolves against its own start directory. Absolute is judged for the
// server's OS, whichever this one is: "/srv", "C:\data" or "C:/data", "\\host\share".
bool is_relative_dir(const Directive& d, const std::string& value) {
    if (d.name != "dir" || value.empty() || value[0] == '/' || value[0] == '\\') return false;
    const bool drive = value.size() >= 3 && std::isalpha(static_cast<unsigned char>(value[0])) &&
                       value[1] == ':' && (value[2] == '\\' || value[2] == '/');
    return !drive;
}

}  // namespace

SyncPlan plan_sync(const config::Config& file, const std::vector<const Directive*>& written,
                   const std::map<std::string, std::string>& running) {
    SyncPlan plan;
    for (const Directive& d : config::directives()) {
        const std::string wanted = d.get(file);
        const bool in_file = std::find(written.begin(), written.end(), &d) != written.end() ||
                             wanted != default_value(d);
        if (!in_file && (d.hidden || derived_at_startup(d))) continue;
        const auto it = running.find(std::string(d.name));
        if (it == running.end()) {
            if (in_file) plan.skipped.push_back({&d, "unknown to the server"});
            continue;
        }
        if (is_relative_dir(d, wanted)) {
            plan.skipped.push_back({&d, "a relative dir cannot be compared"});
            continue;
        }
        if (it->second == wanted) {
            if (in_file) plan.unchanged++;
            continue;
        }
        plan.differences.push_back({&d, wanted, it->second, in_file});
    }
    return plan;
}

}  // namespace cairn::tools

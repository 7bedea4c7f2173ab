#include "tools/cairn-config/config_warnings.hpp"

#include "platform/files.hpp"
#include "platform/platform.hpp"
#include "util/strings.hpp"

namespace cairn::tools {

namespace {

using config::Config;
using config::Directive;

// A bind address that only the machine itself can reach ('-' marks an optional one).
bool is_loopback(std::string_view address) {
    if (address.starts_with('-')) address.remove_prefix(1);
    return address.starts_with("127.") || address == "::1" || util::iequals(address, "localhost");
}

std::string exposure_warning(const Config& cfg) {
    if (cfg.port == 0 || cfg.protected_mode || !cfg.requirepass.empty()) return {};
    std::string exposed;
    for (const std::string& address : cfg.bind) {
        if (is_loopback(address)) continue;
        if (!exposed.empty()) exposed += ' ';
        exposed += address;
    }
    if (exposed.empty()) return {};
    return "listening on " + exposed + " (not only loopback) with protected-mode no and no " +
           "requirepass: anyone who can reach port " + std::to_string(cfg.port) +
           " can read and change all data";
}

// Read only while the append-only file is on.
constexpr std::string_view kAofDirectives[] = {
    "appendfsync",
    "appendfilename",
    "appenddirname",
    "no-appendfsync-on-rewrite",
    "auto-aof-rewrite-percentage",
    "auto-aof-rewrite-min-size",
};

void aof_warnings(const Config& cfg, std::vector<std::string>& out) {
    if (cfg.appendonly) return;
    static const Config defaults;
    for (std::string_view name : kAofDirectives) {
        const Directive* d = config::find_directive(name);
        if (d == nullptr || d->get(cfg) == d->get(defaults)) continue;
        out.push_back(std::string(name) + " " + d->get(cfg) +
                      " has no effect while appendonly is no");
    }
}

std::string eviction_warning(const Config& cfg) {
    if (cfg.maxmemory != 0 || cfg.maxmemory_policy == "noeviction") return {};
    return "maxmemory-policy " + cfg.maxmemory_policy +
           " has no effect while maxmemory is 0 (no memory limit)";
}

bool is_absolute(const std::string& path) {
    return !path.empty() && platform::absolute_path(path, "base") == path;
}

}  // namespace

std::vector<std::string> unsafe_settings(const Config& cfg) {
    std::vector<std::string> out;
    if (std::string w = exposure_warning(cfg); !w.empty()) out.push_back(std::move(w));
    aof_warnings(cfg, out);
    if (std::string w = eviction_warning(cfg); !w.empty()) out.push_back(std::move(w));
    return out;
}

std::string dir_problem(const Config& cfg, const std::string& account) {
    if (!is_absolute(cfg.dir)) return {};
    using platform::DirectoryAccess;
    const platform::DirectoryAccessCheck check = platform::check_directory_access(cfg.dir, account);
    const std::string prefix = "dir " + cfg.dir + ": ";
    switch (check.access) {
        case DirectoryAccess::Writable:
            return {};
        case DirectoryAccess::Missing:
            return prefix + "no such directory";
        case DirectoryAccess::NotADirectory:
            return prefix + "not a directory";
        case DirectoryAccess::NotWritable:
            return prefix + "user " + check.account + " cannot create files there (" +
                   check.detail + "); snapshots and the append-only file are written there";
        case DirectoryAccess::Unknown:
            break;
    }
    return prefix + "cannot be checked: " + check.detail;
}

}  // namespace cairn::tools

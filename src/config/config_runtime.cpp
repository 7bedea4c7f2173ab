// CONFIG GET pattern matching and atomic CONFIG SET with apply and rollback (Redis 7.0's
// configGetCommand / configSetCommand).
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "util/strings.hpp"

namespace cairn::config {

namespace {

// Redis registers a directive's name and its alias as two entries of one table.
struct Entry {
    const Directive* directive;
    std::string_view name;  // the name or the alias
};

const std::vector<Entry>& all_entries() {
    static const std::vector<Entry> entries = [] {
        std::vector<Entry> out;
        for (const Directive& d : directives()) {
            out.push_back({&d, d.name});
            if (!d.alias.empty()) out.push_back({&d, d.alias});
        }
        return out;
    }();
    return entries;
}

// Looks a name up as Redis's lookupConfig (case-insensitive, names and aliases).
bool lookup_entry(std::string_view name, Entry& out) {
    for (const Entry& e : all_entries()) {
        if (util::iequals(e.name, name)) {
            out = e;
            return true;
        }
    }
    return false;
}

bool has_key(const std::vector<std::pair<std::string, std::string>>& found, std::string_view key) {
    for (const auto& kv : found) {
        if (util::iequals(kv.first, key)) return true;
    }
    return false;
}

// sdssplitlen(value, " "): CONFIG SET splits multi-word values on single spaces, so "" gives
// no words and "a  b" gives "a", "", "b".
std::vector<std::string> split_on_spaces(const std::string& value) {
    std::vector<std::string> out;
    if (value.empty()) return out;
    size_t pos = 0;
    while (true) {
        size_t sp = value.find(' ', pos);
        if (sp == std::string::npos) {
            out.push_back(value.substr(pos));
            return out;
        }
        out.push_back(value.substr(pos, sp - pos));
        pos = sp + 1;
    }
}

bool protected_change_allowed(const Config& cfg, bool client_is_local) {
    return cfg.enable_protected_configs == "yes" ||
           (cfg.enable_protected_configs == "local" && client_is_local);
}

std::string failed_text(std::string_view arg, const std::string& reason) {
    std::string out = "ERR CONFIG SET failed (possibly related to argument '";
    out += arg;
    out += "')";
    if (!reason.empty()) {
        out += " - ";
        out += reason;
    }
    return out;
}

// One action to run after the new values are in place, and the first directive needing it.
struct PendingApply {
    Apply what;
    std::string_view name;
};

void apply_all_ignoring_errors(const std::vector<PendingApply>& actions, ConfigHost* host) {
    for (const PendingApply& a : actions) {
        std::string ignored;
        host->apply(a.what, ignored);
    }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> get_matching(
    const Config& cfg, const std::vector<std::string>& patterns) {
    std::vector<std::pair<std::string, std::string>> found;
    const std::vector<Entry>& entries = all_entries();
    for (const std::string& pattern : patterns) {
        // Without glob characters: a direct lookup, answered with the client's spelling.
        if (pattern.find_first_of("[*?") == std::string::npos) {
            Entry e{};
            if (!has_key(found, pattern) && lookup_entry(pattern, e)) {
                found.emplace_back(pattern, e.directive->get(cfg));
            }
            continue;
        }
        for (const Entry& e : entries) {
            if (e.directive->hidden || has_key(found, e.name)) continue;
            if (util::glob_match(pattern, e.name, true)) {
                found.emplace_back(std::string(e.name), e.directive->get(cfg));
            }
        }
    }
    return found;
}

bool set_runtime(Config& cfg, const std::vector<std::string>& name_value_pairs, ConfigHost* host,
                 std::string& err) {
    return set_runtime(cfg, name_value_pairs, host, false, err);
}

bool set_runtime(Config& cfg, const std::vector<std::string>& name_value_pairs, ConfigHost* host,
                 bool client_is_local, std::string& err) {
    if (name_value_pairs.size() % 2 != 0) {
        err = "ERR syntax error";
        return false;
    }
    const size_t count = name_value_pairs.size() / 2;

    // 1. Find every directive. Like Redis, the first unknown name wins over other errors
    // only if no error was seen before it.
    std::vector<Entry> targets(count, Entry{nullptr, {}});
    bool invalid = false;
    std::string unknown_name;
    std::string error_reason;
    std::string error_name;
    for (size_t i = 0; i < count; i++) {
        const std::string& name = name_value_pairs[2 * i];
        Entry e{};
        if (!lookup_entry(name, e)) {
            if (!invalid) {
                unknown_name = name;
                invalid = true;
            }
            continue;
        }
        if (invalid) continue;
        if (!e.directive->runtime_mutable) {
            error_reason = "can't set immutable config";
            error_name = name;
            invalid = true;
            continue;
        }
        if (e.directive->protected_config && !protected_change_allowed(cfg, client_is_local)) {
            error_reason = "can't set protected config";
            error_name = name;
            invalid = true;
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (targets[j].directive == e.directive && targets[j].name == e.name) {
                error_reason = "duplicate parameter";
                error_name = name;
                invalid = true;
                break;
            }
        }
        targets[i] = e;
    }
    if (invalid) {
        if (!unknown_name.empty()) {
            err =
                "ERR Unknown option or number of arguments for CONFIG SET - '" + unknown_name + "'";
        } else {
            err = failed_text(error_name, error_reason);
        }
        return false;
    }

    // 2. Set every value (nothing applied yet); any failure restores the old Config.
    const Config backup = cfg;
    std::vector<PendingApply> actions;
    for (size_t i = 0; i < count; i++) {
        const Directive& d = *targets[i].directive;
        const std::string& value = name_value_pairs[2 * i + 1];
        std::vector<std::string> args;
        if (d.arity == -1) {
            args = split_on_spaces(value);
        } else {
            args.push_back(value);
        }
        const std::string before = d.get(cfg);
        std::string reason;
        if (!d.set(cfg, args, reason)) {
            cfg = backup;
            err = failed_text(targets[i].name, reason);
            return false;
        }
        // Redis re-applies special directives on every set, others only on a real change.
        const bool changed = d.kind == Kind::Special || d.get(cfg) != before;
        if (!changed || d.apply == Apply::None) continue;
        bool seen = false;
        for (const PendingApply& a : actions) seen = seen || a.what == d.apply;
        if (!seen) actions.push_back({d.apply, targets[i].name});
    }

    // 3. Apply each distinct action once; on failure restore and re-apply the old values.
    if (host != nullptr) {
        for (const PendingApply& a : actions) {
            std::string reason;
            if (!host->apply(a.what, reason)) {
                cfg = backup;
                apply_all_ignoring_errors(actions, host);
                err = failed_text(a.name, reason);
                return false;
            }
        }
    }
    return true;
}

}  // namespace cairn::config

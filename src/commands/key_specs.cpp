#include "commands/key_specs.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "commands/command.hpp"
#include "commands/command_metadata.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

constexpr std::string_view kFlagNames[] = {
    "RO",     "RW",     "OW",      "RM",         "access",         "update",
    "insert", "delete", "not_key", "incomplete", "variable_flags",
};

KeySpec from_row(const meta::KeySpecMetadata& d) {
    KeySpec s;
    s.notes = d.notes;
    s.flags = parse_key_spec_flags(d.flags);
    switch (d.begin) {
        case 'i':
            s.begin = KeySpec::Begin::Index;
            s.index = d.begin_arg;
            break;
        case 'k':
            s.begin = KeySpec::Begin::Keyword;
            s.keyword = d.keyword;
            s.startfrom = d.begin_arg;
            break;
        default:
            s.begin = KeySpec::Begin::Unknown;
            break;
    }
    switch (d.find) {
        case 'r':
            s.find = KeySpec::Find::Range;
            s.lastkey = d.a;
            s.keystep = d.b;
            s.limit = d.c;
            break;
        case 'n':
            s.find = KeySpec::Find::Keynum;
            s.keynumidx = d.a;
            s.firstkey = d.b;
            s.keystep = d.c;
            break;
        default:
            s.find = KeySpec::Find::Unknown;
            s.keystep = 0;
            break;
    }
    return s;
}

bool ieq(std::string_view a, std::string_view b) {
    return util::iequals(a, b);
}

// Redis's getKeysUsingKeySpecs without flags: -1 when a spec does not fit the arguments.
int keys_from_specs(const Command& cmd, std::span<const KeySpec> specs,
                    std::span<const std::string_view> argv, std::vector<KeyRef>& out) {
    const long argc = static_cast<long>(argv.size());
    for (const KeySpec& spec : specs) {
        if (spec.flags & kKeyNotKey) continue;
        long first = 0;
        if (spec.begin == KeySpec::Begin::Index) {
            first = spec.index;
        } else if (spec.begin == KeySpec::Begin::Keyword) {
            long start = spec.startfrom > 0 ? spec.startfrom : argc + spec.startfrom;
            long end = spec.startfrom > 0 ? argc - 1 : 1;
            for (long i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                if (i >= argc || i < 1) break;
                if (ieq(argv[static_cast<size_t>(i)], spec.keyword)) {
                    first = i + 1;
                    break;
                }
            }
            if (!first) continue;  // keyword not found
        } else {
            out.clear();
            return -1;
        }

        long last = 0;
        long step = 1;
        if (spec.find == KeySpec::Find::Range) {
            step = spec.keystep;
            if (spec.lastkey >= 0) {
                last = first + spec.lastkey;
            } else if (!spec.limit) {
                last = argc + spec.lastkey;
            } else {
                last = first + ((argc - first) / spec.limit + spec.lastkey);
            }
        } else if (spec.find == KeySpec::Find::Keynum) {
            step = spec.keystep;
            long idx = first + spec.keynumidx;
            long long numkeys = 0;
            if (idx >= argc || idx < 0 ||
                !util::string_to_ll(argv[static_cast<size_t>(idx)], numkeys) || numkeys < 0) {
                out.clear();
                return -1;
            }
            first += spec.firstkey;
            last = first + static_cast<long>(numkeys) - 1;
        } else {
            out.clear();
            return -1;
        }

        if (last >= argc || last < first || first >= argc) {
            out.clear();
            return -1;
        }
        if (step <= 0) step = 1;
        for (long i = first; i <= last; i += step) {
            if (i >= argc || i < first) {
                if (cmd.spec().arity < 0) continue;
                break;
            }
            out.push_back({static_cast<size_t>(i), spec.flags});
        }
        if (spec.flags & kKeyIncomplete) {
            out.clear();
            return -1;
        }
    }
    return static_cast<int>(out.size());
}

// The getkeys procedures of Redis's commands whose specs are unreliable (variable flags,
// incomplete) or did not fit the arguments.
void keys_from_proc(const Command& cmd, std::span<const std::string_view> argv,
                    std::vector<KeyRef>& out) {
    const std::string& name = cmd.full_name();
    const size_t argc = argv.size();
    out.clear();
    if (name == "set") {
        uint32_t flags = kKeyOW | kKeyUpdate;
        for (size_t i = 3; i < argc; i++) {
            if (ieq(argv[i], "get")) {
                flags = kKeyRW | kKeyAccess | kKeyUpdate;
                break;
            }
        }
        out.push_back({1, flags});
    } else if (name == "bitfield") {
        bool readonly = true;
        for (size_t i = 2; i < argc; i++) {
            size_t remargs = argc - i - 1;
            if (ieq(argv[i], "get") && remargs >= 2) {
                i += 2;
            } else if ((ieq(argv[i], "set") || ieq(argv[i], "incrby")) && remargs >= 3) {
                readonly = false;
                break;
            } else if (ieq(argv[i], "overflow") && remargs >= 1) {
                i += 1;
            } else {
                readonly = false;
                break;
            }
        }
        out.push_back({1, readonly ? (kKeyRO | kKeyAccess) : (kKeyRW | kKeyAccess | kKeyUpdate)});
    } else if (name == "sort_ro") {
        out.push_back({1, kKeyRO | kKeyAccess});
    } else if (name == "sort") {
        out.push_back({1, kKeyRO | kKeyAccess});
        size_t store = 0;
        for (size_t i = 2; i < argc; i++) {
            if (ieq(argv[i], "limit")) {
                i += 2;
            } else if (ieq(argv[i], "get") || ieq(argv[i], "by")) {
                i += 1;
            } else if (ieq(argv[i], "store") && i + 1 < argc) {
                store = i + 1;  // the last STORE wins, as in SORT
            }
        }
        if (store) out.push_back({store, kKeyOW | kKeyUpdate});
    } else if (name == "migrate") {
        size_t first = 3;
        size_t num = 1;
        if (argc > 6) {
            for (size_t i = 6; i < argc; i++) {
                if (ieq(argv[i], "keys")) {
                    if (!argv[3].empty()) {
                        num = 0;  // syntax error, left to MIGRATE
                    } else {
                        first = i + 1;
                        num = argc - first;
                    }
                    break;
                }
                if (ieq(argv[i], "auth")) {
                    i += 1;
                } else if (ieq(argv[i], "auth2")) {
                    i += 2;
                }
            }
        }
        for (size_t i = 0; i < num; i++) {
            out.push_back({first + i, kKeyRW | kKeyAccess | kKeyDelete});
        }
    } else if (name == "georadius" || name == "georadiusbymember") {
        size_t stored = 0;
        for (size_t i = 5; i < argc; i++) {
            if ((ieq(argv[i], "store") || ieq(argv[i], "storedist")) && i + 1 < argc) {
                stored = i + 1;
                i++;
            }
        }
        out.push_back({1, 0});
        if (stored) out.push_back({stored, 0});
    }
    // Everything else (numkeys-style commands, XREAD): arguments the specs reject hold no
    // usable keys.
}

}  // namespace

std::vector<std::string_view> key_spec_flag_names(uint32_t flags) {
    std::vector<std::string_view> out;
    for (size_t i = 0; i < std::size(kFlagNames); i++) {
        if (flags & (1u << i)) out.push_back(kFlagNames[i]);
    }
    return out;
}

uint32_t parse_key_spec_flags(std::string_view names) {
    uint32_t flags = 0;
    while (!names.empty()) {
        size_t sp = names.find(' ');
        std::string_view word = names.substr(0, sp);
        for (size_t i = 0; i < std::size(kFlagNames); i++) {
            if (word == kFlagNames[i]) flags |= 1u << i;
        }
        if (sp == std::string_view::npos) break;
        names.remove_prefix(sp + 1);
    }
    return flags;
}

std::vector<KeySpec> parse_key_specs(std::span<const meta::KeySpecMetadata> rows) {
    std::vector<KeySpec> out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(from_row(row));
    return out;
}

const std::vector<KeySpec>& command_key_specs(const Command& cmd) {
    return cmd.key_specs();
}

bool has_key_arguments(std::span<const KeySpec> specs) {
    return std::any_of(specs.begin(), specs.end(),
                       [](const KeySpec& s) { return !(s.flags & kKeyNotKey); });
}

bool command_get_keys(const Command& cmd, std::span<const KeySpec> specs,
                      std::span<const std::string_view> argv, std::vector<KeyRef>& out) {
    out.clear();
    bool variable = std::any_of(specs.begin(), specs.end(),
                                [](const KeySpec& s) { return s.flags & kKeyVariableFlags; });
    if (has_key_arguments(specs) && !variable) {
        if (keys_from_specs(cmd, specs, argv, out) >= 0) return !out.empty();
    }
    keys_from_proc(cmd, argv, out);
    return !out.empty();
}

}  // namespace cairn

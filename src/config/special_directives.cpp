#include "config/special_directives.hpp"

#include <array>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "config/values.hpp"
#include "util/strings.hpp"

namespace cairn::config::detail {

namespace {

Directive special_row(std::string_view name, std::string_view def, Apply apply, int arity = 1) {
    Directive d{};
    d.name = name;
    d.kind = Kind::Special;
    d.default_value = def;
    d.apply = apply;
    d.arity = arity;
    return d;
}

// ---- bind ----

constexpr size_t kMaxBindAddresses = 16;  // Redis's CONFIG_BINDADDR_MAX

bool set_bind(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    if (args.size() > kMaxBindAddresses) {
        err = "Too many bind addresses specified.";
        return false;
    }
    // A single empty argument means no addresses.
    if (args.size() == 1 && args[0].empty()) {
        cfg.bind.clear();
    } else {
        cfg.bind = args;
    }
    return true;
}

std::string get_bind(const Config& cfg) {
    std::string out;
    for (size_t i = 0; i < cfg.bind.size(); i++) {
        if (i > 0) out += ' ';
        out += cfg.bind[i];
    }
    return out;
}

// ---- unixsocketperm: octal, unsigned 0..0777 ----

constexpr long long kMaxSocketPerm = 0777;

bool set_unixsocketperm(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    long long v = 0;
    if (args.size() != 1) {
        err = kErrArgCount;
        return false;
    }
    // Redis: strtoll(value, &end, 8) must consume everything without overflow.
    char* end = nullptr;
    errno = 0;
    v = std::strtoll(args[0].c_str(), &end, 8);
    if (errno != 0 || *end != '\0') {
        err = kErrOctal;
        return false;
    }
    // Redis compares as unsigned, so negative values are out of range too.
    if (static_cast<unsigned long long>(v) > static_cast<unsigned long long>(kMaxSocketPerm)) {
        err = bounds_error(0, kMaxSocketPerm, true);
        return false;
    }
    cfg.unixsocketperm = static_cast<int>(v);
    return true;
}

std::string get_unixsocketperm(const Config& cfg) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%o", static_cast<unsigned>(cfg.unixsocketperm));
    return buf;
}

// ---- hz: any 0..INT_MAX accepted, stored clamped to 1..500 ----

constexpr int kMinHz = 1;
constexpr int kMaxHz = 500;

bool set_hz(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    long long v = 0;
    if (args.size() != 1) {
        err = kErrArgCount;
        return false;
    }
    if (!util::string_to_ll(args[0], v)) {
        err = kErrInteger;
        return false;
    }
    if (v < 0 || v > INT_MAX) {
        err = bounds_error(0, INT_MAX);
        return false;
    }
    if (v < kMinHz) v = kMinHz;
    if (v > kMaxHz) v = kMaxHz;
    cfg.hz = static_cast<int>(v);
    return true;
}

std::string get_hz(const Config& cfg) {
    return util::ll_to_string(cfg.hz);
}

// ---- dir: stored as given; the host does the chdir ----

bool set_dir(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    if (args.size() != 1) {
        err = kErrArgCount;
        return false;
    }
    cfg.dir = args[0];
    return true;
}

std::string get_dir(const Config& cfg) {
    return cfg.dir;
}

// ---- save ----

constexpr std::string_view kErrSave = "Invalid save parameters";

// Validates "seconds changes ..." pairs as Redis's setConfigSaveOption (strtoll, seconds >= 1,
// changes >= 0). A single "" means no points.
bool parse_save_points(const std::vector<std::string>& args, std::vector<SaveParam>& out,
                       std::string& err) {
    out.clear();
    if (args.size() == 1 && args[0].empty()) return true;
    if (args.size() % 2 != 0) {
        err = kErrSave;
        return false;
    }
    for (size_t j = 0; j < args.size(); j += 2) {
        long long seconds = 0;
        long long changes = 0;
        if (!parse_strtoll_whole(args[j], 10, seconds) || seconds < 1 ||
            !parse_strtoll_whole(args[j + 1], 10, changes) || changes < 0) {
            err = kErrSave;
            return false;
        }
        // Redis keeps changes in an int.
        out.push_back({seconds, static_cast<int>(changes)});
    }
    return true;
}

void store_save_points(Config& cfg, std::vector<SaveParam> points) {
    cfg.save_params = std::move(points);
    cfg.save.clear();
    for (size_t i = 0; i < cfg.save_params.size(); i++) {
        if (i > 0) cfg.save += ' ';
        cfg.save += util::ll_to_string(cfg.save_params[i].seconds);
        cfg.save += ' ';
        cfg.save += util::ll_to_string(cfg.save_params[i].changes);
    }
}

bool set_save(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    std::vector<SaveParam> points;
    if (!parse_save_points(args, points, err)) return false;
    store_save_points(cfg, std::move(points));
    return true;
}

std::string get_save(const Config& cfg) {
    return cfg.save;
}

// ---- client-output-buffer-limit ----

// Redis's getClientTypeByName; master (and unknown names) are refused here.
int client_class_by_name(std::string_view name) {
    if (util::iequals(name, "normal")) return static_cast<int>(ClientClass::Normal);
    if (util::iequals(name, "slave") || util::iequals(name, "replica")) {
        return static_cast<int>(ClientClass::Replica);
    }
    if (util::iequals(name, "pubsub")) return static_cast<int>(ClientClass::Pubsub);
    return -1;
}

constexpr std::string_view kClassNames[] = {"normal", "slave", "pubsub"};

std::string format_obuf_limits(const std::array<ClientBufferLimit, 3>& limits) {
    std::string out;
    char buf[128];
    for (size_t j = 0; j < limits.size(); j++) {
        std::snprintf(buf, sizeof(buf), "%s %llu %llu %lld", kClassNames[j].data(),
                      limits[j].hard_bytes, limits[j].soft_bytes, limits[j].soft_seconds);
        if (j > 0) out += ' ';
        out += buf;
    }
    return out;
}

bool set_obuf_limits(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    if (args.size() % 4 != 0) {
        err = "Wrong number of arguments in buffer limit configuration.";
        return false;
    }
    std::array<ClientBufferLimit, 3> limits = cfg.client_obuf_limits;
    // Validate everything before changing anything, as Redis.
    for (size_t j = 0; j < args.size(); j += 4) {
        int cls = client_class_by_name(args[j]);
        if (cls == -1) {
            err = "Invalid client class specified in buffer limit configuration.";
            return false;
        }
        unsigned long long hard = 0;
        unsigned long long soft = 0;
        long long seconds = 0;
        bool ok = parse_memory_ull(args[j + 1], hard) && parse_memory_ull(args[j + 2], soft) &&
                  parse_strtoll_whole(args[j + 3], 10, seconds);
        // Redis truncates soft_seconds to an int before checking its sign.
        int soft_seconds = static_cast<int>(seconds);
        if (!ok || soft_seconds < 0) {
            err = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            return false;
        }
        limits[static_cast<size_t>(cls)] = {hard, soft, soft_seconds};
    }
    cfg.client_obuf_limits = limits;
    cfg.client_output_buffer_limit = format_obuf_limits(limits);
    return true;
}

std::string get_obuf_limits(const Config& cfg) {
    return cfg.client_output_buffer_limit;
}

// ---- notify-keyspace-events ----

bool set_notify(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    if (args.size() != 1) {
        err = kErrArgCount;
        return false;
    }
    int flags = notify_flags_from_string(args[0]);
    if (flags == -1) {
        err = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
        return false;
    }
    cfg.notify_keyspace_flags = flags;
    cfg.notify_keyspace_events = notify_flags_to_string(flags);
    return true;
}

std::string get_notify(const Config& cfg) {
    return cfg.notify_keyspace_events;
}

// ---- maxmemory: memory value up to ULLONG_MAX in Redis; stored saturated at LLONG_MAX ----

bool set_maxmemory(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    unsigned long long v = 0;
    if (args.size() != 1) {
        err = kErrArgCount;
        return false;
    }
    if (!parse_memory_ull(args[0], v)) {
        err = kErrMemory;
        return false;
    }
    if (v > static_cast<unsigned long long>(LLONG_MAX)) v = LLONG_MAX;
    cfg.maxmemory = static_cast<long long>(v);
    return true;
}

std::string get_maxmemory(const Config& cfg) {
    return util::ll_to_string(cfg.maxmemory);
}

// ---- latency-tracking-info-percentiles: numbers in [0, 100], printed as "%f" trimmed ----

std::string percentile_text(double p) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%f", p);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s;
}

bool set_percentiles(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    std::vector<double> values;
    for (const std::string& a : args) {
        if (a.empty()) continue;
        char* end = nullptr;
        const double v = std::strtod(a.c_str(), &end);
        if (end == a.c_str() || *end != '\0') {
            err = "Invalid latency-tracking-info-percentiles parameters";
            return false;
        }
        if (v < 0.0 || v > 100.0) {
            err = "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
            return false;
        }
        values.push_back(v);
    }
    cfg.latency_tracking_info_percentiles = std::move(values);
    return true;
}

std::string get_percentiles(const Config& cfg) {
    std::string out;
    for (double p : cfg.latency_tracking_info_percentiles) {
        if (!out.empty()) out += ' ';
        out += percentile_text(p);
    }
    return out;
}

// ---- shutdown-on-sigint / shutdown-on-sigterm: flags, printed in Redis's order ----

constexpr std::array<std::pair<std::string_view, int>, 4> kShutdownFlags{{
    {"save", kShutdownSave},
    {"nosave", kShutdownNoSave},
    {"now", kShutdownNow},
    {"force", kShutdownForce},
}};

bool parse_shutdown_flags(const std::vector<std::string>& args, int& out, std::string& err) {
    int flags = 0;
    for (const std::string& a : args) {
        bool known = util::iequals(a, "default");
        for (const auto& [word, bit] : kShutdownFlags) {
            if (util::iequals(a, word)) {
                flags |= bit;
                known = true;
            }
        }
        if (!known || args.empty()) {
            err = "argument(s) must be one of the following: default, save, nosave, now, force";
            return false;
        }
    }
    if ((flags & kShutdownSave) && (flags & kShutdownNoSave)) {
        err = "shutdown options SAVE and NOSAVE can't be used simultaneously";
        return false;
    }
    out = flags;
    return true;
}

std::string shutdown_flags_text(int flags) {
    std::string out;
    for (const auto& [word, bit] : kShutdownFlags) {
        if (!(flags & bit)) continue;
        if (!out.empty()) out += ' ';
        out += word;
    }
    return out.empty() ? "default" : out;
}

}  // namespace

Directive bind_directive() {
    Directive d = special_row("bind", "127.0.0.1 -::1", Apply::Listeners, -1);
    d.get = get_bind;
    d.set = set_bind;
    return d;
}

Directive unixsocketperm_directive() {
    Directive d = special_row("unixsocketperm", "0", Apply::UnixSocket);
    d.kind = Kind::Int;
    d.min = 0;
    d.max = kMaxSocketPerm;
    d.runtime_mutable = false;
    d.get = get_unixsocketperm;
    d.set = set_unixsocketperm;
    return d;
}

Directive hz_directive() {
    Directive d = special_row("hz", "10", Apply::Hz);
    d.kind = Kind::Int;
    d.min = 0;
    d.max = INT_MAX;
    d.get = get_hz;
    d.set = set_hz;
    return d;
}

Directive dir_directive() {
    Directive d = special_row("dir", "./", Apply::Dir);
    d.protected_config = true;
    d.get = get_dir;
    d.set = set_dir;
    return d;
}

Directive save_directive() {
    Directive d = special_row("save", "3600 1 300 100 60 10000", Apply::None, -1);
    d.get = get_save;
    d.set = set_save;
    return d;
}

Directive client_output_buffer_limit_directive() {
    Directive d = special_row("client-output-buffer-limit",
                              "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
                              Apply::None, -1);
    d.get = get_obuf_limits;
    d.set = set_obuf_limits;
    return d;
}

Directive notify_keyspace_events_directive() {
    Directive d = special_row("notify-keyspace-events", "", Apply::None);
    d.get = get_notify;
    d.set = set_notify;
    return d;
}

Directive maxmemory_directive() {
    Directive d = special_row("maxmemory", "0", Apply::Maxmemory);
    d.kind = Kind::Memory;
    d.min = 0;
    d.max = LLONG_MAX;
    d.get = get_maxmemory;
    d.set = set_maxmemory;
    return d;
}

bool load_save_line(Config& cfg, const std::vector<std::string>& args, bool& first_save_line,
                    std::string& err) {
    std::vector<SaveParam> points;
    if (!parse_save_points(args, points, err)) return false;
    std::vector<SaveParam> all;
    bool clear = args.size() == 1 && args[0].empty();
    if (!first_save_line && !clear) all = cfg.save_params;
    first_save_line = false;
    all.insert(all.end(), points.begin(), points.end());
    store_save_points(cfg, std::move(all));
    return true;
}

Directive shutdown_on_signal_directive(std::string_view name, int Config::*flags) {
    Directive d = special_row(name, "default", Apply::None, -1);
    d.get = [flags](const Config& cfg) { return shutdown_flags_text(cfg.*flags); };
    d.set = [flags](Config& cfg, const std::vector<std::string>& args, std::string& err) {
        return parse_shutdown_flags(args, cfg.*flags, err);
    };
    return d;
}

std::string latency_percentile_text(double p) {
    return percentile_text(p);
}

Directive latency_tracking_info_percentiles_directive() {
    Directive d = special_row("latency-tracking-info-percentiles", "50 99 99.9", Apply::None, -1);
    d.get = get_percentiles;
    d.set = set_percentiles;
    return d;
}

}  // namespace cairn::config::detail

#include "config/unavailable_directives.hpp"

#include <array>
#include <utility>

#include "config/redis_config_defaults.hpp"
#include "util/strings.hpp"

namespace cairn::config::detail {

namespace {

// Parameter name prefix (or whole name) -> the feature it configures, first match wins.
constexpr std::array<std::pair<std::string_view, std::string_view>, 21> kFeatures{{
    {"acl", "ACL"},
    {"active-defrag", "active defragmentation"},
    {"activedefrag", "active defragmentation"},
    {"cluster-", "cluster mode"},
    {"tls-", "TLS"},
    {"repl-", "replication"},
    {"replica", "replication"},
    {"slave", "replication"},
    {"min-replicas-", "replication"},
    {"min-slaves-", "replication"},
    {"masterauth", "replication"},
    {"masteruser", "replication"},
    {"bind-source-addr", "replication"},
    {"propagation-error-behavior", "replication"},
    {"io-threads-do-reads", "threaded I/O"},
    {"lazyfree-lazy-eviction", "eviction"},
    {"maxmemory-eviction-tenacity", "eviction"},
    {"maxmemory-clients", "client eviction"},
    {"lazyfree-lazy-server-del", "lazy freeing"},
    {"sanitize-dump-payload", "deep sanitization of DUMP payloads"},
    {"aof-disable-auto-gc", "keeping AOF history files"},
}};

// replicaof ("host port" or "no one").
bool takes_several_words(std::string_view name) {
    return name == "replicaof" || name == "slaveof";
}

}  // namespace

std::string_view unavailable_feature(std::string_view name) {
    for (const auto& [prefix, feature] : kFeatures) {
        if (name.substr(0, prefix.size()) == prefix) return feature;
    }
    if (name == "socket-mark-id") return "socket marks";
    return "this feature";
}

bool is_default_value(std::string_view name, std::string_view def,
                      const std::vector<std::string>& args) {
    std::string joined;
    for (const std::string& a : args) {
        if (!joined.empty()) joined += ' ';
        joined += a;
    }
    if (util::iequals(joined, def)) return true;
    // "replicaof no one" is the default: not a replica.
    if ((name == "replicaof" || name == "slaveof") && util::iequals(joined, "no one")) return true;
    long long a = 0, b = 0;
    return !def.empty() && parse_memory(joined, a) && parse_memory(def, b) && a == b;
}

void add_unavailable_directives(std::vector<Directive>& table) {
    for (const RedisConfigDefault& r : redis_config_defaults()) {
        if (find_directive_in(table, r.name) != nullptr) continue;
        Directive d;
        d.name = r.name;
        d.kind = Kind::Unavailable;
        d.default_value = r.value;
        d.arity = takes_several_words(r.name) ? -1 : 1;
        const std::string_view name = r.name;
        const std::string_view def = r.value;
        d.get = [def](const Config&) { return std::string(def); };
        d.set = [name, def](Config&, const std::vector<std::string>& args, std::string& err) {
            if (is_default_value(name, def, args)) return true;
            err = std::string(name) + " is not available in Cairn yet (" +
                  std::string(unavailable_feature(name)) + "): only its default value '" +
                  std::string(def) + "' is accepted";
            return false;
        };
        table.push_back(std::move(d));
    }
}

}  // namespace cairn::config::detail

#include <climits>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "config/config.hpp"
#include "config/redis_config_defaults.hpp"
#include "util/strings.hpp"

namespace cairn::config {
namespace {

std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> out;
    EXPECT_TRUE(util::split_args(s, out));
    return out;
}

bool set_value(Config& cfg, std::string_view name, const std::string& value, std::string& err) {
    const Directive* d = find_directive(name);
    EXPECT_NE(d, nullptr) << name;
    if (d == nullptr) return false;
    std::vector<std::string> args{value};
    if (d->arity == -1) args = words(value);
    return d->set(cfg, args, err);
}

std::string get_value(const Config& cfg, std::string_view name) {
    const Directive* d = find_directive(name);
    EXPECT_NE(d, nullptr) << name;
    return d == nullptr ? "" : d->get(cfg);
}

TEST(DirectiveTable, HasExactlyTheRedisNames) {
    // Every parameter and alias of redis-server 7.0.15's CONFIG GET *, and nothing else.
    std::set<std::string> expected;
    for (const RedisConfigDefault& r : redis_config_defaults())
        expected.insert(std::string(r.name));
    EXPECT_EQ(expected.size(), 192u);
    std::set<std::string> names;
    for (const Directive& d : directives()) {
        if (d.hidden) continue;  // Cairn's own test-only settings (propagation-log)
        EXPECT_TRUE(names.insert(std::string(d.name)).second) << "duplicate " << d.name;
        if (!d.alias.empty()) names.insert(std::string(d.alias));
        EXPECT_NE(d.get, nullptr) << d.name;
        EXPECT_NE(d.set, nullptr) << d.name;
    }
    EXPECT_EQ(names, expected);
    EXPECT_EQ(find_directive("locale-collate"), nullptr);  // not in Redis 7.0
}

TEST(DirectiveTable, DefaultsAreRedisDefaults) {
    // The generated table holds what CONFIG GET prints on a redis-server started without a
    // config file; the directives the generator set on its command line are checked below.
    const Config cfg;
    for (const RedisConfigDefault& r : redis_config_defaults()) {
        if (r.set_by_generator) continue;
        EXPECT_EQ(get_value(cfg, r.name), r.value) << r.name;
    }
}

TEST(DirectiveTable, UnavailableFeaturesAcceptOnlyTheirDefault) {
    Config cfg;
    std::string err;
    EXPECT_TRUE(set_value(cfg, "replicaof", "", err)) << err;
    EXPECT_TRUE(set_value(cfg, "replicaof", "no one", err)) << err;
    EXPECT_FALSE(set_value(cfg, "replicaof", "127.0.0.1 6380", err));
    EXPECT_EQ(err,
              "replicaof is not available in Cairn yet (replication): only its default "
              "value '' is accepted");
    EXPECT_TRUE(set_value(cfg, "repl-backlog-size", "1mb", err)) << err;  // 1048576
    EXPECT_FALSE(set_value(cfg, "repl-backlog-size", "2mb", err));
    EXPECT_TRUE(set_value(cfg, "tls-port", "0", err)) << err;
    EXPECT_FALSE(set_value(cfg, "tls-port", "6380", err));
    EXPECT_NE(err.find("(TLS)"), std::string::npos) << err;
    EXPECT_TRUE(set_value(cfg, "cluster-enabled", "NO", err)) << err;
    EXPECT_FALSE(set_value(cfg, "cluster-enabled", "yes", err));
    EXPECT_NE(err.find("(cluster mode)"), std::string::npos) << err;
    EXPECT_EQ(get_value(cfg, "slave-read-only"), "yes");
    EXPECT_EQ(find_directive("tls-cert-file")->kind, Kind::Unavailable);
}

TEST(DirectiveTable, ShutdownOnSignalFlagsAsRedis) {
    Config cfg;
    std::string err;
    EXPECT_EQ(get_value(cfg, "shutdown-on-sigterm"), "default");
    ASSERT_TRUE(set_value(cfg, "shutdown-on-sigterm", "force nosave", err)) << err;
    EXPECT_EQ(get_value(cfg, "shutdown-on-sigterm"), "nosave force");
    EXPECT_EQ(cfg.shutdown_on_sigterm, kShutdownNoSave | kShutdownForce);
    ASSERT_TRUE(set_value(cfg, "shutdown-on-sigint", "default NOW", err)) << err;
    EXPECT_EQ(get_value(cfg, "shutdown-on-sigint"), "now");
    EXPECT_FALSE(set_value(cfg, "shutdown-on-sigint", "save nosave", err));
    EXPECT_EQ(err, "shutdown options SAVE and NOSAVE can't be used simultaneously");
    EXPECT_FALSE(set_value(cfg, "shutdown-on-sigint", "bogus", err));
    EXPECT_EQ(err, "argument(s) must be one of the following: default, save, nosave, now, force");
    EXPECT_EQ(get_value(cfg, "shutdown-on-sigint"), "now");
}

TEST(DirectiveTable, FindIsCaseInsensitive) {
    const Directive* d = find_directive("PoRt");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->name, "port");
    EXPECT_EQ(find_directive("nosuch"), nullptr);
    EXPECT_EQ(find_directive(""), nullptr);
}

TEST(DirectiveTable, DefaultConfigPrintsTheDefaultValues) {
    const Config cfg;
    for (const Directive& d : directives()) {
        EXPECT_EQ(d.get(cfg), d.default_value) << d.name;
    }
}

TEST(DirectiveTable, DefaultsAsRedisPrintsThem) {
    // CONFIG GET on redis-server 7.0.15 started without a config file.
    const Config cfg;
    EXPECT_EQ(get_value(cfg, "bind"), "127.0.0.1 -::1");
    EXPECT_EQ(get_value(cfg, "save"), "3600 1 300 100 60 10000");
    EXPECT_EQ(get_value(cfg, "client-output-buffer-limit"),
              "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
    EXPECT_EQ(get_value(cfg, "client-query-buffer-limit"), "1073741824");
    EXPECT_EQ(get_value(cfg, "proto-max-bulk-len"), "536870912");
    EXPECT_EQ(get_value(cfg, "unixsocketperm"), "0");
    EXPECT_EQ(get_value(cfg, "protected-mode"), "yes");
    EXPECT_EQ(get_value(cfg, "maxmemory-policy"), "noeviction");
    EXPECT_EQ(get_value(cfg, "notify-keyspace-events"), "");
    EXPECT_EQ(get_value(cfg, "logfile"), "");
}

TEST(DirectiveTable, SettingEveryDefaultChangesNothing) {
    const Config fresh;
    Config cfg;
    for (const Directive& d : directives()) {
        std::string err;
        EXPECT_TRUE(set_value(cfg, d.name, std::string(d.default_value), err))
            << d.name << ": " << err;
    }
    for (const Directive& d : directives()) {
        EXPECT_EQ(d.get(cfg), d.get(fresh)) << d.name;
    }
    EXPECT_EQ(cfg.save_params, fresh.save_params);
    EXPECT_EQ(cfg.client_obuf_limits, fresh.client_obuf_limits);
}

TEST(DirectiveTable, MutabilityAsRedis) {
    const std::set<std::string> immutable{"tcp-backlog",
                                          "unixsocket",
                                          "unixsocketperm",
                                          "enable-protected-configs",
                                          "enable-debug-command",
                                          "enable-module-command",
                                          "disable-thp",
                                          "daemonize",
                                          "supervised",
                                          "pidfile",
                                          "logfile",
                                          "databases",
                                          "appendfilename",
                                          "appenddirname",
                                          "rdbchecksum",
                                          "io-threads",
                                          "always-show-logo",
                                          "set-proc-title",
                                          "syslog-enabled",
                                          "syslog-ident",
                                          "syslog-facility",
                                          "server_cpulist",
                                          "bio_cpulist",
                                          "aof_rewrite_cpulist",
                                          "bgsave_cpulist"};
    for (const Directive& d : directives()) {
        if (d.hidden) continue;
        EXPECT_EQ(!d.runtime_mutable, immutable.count(std::string(d.name)) == 1) << d.name;
    }
    EXPECT_FALSE(find_directive("propagation-log")->runtime_mutable);
    EXPECT_TRUE(find_directive("dir")->protected_config);
    EXPECT_TRUE(find_directive("dbfilename")->protected_config);
    EXPECT_FALSE(find_directive("port")->protected_config);
    EXPECT_TRUE(find_directive("requirepass")->sensitive);
}

TEST(DirectiveTable, ApplyActions) {
    EXPECT_EQ(find_directive("bind")->apply, Apply::Listeners);
    EXPECT_EQ(find_directive("port")->apply, Apply::Listeners);
    EXPECT_EQ(find_directive("maxclients")->apply, Apply::MaxClients);
    EXPECT_EQ(find_directive("loglevel")->apply, Apply::Logging);
    EXPECT_EQ(find_directive("hz")->apply, Apply::Hz);
    EXPECT_EQ(find_directive("dir")->apply, Apply::Dir);
    EXPECT_EQ(find_directive("appendonly")->apply, Apply::Appendonly);
    EXPECT_EQ(find_directive("maxmemory")->apply, Apply::Maxmemory);
    EXPECT_EQ(find_directive("timeout")->apply, Apply::None);
}

TEST(DirectiveTable, MultiArgDirectives) {
    for (const Directive& d : directives()) {
        // Redis's MULTI_ARG_CONFIG parameters, and replicaof's "host port" / "no one".
        const bool multi =
            d.name == "bind" || d.name == "save" || d.name == "client-output-buffer-limit" ||
            d.name == "shutdown-on-sigint" || d.name == "shutdown-on-sigterm" ||
            d.name == "oom-score-adj-values" || d.name == "latency-tracking-info-percentiles" ||
            d.name == "replicaof" || d.name == "slaveof";
        EXPECT_EQ(d.arity, multi ? -1 : 1) << d.name;
    }
}

TEST(DirectiveTable, EnumValuesInRedisOrder) {
    using V = std::vector<std::string_view>;
    EXPECT_EQ(find_directive("supervised")->enum_values, (V{"upstart", "systemd", "auto", "no"}));
    EXPECT_EQ(find_directive("loglevel")->enum_values,
              (V{"debug", "verbose", "notice", "warning"}));
    EXPECT_EQ(find_directive("appendfsync")->enum_values, (V{"everysec", "always", "no"}));
    EXPECT_EQ(find_directive("maxmemory-policy")->enum_values,
              (V{"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru",
                 "allkeys-lfu", "allkeys-random", "noeviction"}));
    EXPECT_EQ(find_directive("enable-protected-configs")->enum_values, (V{"no", "yes", "local"}));
}

TEST(DirectiveTable, EnumSetIsCaseInsensitiveAndStoresCanonicalName) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set_value(cfg, "maxmemory-policy", "ALLKEYS-LRU", err));
    EXPECT_EQ(cfg.maxmemory_policy, "allkeys-lru");
    ASSERT_FALSE(set_value(cfg, "appendfsync", "sometimes", err));
    EXPECT_EQ(err, "argument(s) must be one of the following: everysec, always, no");
    EXPECT_EQ(cfg.appendfsync, "everysec");
}

TEST(DirectiveTable, BoolValues) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set_value(cfg, "protected-mode", "NO", err));
    EXPECT_FALSE(cfg.protected_mode);
    ASSERT_TRUE(set_value(cfg, "protected-mode", "Yes", err));
    EXPECT_TRUE(cfg.protected_mode);
    for (const char* bad : {"1", "true", "", "maybe", "yes "}) {
        ASSERT_FALSE(set_value(cfg, "dynamic-hz", bad, err)) << bad;
        EXPECT_EQ(err, "argument must be 'yes' or 'no'");
    }
}

TEST(DirectiveTable, IntegersUseStrictParsing) {
    Config cfg;
    std::string err;
    for (const char* bad : {"+1", "01", " 1", "1 ", "1k", "abc", "", "1.0"}) {
        ASSERT_FALSE(set_value(cfg, "timeout", bad, err)) << bad;
        EXPECT_EQ(err, "argument couldn't be parsed into an integer");
    }
    ASSERT_TRUE(set_value(cfg, "timeout", "42", err));
    EXPECT_EQ(cfg.timeout, 42);
}

// Every bounded Int / Memory directive accepts its bounds and refuses one past them with
// Redis's text (as redis-server 7.0.15 prints for CONFIG SET).
TEST(DirectiveTable, BoundsOfEveryNumericDirective) {
    for (const Directive& d : directives()) {
        if (d.kind != Kind::Int && d.kind != Kind::Memory) continue;
        if (d.name == "unixsocketperm") continue;  // octal, tested below
        Config cfg;
        std::string err;
        const std::string expected = "argument must be between " + std::to_string(d.min) + " and " +
                                     std::to_string(d.max) + " inclusive";
        EXPECT_TRUE(set_value(cfg, d.name, std::to_string(d.min), err)) << d.name << err;
        if (!set_value(cfg, d.name, std::to_string(d.max), err)) {
            // A directive of a facility this OS lacks (watchdog-period on Windows) refuses
            // every value but its default; its bounds are checked where it exists.
            EXPECT_NE(err.find("not supported on this operating system"), std::string::npos)
                << d.name << err;
            continue;
        }
        // Below the minimum ("-1" is not a memory value, so memory minimums of 0 are skipped).
        if (d.kind == Kind::Int || d.min > 0) {
            ASSERT_FALSE(set_value(cfg, d.name, std::to_string(d.min - 1), err)) << d.name;
            EXPECT_EQ(err, expected) << d.name;
        }
        if (d.max < LLONG_MAX) {
            ASSERT_FALSE(set_value(cfg, d.name, std::to_string(d.max + 1), err)) << d.name;
            EXPECT_EQ(err, expected) << d.name;
        }
    }
}

TEST(DirectiveTable, SpecificBounds) {
    Config cfg;
    std::string err;
    ASSERT_FALSE(set_value(cfg, "port", "70000", err));
    EXPECT_EQ(err, "argument must be between 0 and 65535 inclusive");
    ASSERT_FALSE(set_value(cfg, "maxclients", "0", err));
    EXPECT_EQ(err, "argument must be between 1 and 4294967295 inclusive");
    ASSERT_FALSE(set_value(cfg, "slowlog-max-len", "-1", err));
    EXPECT_EQ(err, "argument must be between 0 and 9223372036854775807 inclusive");
    ASSERT_FALSE(set_value(cfg, "slowlog-log-slower-than", "-2", err));
    EXPECT_EQ(err, "argument must be between -1 and 9223372036854775807 inclusive");
    ASSERT_FALSE(set_value(cfg, "io-threads", "129", err));
    EXPECT_EQ(err, "argument must be between 1 and 128 inclusive");
    ASSERT_FALSE(set_value(cfg, "active-expire-effort", "11", err));
    EXPECT_EQ(err, "argument must be between 1 and 10 inclusive");
    ASSERT_FALSE(set_value(cfg, "databases", "0", err));
    EXPECT_EQ(err, "argument must be between 1 and 2147483647 inclusive");
}

TEST(DirectiveTable, MemoryDirectives) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set_value(cfg, "client-query-buffer-limit", "2gb", err));
    EXPECT_EQ(cfg.client_query_buffer_limit, 2147483648LL);
    EXPECT_EQ(get_value(cfg, "client-query-buffer-limit"), "2147483648");
    ASSERT_FALSE(set_value(cfg, "client-query-buffer-limit", "1k", err));
    EXPECT_EQ(err, "argument must be between 1048576 and 9223372036854775807 inclusive");
    ASSERT_FALSE(set_value(cfg, "proto-max-bulk-len", "999999999999999999999999", err));
    EXPECT_EQ(err, "argument must be between 1048576 and 9223372036854775807 inclusive");
    ASSERT_FALSE(set_value(cfg, "proto-max-bulk-len", "-1", err));
    EXPECT_EQ(err, "argument must be a memory value");
    ASSERT_FALSE(set_value(cfg, "maxmemory", "1x", err));
    EXPECT_EQ(err, "argument must be a memory value");
    ASSERT_TRUE(set_value(cfg, "maxmemory", "100mb", err));
    EXPECT_EQ(cfg.maxmemory, 100LL * 1024 * 1024);
    ASSERT_TRUE(set_value(cfg, "maxmemory", "1B", err));
    EXPECT_EQ(get_value(cfg, "maxmemory"), "1");
    ASSERT_TRUE(set_value(cfg, "maxmemory", "18446744073709551615", err));
    EXPECT_EQ(cfg.maxmemory, LLONG_MAX);  // saturated (Redis keeps an unsigned value)
}

TEST(DirectiveTable, UnixSocketPermIsOctal) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set_value(cfg, "unixsocketperm", "700", err));
    EXPECT_EQ(cfg.unixsocketperm, 0700);
    EXPECT_EQ(get_value(cfg, "unixsocketperm"), "700");
    ASSERT_TRUE(set_value(cfg, "unixsocketperm", "0755", err));
    EXPECT_EQ(get_value(cfg, "unixsocketperm"), "755");
    ASSERT_FALSE(set_value(cfg, "unixsocketperm", "999", err));
    EXPECT_EQ(err, "argument couldn't be parsed as an octal number");
    ASSERT_FALSE(set_value(cfg, "unixsocketperm", "0x1", err));
    EXPECT_EQ(err, "argument couldn't be parsed as an octal number");
    ASSERT_FALSE(set_value(cfg, "unixsocketperm", "1777", err));
    EXPECT_EQ(err, "argument must be between 0 and 777 inclusive");
    ASSERT_FALSE(set_value(cfg, "unixsocketperm", "-1", err));
    EXPECT_EQ(err, "argument must be between 0 and 777 inclusive");
    EXPECT_EQ(cfg.unixsocketperm, 0755);
}

TEST(DirectiveTable, HzIsClamped) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set_value(cfg, "hz", "1000", err));
    EXPECT_EQ(get_value(cfg, "hz"), "500");
    ASSERT_TRUE(set_value(cfg, "hz", "0", err));
    EXPECT_EQ(cfg.hz, 1);
    ASSERT_FALSE(set_value(cfg, "hz", "-1", err));
    EXPECT_EQ(err, "argument must be between 0 and 2147483647 inclusive");
}

TEST(DirectiveTable, Strings) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set_value(cfg, "requirepass", "s3cret", err));
    EXPECT_EQ(get_value(cfg, "requirepass"), "s3cret");
    ASSERT_TRUE(set_value(cfg, "requirepass", "", err));
    EXPECT_EQ(cfg.requirepass, "");
    ASSERT_FALSE(set_value(cfg, "dbfilename", "a/b", err));
    EXPECT_EQ(err, "dbfilename can't be a path, just a filename");
    ASSERT_FALSE(set_value(cfg, "appendfilename", "", err));
    EXPECT_EQ(err, "appendfilename can't be empty");
    ASSERT_FALSE(set_value(cfg, "appendfilename", "x\\y", err));
    EXPECT_EQ(err, "appendfilename can't be a path, just a filename");
    ASSERT_TRUE(set_value(cfg, "dir", "/tmp", err));
    EXPECT_EQ(get_value(cfg, "dir"), "/tmp");
}

TEST(DirectiveTable, Bind) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set_value(cfg, "bind", "127.0.0.1 -::1", err));
    EXPECT_EQ(cfg.bind, (std::vector<std::string>{"127.0.0.1", "-::1"}));
    EXPECT_EQ(get_value(cfg, "bind"), "127.0.0.1 -::1");
    ASSERT_TRUE(find_directive("bind")->set(cfg, {""}, err));
    EXPECT_TRUE(cfg.bind.empty());
    EXPECT_EQ(get_value(cfg, "bind"), "");
    std::vector<std::string> many(17, "127.0.0.1");
    ASSERT_FALSE(find_directive("bind")->set(cfg, many, err));
    EXPECT_EQ(err, "Too many bind addresses specified.");
}

TEST(DirectiveTable, Save) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set_value(cfg, "save", "100 1 200 2", err));
    EXPECT_EQ(cfg.save, "100 1 200 2");
    EXPECT_EQ(cfg.save_params, (std::vector<SaveParam>{{100, 1}, {200, 2}}));
    ASSERT_TRUE(find_directive("save")->set(cfg, {""}, err));
    EXPECT_EQ(cfg.save, "");
    EXPECT_TRUE(cfg.save_params.empty());
    ASSERT_TRUE(set_value(cfg, "save", "+5 -0", err));  // strtoll rules, as Redis
    EXPECT_EQ(cfg.save, "5 0");
    ASSERT_TRUE(set_value(cfg, "save", "1 4294967297", err));  // changes is an int
    EXPECT_EQ(cfg.save, "1 1");
    for (const char* bad : {"100", "0 1", "1 -1", "1 x", "x 1", "100 1 200"}) {
        ASSERT_FALSE(set_value(cfg, "save", bad, err)) << bad;
        EXPECT_EQ(err, "Invalid save parameters");
    }
    EXPECT_EQ(cfg.save, "1 1");
}

TEST(DirectiveTable, ClientOutputBufferLimit) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set_value(cfg, "client-output-buffer-limit", "normal 1k 2kb 3", err));
    EXPECT_EQ(cfg.client_output_buffer_limit,
              "normal 1000 2048 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
    ASSERT_TRUE(set_value(cfg, "client-output-buffer-limit", "REPLICA 1k 2kb 3 pubsub 1 1 1", err));
    EXPECT_EQ(get_value(cfg, "client-output-buffer-limit"),
              "normal 1000 2048 3 slave 1000 2048 3 pubsub 1 1 1");
    const ClientBufferLimit& r = cfg.client_obuf_limits[static_cast<int>(ClientClass::Replica)];
    EXPECT_EQ(r.hard_bytes, 1000u);
    EXPECT_EQ(r.soft_bytes, 2048u);
    EXPECT_EQ(r.soft_seconds, 3);

    ASSERT_FALSE(set_value(cfg, "client-output-buffer-limit", "master 1 1 1", err));
    EXPECT_EQ(err, "Invalid client class specified in buffer limit configuration.");
    ASSERT_FALSE(set_value(cfg, "client-output-buffer-limit", "normal 1 1", err));
    EXPECT_EQ(err, "Wrong number of arguments in buffer limit configuration.");
    for (const char* bad : {"normal -1 1 1", "normal 1 x 1", "normal 1 1 -1", "normal 1 1 1s"}) {
        ASSERT_FALSE(set_value(cfg, "client-output-buffer-limit", bad, err)) << bad;
        EXPECT_EQ(err,
                  "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
    }
    // All or nothing: a bad class later in the list leaves the earlier ones unchanged.
    ASSERT_FALSE(set_value(cfg, "client-output-buffer-limit", "normal 5 5 5 foo 1 1 1", err));
    EXPECT_EQ(get_value(cfg, "client-output-buffer-limit"),
              "normal 1000 2048 3 slave 1000 2048 3 pubsub 1 1 1");
}

TEST(DirectiveTable, NotifyKeyspaceEvents) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set_value(cfg, "notify-keyspace-events", "KEA", err));
    EXPECT_EQ(get_value(cfg, "notify-keyspace-events"), "AKE");
    EXPECT_EQ(cfg.notify_keyspace_flags, notify::All | notify::Keyspace | notify::Keyevent);
    ASSERT_FALSE(set_value(cfg, "notify-keyspace-events", "Q", err));
    EXPECT_EQ(err, "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    EXPECT_EQ(cfg.notify_keyspace_events, "AKE");
    ASSERT_TRUE(set_value(cfg, "notify-keyspace-events", "", err));
    EXPECT_EQ(cfg.notify_keyspace_flags, 0);
}

}  // namespace
}  // namespace cairn::config

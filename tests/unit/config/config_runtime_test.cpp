#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "config/config.hpp"

namespace cairn::config {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs get(const Config& cfg, const std::vector<std::string>& patterns) {
    return get_matching(cfg, patterns);
}

// Records apply() calls; fails for one chosen action.
class MockHost : public ConfigHost {
public:
    bool apply(Apply what, std::string& err) override {
        calls.push_back(what);
        if (what == fail_on) {
            err = fail_text;
            return false;
        }
        return true;
    }
    std::vector<Apply> calls;
    Apply fail_on = Apply::None;
    std::string fail_text = "Unable to listen on this port";
};

// ---- CONFIG GET (expectations from redis-server 7.0.15) ----

TEST(ConfigGet, ExactName) {
    Config cfg;
    EXPECT_EQ(get(cfg, {"port"}), (Pairs{{"port", "6379"}}));
    EXPECT_EQ(get(cfg, {"maxmemory"}), (Pairs{{"maxmemory", "0"}}));
}

TEST(ConfigGet, ExactNameIsEchoedAsGiven) {
    Config cfg;
    EXPECT_EQ(get(cfg, {"PORT"}), (Pairs{{"PORT", "6379"}}));
    EXPECT_EQ(get(cfg, {"Port"}), (Pairs{{"Port", "6379"}}));
}

TEST(ConfigGet, GlobIsCaseInsensitiveAndPrintsTableNames) {
    Config cfg;
    EXPECT_EQ(get(cfg, {"P*RT"}), (Pairs{{"port", "6379"}}));
    EXPECT_EQ(get(cfg, {"?z"}), (Pairs{{"hz", "10"}}));
    EXPECT_EQ(get(cfg, {"lazyfree-lazy-user-*"}),
              (Pairs{{"lazyfree-lazy-user-del", "no"}, {"lazyfree-lazy-user-flush", "no"}}));
}

TEST(ConfigGet, EachNameOnce) {
    Config cfg;
    EXPECT_EQ(get(cfg, {"port", "port"}), (Pairs{{"port", "6379"}}));
    EXPECT_EQ(get(cfg, {"port", "p*rt"}), (Pairs{{"port", "6379"}}));
    EXPECT_EQ(get(cfg, {"PORT", "p*rt"}), (Pairs{{"PORT", "6379"}}));
    EXPECT_EQ(get(cfg, {"p*rt", "PORT"}), (Pairs{{"port", "6379"}}));
    EXPECT_EQ(get(cfg, {"PORT", "port"}), (Pairs{{"PORT", "6379"}}));
}

TEST(ConfigGet, SeveralPatternsInOrder) {
    Config cfg;
    EXPECT_EQ(get(cfg, {"timeout", "hz", "nosuch", "maxmemory-*"}),
              (Pairs{{"timeout", "0"},
                     {"hz", "10"},
                     {"maxmemory-policy", "noeviction"},
                     {"maxmemory-samples", "5"},
                     {"maxmemory-clients", "0"},
                     {"maxmemory-eviction-tenacity", "10"}}));
}

TEST(ConfigGet, NoMatch) {
    Config cfg;
    EXPECT_TRUE(get(cfg, {"nosuch"}).empty());
    EXPECT_TRUE(get(cfg, {"zz*"}).empty());
}

TEST(ConfigGet, StarListsEveryDirective) {
    Config cfg;
    Pairs all = get(cfg, {"*"});
    // Like Redis, a directive with an alias (list-max-ziplist-size) is listed under both names.
    std::vector<std::string> expected;
    for (const Directive& d : directives()) {
        if (d.hidden) continue;  // by exact name only
        expected.emplace_back(d.name);
        if (!d.alias.empty()) expected.emplace_back(d.alias);
    }
    ASSERT_EQ(all.size(), expected.size());
    std::vector<std::string> got;
    for (const auto& [name, value] : all) got.push_back(name);
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(got, expected);
}

TEST(ConfigGet, ValuesAsRedisPrintsThem) {
    Config cfg;
    cfg.bind = {"127.0.0.1", "-::1"};
    cfg.unixsocketperm = 0700;
    cfg.requirepass = "pw";
    EXPECT_EQ(get(cfg, {"bind", "unixsocketperm", "requirepass", "protected-mode", "save"}),
              (Pairs{{"bind", "127.0.0.1 -::1"},
                     {"unixsocketperm", "700"},
                     {"requirepass", "pw"},
                     {"protected-mode", "yes"},
                     {"save", "3600 1 300 100 60 10000"}}));
}

// ---- CONFIG SET ----

bool set(Config& cfg, const std::vector<std::string>& args, std::string& err,
         ConfigHost* host = nullptr) {
    return set_runtime(cfg, args, host, err);
}

TEST(ConfigSet, SetsSeveralValues) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set(cfg, {"timeout", "5", "MAXMEMORY", "1mb", "loglevel", "debug"}, err)) << err;
    EXPECT_EQ(cfg.timeout, 5);
    EXPECT_EQ(cfg.maxmemory, 1024 * 1024);
    EXPECT_EQ(cfg.loglevel, "debug");
}

TEST(ConfigSet, ErrorTextsAsRedis) {
    Config cfg;
    std::string err;
    EXPECT_FALSE(set(cfg, {"port", "abc"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be "
              "parsed into an integer");
    // A value error names the directive as the table spells it.
    EXPECT_FALSE(set(cfg, {"PORT", "abc"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be "
              "parsed into an integer");
    EXPECT_FALSE(set(cfg, {"foo", "bar"}, err));
    EXPECT_EQ(err, "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
    EXPECT_FALSE(set(cfg, {"port", "70000"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'port') - argument must be "
              "between 0 and 65535 inclusive");
    EXPECT_FALSE(set(cfg, {"maxmemory-policy", "foo"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - "
              "argument(s) must be one of the following: volatile-lru, volatile-lfu, "
              "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, "
              "noeviction");
    EXPECT_FALSE(set(cfg, {"port", "1", "foo"}, err));
    EXPECT_EQ(err, "ERR syntax error");
}

TEST(ConfigSet, Immutable) {
    Config cfg;
    std::string err;
    EXPECT_FALSE(set(cfg, {"daemonize", "yes"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set "
              "immutable config");
    // Immutable errors echo the client's spelling.
    EXPECT_FALSE(set(cfg, {"DAEMONIZE", "yes"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'DAEMONIZE') - can't set "
              "immutable config");
    for (const Directive& d : directives()) {
        if (d.runtime_mutable) continue;
        EXPECT_FALSE(set(cfg, {std::string(d.name), std::string(d.default_value)}, err));
        EXPECT_NE(err.find("can't set immutable config"), std::string::npos) << d.name;
    }
}

TEST(ConfigSet, Duplicate) {
    Config cfg;
    std::string err;
    EXPECT_FALSE(set(cfg, {"port", "1", "port", "2"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'port') - duplicate parameter");
    EXPECT_FALSE(set(cfg, {"port", "1", "PORT", "abc"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'PORT') - duplicate parameter");
    EXPECT_EQ(cfg.port, 6379);
}

TEST(ConfigSet, FirstProblemDecidesTheError) {
    Config cfg;
    std::string err;
    // An unknown name wins over value errors, wherever it is...
    EXPECT_FALSE(set(cfg, {"port", "abc", "foo", "bar"}, err));
    EXPECT_EQ(err, "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
    EXPECT_FALSE(set(cfg, {"foo", "bar", "daemonize", "yes"}, err));
    EXPECT_EQ(err, "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
    // ...but not over an immutable (or duplicate) name seen before it.
    EXPECT_FALSE(set(cfg, {"daemonize", "yes", "foo", "bar"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set "
              "immutable config");
}

TEST(ConfigSet, ProtectedConfigs) {
    Config cfg;
    std::string err;
    EXPECT_FALSE(set(cfg, {"dir", "/tmp"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected "
              "config");
    EXPECT_FALSE(set(cfg, {"dbfilename", "x.rdb"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set "
              "protected config");

    cfg.enable_protected_configs = "local";
    EXPECT_FALSE(set_runtime(cfg, {"dir", "/tmp"}, nullptr, false, err));
    ASSERT_TRUE(set_runtime(cfg, {"dir", "/tmp"}, nullptr, true, err)) << err;
    EXPECT_EQ(cfg.dir, "/tmp");

    cfg.enable_protected_configs = "yes";
    ASSERT_TRUE(set(cfg, {"dbfilename", "x.rdb"}, err)) << err;
    EXPECT_EQ(cfg.dbfilename, "x.rdb");
    EXPECT_FALSE(set(cfg, {"dbfilename", "a/b"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename "
              "can't be a path, just a filename");
}

TEST(ConfigSet, AtomicWhenALaterValueIsBad) {
    Config cfg;
    std::string err;
    EXPECT_FALSE(set(cfg, {"timeout", "5", "maxclients", "0"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must "
              "be between 1 and 4294967295 inclusive");
    EXPECT_EQ(cfg.timeout, 0);
    EXPECT_FALSE(set(cfg, {"maxclients", "100", "port", "abc"}, err));
    EXPECT_EQ(cfg.maxclients, 10000);
    ASSERT_TRUE(set(cfg, {"timeout", "5", "maxclients", "20"}, err));
    EXPECT_EQ(cfg.timeout, 5);
    EXPECT_EQ(cfg.maxclients, 20);
}

TEST(ConfigSet, MultiWordValuesSplitOnSingleSpaces) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set(cfg, {"save", "100 1 200 2"}, err));
    EXPECT_EQ(cfg.save, "100 1 200 2");
    ASSERT_TRUE(set(cfg, {"save", ""}, err));
    EXPECT_EQ(cfg.save, "");
    // sdssplitlen: two spaces make an empty word.
    EXPECT_FALSE(set(cfg, {"save", "100 1  200 2"}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save "
              "parameters");
    EXPECT_FALSE(set(cfg, {"save", "100 0 "}, err));  // a trailing space adds a third word
    EXPECT_EQ(cfg.save, "");
    ASSERT_TRUE(set(cfg, {"save", "100 "}, err));  // "100" "": an empty word is strtoll 0
    EXPECT_EQ(cfg.save, "100 0");
}

TEST(ConfigSet, BindValues) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set(cfg, {"bind", "127.0.0.1 -::1"}, err));
    EXPECT_EQ(cfg.bind, (std::vector<std::string>{"127.0.0.1", "-::1"}));
    ASSERT_TRUE(set(cfg, {"bind", "127.0.0.1  -::1"}, err));
    EXPECT_EQ(cfg.bind, (std::vector<std::string>{"127.0.0.1", "", "-::1"}));
    EXPECT_EQ(get(cfg, {"bind"}), (Pairs{{"bind", "127.0.0.1  -::1"}}));
    ASSERT_TRUE(set(cfg, {"bind", ""}, err));
    EXPECT_TRUE(cfg.bind.empty());
}

TEST(ConfigSet, ClientOutputBufferLimitAndNotify) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(
        set(cfg, {"client-output-buffer-limit", "normal 1k 2kb 3", "notify-keyspace-events", "KEA"},
            err));
    EXPECT_EQ(get(cfg, {"client-output-buffer-limit", "notify-keyspace-events"}),
              (Pairs{{"client-output-buffer-limit",
                      "normal 1000 2048 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60"},
                     {"notify-keyspace-events", "AKE"}}));
    EXPECT_FALSE(set(cfg, {"client-output-buffer-limit", "normal 1 1 1 "}, err));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') "
              "- Wrong number of arguments in buffer limit configuration.");
}

TEST(ConfigSet, HzIsClamped) {
    Config cfg;
    std::string err;
    ASSERT_TRUE(set(cfg, {"hz", "1000"}, err));
    EXPECT_EQ(get(cfg, {"hz"}), (Pairs{{"hz", "500"}}));
}

// ---- apply and rollback ----

TEST(ConfigApply, EachDistinctActionOnce) {
    Config cfg;
    MockHost host;
    std::string err;
    ASSERT_TRUE(set(cfg, {"port", "7000", "bind", "127.0.0.1", "maxclients", "50", "timeout", "3"},
                    err, &host))
        << err;
    EXPECT_EQ(host.calls, (std::vector<Apply>{Apply::Listeners, Apply::MaxClients}));
}

TEST(ConfigApply, UnchangedValuesAreNotApplied) {
    Config cfg;
    MockHost host;
    std::string err;
    ASSERT_TRUE(
        set(cfg, {"port", "6379", "maxclients", "10000", "loglevel", "NOTICE"}, err, &host));
    EXPECT_TRUE(host.calls.empty());
    // Special directives (bind...) are applied on every set, as Redis does.
    ASSERT_TRUE(set(cfg, {"bind", "* -::*"}, err, &host));
    EXPECT_EQ(host.calls, (std::vector<Apply>{Apply::Listeners}));
}

TEST(ConfigApply, FailureRestoresAndReapplies) {
    Config cfg;
    MockHost host;
    host.fail_on = Apply::Listeners;
    std::string err;
    ASSERT_FALSE(set(cfg, {"maxclients", "50", "timeout", "3", "port", "7000"}, err, &host));
    EXPECT_EQ(err,
              "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on "
              "this port");
    EXPECT_EQ(cfg.port, 6379);
    EXPECT_EQ(cfg.maxclients, 10000);
    EXPECT_EQ(cfg.timeout, 0);
    // Applied MaxClients, failed on Listeners, then re-applied both with the old values.
    EXPECT_EQ(host.calls, (std::vector<Apply>{Apply::MaxClients, Apply::Listeners,
                                              Apply::MaxClients, Apply::Listeners}));
}

TEST(ConfigApply, FailureWithoutReason) {
    Config cfg;
    MockHost host;
    host.fail_on = Apply::Hz;
    host.fail_text.clear();
    std::string err;
    ASSERT_FALSE(set(cfg, {"hz", "20"}, err, &host));
    EXPECT_EQ(err, "ERR CONFIG SET failed (possibly related to argument 'hz')");
    EXPECT_EQ(cfg.hz, 10);
}

TEST(ConfigApply, ValueErrorAppliesNothing) {
    Config cfg;
    MockHost host;
    std::string err;
    ASSERT_FALSE(set(cfg, {"port", "7000", "timeout", "x"}, err, &host));
    EXPECT_TRUE(host.calls.empty());
    EXPECT_EQ(cfg.port, 6379);
}

}  // namespace
}  // namespace cairn::config

namespace cairn::config {
namespace {

// A hidden (test-only) directive answers to its exact name only, as Redis's HIDDEN_CONFIG.
TEST(ConfigGet, HiddenDirectiveOnlyByExactName) {
    Config cfg;
    cfg.propagation_log = "/tmp/p.aof";
    auto all = get_matching(cfg, {"*"});
    EXPECT_TRUE(std::none_of(all.begin(), all.end(),
                             [](const auto& kv) { return kv.first == "propagation-log"; }));
    auto exact = get_matching(cfg, {"propagation-log"});
    ASSERT_EQ(exact.size(), 1u);
    EXPECT_EQ(exact[0].second, "/tmp/p.aof");
    std::string err;
    EXPECT_FALSE(set_runtime(cfg, {"propagation-log", "/tmp/q"}, nullptr, err));
}

}  // namespace
}  // namespace cairn::config

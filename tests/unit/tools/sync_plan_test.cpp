#include "tools/cairn-config/sync_plan.hpp"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tools/cairn-config/config_edit.hpp"

namespace cairn::tools {
namespace {

using Running = std::map<std::string, std::string>;

// What a server that reports every directive at its default answers to CONFIG GET *, with
// its dir made absolute as servers print it.
Running defaults_running() {
    const config::Config defaults;
    Running running;
    for (const config::Directive& d : config::directives()) {
        if (d.hidden) continue;
        running[std::string(d.name)] = d.get(defaults);
        if (!d.alias.empty()) running[std::string(d.alias)] = d.get(defaults);
    }
    running["dir"] = "/var/lib/cairn";
    return running;
}

struct FilePlan {
    config::Config cfg;
    SyncPlan plan;
};

FilePlan plan_for(const std::string& text, const Running& running) {
    FilePlan fp;
    EXPECT_TRUE(validate(text, "test.conf", fp.cfg).empty());
    fp.plan = plan_sync(fp.cfg, directives_in_text(text), running);
    return fp;
}

const SyncDifference* find(const SyncPlan& plan, std::string_view name) {
    for (const SyncDifference& d : plan.differences) {
        if (d.directive->name == name) return &d;
    }
    return nullptr;
}

TEST(SyncPlan, NothingDiffersWhenTheServerHasTheFilesValues) {
    Running running = defaults_running();
    running["port"] = "7000";
    FilePlan fp = plan_for("port 7000\nhz 10\n", running);
    EXPECT_TRUE(fp.plan.differences.empty());
    EXPECT_TRUE(fp.plan.skipped.empty());
    EXPECT_EQ(fp.plan.unchanged, 2);
}

TEST(SyncPlan, WrittenDirectivesAreSetAndRemovedOnesAreResetToTheirDefault) {
    Running running = defaults_running();
    running["maxmemory"] = "1048576";          // removed from the file since the start
    running["save"] = "";                      // idem
    running["list-max-listpack-size"] = "-3";  // and its alias: compared once
    running["list-max-ziplist-size"] = "-3";
    running["requirepass"] = "old";
    FilePlan fp = plan_for("maxmemory-policy allkeys-lru\n", running);
    ASSERT_EQ(fp.plan.differences.size(), 5u);
    const SyncDifference* policy = find(fp.plan, "maxmemory-policy");
    ASSERT_NE(policy, nullptr);
    EXPECT_TRUE(policy->in_file);
    EXPECT_EQ(policy->wanted, "allkeys-lru");
    EXPECT_EQ(policy->running, "noeviction");
    const SyncDifference* maxmemory = find(fp.plan, "maxmemory");
    ASSERT_NE(maxmemory, nullptr);
    EXPECT_FALSE(maxmemory->in_file);
    EXPECT_EQ(maxmemory->wanted, "0");
    EXPECT_EQ(find(fp.plan, "save")->wanted, "3600 1 300 100 60 10000");
    EXPECT_EQ(find(fp.plan, "list-max-listpack-size")->wanted, "-2");
    EXPECT_EQ(find(fp.plan, "requirepass")->wanted, "");
    EXPECT_EQ(fp.plan.unchanged, 0);
}

TEST(SyncPlan, ValuesTheServerDerivesAtStartupAreLeftAloneUnlessWritten) {
    Running running = defaults_running();
    running["maxclients"] = "992";  // lowered to fit the open-files limit
    running["pidfile"] = "/var/run/redis_6379.pid";
    EXPECT_TRUE(plan_for("hz 10\n", running).plan.differences.empty());
    // Written, they are the file's: compared.
    FilePlan fp = plan_for("maxclients 10000\ndir /srv/data\n", running);
    ASSERT_EQ(fp.plan.differences.size(), 2u);
    EXPECT_EQ(find(fp.plan, "maxclients")->wanted, "10000");
    EXPECT_EQ(find(fp.plan, "dir")->wanted, "/srv/data");
}

TEST(SyncPlan, SkipsWhatCannotBeComparedAndSaysWhy) {
    Running running = defaults_running();
    running.erase("hz");                // a server that does not know it
    running.erase("latency-tracking");  // idem, not written: no word about it
    FilePlan fp = plan_for("hz 20\ndir ./data\n", running);
    EXPECT_TRUE(fp.plan.differences.empty());
    ASSERT_EQ(fp.plan.skipped.size(), 2u);
    EXPECT_EQ(fp.plan.skipped[0].directive->name, "dir");
    EXPECT_EQ(fp.plan.skipped[0].reason, "a relative dir cannot be compared");
    EXPECT_EQ(fp.plan.skipped[1].directive->name, "hz");
    EXPECT_EQ(fp.plan.skipped[1].reason, "unknown to the server");
    // "C:" alone is relative to that drive's current directory.
    EXPECT_EQ(plan_for("dir C:data\n", running).plan.skipped.size(), 1u);
}

TEST(SyncPlan, WindowsAbsoluteDirsAreCompared) {
    Running running = defaults_running();
    running["dir"] = "C:\\ProgramData\\Cairn\\data";
    EXPECT_TRUE(plan_for("dir C:\\ProgramData\\Cairn\\data\n", running).plan.differences.empty());
    for (const char* other : {"D:\\data", "D:/data", "\\\\host\\share"}) {
        FilePlan fp = plan_for("dir " + std::string(other) + "\n", running);
        ASSERT_EQ(fp.plan.differences.size(), 1u) << other;
        EXPECT_EQ(fp.plan.differences[0].wanted, other);
    }
}

TEST(SyncPlan, TestOnlyDirectivesAreComparedOnlyWhenWritten) {
    const config::Directive* hidden = nullptr;
    for (const config::Directive& d : config::directives()) {
        if (d.hidden && d.kind == config::Kind::Int) hidden = &d;
    }
    ASSERT_NE(hidden, nullptr);
    Running running = defaults_running();
    running[std::string(hidden->name)] = "12345";
    EXPECT_TRUE(plan_for("hz 10\n", running).plan.differences.empty());
}

}  // namespace
}  // namespace cairn::tools

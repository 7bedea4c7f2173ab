#include "tools/cairn-config/config_warnings.hpp"

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tools/cairn-config/config_edit.hpp"

namespace cairn::tools {
namespace {

using Lines = std::vector<std::string>;

Lines warnings_for(const std::string& text) {
    config::Config cfg;
    EXPECT_TRUE(validate(text, "test.conf", cfg).empty()) << text;
    return unsafe_settings(cfg);
}

TEST(ConfigWarnings, TheDefaultsAndTheShippedStyleOfFileAreQuiet) {
    EXPECT_EQ(warnings_for(""), Lines{});
    EXPECT_EQ(warnings_for("bind 127.0.0.1 -::1\nprotected-mode yes\nappendonly no\n"
                           "appendfilename \"appendonly.aof\"\nappendfsync everysec\n"),
              Lines{});
}

TEST(ConfigWarnings, ListeningBeyondLoopbackWithoutAnyProtection) {
    EXPECT_EQ(warnings_for("bind 0.0.0.0 -::1\nprotected-mode no\n"),
              Lines{"listening on 0.0.0.0 (not only loopback) with protected-mode no and no "
                    "requirepass: anyone who can reach port 6379 can read and change all data"});
    EXPECT_EQ(warnings_for("bind * -::*\nprotected-mode no\nport 7000\n"),
              Lines{"listening on * -::* (not only loopback) with protected-mode no and no "
                    "requirepass: anyone who can reach port 7000 can read and change all data"});
    // Any one protection is enough, and loopback needs none.
    EXPECT_EQ(warnings_for("bind 0.0.0.0\n"), Lines{});  // protected-mode yes
    EXPECT_EQ(warnings_for("bind 0.0.0.0\nprotected-mode no\nrequirepass x\n"), Lines{});
    EXPECT_EQ(warnings_for("bind 0.0.0.0\nprotected-mode no\nport 0\n"), Lines{});
    EXPECT_EQ(warnings_for("bind 127.0.0.2 localhost -::1\nprotected-mode no\n"), Lines{});
    EXPECT_EQ(warnings_for("protected-mode no\n"), Lines{});  // default bind: loopback
}

TEST(ConfigWarnings, SettingsWithoutEffect) {
    EXPECT_EQ(warnings_for("appendfsync always\nauto-aof-rewrite-min-size 1mb\n"),
              (Lines{"appendfsync always has no effect while appendonly is no",
                     "auto-aof-rewrite-min-size 1048576 has no effect while appendonly is no"}));
    EXPECT_EQ(warnings_for("appendonly yes\nappendfsync always\n"), Lines{});
    EXPECT_EQ(warnings_for("maxmemory-policy allkeys-lru\n"),
              Lines{"maxmemory-policy allkeys-lru has no effect while maxmemory is 0 (no "
                    "memory limit)"});
    EXPECT_EQ(warnings_for("maxmemory-policy allkeys-lru\nmaxmemory 1gb\n"), Lines{});
    EXPECT_EQ(warnings_for("save \"\"\nappendonly no\n"), Lines{});  // no persistence: a choice
}

TEST(ConfigWarnings, DirMissingOrNotADirectory) {
    const std::filesystem::path base =
        std::filesystem::temp_directory_path() /
        ("cairn-warnings-test-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(base);
    config::Config cfg;
    cfg.dir = base.string();
    EXPECT_EQ(dir_problem(cfg, "no-such-user-here"), "");  // this process's user can write it
    cfg.dir = (base / "missing").string();
    EXPECT_EQ(dir_problem(cfg, "no-such-user-here"), "dir " + cfg.dir + ": no such directory");
    cfg.dir = "./relative";  // resolved against the server's directory: not judged here
    EXPECT_EQ(dir_problem(cfg, "no-such-user-here"), "");
    std::filesystem::remove_all(base);
}

}  // namespace
}  // namespace cairn::tools

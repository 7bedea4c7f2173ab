#include "service/first_config.hpp"

#include <gtest/gtest.h>

namespace cairn::service {
namespace {

TEST(FirstConfig, ReplacesTheDirectivesLineInPlace) {
    EXPECT_EQ(
        set_directives("# Cairn\n# port 6379\nport 6379\nbind 127.0.0.1\n", {{"port", "6380"}}),
        "# Cairn\n# port 6379\nport 6380\nbind 127.0.0.1\n");
}

TEST(FirstConfig, NamesMatchAsTheServerReadsThem) {
    EXPECT_EQ(set_directives("  PORT\t6379\n", {{"port", "1"}}), "port 1\n");
    // A longer name that starts with the directive's is another directive.
    EXPECT_EQ(set_directives("portx 2\n", {{"port", "1"}}), "portx 2\nport 1\n");
}

TEST(FirstConfig, AppendsADirectiveTheFileLacks) {
    EXPECT_EQ(set_directives("bind 127.0.0.1", {{"port", "6380"}}), "bind 127.0.0.1\nport 6380\n");
    EXPECT_EQ(set_directives("", {{"port", "6380"}}), "port 6380\n");
}

TEST(FirstConfig, KeepsCrlfLineEndings) {
    EXPECT_EQ(set_directives("# x\r\nport 6379\r\n", {{"port", "7"}}), "# x\r\nport 7\r\n");
}

TEST(FirstConfig, ProblemsAreTheInstallersToReport) {
    EXPECT_EQ(first_config_problem("port 6379\n", {{"port", "6380"}}), "");
    EXPECT_EQ(first_config_problem("", {{"port", "0"}}), "");
    EXPECT_EQ(first_config_problem("", {{"port", "65536"}}),
              "PORT '65536' is not a port number (0-65535)");
    EXPECT_EQ(first_config_problem("", {{"port", "63a"}}),
              "PORT '63a' is not a port number (0-65535)");
    EXPECT_EQ(first_config_problem("", {{"port", ""}}), "PORT '' is not a port number (0-65535)");
    EXPECT_EQ(first_config_problem("port 1\nport 2\n", {{"port", "3"}}),
              "the packaged config sets 'port' more than once");
    EXPECT_EQ(first_config_problem("", {{"maxmemory", "1"}}),
              "'maxmemory' is not set by the installer");
}

}  // namespace
}  // namespace cairn::service

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "config/command_line.hpp"

namespace cairn::config::detail {
namespace {

std::string convert(const std::vector<std::string>& args) {
    bool from_stdin = false;
    std::string text = options_to_config_text(args, from_stdin);
    EXPECT_FALSE(from_stdin);
    return text;
}

// Expected texts follow redis-server 7.0.15's main(): each option starts a line, values are
// appended with sdscatrepr and a space.
TEST(CommandLine, OptionsBecomeConfigLines) {
    EXPECT_EQ(convert({"--port", "7000", "--bind", "127.0.0.1", "::1", "--save", ""}),
              "port \"7000\" \nbind \"127.0.0.1\" \"::1\" \nsave \"\" ");
    EXPECT_EQ(convert({}), "");
}

TEST(CommandLine, NameAndValueInOneWord) {
    EXPECT_EQ(convert({"--port 6380", "--hz", "5"}), "port 6380 \nhz \"5\" ");
}

TEST(CommandLine, ValueMayLookLikeAnOption) {
    // After a bare name the next word is its value, even when it starts with "--".
    EXPECT_EQ(convert({"--port", "--bind"}), "port \"--bind\" ");
    EXPECT_EQ(convert({"--hz", "--save"}), "hz \"--save\" ");
}

TEST(CommandLine, SaveWithoutValueMeansEmpty) {
    EXPECT_EQ(convert({"--save"}), "save \"\"");
    EXPECT_EQ(convert({"--save", "--port", "1"}), "save \"\"\nport \"1\" ");
    EXPECT_EQ(convert({"--port", "1", "--SAVE"}), "port \"1\" \nSAVE \"\"");
}

TEST(CommandLine, SentinelWithoutValue) {
    EXPECT_EQ(convert({"--sentinel", "--port", "1"}), "sentinel \nport \"1\" ");
}

TEST(CommandLine, ValuesAreQuotedWithEscapes) {
    EXPECT_EQ(convert({"--requirepass", "a b\"c\\\n\x01"}),
              "requirepass \"a b\\\"c\\\\\\n\\x01\" ");
}

TEST(CommandLine, LeadingValueWithoutName) {
    EXPECT_EQ(convert({"foo", "--port", "1"}), "\"foo\" \nport \"1\" ");
}

TEST(CommandLine, LastDashReadsStdin) {
    bool from_stdin = false;
    EXPECT_EQ(options_to_config_text({"--port", "1", "-"}, from_stdin), "port \"1\" ");
    EXPECT_TRUE(from_stdin);
    // Elsewhere "-" is an ordinary value.
    EXPECT_EQ(options_to_config_text({"-", "--port", "1"}, from_stdin), "\"-\" \nport \"1\" ");
    EXPECT_FALSE(from_stdin);
}

}  // namespace
}  // namespace cairn::config::detail

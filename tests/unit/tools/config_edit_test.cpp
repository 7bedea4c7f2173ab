#include "tools/cairn-config/config_edit.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cairn::tools {
namespace {

const config::Directive& dir(std::string_view name) {
    const config::Directive* d = config::find_directive(name);
    EXPECT_NE(d, nullptr) << name;
    return *d;
}

using Words = std::vector<std::string>;

TEST(ConfigEdit, SetReplacesTheLineInPlaceAndKeepsEverythingElse) {
    const std::string text =
        "# header comment\n"
        "port 6379   \n"
        "\n"
        "  # indented comment\n"
        "include /etc/cairn/local.conf\n"
        "maxmemory-policy noeviction\n"
        "hz 10\n";
    EXPECT_EQ(set_in_text(text, dir("maxmemory-policy"), {"allkeys-lru"}),
              "# header comment\n"
              "port 6379   \n"
              "\n"
              "  # indented comment\n"
              "include /etc/cairn/local.conf\n"
              "maxmemory-policy allkeys-lru\n"
              "hz 10\n");
}

TEST(ConfigEdit, SetRemovesLaterLinesOfTheSameDirectiveAndMatchesAliases) {
    const std::string text = "list-max-ziplist-size 5\nhz 10\nLIST-MAX-LISTPACK-SIZE 7\n";
    EXPECT_EQ(set_in_text(text, dir("list-max-listpack-size"), {"-3"}),
              "list-max-listpack-size -3\nhz 10\n");
}

TEST(ConfigEdit, SetAppendsWhenAbsentWithOrWithoutFinalNewline) {
    EXPECT_EQ(set_in_text("hz 10\n", dir("port"), {"7000"}), "hz 10\nport 7000\n");
    EXPECT_EQ(set_in_text("hz 10", dir("port"), {"7000"}), "hz 10\nport 7000\n");
    EXPECT_EQ(set_in_text("", dir("port"), {"7000"}), "port 7000\n");
    // A commented-out example is not a directive line.
    EXPECT_EQ(set_in_text("# port 6379\n", dir("port"), {"1"}), "# port 6379\nport 1\n");
}

TEST(ConfigEdit, ValuesAreQuotedOnlyWhenAConfigLineNeedsIt) {
    EXPECT_EQ(format_line(dir("requirepass"), {"two words"}), "requirepass \"two words\"");
    EXPECT_EQ(format_line(dir("requirepass"), {"q\"uote"}), "requirepass \"q\\\"uote\"");
    EXPECT_EQ(format_line(dir("logfile"), {""}), "logfile \"\"");
    EXPECT_EQ(format_line(dir("save"), {"3600", "1", "300", "100"}), "save 3600 1 300 100");
    EXPECT_EQ(format_line(dir("dir"), {"/var/lib/cairn"}), "dir /var/lib/cairn");
}

TEST(ConfigEdit, MultiWordValueGivenAsOneWordIsSplitAsAConfigLine) {
    EXPECT_EQ(value_words(dir("save"), {"3600 1 300 100"}), (Words{"3600", "1", "300", "100"}));
    EXPECT_EQ(value_words(dir("save"), {""}), (Words{""}));
    EXPECT_EQ(value_words(dir("requirepass"), {"a b"}), (Words{"a b"}));
}

TEST(ConfigEdit, SaveLinesBecomeOne) {
    EXPECT_EQ(set_in_text("save 3600 1\nport 1\nsave 60 10000\n", dir("save"), {"900", "1"}),
              "save 900 1\nport 1\n");
}

TEST(ConfigEdit, ClientOutputBufferLimitIsEditedPerClass) {
    const std::string text =
        "client-output-buffer-limit normal 0 0 0\n"
        "client-output-buffer-limit slave 256mb 64mb 60\n"
        "client-output-buffer-limit pubsub 32mb 8mb 60\n";
    EXPECT_EQ(set_in_text(text, dir("client-output-buffer-limit"), {"replica", "1gb", "0", "0"}),
              "client-output-buffer-limit normal 0 0 0\n"
              "client-output-buffer-limit replica 1gb 0 0\n"
              "client-output-buffer-limit pubsub 32mb 8mb 60\n");
}

TEST(ConfigEdit, UnsetRemovesEveryLineOfTheDirectiveOnly) {
    EXPECT_EQ(
        unset_in_text("# maxmemory 1gb\nmaxmemory 1gb\nhz 5\nmaxmemory 2gb", dir("maxmemory")),
        "# maxmemory 1gb\nhz 5");
}

TEST(ConfigEdit, CheckValueUsesTheServersRulesAndTexts) {
    config::Config cfg;
    EXPECT_EQ(check_value(cfg, dir("appendonly"), {"maybe"}), "argument must be 'yes' or 'no'");
    EXPECT_EQ(check_value(cfg, dir("port"), {"70000"}),
              "argument must be between 0 and 65535 inclusive");
    EXPECT_EQ(check_value(cfg, dir("maxmemory"), {"12xb"}), "argument must be a memory value");
    EXPECT_EQ(check_value(cfg, dir("port"), {"1", "2"}), "wrong number of arguments");
    EXPECT_EQ(check_value(cfg, dir("port"), {"7000"}), "");
    EXPECT_EQ(cfg.port, 6379);  // checked on a copy
}

TEST(ConfigEdit, ValidateReportsEveryBadLineWithItsNumber) {
    config::Config cfg;
    std::vector<Problem> problems = validate(
        "port 7000\nappendonly maybe\n# fine\nnosuchthing 1\nhz 20\nport x\n", "/x.conf", cfg);
    ASSERT_EQ(problems.size(), 3u);
    EXPECT_EQ(problems[0].to_string(), "/x.conf:2: argument must be 'yes' or 'no'");
    EXPECT_EQ(problems[1].to_string(), "/x.conf:4: Bad directive or wrong number of arguments");
    EXPECT_EQ(problems[2].to_string(), "/x.conf:6: argument couldn't be parsed into an integer");
    EXPECT_EQ(cfg.port, 7000);  // the good lines still count
    EXPECT_EQ(cfg.hz, 20);
}

TEST(ConfigEdit, ValidateAcceptsIncludesOfMissingGlobsAndDeprecatedDirectives) {
    config::Config cfg;
    EXPECT_TRUE(
        validate("include /nonexistent-dir-*/x.conf\nlist-max-ziplist-entries 5\n", "f", cfg)
            .empty());
}

TEST(ConfigEdit, ValidateNamesTheIncludedFileOrTheIncludeLine) {
    const std::string inc =
        (std::filesystem::temp_directory_path() /
         ("cairn-config-edit-test-" + std::to_string(std::random_device{}()) + ".conf"))
            .string();
    {
        std::ofstream f(inc);
        f << "# included\nappendonly maybe\n";
    }
    config::Config cfg;
    std::vector<Problem> problems =
        validate("port 1\ninclude " + inc + "\ninclude /nonexistent/x.conf\nport y\n", "f", cfg);
    std::remove(inc.c_str());
    ASSERT_EQ(problems.size(), 3u);
    EXPECT_EQ(problems[0].to_string(), inc + ":2: argument must be 'yes' or 'no'");
    EXPECT_EQ(problems[1].to_string(),
              "f:3: Fatal error, can't open config file '/nonexistent/x.conf': No such file or "
              "directory");
    EXPECT_EQ(problems[2].to_string(), "f:4: argument couldn't be parsed into an integer");
}

TEST(ConfigEdit, DirectivesInTextAreListedOnceInTableOrder) {
    std::vector<const config::Directive*> found =
        directives_in_text("hz 5\n# port 1\nport 7\nbind 1.2.3.4\nhz 6\nbogus line\n");
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0]->name, "bind");
    EXPECT_EQ(found[1]->name, "port");
    EXPECT_EQ(found[2]->name, "hz");
}

}  // namespace
}  // namespace cairn::tools

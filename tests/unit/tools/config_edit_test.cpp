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

TEST(ConfigEdit, SetPutsANewDirectiveAfterItsCommentedDefault) {
    const std::string text =
        "# Save the dataset every so often.\n"
        "#\n"
        "# save 3600 1 300 100 60 10000\n"
        "\n"
        "# maxmemory <bytes>\n"
        "  #   unixsocket /run/cairn.sock\n"
        "# maxmemory-policy noeviction\n"
        "hz 10\n";
    // Right after the comment line, not after prose that starts with the word ("# Save the").
    EXPECT_EQ(set_in_text(text, dir("save"), {"900", "1"}),
              "# Save the dataset every so often.\n#\n# save 3600 1 300 100 60 10000\n"
              "save 900 1\n"
              "\n# maxmemory <bytes>\n  #   unixsocket /run/cairn.sock\n"
              "# maxmemory-policy noeviction\nhz 10\n");
    // The first word must be the whole name: "# maxmemory-policy" is not maxmemory's.
    EXPECT_EQ(set_in_text(text, dir("maxmemory"), {"1gb"}),
              "# Save the dataset every so often.\n#\n# save 3600 1 300 100 60 10000\n\n"
              "# maxmemory <bytes>\nmaxmemory 1gb\n"
              "  #   unixsocket /run/cairn.sock\n# maxmemory-policy noeviction\nhz 10\n");
    EXPECT_EQ(set_in_text(text, dir("unixsocket"), {"/tmp/c.sock"}),
              "# Save the dataset every so often.\n#\n# save 3600 1 300 100 60 10000\n\n"
              "# maxmemory <bytes>\n  #   unixsocket /run/cairn.sock\nunixsocket /tmp/c.sock\n"
              "# maxmemory-policy noeviction\nhz 10\n");
    // No commented default: at the end, as before.
    EXPECT_EQ(set_in_text(text, dir("timeout"), {"5"}), text + "timeout 5\n");
    // A commented default on the last line, with or without a final newline.
    EXPECT_EQ(set_in_text("hz 1\n# port 6379", dir("port"), {"1"}), "hz 1\n# port 6379\nport 1\n");
    EXPECT_EQ(set_in_text("# port 6379\nhz 1", dir("port"), {"1"}), "# port 6379\nport 1\nhz 1");
}

TEST(ConfigEdit, NewOutputBufferClassesGoAfterTheDirectivesOtherLines) {
    const std::string text =
        "# client-output-buffer-limit <class> <hard> <soft> <seconds>\n"
        "client-output-buffer-limit normal 0 0 0\n"
        "hz 10\n";
    EXPECT_EQ(set_in_text(text, dir("client-output-buffer-limit"),
                          {"pubsub", "1mb", "0", "0", "replica", "2mb", "0", "0"}),
              "# client-output-buffer-limit <class> <hard> <soft> <seconds>\n"
              "client-output-buffer-limit normal 0 0 0\n"
              "client-output-buffer-limit pubsub 1mb 0 0\n"
              "client-output-buffer-limit replica 2mb 0 0\n"
              "hz 10\n");
}

TEST(ConfigEdit, SuggestsTheDirectiveAMistypedNameMeant) {
    EXPECT_EQ(suggest_directive("prot"), "port");   // transposition
    EXPECT_EQ(suggest_directive("PORTT"), "port");  // any case
    EXPECT_EQ(suggest_directive("maxmemory-polcy"), "maxmemory-policy");
    EXPECT_EQ(suggest_directive("appendonyl"), "appendonly");
    EXPECT_EQ(suggest_directive("requirepas"), "requirepass");
    EXPECT_EQ(suggest_directive("maxmem"), "maxmemory");  // a prefix: the shortest name
    // An alias is answered with the canonical name.
    EXPECT_EQ(suggest_directive("list-max-ziplist-siz"), "list-max-listpack-size");
    EXPECT_EQ(suggest_directive("nosuchthing"), "");
    EXPECT_EQ(suggest_directive("xy"), "");  // two letters: one edit at most
    EXPECT_EQ(suggest_directive(""), "");
    EXPECT_EQ(unknown_directive_message("prot"), "unknown directive 'prot'; did you mean 'port'?");
    EXPECT_EQ(unknown_directive_message("zzzzzz"), "unknown directive 'zzzzzz'");
}

TEST(ConfigEdit, ValidateNamesAnUnknownDirectiveAndGuessesIt) {
    config::Config cfg;
    std::vector<Problem> problems =
        validate("prot 7000\nport 1 2\nlist-max-ziplist-value 1 2\ninclude\n", "/x.conf", cfg);
    ASSERT_EQ(problems.size(), 4u);
    EXPECT_EQ(problems[0].to_string(), "/x.conf:1: unknown directive 'prot'; did you mean 'port'?");
    // Known names with a wrong number of arguments keep the server's reason.
    EXPECT_EQ(problems[1].to_string(), "/x.conf:2: wrong number of arguments");
    EXPECT_EQ(problems[2].to_string(), "/x.conf:3: Bad directive or wrong number of arguments");
    EXPECT_EQ(problems[3].to_string(), "/x.conf:4: Bad directive or wrong number of arguments");
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
    EXPECT_EQ(problems[1].to_string(), "/x.conf:4: unknown directive 'nosuchthing'");
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

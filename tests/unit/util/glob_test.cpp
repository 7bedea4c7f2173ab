// glob_match: Redis 7.0's stringmatchlen. The case tables were checked against
// redis-server 7.0.15 (KEYS for case-sensitive, CONFIG GET for nocase).
#include <gtest/gtest.h>

#include <string>

#include "util/strings.hpp"

namespace cairn::util {
namespace {

struct Case {
    const char* pattern;
    const char* str;
    bool match;
};

TEST(GlobMatch, RedisCases) {
    const Case cases[] = {
        {"*", "anything", true},
        {"*", "", false},
        {"**", "", false},
        {"a*", "a", true},
        {"a**", "a", true},
        {"*a", "a", true},
        {"", "", true},
        {"", "a", false},
        {"?", "", false},
        {"?", "a", true},
        {"?", "ab", false},
        {"h?llo", "hello", true},
        {"h?llo", "hllo", false},
        {"h*llo", "hllo", true},
        {"h*llo", "heeeello", true},
        {"h*llo", "hellox", false},
        {"a*b", "acbd", false},
        {"*.txt", "file.txt", true},
        {"*.txt", "file.txt.bak", false},
        {"h[ae]llo", "hello", true},
        {"h[ae]llo", "hallo", true},
        {"h[ae]llo", "hillo", false},
        {"h[^e]llo", "hallo", true},
        {"h[^e]llo", "hello", false},
        {"h[a-b]llo", "hbllo", true},
        {"h[a-b]llo", "hcllo", false},
        {"h[b-a]llo", "hallo", true},
        {"h\\*llo", "h*llo", true},
        {"h\\*llo", "hello", false},
        {"\\?", "?", true},
        {"\\?", "a", false},
        {"[\\]]", "]", true},
        {"[\\-]", "-", true},
        {"[\\-]", "a", false},
        {"[]", "]", false},
        {"[]", "a", false},
        {"[^]", "a", true},
        {"[abc", "a", true},
        {"[abc", "d", false},
        {"[abc", "ab", false},
        {"[a-", "-", true},
        {"[a-", "a", true},
        {"[a-", "b", false},
        {"a[", "a", false},
        {"a\\", "a\\", true},
        {"[a\\]", "]", true},
        {"[a-c-e]", "-", true},
        {"[a-c-e]", "d", false},
        {"[a-c-e]", "e", true},
        {"*[0-9]", "key9", true},
        {"*[0-9]", "key", false},
        {"user:*:name", "user:42:name", true},
        {"user:*:name", "user:42:mail", false},
        {"[*]", "*", true},
        {"[?]", "a", false},
        {"a*b*c", "aXbYc", true},
        {"a*b*c", "aXcYb", false},
    };
    for (const Case& c : cases)
        EXPECT_EQ(glob_match(c.pattern, c.str), c.match) << c.pattern << " ~ " << c.str;
}

TEST(GlobMatch, NoCase) {
    const Case cases[] = {
        {"HELLO", "hello", true}, {"h[A-Z]llo", "hello", true}, {"h[^E]llo", "hello", false},
        {"H?LLO", "hello", true}, {"h[E]llo", "hello", true},   {"h\\Ello", "hello", true},
    };
    for (const Case& c : cases)
        EXPECT_EQ(glob_match(c.pattern, c.str, true), c.match) << c.pattern << " ~ " << c.str;
    EXPECT_FALSE(glob_match("HELLO", "hello"));
    EXPECT_FALSE(glob_match("h[A-Z]llo", "hello"));
}

// A bare "*" does not match the empty string in stringmatchlen (KEYS special-cases "*";
// PUBLISH "" reaches no PSUBSCRIBE * subscriber).
TEST(GlobMatch, StarDoesNotMatchEmpty) {
    EXPECT_FALSE(glob_match("*", ""));
    EXPECT_TRUE(glob_match("*", "x"));
}

TEST(GlobMatch, BinarySafe) {
    using namespace std::string_literals;
    EXPECT_TRUE(glob_match("a?c"s, "a\0c"s));
    EXPECT_TRUE(glob_match("a\0*"s, "a\0zz"s));
    EXPECT_FALSE(glob_match("a\0"s, "a"s));
}

// keyspace.tcl "Regression for pattern matching very long nested loops": must not hang.
TEST(GlobMatch, LongNestedStarsFinishFast) {
    std::string pattern;
    for (int i = 0; i < 32; i++) pattern += "a*";
    pattern += "b";
    EXPECT_FALSE(glob_match(pattern, std::string(50000, 'a')));
    EXPECT_TRUE(glob_match(pattern, std::string(100, 'a') + "b"));
}

TEST(GlobMatch, DeepPatternDoesNotOverflowStack) {
    std::string pattern;
    for (int i = 0; i < 5000; i++) pattern += "*a";
    EXPECT_FALSE(glob_match(pattern, std::string(5000, 'a')));
}

}  // namespace
}  // namespace cairn::util

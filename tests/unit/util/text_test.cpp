// split_args (sdssplitargs), repr (sdscatrepr) and the ASCII case helpers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "util/strings.hpp"

namespace cairn::util {
namespace {

using namespace std::string_literals;
using Args = std::vector<std::string>;

Args split(std::string_view line) {
    Args out = {"stale"};
    EXPECT_TRUE(split_args(line, out)) << line;
    return out;
}

bool split_fails(std::string_view line) {
    Args out;
    return !split_args(line, out);
}

TEST(SplitArgs, Plain) {
    EXPECT_EQ(split(""), Args{});
    EXPECT_EQ(split("   \t "), Args{});
    EXPECT_EQ(split("set a b"), (Args{"set", "a", "b"}));
    EXPECT_EQ(split("  a   b  "), (Args{"a", "b"}));
    EXPECT_EQ(split("a\tb\nc\rd"), (Args{"a", "b", "c", "d"}));
    // \v and \f are skipped between arguments but do not end an unquoted one.
    EXPECT_EQ(split("\va\vb\f"), (Args{"a\vb\f"}));
}

TEST(SplitArgs, DoubleQuotes) {
    EXPECT_EQ(split("\"a b\" c"), (Args{"a b", "c"}));
    EXPECT_EQ(split("\"\""), (Args{""}));
    EXPECT_EQ(split("\"\\x41\\x4a\\x4B\""), (Args{"AJK"}));
    EXPECT_EQ(split("\"\\x00\\xff\""), (Args{"\0\xff"s}));
    EXPECT_EQ(split("\"\\x4\""), (Args{"x4"}));  // not two hex digits: "\x" is just "x"
    EXPECT_EQ(split("\"\\n\\r\\t\\b\\a\\\\\\\"\\q\""), (Args{"\n\r\t\b\a\\\"q"}));
    EXPECT_EQ(split("\"a\"\tb"), (Args{"a", "b"}));
    EXPECT_EQ(split("x\"y z\""), (Args{"xy z"}));  // a quote may open mid-argument
}

TEST(SplitArgs, SingleQuotes) {
    EXPECT_EQ(split("'a b' c"), (Args{"a b", "c"}));
    EXPECT_EQ(split("'a\\'b'"), (Args{"a'b"}));
    EXPECT_EQ(split("'a\\nb\\\"'"), (Args{"a\\nb\\\""}));  // only \' is an escape
    EXPECT_EQ(split("''"), (Args{""}));
}

TEST(SplitArgs, Unbalanced) {
    EXPECT_TRUE(split_fails("\"abc"));
    EXPECT_TRUE(split_fails("'abc"));
    EXPECT_TRUE(split_fails("\"abc\\\""));
    EXPECT_TRUE(split_fails("\"a\\"));
    EXPECT_TRUE(split_fails("set \"a\"b"));  // closing quote followed by a non-space
    EXPECT_TRUE(split_fails("'a'b"));
    EXPECT_TRUE(split_fails("a\"b c\"d"));
}

TEST(SplitArgs, StopsAtNul) {
    EXPECT_EQ(split("a b\0c d"s), (Args{"a", "b"}));
    EXPECT_TRUE(split_fails("\"a\0\""s));
}

TEST(Repr, Escapes) {
    EXPECT_EQ(repr(""), "\"\"");
    EXPECT_EQ(repr("hello world"), "\"hello world\"");
    EXPECT_EQ(repr("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(repr("\n\r\t\a\b"), "\"\\n\\r\\t\\a\\b\"");
    EXPECT_EQ(repr("\0\x01\x7f\x80\xff"s), "\"\\x00\\x01\\x7f\\x80\\xff\"");
    EXPECT_EQ(repr("~ "), "\"~ \"");
}

TEST(Repr, RoundTripsThroughSplitArgs) {
    std::string all;
    for (int c = 0; c < 256; c++) all.push_back(static_cast<char>(c));
    EXPECT_EQ(split(repr(all)), (Args{all}));
}

TEST(CaseHelpers, Ascii) {
    EXPECT_TRUE(iequals("GeT", "get"));
    EXPECT_FALSE(iequals("get", "gets"));
    EXPECT_FALSE(iequals("a", "b"));
    EXPECT_EQ(to_lower("HeLLo-1"), "hello-1");
    // Only A-Z fold (C's tolower in the "C" locale): other bytes pass through.
    EXPECT_EQ(to_lower("@[`{\xC4\xD6Z"), "@[`{\xC4\xD6z");
    EXPECT_EQ(to_lower("6163AbCdEf"), "6163abcdef");
}

}  // namespace
}  // namespace cairn::util

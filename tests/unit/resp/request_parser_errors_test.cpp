// RequestParser protocol errors: Redis 7.0.15's exact texts (checked against redis-server),
// reported the same way whatever way the bytes are split.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parser_feed.hpp"
#include "resp/request_parser.hpp"

namespace cairn::resp {
namespace {

using test::feed;
using test::feed_whole;
using namespace std::string_literals;

constexpr size_t kInlineMax = 64 * 1024;

// Commands before the error are still returned, then the error.
void expect_error(const std::string& input, const std::string& text, size_t commands_before = 0,
                  const ParserLimits& limits = {}) {
    test::FeedResult whole = feed_whole(input, limits);
    EXPECT_EQ(whole.error, text) << input;
    EXPECT_EQ(whole.commands.size(), commands_before) << input;
    for (size_t i = 1; i < input.size(); i++)
        ASSERT_EQ(feed(input, {i}, limits), whole) << "split at " << i;
    ASSERT_EQ(test::feed_bytewise(input, limits), whole);
}

// Big inputs: whole and in 16 KiB reads plus a few odd cuts.
void expect_error_big(const std::string& input, const std::string& text,
                      const ParserLimits& limits = {}) {
    EXPECT_EQ(feed_whole(input, limits).error, text);
    std::vector<size_t> reads;
    for (size_t c = 16384; c < input.size(); c += 16384) reads.push_back(c);
    EXPECT_EQ(feed(input, reads, limits).error, text);
    for (size_t cut : {size_t{1}, size_t{3}, kInlineMax, kInlineMax + 1, input.size() - 1}) {
        if (cut >= input.size()) continue;
        EXPECT_EQ(feed(input, {cut}, limits).error, text) << cut;
    }
}

void expect_incomplete(const std::string& input, const ParserLimits& limits = {}) {
    test::FeedResult r = feed_whole(input, limits);
    EXPECT_EQ(r.error, "");
    EXPECT_TRUE(r.commands.empty());
    EXPECT_EQ(r.pending, input.size());
}

TEST(RequestParserErrors, InvalidMultibulkLength) {
    const std::string text = "Protocol error: invalid multibulk length";
    for (const char* bad : {"*x\r\n", "*\r\n", "*+1\r\n", "*01\r\n", "* 1\r\n", "*1 \r\n",
                            "*-0\r\n", "*2147483648\r\n", "*99999999999999999999\r\n"})
        expect_error(bad, text);
    expect_error("PING\r\n*1\r\n$4\r\nPING\r\n*3x\r\n", text, 2);
}

TEST(RequestParserErrors, IntMaxMultibulkLengthIsAccepted) {
    expect_incomplete("*2147483647\r\n");
}

TEST(RequestParserErrors, InvalidBulkLength) {
    const std::string text = "Protocol error: invalid bulk length";
    for (const char* bad :
         {"*1\r\n$x\r\n", "*1\r\n$\r\n", "*1\r\n$-1\r\n", "*1\r\n$01\r\n", "*1\r\n$+1\r\n",
          "*1\r\n$ 1\r\n", "*1\r\n$-0\r\n", "*2\r\n$1\r\na\r\n$99999999999999999999\r\n"})
        expect_error(bad, text);
    expect_error("*1\r\n$536870913\r\n", text);  // default proto-max-bulk-len is 512 MB
    ParserLimits limits;
    limits.proto_max_bulk_len = 100;
    expect_error("*1\r\n$101\r\n", text, 0, limits);
}

TEST(RequestParserErrors, ExpectedDollar) {
    expect_error("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n", "Protocol error: expected '$', got 'f'");
    expect_error("*1\r\n:4\r\n", "Protocol error: expected '$', got ':'");
    expect_error("*2\r\n$1\r\na\r\n*1\r\n", "Protocol error: expected '$', got '*'");
    // Newlines in the message become spaces, as addReplyErrorFormat does.
    expect_error("*1\r\n\r\n", "Protocol error: expected '$', got ' '");
    expect_error("*1\r\n\n\r\n", "Protocol error: expected '$', got ' '");
    expect_error("*1\r\n\xff\r\n", "Protocol error: expected '$', got '\xff'");
}

TEST(RequestParserErrors, UnbalancedQuotes) {
    const std::string text = "Protocol error: unbalanced quotes in request";
    for (const char* bad : {"\"abc\r\n", "'abc\n", "\"a\"b\r\n", "'a'b\r\n", "SET \"a\\\"\r\n"})
        expect_error(bad, text);
    expect_error("PING\r\nECHO \"x\r\n", text, 1);
}

TEST(RequestParserErrors, TooBigInlineRequest) {
    const std::string text = "Protocol error: too big inline request";
    expect_incomplete(std::string(kInlineMax, 'A'));
    expect_error_big(std::string(kInlineMax + 1, 'A'), text);
    // A complete line longer than the limit is fine.
    test::FeedResult r = feed_whole(std::string(kInlineMax + 10, 'A') + "\r\n");
    ASSERT_EQ(r.commands.size(), 1u);
    EXPECT_EQ(r.commands[0][0].size(), kInlineMax + 10);
}

TEST(RequestParserErrors, TooBigMbulkCountString) {
    expect_incomplete("*" + std::string(kInlineMax - 1, '1'));
    expect_error_big("*" + std::string(kInlineMax, '1'),
                     "Protocol error: too big mbulk count string");
}

TEST(RequestParserErrors, TooBigBulkCountString) {
    // Counted from the start of the $ line.
    const std::string head = "*2\r\n$1\r\na\r\n";
    expect_incomplete(head + "$" + std::string(kInlineMax - 1, '1'));
    expect_error_big(head + "$" + std::string(kInlineMax, '1'),
                     "Protocol error: too big bulk count string");
}

TEST(RequestParserErrors, UnauthenticatedMultibulkLength) {
    ParserLimits limits;
    limits.authenticated = false;
    expect_error("*11\r\n", "Protocol error: unauthenticated multibulk length", 0, limits);
    expect_incomplete("*10\r\n", limits);
    // Not-a-number and too-big counts are checked first.
    expect_error("*2147483648\r\n", "Protocol error: invalid multibulk length", 0, limits);
    expect_incomplete("*11\r\n");  // authenticated: fine
}

TEST(RequestParserErrors, UnauthenticatedBulkLength) {
    ParserLimits limits;
    limits.authenticated = false;
    expect_error("*1\r\n$16385\r\n", "Protocol error: unauthenticated bulk length", 0, limits);
    expect_error("*1\r\n$-1\r\n", "Protocol error: invalid bulk length", 0, limits);
    expect_incomplete("*1\r\n$16384\r\n", limits);
    expect_incomplete("*1\r\n$16385\r\n");
}

// Redis finds line ends with strchr, which stops at a NUL: a NUL before the end of a line
// makes Redis wait for more data until the size limit is hit.
TEST(RequestParserErrors, NulBeforeLineEndHidesIt) {
    expect_incomplete("PI\0NG\r\nPING\r\n"s);
    expect_incomplete("\0\r\n"s);
    expect_incomplete("*\0\r\n*1\r\n"s);
    expect_incomplete("*1\0\r\n"s);
    expect_incomplete("*1\r\n$4\0\r\nPING\r\n"s);
    expect_incomplete("*1\r\n\0\r\n"s);
    expect_incomplete("*1\r\n$\0\r\n"s);
    // The NUL is fine inside a payload and after the line end.
    EXPECT_EQ(feed_whole("*1\r\n$1\r\n\0\r\n"s).commands.size(), 1u);
    EXPECT_EQ(feed_whole("PING\r\n\0"s).commands.size(), 1u);
    std::string pad(kInlineMax, 'x');
    expect_error_big("PI\0NG\r\n"s + pad, "Protocol error: too big inline request");
    expect_error_big("*1\0\r\n"s + pad, "Protocol error: too big mbulk count string");
    expect_error_big("*1\r\n$4\0\r\n"s + pad, "Protocol error: too big bulk count string");
    // The '\r' is the last byte: Redis sees no line end and applies the limit at once.
    expect_error_big("*1\r\n$4\0"s + pad + "\r", "Protocol error: too big bulk count string");
}

TEST(RequestParserErrors, ParserIsReusableAfterError) {
    RequestParser p;
    std::vector<std::string_view> argv;
    size_t consumed = 0;
    std::string bad = "*1\r\n$x\r\n";
    ASSERT_EQ(p.parse(bad.data(), bad.size(), consumed, argv, {}), ParseStatus::Error);
    EXPECT_EQ(p.error(), "Protocol error: invalid bulk length");
    std::string good = "PING\r\n";
    ASSERT_EQ(p.parse(good.data(), good.size(), consumed, argv, {}), ParseStatus::Command);
}

}  // namespace
}  // namespace cairn::resp

// RequestParser on valid input: the same commands whatever way the bytes are split.
#include "resp/request_parser.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "parser_feed.hpp"

namespace cairn::resp {
namespace {

using test::feed;
using test::feed_bytewise;
using test::feed_whole;
using Commands = std::vector<std::vector<std::string>>;
using namespace std::string_literals;

// Feeding split at every single boundary and byte by byte gives the whole-input result.
void expect_split_invariant(const std::string& input, const ParserLimits& limits = {}) {
    test::FeedResult whole = feed_whole(input, limits);
    for (size_t i = 1; i < input.size(); i++)
        ASSERT_EQ(feed(input, {i}, limits), whole) << "split at " << i;
    for (size_t i = 1; i + 1 < input.size(); i++)
        ASSERT_EQ(feed(input, {i, i + 1}, limits), whole) << "one byte at " << i;
    ASSERT_EQ(feed_bytewise(input, limits), whole);
}

void expect_commands(const std::string& input, const Commands& expected) {
    test::FeedResult r = feed_whole(input);
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.commands, expected);
    EXPECT_EQ(r.pending, 0u);
    expect_split_invariant(input);
}

TEST(RequestParser, Multibulk) {
    expect_commands("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n*1\r\n$4\r\nPING\r\n",
                    {{"SET", "key", "value"}, {"PING"}});
}

TEST(RequestParser, Inline) {
    expect_commands("PING\r\nSET a b\nGET   a \r\n", {{"PING"}, {"SET", "a", "b"}, {"GET", "a"}});
}

TEST(RequestParser, MixedMultibulkAndInline) {
    expect_commands("*1\r\n$4\r\nPING\r\nECHO hi\r\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\nPING\n",
                    {{"PING"}, {"ECHO", "hi"}, {"ECHO", ""}, {"PING"}});
}

TEST(RequestParser, BinaryBulks) {
    expect_commands("*3\r\n$3\r\nSET\r\n$6\r\na\0\r\nb\n\r\n$2\r\n\r\n\r\n"s,
                    {{"SET", "a\0\r\nb\n"s, "\r\n"}});
}

TEST(RequestParser, EmptyBulks) {
    expect_commands("*3\r\n$0\r\n\r\n$0\r\n\r\n$0\r\n\r\n", {{"", "", ""}});
}

TEST(RequestParser, ZeroAndNegativeCountsAreEmptyCommands) {
    expect_commands("*0\r\n*-1\r\n*-100\r\n*1\r\n$4\r\nPING\r\n", {{}, {}, {}, {"PING"}});
}

TEST(RequestParser, BlankInlineLinesAreEmptyCommands) {
    expect_commands("\r\n\n   \r\n\t\r\nPING\r\n", {{}, {}, {}, {}, {"PING"}});
}

TEST(RequestParser, QuotedInlineArguments) {
    expect_commands(
        "SET \"a b\" 'c d'\r\n"
        "ECHO \"\\x41\\x4a\\n\\r\\t\\b\\a\\\\\\\"\\q\" '\\'x\\n'\r\n"
        "ECHO \"\" '' x\"y z\"\r\n",
        {{"SET", "a b", "c d"}, {"ECHO", "AJ\n\r\t\b\a\\\"q", "'x\\n"}, {"ECHO", "", "", "xy z"}});
}

TEST(RequestParser, InlineOnlyStripsOneCarriageReturn) {
    // "\r" is whitespace to sdssplitargs, so a bare "\r" inside the line also splits.
    expect_commands("A\rB\r\r\n", {{"A", "B"}});
}

TEST(RequestParser, BytesAfterBulkAndCountLineAreNotChecked) {
    // Redis skips the 2 bytes after a payload and after each '\r' without looking at them.
    expect_commands("*1\r\n$4\r\nPINGxx*1\rX$4\rYPING\r\n", {{"PING"}, {"PING"}});
}

TEST(RequestParser, UnfinishedCommandStaysPending) {
    std::string input = "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\n";
    test::FeedResult r = feed_whole(input);
    EXPECT_EQ(r.commands, Commands{{"PING"}});
    EXPECT_EQ(r.pending, input.size() - 14);
    expect_split_invariant(input);
    r = feed_whole("SET a b");
    EXPECT_TRUE(r.commands.empty());
    EXPECT_EQ(r.pending, 7u);
}

TEST(RequestParser, ByteAfterCarriageReturnMustArriveFirst) {
    RequestParser p;
    std::vector<std::string_view> argv;
    size_t consumed = 0;
    std::string s = "*1\r\n$4\r\nPING\r";
    EXPECT_EQ(p.parse(s.data(), s.size(), consumed, argv, {}), ParseStatus::Incomplete);
    s = "*1\r";
    p.reset();
    EXPECT_EQ(p.parse(s.data(), s.size(), consumed, argv, {}), ParseStatus::Incomplete);
    s += "\n";
    EXPECT_EQ(p.parse(s.data(), s.size(), consumed, argv, {}), ParseStatus::Incomplete);
}

TEST(RequestParser, ArgvReusedAndConsumedReported) {
    RequestParser p;
    std::vector<std::string_view> argv = {"stale"};
    size_t consumed = 0;
    std::string s = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n";
    ASSERT_EQ(p.parse(s.data(), s.size(), consumed, argv, {}), ParseStatus::Command);
    EXPECT_EQ(consumed, 20u);
    ASSERT_EQ(argv.size(), 2u);
    EXPECT_EQ(argv[0].data(), s.data() + 8);  // views point into the caller's bytes
    ASSERT_EQ(p.parse(s.data() + 20, s.size() - 20, consumed, argv, {}), ParseStatus::Command);
    EXPECT_EQ(consumed, 6u);
    EXPECT_EQ(argv, (std::vector<std::string_view>{"PING"}));
    ASSERT_EQ(p.parse(s.data(), 0, consumed, argv, {}), ParseStatus::Incomplete);
}

TEST(RequestParser, ResetDropsPartialCommand) {
    RequestParser p;
    std::vector<std::string_view> argv;
    size_t consumed = 0;
    std::string s = "*2\r\n$3\r\nGET\r\n";
    ASSERT_EQ(p.parse(s.data(), s.size(), consumed, argv, {}), ParseStatus::Incomplete);
    p.reset();
    s = "PING\r\n";
    ASSERT_EQ(p.parse(s.data(), s.size(), consumed, argv, {}), ParseStatus::Command);
    EXPECT_EQ(argv, (std::vector<std::string_view>{"PING"}));
}

TEST(RequestParser, ManyArgumentsInReadSizedPieces) {
    constexpr size_t kArgs = 200000;
    std::string input = "*" + std::to_string(kArgs) + "\r\n";
    for (size_t i = 0; i < kArgs; i++)
        input += "$1\r\n" + std::string(1, char('a' + i % 26)) + "\r\n";
    std::vector<size_t> cuts;
    for (size_t c = 16384; c < input.size(); c += 16384) cuts.push_back(c);
    test::FeedResult r = feed(input, cuts);
    ASSERT_EQ(r.error, "");
    ASSERT_EQ(r.commands.size(), 1u);
    ASSERT_EQ(r.commands[0].size(), kArgs);
    EXPECT_EQ(r.commands[0][kArgs - 1], std::string(1, char('a' + (kArgs - 1) % 26)));
}

// An 8 MB bulk arriving in 16 KiB reads into a growing buffer, as a connection would.
TEST(RequestParser, BigBulkInReadSizedPieces) {
    constexpr size_t kBulk = 8 * 1024 * 1024;
    constexpr size_t kRead = 16 * 1024;
    std::string payload(kBulk, 'x');
    for (size_t i = 0; i < kBulk; i += 4093) payload[i] = static_cast<char>(i % 251);
    std::string input = "*2\r\n$3\r\nSET\r\n$" + std::to_string(kBulk) + "\r\n" + payload + "\r\n";
    const size_t header = input.size() - kBulk - 2;

    RequestParser p;
    std::vector<std::string_view> argv;
    std::string buf;
    size_t consumed = 0;
    size_t calls = 0;
    ParseStatus st = ParseStatus::Incomplete;
    for (size_t off = 0; off < input.size(); off += kRead) {
        buf.append(input, off, kRead);
        st = p.parse(buf.data(), buf.size(), consumed, argv, {});
        calls++;
        if (st != ParseStatus::Incomplete) break;
        ASSERT_EQ(p.bytes_wanted(), input.size() - buf.size());
        if (calls == 1) {
            // The parser must not read bytes it already parsed: scribbling over the header
            // changes nothing.
            std::fill(buf.begin(), buf.begin() + static_cast<long>(header), '!');
            buf.reserve(buf.size() + p.bytes_wanted());
        }
    }
    ASSERT_EQ(st, ParseStatus::Command);
    EXPECT_EQ(p.bytes_wanted(), 0u);
    EXPECT_EQ(consumed, input.size());
    ASSERT_EQ(argv.size(), 2u);
    EXPECT_EQ(argv[0], "!!!");  // the scribbled-over bytes: views are built from offsets
    EXPECT_TRUE(argv[1] == payload);
}

TEST(RequestParser, BytesWantedUnknownBeforeBulkLength) {
    RequestParser p;
    std::vector<std::string_view> argv;
    size_t consumed = 0;
    std::string s = "*1\r\n$10";
    EXPECT_EQ(p.parse(s.data(), s.size(), consumed, argv, {}), ParseStatus::Incomplete);
    EXPECT_EQ(p.bytes_wanted(), 0u);
    s += "\r\nabc";
    EXPECT_EQ(p.parse(s.data(), s.size(), consumed, argv, {}), ParseStatus::Incomplete);
    EXPECT_EQ(p.bytes_wanted(), 9u);  // 7 payload bytes + CRLF
}

TEST(RequestParser, ProtoMaxBulkLenIsInclusive) {
    ParserLimits limits;
    limits.proto_max_bulk_len = 100;
    std::string input = "*1\r\n$100\r\n" + std::string(100, 'v') + "\r\n";
    test::FeedResult r = feed_whole(input, limits);
    ASSERT_EQ(r.commands.size(), 1u);
    EXPECT_EQ(r.commands[0][0], std::string(100, 'v'));
}

TEST(RequestParser, UnauthenticatedLimitsAllowUpToTheBound) {
    ParserLimits limits;
    limits.authenticated = false;
    std::string input = "*10\r\n$16384\r\n" + std::string(16384, 'p') + "\r\n";
    for (int i = 0; i < 9; i++) input += "$1\r\nx\r\n";
    test::FeedResult r = feed_whole(input, limits);
    ASSERT_EQ(r.error, "");
    ASSERT_EQ(r.commands.size(), 1u);
    EXPECT_EQ(r.commands[0].size(), 10u);
    // Inline commands have no argument limit.
    std::string many = "A";
    for (int i = 0; i < 20; i++) many += " x";
    EXPECT_EQ(feed_whole(many + "\r\n", limits).commands[0].size(), 21u);
}

// Mutated pipelines (valid or not) give the same commands / error whatever the split.
TEST(RequestParser, RandomMutationsAreSplitInvariant) {
    std::mt19937 rng(12345);
    auto pick = [&](std::string_view from) { return from[rng() % from.size()]; };
    const std::string alphabet = "*$\r\n0123456789-+ \"'\\x\0aE:"s;
    for (int iter = 0; iter < 300; iter++) {
        std::string input;
        const unsigned commands = 1 + rng() % 4;
        for (unsigned c = 0; c < commands; c++) {
            std::string arg;
            const unsigned arg_len = rng() % 5;
            for (unsigned i = 0; i < arg_len; i++) arg += pick("ab \r\n\"'\\x0\0"s);
            if (rng() % 2)
                input +=
                    "*2\r\n$4\r\nECHO\r\n$" + std::to_string(arg.size()) + "\r\n" + arg + "\r\n";
            else
                input += "ECHO " + arg + "\r\n";
        }
        const unsigned mutations = rng() % 4;
        for (unsigned m = 0; m < mutations; m++) {
            size_t pos = rng() % (input.size() + 1);
            switch (rng() % 3) {
                case 0:
                    input.insert(pos, 1, pick(alphabet));
                    break;
                case 1:
                    if (pos < input.size()) input[pos] = pick(alphabet);
                    break;
                default:
                    if (pos < input.size()) input.erase(pos, 1);
                    break;
            }
        }
        expect_split_invariant(input);
    }
}

}  // namespace
}  // namespace cairn::resp

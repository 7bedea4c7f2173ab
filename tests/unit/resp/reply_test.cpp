// Reply: byte-exact RESP2 and RESP3 encodings, as Redis 7.0 writes them.
#include "resp/reply.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>

namespace cairn::resp {
namespace {

using namespace std::string_literals;

std::string encode(int protocol, const std::function<void(Reply&)>& fn) {
    OutputBuffer out;
    Reply r(out, protocol);
    fn(r);
    std::string s;
    out.for_each_pending([&](const char* d, size_t n) { s.append(d, n); }, SIZE_MAX);
    return s;
}

// Same bytes in both protocols.
void expect_both(const std::function<void(Reply&)>& fn, const std::string& expected) {
    EXPECT_EQ(encode(2, fn), expected);
    EXPECT_EQ(encode(3, fn), expected);
}

void expect_resp(const std::function<void(Reply&)>& fn, const std::string& resp2,
                 const std::string& resp3) {
    EXPECT_EQ(encode(2, fn), resp2);
    EXPECT_EQ(encode(3, fn), resp3);
}

TEST(Reply, Simple) {
    expect_both([](Reply& r) { r.simple("PONG"); }, "+PONG\r\n");
    expect_both([](Reply& r) { r.ok(); }, "+OK\r\n");
    expect_both([](Reply& r) { r.simple(""); }, "+\r\n");
    std::string big(1000, 's');
    expect_both([&](Reply& r) { r.simple(big); }, "+" + big + "\r\n");
}

TEST(Reply, Integer) {
    expect_both([](Reply& r) { r.integer(0); }, ":0\r\n");
    expect_both([](Reply& r) { r.integer(7); }, ":7\r\n");
    expect_both([](Reply& r) { r.integer(10); }, ":10\r\n");
    expect_both([](Reply& r) { r.integer(-1); }, ":-1\r\n");
    expect_both([](Reply& r) { r.integer(123456789); }, ":123456789\r\n");
    expect_both([](Reply& r) { r.integer(std::numeric_limits<long long>::max()); },
                ":9223372036854775807\r\n");
    expect_both([](Reply& r) { r.integer(std::numeric_limits<long long>::min()); },
                ":-9223372036854775808\r\n");
}

TEST(Reply, Bulk) {
    expect_both([](Reply& r) { r.bulk("foo"); }, "$3\r\nfoo\r\n");
    expect_both([](Reply& r) { r.bulk(""); }, "$0\r\n\r\n");
    expect_both([](Reply& r) { r.bulk("a\0\r\nb"s); }, "$5\r\na\0\r\nb\r\n"s);
    for (size_t n : {255, 256, 257, 20000}) {
        std::string s(n, 'b');
        expect_both([&](Reply& r) { r.bulk(s); }, "$" + std::to_string(n) + "\r\n" + s + "\r\n");
    }
}

TEST(Reply, Aggregates) {
    expect_both([](Reply& r) { r.array(0); }, "*0\r\n");
    expect_both([](Reply& r) { r.array(3); }, "*3\r\n");
    expect_both([](Reply& r) { r.array(1234567); }, "*1234567\r\n");
    expect_resp([](Reply& r) { r.map(2); }, "*4\r\n", "%2\r\n");
    expect_resp([](Reply& r) { r.map(0); }, "*0\r\n", "%0\r\n");
    expect_resp([](Reply& r) { r.set(3); }, "*3\r\n", "~3\r\n");
    expect_resp([](Reply& r) { r.push(3); }, "*3\r\n", ">3\r\n");
}

TEST(Reply, Nulls) {
    expect_resp([](Reply& r) { r.null(); }, "$-1\r\n", "_\r\n");
    expect_resp([](Reply& r) { r.null_array(); }, "*-1\r\n", "_\r\n");
}

TEST(Reply, Boolean) {
    expect_resp([](Reply& r) { r.boolean(true); }, ":1\r\n", "#t\r\n");
    expect_resp([](Reply& r) { r.boolean(false); }, ":0\r\n", "#f\r\n");
}

TEST(Reply, Double) {
    expect_resp([](Reply& r) { r.dbl(1.5); }, "$3\r\n1.5\r\n", ",1.5\r\n");
    expect_resp([](Reply& r) { r.dbl(3); }, "$1\r\n3\r\n", ",3\r\n");
    expect_resp([](Reply& r) { r.dbl(0.1); }, "$19\r\n0.10000000000000001\r\n",
                ",0.10000000000000001\r\n");
    expect_resp([](Reply& r) { r.dbl(-1.5e21); }, "$8\r\n-1.5e+21\r\n", ",-1.5e+21\r\n");
    expect_resp([](Reply& r) { r.dbl(HUGE_VAL); }, "$3\r\ninf\r\n", ",inf\r\n");
    expect_resp([](Reply& r) { r.dbl(-HUGE_VAL); }, "$4\r\n-inf\r\n", ",-inf\r\n");
    expect_resp([](Reply& r) { r.dbl(-0.0); }, "$2\r\n-0\r\n", ",-0\r\n");
}

TEST(Reply, Verbatim) {
    expect_resp([](Reply& r) { r.verbatim("hello"); }, "$5\r\nhello\r\n", "=9\r\ntxt:hello\r\n");
    expect_resp([](Reply& r) { r.verbatim("# x", "mkd"); }, "$3\r\n# x\r\n", "=7\r\nmkd:# x\r\n");
    // Redis writes exactly three format characters, padding with spaces.
    expect_resp([](Reply& r) { r.verbatim("", "ab"); }, "$0\r\n\r\n", "=4\r\nab :\r\n");
    expect_resp([](Reply& r) { r.verbatim("x", "long"); }, "$1\r\nx\r\n", "=5\r\nlon:x\r\n");
}

TEST(Reply, BigNumber) {
    expect_resp([](Reply& r) { r.big_number("1234567890123456789012"); },
                "$22\r\n1234567890123456789012\r\n", "(1234567890123456789012\r\n");
}

TEST(Reply, Error) {
    expect_both([](Reply& r) { r.error("ERR syntax error"); }, "-ERR syntax error\r\n");
    expect_both([](Reply& r) { r.error("WRONGTYPE Operation against a key"); },
                "-WRONGTYPE Operation against a key\r\n");
    expect_both([](Reply& r) { r.error("-NOSCRIPT No matching script"); },
                "-NOSCRIPT No matching script\r\n");
    expect_both([](Reply& r) { r.error("ERR bad\r\nthing\n"); }, "-ERR bad  thing \r\n");
    expect_both([](Reply& r) { r.error(""); }, "-ERR \r\n");
}

TEST(Reply, ErrorFlag) {
    OutputBuffer out;
    Reply r(out);
    r.bulk("x");
    EXPECT_FALSE(r.error_written());
    r.error("ERR x");
    EXPECT_TRUE(r.error_written());
    r.reset_error_flag();
    EXPECT_FALSE(r.error_written());
}

TEST(Reply, RawAndProtocolSwitch) {
    OutputBuffer out;
    Reply r(out);
    EXPECT_EQ(r.protocol(), 2);
    r.null();
    r.set_protocol(3);
    r.null();
    r.raw("+x\r\n");
    std::string s;
    out.for_each_pending([&](const char* d, size_t n) { s.append(d, n); }, SIZE_MAX);
    EXPECT_EQ(s, "$-1\r\n_\r\n+x\r\n");
    EXPECT_EQ(&r.buffer(), &out);
}

TEST(Reply, NestedReplyAcrossBlocks) {
    // Enough small replies to span several output blocks.
    std::string expected = "*3000\r\n";
    OutputBuffer out;
    Reply r(out, 3);
    r.array(3000);
    for (int i = 0; i < 3000; i++) {
        r.bulk("value:" + std::to_string(i));
        std::string v = "value:" + std::to_string(i);
        expected += "$" + std::to_string(v.size()) + "\r\n" + v + "\r\n";
    }
    std::string s;
    out.for_each_pending([&](const char* d, size_t n) { s.append(d, n); }, SIZE_MAX);
    EXPECT_EQ(s, expected);
}

}  // namespace
}  // namespace cairn::resp

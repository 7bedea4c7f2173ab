// Listpack changed in place (what a stream node does): appends keep the header's byte and
// element counts, integer replacement moves what follows when the encoding's size changes, and
// the bytes always equal a listpack written from scratch with the same elements.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "db/listpack.hpp"

namespace cairn::db {
namespace {

std::vector<std::string> elements(const Listpack& lp) {
    std::vector<std::string> out;
    EXPECT_TRUE(listpack_for_each(lp.bytes(), [&](std::string_view e) {
        out.emplace_back(e);
        return true;
    }));
    return out;
}

std::string written(const std::vector<std::string>& els) {
    ListpackWriter w;
    for (const std::string& e : els) w.add(e);
    return w.finish();
}

TEST(ListpackEdit, AppendsMatchTheWriter) {
    Listpack lp;
    EXPECT_EQ(lp.size(), 7u);
    EXPECT_EQ(lp.end(), Listpack::kFirst);
    const std::vector<std::string> els{
        "5", "-4096", "hello", std::string(70, 'x'), "123456789012", "007", std::string(5000, 'y')};
    for (const std::string& e : els) lp.append(e);
    EXPECT_EQ(elements(lp), els);
    EXPECT_EQ(lp.bytes(), written(els));
}

TEST(ListpackEdit, WalksBothWaysAndReadsText) {
    Listpack lp;
    lp.append("abc");
    lp.append_int(-70000);
    lp.append(std::string(200, 'z'));
    size_t a = Listpack::kFirst, b = lp.next(a), c = lp.next(b);
    EXPECT_EQ(lp.next(c), lp.end());
    EXPECT_EQ(lp.prev(lp.end()), c);
    EXPECT_EQ(lp.prev(c), b);
    EXPECT_EQ(lp.prev(b), a);
    char digits[Listpack::kDigits];
    EXPECT_EQ(lp.get_text(a, digits), "abc");
    EXPECT_EQ(lp.get_text(b, digits), "-70000");
    EXPECT_EQ(lp.get_int(b), -70000);
    EXPECT_EQ(lp.get_text(c, digits), std::string(200, 'z'));
}

TEST(ListpackEdit, ReplaceIntegerAcrossEncodingSizes) {
    Listpack lp;
    lp.append_int(127);  // one byte
    lp.append("tail");
    std::vector<std::string> want{"127", "tail"};
    for (int64_t v : {128LL, 5000LL, 40000LL, 9000000LL, 3000000000LL, 1LL, -1LL}) {
        lp.replace_int(Listpack::kFirst, v);
        want[0] = std::to_string(v);
        EXPECT_EQ(elements(lp), want) << v;
        EXPECT_EQ(lp.bytes(), written(want)) << v;
    }
    lp.replace_int(lp.next(Listpack::kFirst), 0);  // a string element becomes an integer
    EXPECT_EQ(elements(lp), (std::vector<std::string>{"-1", "0"}));
}

TEST(ListpackEdit, CountSaturatesAtUnknown) {
    Listpack lp;
    for (int i = 0; i < 65536; i++) lp.append_int(i % 100);
    std::string_view b = lp.bytes();
    unsigned count = static_cast<unsigned char>(b[4]) | static_cast<unsigned char>(b[5]) << 8;
    EXPECT_EQ(count, 65535u);  // LP_HDR_NUMELE_UNKNOWN
    EXPECT_EQ(lp.bytes(), written(elements(lp)));
}

}  // namespace
}  // namespace cairn::db

// Intsets against redis-server 7.0.15's DUMP payloads, and intsetValidateIntegrity's rules.
#include "persist/intset_blob.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "persist/rdb_primitives.hpp"
#include "test_bytes.hpp"

namespace cairn::persist {
namespace {

using test::dump_payload;
using test::from_hex;
using test::to_hex;

std::string set_dump(const std::vector<int64_t>& values) {
    std::string v = "\x0b";  // RDB_TYPE_SET_INTSET
    put_string(v, intset_blob(values), true);
    return to_hex(dump_payload(v));
}

TEST(Intset, MatchesRedis) {
    EXPECT_EQ(set_dump({1, 2, 3}), "0b0e02000000030000000100020003000a00a5025ce26d6e4d1b");
    EXPECT_EQ(set_dump({1, 70000}), "0b10040000000200000001000000701101000a002735436efd6656c4");
    EXPECT_EQ(set_dump({1, 5000000000}),
              "0b180800000002000000010000000000000000f2052a010000000a0054f5a26ae707b5fc");
}

TEST(Intset, WidthFromTheExtremes) {
    EXPECT_EQ(to_hex(intset_blob({})), "0200000000000000");
    EXPECT_EQ(to_hex(intset_blob({-32768, 32767})), "02000000020000000080ff7f");
    EXPECT_EQ(to_hex(intset_blob({-32769, 0})).substr(0, 8), "04000000");
    EXPECT_EQ(to_hex(intset_blob({0, 2147483648})).substr(0, 8), "08000000");
    EXPECT_EQ(to_hex(intset_blob({INT64_MIN, 0})).substr(0, 8), "08000000");
}

TEST(Intset, RoundTrip) {
    for (std::vector<int64_t> values :
         std::vector<std::vector<int64_t>>{{7},
                                           {-5, -4, 0, 32767},
                                           {-40000, 1, 2},
                                           {INT64_MIN, -1, 0, INT64_MAX},
                                           {INT32_MIN, INT32_MAX}}) {
        std::vector<int64_t> back = {99};
        ASSERT_TRUE(intset_values(intset_blob(values), back));
        EXPECT_EQ(back, values);
    }
}

TEST(Intset, RejectsCorruption) {
    std::vector<int64_t> out = {42};
    auto bad = [&](const std::string& blob) {
        EXPECT_FALSE(intset_values(blob, out)) << to_hex(blob);
        EXPECT_EQ(out, std::vector<int64_t>{42});
    };
    std::string good = from_hex("0200000003000000010002000300");
    ASSERT_TRUE(intset_values(good, out));
    out = {42};
    bad("");
    bad(good.substr(0, 7));                // no header
    bad(good.substr(0, good.size() - 1));  // truncated
    bad(good + "x");                       // trailing byte
    bad(intset_blob({}));                  // empty
    bad(
        from_hex("0300000001000000"
                 "0100"));  // unknown encoding
    bad(
        from_hex("0000000001000000"
                 "0100"));
    bad(
        from_hex("0200000003000000"
                 "010003000200"));  // out of order
    bad(
        from_hex("0200000002000000"
                 "01000100"));  // duplicate
    bad(
        from_hex("0200000002000000"
                 "0100ffff"));  // 1, -1: out of order
    bad(
        from_hex("02000000ffffffff"
                 "0100"));  // count past the blob
    bad(
        from_hex("0800000001000000"
                 "01000000"));  // short value
}

}  // namespace
}  // namespace cairn::persist

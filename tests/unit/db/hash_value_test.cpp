#include "db/hash_value.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>

namespace cairn::db {
namespace {

std::map<std::string, std::string> contents(const HashValue& h) {
    std::map<std::string, std::string> out;
    h.for_each([&](std::string_view f, std::string_view v) { out.emplace(f, v); });
    return out;
}

TEST(HashValue, ListpackKeepsInsertionOrderAndOverwritesInPlace) {
    HashValue h;
    HashLimits lim;
    EXPECT_TRUE(h.set("b", "1", lim));
    EXPECT_TRUE(h.set("a", "2", lim));
    EXPECT_FALSE(h.set("b", "3", lim));
    EXPECT_TRUE(h.is_listpack());
    EXPECT_EQ(h.encoding(), Encoding::ListPack);
    std::vector<std::string> order;
    h.for_each([&](std::string_view f, std::string_view v) {
        order.emplace_back(f);
        order.emplace_back(v);
    });
    EXPECT_EQ(order, (std::vector<std::string>{"b", "3", "a", "2"}));
    ASSERT_NE(h.find("a"), nullptr);
    EXPECT_EQ(*h.find("a"), "2");
    EXPECT_EQ(h.find("zz"), nullptr);
}

TEST(HashValue, ConvertsPastEntryLimit) {
    HashValue h;
    HashLimits lim{3, 64};
    for (int i = 0; i < 3; i++) h.set("f" + std::to_string(i), "v", lim);
    EXPECT_TRUE(h.is_listpack());
    h.set("f3", "v", lim);
    EXPECT_FALSE(h.is_listpack());
    EXPECT_EQ(h.encoding(), Encoding::HashTable);
    EXPECT_EQ(h.size(), 4u);
    EXPECT_EQ(*h.find("f2"), "v");
    // Overwriting an existing field does not count as growth.
    HashValue g;
    for (int i = 0; i < 3; i++) g.set("f" + std::to_string(i), "v", lim);
    g.set("f0", "w", lim);
    EXPECT_TRUE(g.is_listpack());
}

TEST(HashValue, ConvertsForLongStrings) {
    HashValue h;
    HashLimits lim{128, 4};
    h.prepare_for("abcd", lim);
    EXPECT_TRUE(h.is_listpack());
    h.prepare_for("abcde", lim);
    EXPECT_FALSE(h.is_listpack());
}

TEST(HashValue, EraseAndCloneAgreeWithAModelInBothEncodings) {
    std::mt19937 rng(7);
    for (size_t limit : {size_t{8}, size_t{1000}}) {
        HashValue h;
        HashLimits lim{limit, 64};
        std::map<std::string, std::string> model;
        for (int i = 0; i < 2000; i++) {
            std::string f = "f" + std::to_string(rng() % 50);
            if (rng() % 3 == 0) {
                EXPECT_EQ(h.erase(f), model.erase(f) == 1);
            } else {
                std::string v = std::to_string(rng());
                EXPECT_EQ(h.set(f, v, lim), model.count(f) == 0);
                model[f] = v;
            }
            ASSERT_EQ(h.size(), model.size());
        }
        EXPECT_EQ(contents(h), model);
        auto copy = h.clone();
        auto& c = static_cast<HashValue&>(*copy);
        EXPECT_EQ(contents(c), model);
        EXPECT_EQ(c.is_listpack(), h.is_listpack());
        c.set("only-in-copy", "x", lim);
        EXPECT_FALSE(h.contains("only-in-copy"));
    }
}

TEST(HashValue, RandomPairReachesEveryField) {
    for (size_t limit : {size_t{512}, size_t{2}}) {
        HashValue h;
        HashLimits lim{limit, 64};
        for (int i = 0; i < 10; i++) h.set("f" + std::to_string(i), std::to_string(i), lim);
        std::set<std::string> seen;
        for (int i = 0; i < 2000; i++) {
            auto [f, v] = h.random_pair();
            EXPECT_EQ(*h.find(f), v);
            seen.insert(f);
        }
        EXPECT_EQ(seen.size(), 10u);
    }
}

TEST(HashValue, ScanVisitsEveryFieldOfAHashtable) {
    HashValue h;
    HashLimits lim{1, 64};
    for (int i = 0; i < 300; i++) h.set("f" + std::to_string(i), "v", lim);
    ASSERT_FALSE(h.is_listpack());
    std::set<std::string> seen;
    uint64_t cursor = 0;
    int calls = 0;
    do {
        cursor = h.scan(cursor, [&](std::string_view f, const std::string&) { seen.emplace(f); });
        calls++;
    } while (cursor != 0 && calls < 10000);
    EXPECT_EQ(seen.size(), 300u);
}

}  // namespace
}  // namespace cairn::db

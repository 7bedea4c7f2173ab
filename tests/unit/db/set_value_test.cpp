#include "db/set_value.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

namespace cairn::db {
namespace {

std::set<std::string> contents(const SetValue& s) {
    std::set<std::string> out;
    s.for_each([&](std::string_view m) { out.emplace(m); });
    return out;
}

TEST(IntSet, SortedUniqueBinarySearch) {
    IntSet s;
    EXPECT_TRUE(s.insert(5));
    EXPECT_TRUE(s.insert(-3));
    EXPECT_TRUE(s.insert(INT64_MAX));
    EXPECT_TRUE(s.insert(INT64_MIN));
    EXPECT_FALSE(s.insert(5));
    EXPECT_EQ(s.values(), (std::vector<int64_t>{INT64_MIN, -3, 5, INT64_MAX}));
    EXPECT_TRUE(s.contains(-3));
    EXPECT_FALSE(s.contains(4));
    EXPECT_TRUE(s.erase(-3));
    EXPECT_FALSE(s.erase(-3));
    EXPECT_EQ(s.size(), 3u);
}

TEST(SetValue, EncodingOfTheFirstMember) {
    EXPECT_TRUE(SetValue::for_member("12")->is_intset());
    EXPECT_TRUE(SetValue::for_member("-9223372036854775808")->is_intset());
    EXPECT_FALSE(SetValue::for_member("9223372036854775808")->is_intset());
    EXPECT_FALSE(SetValue::for_member("012")->is_intset());  // not canonical
    EXPECT_FALSE(SetValue::for_member("+1")->is_intset());
    EXPECT_FALSE(SetValue::for_member("a")->is_intset());
}

TEST(SetValue, IntsetIteratesAscendingAndConvertsOnAString) {
    auto s = SetValue::make_intset();
    for (const char* m : {"3", "-1", "2", "2"}) s->add(m, 512);
    std::vector<std::string> order;
    s->for_each([&](std::string_view m) { order.emplace_back(m); });
    EXPECT_EQ(order, (std::vector<std::string>{"-1", "2", "3"}));
    EXPECT_TRUE(s->contains("2"));
    EXPECT_FALSE(s->contains("02"));
    EXPECT_FALSE(s->contains("x"));
    EXPECT_EQ(s->encoding(), Encoding::IntSet);
    EXPECT_TRUE(s->add("x", 512));
    EXPECT_EQ(s->encoding(), Encoding::HashTable);
    EXPECT_EQ(contents(*s), (std::set<std::string>{"-1", "2", "3", "x"}));
}

TEST(SetValue, IntsetConvertsPastTheEntryLimit) {
    auto s = SetValue::make_intset();
    for (int i = 0; i < 4; i++) s->add(std::to_string(i), 4);
    EXPECT_TRUE(s->is_intset());
    s->add("4", 4);
    EXPECT_FALSE(s->is_intset());
    EXPECT_EQ(s->size(), 5u);
    EXPECT_TRUE(s->contains("4"));
    auto z = SetValue::make_intset();
    z->add("1", 0);  // set-max-intset-entries 0: the first member already converts
    EXPECT_FALSE(z->is_intset());
}

TEST(SetValue, AgreesWithAModelAndClones) {
    std::mt19937 rng(3);
    for (size_t limit : {size_t{16}, size_t{100000}}) {
        auto s = SetValue::make_intset();
        std::set<std::string> model;
        for (int i = 0; i < 3000; i++) {
            std::string m = std::to_string(static_cast<int>(rng() % 200) - 100);
            if (i > 2000 && rng() % 10 == 0) m = "s" + m;
            if (rng() % 3 == 0) {
                EXPECT_EQ(s->remove(m), model.erase(m) == 1);
            } else {
                EXPECT_EQ(s->add(m, limit), model.insert(m).second);
            }
            ASSERT_EQ(s->size(), model.size());
        }
        EXPECT_EQ(contents(*s), model);
        auto copy = s->clone();
        EXPECT_EQ(contents(static_cast<SetValue&>(*copy)), model);
    }
}

TEST(SetValue, PopRandomEmptiesTheSet) {
    for (bool intset : {true, false}) {
        auto s = intset ? SetValue::make_intset() : SetValue::make_hashtable();
        std::set<std::string> model;
        for (int i = 0; i < 100; i++) {
            s->add(std::to_string(i), 512);
            model.insert(std::to_string(i));
        }
        std::set<std::string> popped;
        while (!s->empty()) {
            std::string m = s->random_member();
            EXPECT_TRUE(s->contains(m));
            popped.insert(s->pop_random());
        }
        EXPECT_EQ(popped, model);
    }
}

}  // namespace
}  // namespace cairn::db

// StreamID parsing and arithmetic, and StreamValue: appends and node splitting, the node's
// listpack layout (master entry, SAMEFIELDS / DELETED flags), deletion, trimming (exact and
// approximate), group reads and lag.
#include "db/stream_value.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace cairn::db {
namespace {

TEST(StreamId, ParsesRedisForms) {
    StreamID id;
    bool seq_given = false;
    ASSERT_TRUE(parse_stream_id("5-3", id, 0, true, &seq_given));
    EXPECT_EQ(id, (StreamID{5, 3}));
    EXPECT_TRUE(seq_given);
    ASSERT_TRUE(parse_stream_id("7-*", id, 0, true, &seq_given));
    EXPECT_EQ(id.ms, 7u);
    EXPECT_FALSE(seq_given);
    EXPECT_FALSE(parse_stream_id("7-*", id, 0, true, nullptr));  // only XADD takes ms-*
    ASSERT_TRUE(parse_stream_id("9", id, UINT64_MAX, false, nullptr));
    EXPECT_EQ(id, (StreamID{9, UINT64_MAX}));
    ASSERT_TRUE(parse_stream_id("-", id, 0, false, nullptr));
    EXPECT_EQ(id, StreamID::min());
    ASSERT_TRUE(parse_stream_id("+", id, 0, false, nullptr));
    EXPECT_EQ(id, StreamID::max());
    EXPECT_FALSE(parse_stream_id("-", id, 0, true, nullptr));
    EXPECT_FALSE(parse_stream_id("+", id, 0, true, nullptr));
    EXPECT_FALSE(parse_stream_id("abc", id, 0, false, nullptr));
    EXPECT_FALSE(parse_stream_id("1-x", id, 0, false, nullptr));
    EXPECT_FALSE(parse_stream_id("-1", id, 0, false, nullptr));
    EXPECT_FALSE(parse_stream_id("", id, 0, false, nullptr));
    ASSERT_TRUE(parse_stream_id("18446744073709551615-18446744073709551615", id, 0, true, nullptr));
    EXPECT_TRUE(id.is_max());
    EXPECT_FALSE(parse_stream_id("18446744073709551616", id, 0, true, nullptr));
}

TEST(StreamId, IncrementAndDecrementCarry) {
    StreamID id{1, UINT64_MAX};
    ASSERT_TRUE(id.incr());
    EXPECT_EQ(id, (StreamID{2, 0}));
    ASSERT_TRUE(id.decr());
    EXPECT_EQ(id, (StreamID{1, UINT64_MAX}));
    StreamID top = StreamID::max();
    EXPECT_FALSE(top.incr());
    StreamID zero;
    EXPECT_FALSE(zero.decr());
    EXPECT_EQ((StreamID{12, 4}).str(), "12-4");
}

std::vector<std::string_view> fv(std::initializer_list<std::string_view> l) {
    return {l};
}

StreamID add(StreamValue& s, StreamID id, std::vector<std::string_view> f,
             StreamNodeLimits lim = {}) {
    StreamID out;
    EXPECT_EQ(s.append(f, &id, true, 0, lim, out), StreamValue::AppendResult::Ok);
    return out;
}

std::vector<StreamID> ids(const StreamValue& s, bool rev = false) {
    std::vector<StreamID> out;
    s.range(StreamID::min(), StreamID::max(), rev, [&](const StreamID& id, const auto&) {
        out.push_back(id);
        return true;
    });
    return out;
}

TEST(StreamValue, AutoIdsAndOrdering) {
    StreamValue s;
    StreamID a, b, c;
    ASSERT_EQ(s.append(fv({"f", "v"}), nullptr, true, 1000, {}, a), StreamValue::AppendResult::Ok);
    ASSERT_EQ(s.append(fv({"f", "v"}), nullptr, true, 1000, {}, b), StreamValue::AppendResult::Ok);
    ASSERT_EQ(s.append(fv({"f", "v"}), nullptr, true, 999, {}, c), StreamValue::AppendResult::Ok);
    EXPECT_EQ(a, (StreamID{1000, 0}));
    EXPECT_EQ(b, (StreamID{1000, 1}));
    EXPECT_EQ(c, (StreamID{1000, 2}));  // the clock went back: the sequence goes on
    StreamID partial{1000, 0}, out;
    ASSERT_EQ(s.append(fv({"f", "v"}), &partial, false, 0, {}, out), StreamValue::AppendResult::Ok);
    EXPECT_EQ(out, (StreamID{1000, 3}));  // "1000-*"
    StreamID small{5, 0};
    EXPECT_EQ(s.append(fv({"f", "v"}), &small, true, 0, {}, out),
              StreamValue::AppendResult::IdTooSmall);
    EXPECT_EQ(s.length(), 4u);
    EXPECT_EQ(s.entries_added(), 4u);
    EXPECT_EQ(s.first_id(), a);
    EXPECT_EQ(s.last_id(), (StreamID{1000, 3}));
}

TEST(StreamValue, NodesSplitAtMaxEntriesAndBytes) {
    StreamValue s;
    StreamNodeLimits lim{4096, 3};
    for (uint64_t i = 1; i <= 7; i++) add(s, {i, 0}, fv({"a", "1"}), lim);
    EXPECT_EQ(s.nodes().size(), 3u);  // 3 + 3 + 1
    StreamValue big;
    // A node of one entry is 68 bytes (7 of header and end, 11 of master entry, 50 of entry);
    // a second entry makes 118; a third would pass 150 (118 + 41 bytes of field and value).
    StreamNodeLimits bytes{150, 0};
    std::string v(40, 'x');
    add(big, {1, 0}, fv({"f", v}), bytes);
    EXPECT_EQ(big.nodes().begin()->second.listpack_bytes(), 68u);
    for (uint64_t i = 2; i <= 4; i++) add(big, {i, 0}, fv({"f", v}), bytes);
    EXPECT_EQ(big.nodes().size(), 2u);
    EXPECT_EQ(big.nodes().begin()->second.listpack_bytes(), 118u);
}

TEST(StreamValue, ListpackLayoutFlagsAndSize) {
    StreamValue s;
    add(s, {10, 5}, fv({"a", "1", "b", "2"}));
    add(s, {10, 6}, fv({"a", "3", "b", "4"}));  // same fields as the master entry
    add(s, {11, 0}, fv({"c", "hello"}));        // other fields
    const StreamNode& n = s.nodes().begin()->second;
    std::vector<std::string> el;
    ASSERT_TRUE(listpack_for_each(n.listpack().bytes(), [&](std::string_view v) {
        el.emplace_back(v);
        return true;
    }));
    const std::vector<std::string> want{"3", "0", "2",  "a", "b", "0",      // master entry
                                        "2", "0", "0",  "1", "2", "5",      // 10-5: values only
                                        "2", "0", "1",  "3", "4", "5",      // 10-6
                                        "0", "1", "-5", "1", "c", "hello",  // 11-0: own fields
                                        "6"};
    EXPECT_EQ(el, want);
    // The bytes one element takes in a listpack (encoding, data, back-length).
    auto element_bytes = [](std::string_view e) {
        ListpackWriter w;
        w.add(e);
        return w.finish().size() - 7;
    };
    EXPECT_EQ(element_bytes("1"), 2u);      // stored as an integer
    EXPECT_EQ(element_bytes("hello"), 7u);  // 1 + 5 + backlen 1
    EXPECT_EQ(element_bytes("-5"), 3u);     // 13-bit int + backlen
    // 7 bytes of header and terminator, 14 of master entry, 12 + 12 + 21 of entries.
    size_t expect = 7;
    for (const std::string& e : el) expect += element_bytes(e);
    EXPECT_EQ(expect, 66u);
    EXPECT_EQ(n.listpack_bytes(), expect);
    // The header: total bytes and the element count.
    std::string_view lp = n.listpack().bytes();
    EXPECT_EQ(static_cast<unsigned char>(lp[0]) | static_cast<unsigned char>(lp[1]) << 8, expect);
    EXPECT_EQ(static_cast<unsigned char>(lp[4]), el.size());
    // Read back, forwards and backwards (by lp-count).
    StreamNodeReader reader(n);
    std::vector<std::string_view> fields;
    size_t off = n.first_entry();
    StreamNodeReader::Entry e = reader.read(off, &fields);
    EXPECT_EQ(e.id, (StreamID{10, 5}));
    EXPECT_EQ(e.flags, kStreamItemSameFields);
    EXPECT_EQ(fields, fv({"a", "1", "b", "2"}));
    e = reader.read(e.next, &fields);
    EXPECT_EQ(e.flags, kStreamItemSameFields);
    EXPECT_EQ(fields, fv({"a", "3", "b", "4"}));
    size_t last = e.next;
    e = reader.read(last, &fields);
    EXPECT_EQ(e.id, (StreamID{11, 0}));
    EXPECT_EQ(e.flags, 0);
    EXPECT_EQ(fields, fv({"c", "hello"}));
    EXPECT_EQ(e.next, n.end());
    EXPECT_EQ(n.last_entry(), last);
    EXPECT_EQ(n.prev_entry(n.prev_entry(last, off), off), off);
    EXPECT_EQ(n.prev_entry(off, off), StreamNode::npos);
}

TEST(StreamValue, DeleteMarksTombstonesAndDropsEmptyNodes) {
    StreamValue s;
    StreamNodeLimits lim{4096, 2};
    for (uint64_t i = 1; i <= 4; i++) add(s, {i, 0}, fv({"a", "1"}), lim);
    ASSERT_TRUE(s.remove({1, 0}));
    EXPECT_FALSE(s.remove({1, 0}));
    EXPECT_FALSE(s.remove({9, 0}));
    s.after_delete({{1, 0}});
    EXPECT_EQ(s.first_id(), (StreamID{2, 0}));
    EXPECT_EQ(s.max_deleted_id(), (StreamID{1, 0}));
    const StreamNode& first = s.nodes().begin()->second;
    EXPECT_EQ(first.deleted(), 1);
    EXPECT_EQ(first.live(), 1);
    StreamNodeReader reader(first);
    EXPECT_EQ(reader.read(first.first_entry(), nullptr).flags,
              kStreamItemDeleted | kStreamItemSameFields);
    ASSERT_TRUE(s.remove({2, 0}));
    EXPECT_EQ(s.nodes().size(), 1u);  // the first node had no live entry left
    EXPECT_EQ(ids(s), (std::vector<StreamID>{{3, 0}, {4, 0}}));
    EXPECT_EQ(ids(s, true), (std::vector<StreamID>{{4, 0}, {3, 0}}));
    EXPECT_EQ(s.edge_id(true, false), (StreamID{3, 0}));
}

TEST(StreamValue, CountsChangingSizeKeepTheNodeWhole) {
    // 130 entries in one node: the live count's encoding shrinks from two bytes to one as
    // entries are deleted, moving every entry; the node stays the listpack Redis would hold.
    StreamValue s;
    StreamNodeLimits lim{0, 0};
    for (uint64_t i = 1; i <= 130; i++) add(s, {i, 0}, fv({"a", std::to_string(i)}), lim);
    ASSERT_EQ(s.nodes().size(), 1u);
    for (uint64_t i : {7, 130, 1}) ASSERT_TRUE(s.remove({i, 0}));
    TrimArgs exact{TrimStrategy::MaxLen, 120, {}, false, 0};
    EXPECT_EQ(s.trim(exact), 7);
    const StreamNode& n = s.nodes().begin()->second;
    EXPECT_EQ(n.live(), 120);
    EXPECT_EQ(n.deleted(), 10);
    std::vector<std::string> el;
    ASSERT_TRUE(listpack_for_each(n.listpack().bytes(), [&](std::string_view v) {
        el.emplace_back(v);
        return true;
    }));
    EXPECT_EQ(el[0], "120");
    EXPECT_EQ(el[1], "10");
    ListpackWriter w;
    for (const std::string& e : el) w.add(e);
    EXPECT_EQ(n.listpack().bytes(), w.finish());
    std::vector<StreamID> got = ids(s, true);
    ASSERT_EQ(got.size(), 120u);
    EXPECT_EQ(got.front(), (StreamID{129, 0}));
    EXPECT_EQ(got.back(), (StreamID{10, 0}));
    EXPECT_EQ(s.count_range({1, 0}, {20, 0}, 0), 11u);  // 10-0 .. 20-0
    EXPECT_EQ(s.count_range({1, 0}, {20, 0}, 4), 4u);
    std::vector<std::string> values;  // copies: the views last only as long as the call
    EXPECT_TRUE(s.find({50, 0}, [&](const StreamID&, const std::vector<std::string_view>& f) {
        values.assign(f.begin(), f.end());
        return false;
    }));
    EXPECT_EQ(values, (std::vector<std::string>{"a", "50"}));
    EXPECT_FALSE(s.find({7, 0}));
}

TEST(StreamValue, TrimExactAndApproximate) {
    StreamNodeLimits lim{4096, 10};
    StreamValue s;
    for (uint64_t i = 1; i <= 25; i++) add(s, {i, 0}, fv({"a", "1"}), lim);
    TrimArgs approx{TrimStrategy::MaxLen, 12, {}, true, 0};
    EXPECT_EQ(s.trim(approx), 10);  // whole nodes only: the next would leave fewer than 12
    EXPECT_EQ(s.length(), 15u);
    TrimArgs exact{TrimStrategy::MaxLen, 12, {}, false, 0};
    EXPECT_EQ(s.trim(exact), 3);
    EXPECT_EQ(s.length(), 12u);
    EXPECT_EQ(s.first_id(), (StreamID{14, 0}));
    TrimArgs minid{TrimStrategy::MinId, 0, {20, 0}, false, 0};
    EXPECT_EQ(s.trim(minid), 6);
    EXPECT_EQ(ids(s).front(), (StreamID{20, 0}));
    TrimArgs limited{TrimStrategy::MaxLen, 0, {}, true, 5};
    // The node holding 20-0 alone goes; the next (5 entries) would pass the limit of 5.
    EXPECT_EQ(s.trim(limited), 1);
    EXPECT_EQ(s.length(), 5u);
}

TEST(StreamValue, GroupAdvanceAndLag) {
    StreamValue s;
    for (uint64_t i = 1; i <= 5; i++) add(s, {i, 0}, fv({"a", "1"}));
    StreamGroup g;
    int64_t lag;
    ASSERT_TRUE(s.group_lag(g, lag));
    EXPECT_EQ(lag, 5);
    s.group_advance(g, {2, 0});
    EXPECT_EQ(g.entries_read, 1);  // counted from 0: a fresh group read one entry
    ASSERT_TRUE(s.group_lag(g, lag));
    EXPECT_EQ(lag, 4);
    s.remove({4, 0});
    s.after_delete({{4, 0}});
    StreamGroup fresh;
    fresh.entries_read = kInvalidEntriesRead;
    fresh.last_id = {2, 0};
    EXPECT_FALSE(s.group_lag(fresh, lag));  // a tombstone ahead: unknown
    EXPECT_EQ(s.estimate_distance({5, 0}), 5);
}

}  // namespace
}  // namespace cairn::db

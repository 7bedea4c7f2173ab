#include "db/object.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cairn::db {
namespace {

TEST(Object, TypeAndEncodingNames) {
    EXPECT_EQ(type_name(ObjType::String), "string");
    EXPECT_EQ(type_name(ObjType::List), "list");
    EXPECT_EQ(type_name(ObjType::Set), "set");
    EXPECT_EQ(type_name(ObjType::ZSet), "zset");
    EXPECT_EQ(type_name(ObjType::Hash), "hash");
    EXPECT_EQ(type_name(ObjType::Stream), "stream");
    EXPECT_EQ(encoding_name(Encoding::Raw), "raw");
    EXPECT_EQ(encoding_name(Encoding::Int), "int");
    EXPECT_EQ(encoding_name(Encoding::EmbStr), "embstr");
    EXPECT_EQ(encoding_name(Encoding::ListPack), "listpack");
    EXPECT_EQ(encoding_name(Encoding::QuickList), "quicklist");
    EXPECT_EQ(encoding_name(Encoding::IntSet), "intset");
    EXPECT_EQ(encoding_name(Encoding::HashTable), "hashtable");
    EXPECT_EQ(encoding_name(Encoding::SkipList), "skiplist");
    EXPECT_EQ(encoding_name(Encoding::Stream), "stream");
}

TEST(Object, MakeStringEncodings) {
    auto enc = [](std::string s) { return Object::make_string(std::move(s)).encoding; };
    EXPECT_EQ(enc("0"), Encoding::Int);
    EXPECT_EQ(enc("123"), Encoding::Int);
    EXPECT_EQ(enc("-42"), Encoding::Int);
    EXPECT_EQ(enc("9223372036854775807"), Encoding::Int);
    EXPECT_EQ(enc("-9223372036854775808"), Encoding::Int);    // 20 chars
    EXPECT_EQ(enc("9223372036854775808"), Encoding::EmbStr);  // overflows
    EXPECT_EQ(enc("01"), Encoding::EmbStr);
    EXPECT_EQ(enc("+1"), Encoding::EmbStr);
    EXPECT_EQ(enc(" 1"), Encoding::EmbStr);
    EXPECT_EQ(enc("1.5"), Encoding::EmbStr);
    EXPECT_EQ(enc(""), Encoding::EmbStr);
    EXPECT_EQ(enc(std::string(44, 'x')), Encoding::EmbStr);
    EXPECT_EQ(enc(std::string(45, 'x')), Encoding::Raw);

    Object o = Object::make_string("value");
    EXPECT_EQ(o.type, ObjType::String);
    EXPECT_EQ(o.str, "value");
    o.mark_raw();
    EXPECT_EQ(o.encoding, Encoding::Raw);
}

struct CountingPayload : Payload {
    int n = 0;
    std::unique_ptr<Payload> clone() const override {
        auto copy = std::make_unique<CountingPayload>();
        copy->n = n;
        return copy;
    }
    size_t memory_usage(size_t) const override { return sizeof(*this); }
};

TEST(Object, CloneIsDeep) {
    Object o;
    o.type = ObjType::List;
    o.encoding = Encoding::QuickList;
    o.access_time = 77;
    o.lfu_counter = 9;
    auto p = std::make_unique<CountingPayload>();
    p->n = 3;
    o.payload = std::move(p);

    Object c = o.clone();
    EXPECT_EQ(c.type, ObjType::List);
    EXPECT_EQ(c.encoding, Encoding::QuickList);
    EXPECT_EQ(c.access_time, 77u);
    EXPECT_EQ(c.lfu_counter, 9);
    ASSERT_NE(c.payload, nullptr);
    EXPECT_NE(c.payload.get(), o.payload.get());
    static_cast<CountingPayload&>(*o.payload).n = 4;
    EXPECT_EQ(static_cast<CountingPayload&>(*c.payload).n, 3);

    Object s = Object::make_string("abc");
    Object sc = s.clone();
    EXPECT_EQ(sc.str, "abc");
    EXPECT_EQ(sc.encoding, Encoding::EmbStr);
    EXPECT_EQ(sc.payload, nullptr);
}

}  // namespace
}  // namespace cairn::db

// Key specs and COMMAND GETKEYS key extraction, checked against redis-server 7.0.15's
// COMMAND INFO and COMMAND GETKEYSANDFLAGS replies.
#include "commands/key_specs.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"

namespace cairn {
namespace {

Command make(std::string_view name, int arity, uint32_t flags, int first, int last, int step) {
    CommandSpec spec;
    spec.name = name;
    spec.arity = arity;
    spec.flags = flags;
    spec.first_key = first;
    spec.last_key = last;
    spec.key_step = step;
    return Command(std::move(spec), nullptr);
}

std::string flags_text(uint32_t flags) {
    std::string out;
    for (auto n : key_spec_flag_names(flags)) {
        if (!out.empty()) out += ' ';
        out += n;
    }
    return out;
}

// "key:FLAGS key:FLAGS", or "none" when no keys were found.
std::string keys(const Command& cmd, std::vector<std::string_view> argv) {
    auto specs = command_key_specs(cmd);
    std::vector<KeyRef> refs;
    if (!command_get_keys(cmd, specs, argv, refs)) return "none";
    std::string out;
    for (const KeyRef& k : refs) {
        if (!out.empty()) out += ' ';
        out += std::string(argv[k.pos]) + ":" + flags_text(k.flags);
    }
    return out;
}

TEST(KeySpecs, FlagNames) {
    EXPECT_EQ(flags_text(parse_key_spec_flags("RW access update variable_flags")),
              "RW access update variable_flags");
    EXPECT_EQ(flags_text(parse_key_spec_flags("delete RM")), "RM delete");
    EXPECT_EQ(parse_key_spec_flags(""), 0u);
}

TEST(KeySpecs, RedisSpecs) {
    auto get = command_key_specs(make("get", 2, kReadOnly | kFast, 1, 1, 1));
    ASSERT_EQ(get.size(), 1u);
    EXPECT_EQ(flags_text(get[0].flags), "RO access");
    EXPECT_EQ(get[0].begin, KeySpec::Begin::Index);
    EXPECT_EQ(get[0].index, 1);
    EXPECT_EQ(get[0].find, KeySpec::Find::Range);
    EXPECT_EQ(get[0].lastkey, 0);
    EXPECT_EQ(get[0].keystep, 1);
    EXPECT_FALSE(has_movable_keys(get));

    auto set = command_key_specs(make("set", -3, kWrite | kDenyOom, 1, 1, 1));
    ASSERT_EQ(set.size(), 1u);
    EXPECT_EQ(flags_text(set[0].flags), "RW access update variable_flags");
    EXPECT_EQ(set[0].notes, "RW and ACCESS due to the optional `GET` argument");

    auto zunionstore = command_key_specs(make("zunionstore", -4, kWrite, 1, 1, 1));
    ASSERT_EQ(zunionstore.size(), 2u);
    EXPECT_EQ(zunionstore[1].find, KeySpec::Find::Keynum);
    EXPECT_TRUE(has_movable_keys(zunionstore));
}

TEST(KeySpecs, Derived) {
    auto specs = command_key_specs(make("mycmd", -3, kWrite, 1, -1, 2));
    ASSERT_EQ(specs.size(), 1u);
    EXPECT_EQ(specs[0].index, 1);
    EXPECT_EQ(specs[0].lastkey, -1);
    EXPECT_EQ(specs[0].keystep, 2);
    EXPECT_EQ(flags_text(specs[0].flags), "RW access update");

    auto ro = command_key_specs(make("myro", 3, kReadOnly, 1, 2, 1));
    ASSERT_EQ(ro.size(), 1u);
    EXPECT_EQ(ro[0].lastkey, 1);
    EXPECT_EQ(flags_text(ro[0].flags), "RO access");

    EXPECT_TRUE(command_key_specs(make("nokeys", 1, 0, 0, 0, 0)).empty());
}

TEST(KeySpecs, GetKeys) {
    Command set = make("set", -3, kWrite | kDenyOom, 1, 1, 1);
    EXPECT_EQ(keys(set, {"set", "a", "b"}), "a:OW update");
    EXPECT_EQ(keys(set, {"set", "a", "b", "EX", "1", "get"}), "a:RW access update");

    Command mset = make("mset", -3, kWrite | kDenyOom, 1, -1, 2);
    EXPECT_EQ(keys(mset, {"mset", "a", "1", "b", "2"}), "a:OW update b:OW update");

    Command del = make("del", -2, kWrite, 1, -1, 1);
    EXPECT_EQ(keys(del, {"del", "a", "b"}), "a:RM delete b:RM delete");

    Command zunionstore = make("zunionstore", -4, kWrite | kDenyOom, 1, 1, 1);
    EXPECT_EQ(keys(zunionstore, {"zunionstore", "d", "2", "a", "b"}),
              "d:OW update a:RO access b:RO access");
    EXPECT_EQ(keys(zunionstore, {"zunionstore", "d", "5", "a"}), "none");

    Command eval = make("eval", -3, kNoScript | kNoMandatoryKeys, 0, 0, 0);
    EXPECT_EQ(keys(eval, {"eval", "s", "2", "a", "b", "c"}),
              "a:RW access update b:RW access update");
    EXPECT_EQ(keys(eval, {"eval", "s", "0"}), "none");

    Command sort = make("sort", -2, kWrite | kDenyOom, 1, 1, 1);
    EXPECT_EQ(keys(sort, {"sort", "k", "BY", "w_*", "STORE", "d"}), "k:RO access d:OW update");

    Command xread = make("xread", -4, kReadOnly | kBlocking, 0, 0, 0);
    EXPECT_EQ(keys(xread, {"xread", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"}),
              "s1:RO access s2:RO access");

    Command custom = make("mycmd", -2, kReadOnly, 1, -1, 1);
    EXPECT_EQ(keys(custom, {"mycmd", "a", "b"}), "a:RO access b:RO access");
}

}  // namespace
}  // namespace cairn

// Key specs parsed from the generated metadata and COMMAND GETKEYS key extraction, checked
// against redis-server 7.0.15's COMMAND INFO and COMMAND GETKEYSANDFLAGS replies.
#include "commands/key_specs.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/command_metadata.hpp"

namespace cairn {
namespace {

// A command built from its generated metadata, without a handler.
Command make(std::string_view name) {
    const meta::CommandMetadata* m = meta::find_command(name);
    EXPECT_NE(m, nullptr) << name;
    return Command(*m, nullptr, nullptr);
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
    const auto& specs = command_key_specs(cmd);
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
    auto get = command_key_specs(make("get"));
    ASSERT_EQ(get.size(), 1u);
    EXPECT_EQ(flags_text(get[0].flags), "RO access");
    EXPECT_EQ(get[0].begin, KeySpec::Begin::Index);
    EXPECT_EQ(get[0].index, 1);
    EXPECT_EQ(get[0].find, KeySpec::Find::Range);
    EXPECT_EQ(get[0].lastkey, 0);
    EXPECT_EQ(get[0].keystep, 1);

    auto set = command_key_specs(make("set"));
    ASSERT_EQ(set.size(), 1u);
    EXPECT_EQ(flags_text(set[0].flags), "RW access update variable_flags");
    EXPECT_EQ(set[0].notes, "RW and ACCESS due to the optional `GET` argument");

    auto zunionstore = command_key_specs(make("zunionstore"));
    ASSERT_EQ(zunionstore.size(), 2u);
    EXPECT_EQ(zunionstore[1].find, KeySpec::Find::Keynum);
}

TEST(KeySpecs, GetKeys) {
    Command set = make("set");
    EXPECT_EQ(keys(set, {"set", "a", "b"}), "a:OW update");
    EXPECT_EQ(keys(set, {"set", "a", "b", "EX", "1", "get"}), "a:RW access update");

    Command mset = make("mset");
    EXPECT_EQ(keys(mset, {"mset", "a", "1", "b", "2"}), "a:OW update b:OW update");

    Command del = make("del");
    EXPECT_EQ(keys(del, {"del", "a", "b"}), "a:RM delete b:RM delete");

    Command zunionstore = make("zunionstore");
    EXPECT_EQ(keys(zunionstore, {"zunionstore", "d", "2", "a", "b"}),
              "d:OW update a:RO access b:RO access");
    EXPECT_EQ(keys(zunionstore, {"zunionstore", "d", "5", "a"}), "none");

    Command eval = make("eval");
    EXPECT_EQ(keys(eval, {"eval", "s", "2", "a", "b", "c"}),
              "a:RW access update b:RW access update");
    EXPECT_EQ(keys(eval, {"eval", "s", "0"}), "none");

    Command sort = make("sort");
    EXPECT_EQ(keys(sort, {"sort", "k", "BY", "w_*", "STORE", "d"}), "k:RO access d:OW update");

    Command xread = make("xread");
    EXPECT_EQ(keys(xread, {"xread", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"}),
              "s1:RO access s2:RO access");
}

}  // namespace
}  // namespace cairn

// The command table joins the families' handlers with the generated metadata by name.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/command_metadata.hpp"

namespace cairn {
namespace {

void noop(CommandContext&) {}
void other(CommandContext&) {}

TEST(CommandTable, UnknownNamesAreRejected) {
    CommandTable table;
    EXPECT_FALSE(table.add_handler("gett", noop));
    EXPECT_FALSE(table.add_handler("config|gett", noop));
    EXPECT_FALSE(table.add_handler("nosuch|get", noop));
    EXPECT_TRUE(table.add_handler("get", noop));
    EXPECT_EQ(table.size(), 1u);
    EXPECT_EQ(table.find("gett"), nullptr);
    EXPECT_EQ(table.rejected_names(),
              (std::vector<std::string>{"gett", "config|gett", "nosuch|get"}));
}

TEST(CommandTable, RejectedNamesFailLoudly) {
    CommandTable table;
    table.add_handlers({{"get", noop}, {"gett", noop}});
    // Debug builds abort; release builds only log.
    EXPECT_DEBUG_DEATH(check_all_joined(table), "handler 'gett' has no generated metadata");
}

TEST(CommandTable, DuplicatesAreRejected) {
    CommandTable table;
    EXPECT_TRUE(table.add_handler("get", noop));
    EXPECT_FALSE(table.add_handler("get", other));
    EXPECT_TRUE(table.add_handler("config|get", noop));
    EXPECT_FALSE(table.add_handler("config|get", other));
    EXPECT_TRUE(table.add_handler("config", other));  // a container's own handler, once
    EXPECT_FALSE(table.add_handler("config", other));
    EXPECT_EQ(table.find("get")->spec().handler, &noop);
    EXPECT_EQ(table.find("config")->subcommands().size(), 1u);
    EXPECT_EQ(table.rejected_names(), (std::vector<std::string>{"get", "config|get", "config"}));
}

TEST(CommandTable, JoinsMetadata) {
    CommandTable table;
    table.add_handlers({{"set", noop}, {"config|get", other}, {"pfcount", noop}});
    const Command* set = table.find("SET");
    ASSERT_NE(set, nullptr);
    EXPECT_EQ(set->spec().arity, -3);
    EXPECT_EQ(set->spec().flags, kWrite | kDenyOom);
    EXPECT_EQ(set->spec().handler, &noop);
    EXPECT_EQ(set->meta().group, "string");
    ASSERT_EQ(set->key_specs().size(), 1u);
    EXPECT_EQ(set->key_specs()[0].flags, kKeyRW | kKeyAccess | kKeyUpdate | kKeyVariableFlags);

    // The container comes with its first subcommand, without a handler.
    const Command* config = table.find("config");
    ASSERT_NE(config, nullptr);
    EXPECT_EQ(config->spec().handler, nullptr);
    const Command* get = config->find_subcommand("GET");
    ASSERT_NE(get, nullptr);
    EXPECT_EQ(get->full_name(), "config|get");
    EXPECT_EQ(get->name(), "get");
    EXPECT_EQ(get->parent(), config);
    EXPECT_EQ(get->spec().handler, &other);
    EXPECT_EQ(get->spec().flags, kAdmin | kNoScript | kLoading | kStale);

    // Flags COMMAND INFO does not print come from the supplement.
    EXPECT_EQ(table.find("pfcount")->spec().flags, kReadOnly | kMayReplicate);
}

TEST(CommandTable, ContainerHandlerAfterItsSubcommands) {
    CommandTable table;
    table.add_handlers({{"command|count", noop}, {"command", other}});
    ASSERT_EQ(table.size(), 1u);
    EXPECT_EQ(table.find("command")->spec().handler, &other);
    EXPECT_EQ(table.find("command")->subcommands().size(), 1u);
}

TEST(CommandMetadata, SortedUniqueAndConsistent) {
    auto all = meta::all_commands();
    std::set<std::string_view> names;
    for (size_t i = 0; i < all.size(); i++) {
        if (i > 0) {
            EXPECT_LT(all[i - 1].name, all[i].name);
        }
        names.insert(all[i].name);
        EXPECT_EQ(meta::find_command(all[i].name), &all[i]);
        size_t bar = all[i].name.find('|');
        if (bar != std::string_view::npos) {
            EXPECT_TRUE(names.count(all[i].name.substr(0, bar))) << all[i].name;
        }
        for (const auto& arg : meta::arguments(all[i])) {
            EXPECT_LT(arg.key_spec_index, static_cast<int>(all[i].num_key_specs));
        }
    }
    EXPECT_EQ(meta::find_command("nosuch"), nullptr);
    EXPECT_EQ(meta::find_command("GET"), nullptr);  // exact, lower case
}

TEST(CommandMetadata, Redis72Supplement) {
    const meta::CommandMetadata* setinfo = meta::find_command("client|setinfo");
    ASSERT_NE(setinfo, nullptr);
    EXPECT_EQ(setinfo->since, "7.2.0");
    EXPECT_EQ(setinfo->arity, 4);
    ASSERT_NE(meta::find_command("client|no-touch"), nullptr);
}

TEST(CommandMetadata, ArgumentTree) {
    const meta::CommandMetadata* set = meta::find_command("set");
    ASSERT_NE(set, nullptr);
    auto args = meta::arguments(*set);
    ASSERT_EQ(args.size(), 5u);
    EXPECT_EQ(args[0].name, "key");
    EXPECT_EQ(args[0].type, meta::ArgType::Key);
    EXPECT_EQ(args[0].key_spec_index, 0);
    EXPECT_EQ(args[4].name, "expiration");
    EXPECT_EQ(args[4].type, meta::ArgType::OneOf);
    auto expiration = meta::arguments(args[4]);
    ASSERT_EQ(expiration.size(), 5u);
    EXPECT_EQ(expiration[0].token, "EX");
    EXPECT_EQ(expiration[4].type, meta::ArgType::PureToken);

    // CONFIG GET's parameters sit in a "block" (the hand-written syntax parser lacked it).
    auto config_get = meta::arguments(*meta::find_command("config|get"));
    ASSERT_EQ(config_get.size(), 1u);
    EXPECT_EQ(config_get[0].type, meta::ArgType::Block);
    EXPECT_EQ(config_get[0].flags, "multiple");
}

}  // namespace
}  // namespace cairn

// The full command table, as the server builds it: every family's handlers (data families
// of commands/ and the server commands) joined with the generated metadata, pipeline flags set.
#include <gtest/gtest.h>

#include "commands/command.hpp"
#include "commands/command_metadata.hpp"
#include "server/commands/server_commands.hpp"

namespace cairn {
namespace {

TEST(CommandRegistry, EveryFamilyHandlerHasMetadata) {
    CommandTable table;
    register_all_commands(table);
    EXPECT_TRUE(table.rejected_names().empty());
    EXPECT_GT(table.size(), 100u);
    for (const auto& cmd : table.all()) {
        EXPECT_EQ(cmd->meta().name, cmd->full_name());
        for (const auto& sub : cmd->subcommands()) {
            EXPECT_EQ(sub->meta().name, sub->full_name());
            EXPECT_NE(sub->spec().handler, nullptr) << sub->full_name();
        }
        // Only containers go without a handler (CLIENT, CONFIG, ...; COMMAND has one).
        if (!cmd->spec().handler) {
            EXPECT_TRUE(cmd->has_subcommands()) << cmd->full_name();
        }
    }
}

TEST(CommandRegistry, PipelineFlagsComeFromTheTable) {
    CommandTable table;
    register_all_commands(table);
    EXPECT_TRUE(table.find("exec")->pipeline_flags() & kRunsQueue);
    EXPECT_TRUE(table.find("multi")->pipeline_flags() & kRunsInMulti);
    EXPECT_TRUE(table.find("ping")->pipeline_flags() & kAllowedWhileSubscribed);
    EXPECT_TRUE(table.find("client")->pipeline_flags() & kKeepsCachingFlag);
    EXPECT_EQ(table.find("get")->pipeline_flags(), 0);
}

}  // namespace
}  // namespace cairn

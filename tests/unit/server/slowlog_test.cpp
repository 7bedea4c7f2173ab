// SlowLog: entries cut as Redis's slowlogCreateEntry cuts them, newest first, trimmed.
#include "server/slowlog.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace cairn {
namespace {

TEST(SlowLog, KeepsAtMost32ArgumentsAnd128BytesEach) {
    std::vector<std::string> words;
    for (int i = 0; i < 40; i++) words.push_back(std::to_string(i));
    words[1] = std::string(130, 'x');
    std::vector<std::string_view> argv(words.begin(), words.end());
    auto args = SlowLog::entry_args(argv, {});
    ASSERT_EQ(args.size(), 32u);
    EXPECT_EQ(args[0], "0");
    EXPECT_EQ(args[1], std::string(128, 'x') + "... (2 more bytes)");
    EXPECT_EQ(args[30], "30");
    EXPECT_EQ(args[31], "... (9 more arguments)");
    // Exactly 32 arguments are kept whole.
    argv.resize(32);
    EXPECT_EQ(SlowLog::entry_args(argv, {}).back(), "31");
}

TEST(SlowLog, RedactsWhatItIsTold) {
    std::vector<std::string_view> argv{"auth", "user", "secret"};
    auto args = SlowLog::entry_args(argv, {false, true, true});
    EXPECT_EQ(args, (std::vector<std::string>{"auth", "(redacted)", "(redacted)"}));
}

TEST(SlowLog, NewestFirstWithGrowingIdsAndTrimmed) {
    SlowLog log;
    for (int i = 0; i < 5; i++) {
        SlowLog::Entry e;
        e.duration_us = i;
        log.push(std::move(e), 3);
    }
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log.entries().front().id, 4u);
    EXPECT_EQ(log.entries().back().id, 2u);
    log.reset();
    EXPECT_EQ(log.size(), 0u);
    SlowLog::Entry e;
    log.push(std::move(e), 3);
    EXPECT_EQ(log.entries().front().id, 5u);  // ids go on after a reset, as in Redis
}

}  // namespace
}  // namespace cairn

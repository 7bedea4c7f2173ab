#include <gtest/gtest.h>

#include "server/monitor.hpp"

namespace cairn {
namespace {

const std::string kHead = "1700000000.000123 [2 127.0.0.1:5000] ";

std::string line(const std::vector<std::string_view>& argv) {
    return monitor_line(1700000000000123, 2, "127.0.0.1:5000", argv);
}

TEST(MonitorLine, FormatsTimeDbPeerAndQuotedArguments) {
    EXPECT_EQ(line({"SET", "a b", "x\ty\x01\""}), kHead + "\"SET\" \"a b\" \"x\\ty\\x01\\\"\"");
}

TEST(MonitorLine, RedactsAuthArguments) {
    EXPECT_EQ(line({"auth", "pw"}), kHead + "\"auth\" \"(redacted)\"");
    EXPECT_EQ(line({"AUTH", "user", "pw"}), kHead + "\"AUTH\" \"(redacted)\" \"(redacted)\"");
}

TEST(MonitorLine, RedactsHelloAuthOnly) {
    EXPECT_EQ(
        line({"HELLO", "3", "SETNAME", "auth", "AUTH", "u", "p"}),
        kHead + "\"HELLO\" \"3\" \"SETNAME\" \"auth\" \"AUTH\" \"(redacted)\" \"(redacted)\"");
}

TEST(MonitorLine, RedactsMigratePasswords) {
    EXPECT_EQ(line({"MIGRATE", "h", "1", "k", "0", "5", "AUTH2", "u", "p", "KEYS", "auth"}),
              kHead +
                  "\"MIGRATE\" \"h\" \"1\" \"k\" \"0\" \"5\" \"AUTH2\" \"(redacted)\" "
                  "\"(redacted)\" \"KEYS\" \"auth\"");
}

}  // namespace
}  // namespace cairn

// The look ahead into a query buffer for the keys of pipelined commands: complete multibulk
// commands only, stopping at anything else, bounded in commands and in bulk headers.
#include "resp/pipeline_scan.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::resp {
namespace {

std::vector<std::string> scan(const std::string& data, size_t max = 16) {
    std::array<std::string_view, 64> keys;
    size_t n = scan_pipeline_keys(data.data(), data.size(), keys.data(), max);
    return {keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(n)};
}

TEST(PipelineScan, SecondWordOfEachCompleteCommand) {
    std::string p =
        "*3\r\n$3\r\nSET\r\n$2\r\nk1\r\n$1\r\nv\r\n"
        "*1\r\n$4\r\nPING\r\n"
        "*2\r\n$3\r\nGET\r\n$2\r\nk2\r\n";
    EXPECT_EQ(scan(p), (std::vector<std::string>{"k1", "k2"}));
    // An incomplete command ends the look (its bulk, its line, or its CRLF still missing).
    EXPECT_EQ(scan(p + "*2\r\n$3\r\nGET\r\n$2\r\nk3"), (std::vector<std::string>{"k1", "k2"}));
    EXPECT_EQ(scan(p + "*2\r\n$3\r\nGET\r\n$2"), (std::vector<std::string>{"k1", "k2"}));
    EXPECT_EQ(scan(p + "*2\r"), (std::vector<std::string>{"k1", "k2"}));
    // At most max commands.
    EXPECT_EQ(scan(p, 1), (std::vector<std::string>{"k1"}));
    EXPECT_EQ(scan(p, 2), (std::vector<std::string>{"k1"}));
}

TEST(PipelineScan, StopsAtWhatIsNotPlainMultibulk) {
    EXPECT_TRUE(scan("GET k1\r\n*2\r\n$3\r\nGET\r\n$2\r\nk2\r\n").empty());  // inline
    EXPECT_TRUE(scan("*-1\r\n").empty());
    EXPECT_TRUE(scan("*2\r\n:3\r\n").empty());
    EXPECT_TRUE(scan("*x\r\n").empty());
    EXPECT_TRUE(scan("*2\r\n$99999999999999999999\r\n").empty());
    EXPECT_TRUE(scan("*2\r\n$5\r\nGET\r\n").empty());  // the bulk runs past the end
    EXPECT_TRUE(scan("").empty());
}

TEST(PipelineScan, GivesUpOnAKeylessLead) {
    const std::string ping = "*1\r\n$4\r\nPING\r\n";
    const std::string get = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
    // Three keyless commands, then keys: looked at.
    EXPECT_EQ(scan(ping + ping + ping + get + get), (std::vector<std::string>{"k", "k"}));
    // Four keyless commands: the look ends there.
    EXPECT_TRUE(scan(ping + ping + ping + ping + get).empty());
    // Once a key was found, keyless commands do not end it.
    EXPECT_EQ(scan(get + ping + ping + ping + ping + get), (std::vector<std::string>{"k", "k"}));
}

TEST(PipelineScan, BoundedInBulkHeaders) {
    // A command of 300 words is not walked to its end: no key from the command after it.
    std::string big = "*300\r\n";
    for (int i = 0; i < 300; i++) big += "$1\r\nx\r\n";
    EXPECT_TRUE(scan(big + "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n").empty());
    std::string small = "*200\r\n";
    for (int i = 0; i < 200; i++) small += "$1\r\nx\r\n";
    EXPECT_EQ(scan(small + "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"), (std::vector<std::string>{"x", "k"}));
}

}  // namespace
}  // namespace cairn::resp

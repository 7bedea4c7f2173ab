#include "resp/command_encoding.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cairn::resp {
namespace {

TEST(CommandEncoding, ArrayOfBulkStringsAsRedisWritesItsAof) {
    std::string out;
    append_command(out, {"SELECT", "0"});
    append_command(out, {"set", "k", std::string("a\r\n\0b", 5), ""});
    EXPECT_EQ(out, std::string("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"
                               "*4\r\n$3\r\nset\r\n$1\r\nk\r\n$5\r\na\r\n\0b\r\n$0\r\n\r\n",
                               60));
}

}  // namespace
}  // namespace cairn::resp

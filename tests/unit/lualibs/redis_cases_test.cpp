// struct and cmsgpack against what redis-server 7.0.15 gives for the same scripts
// (scripts/gen-lualibs-expectations writes redis_expectations.inc).
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/lualibs/lua_state.hpp"

namespace {

struct RedisCase {
    const char* body;
    const char* expected;
};

#include "tests/unit/lualibs/redis_expectations.inc"

std::string redis_script(const char* body) {
    return std::string(kDescribePrelude) + "return describe(pcall(function() " + body + " end))";
}

TEST(RedisLuaLibs, SameResultsAsRedis) {
    cairn::test::LuaState lua;
    for (const RedisCase& c : kRedisCases) {
        EXPECT_EQ(lua.run(redis_script(c.body)), c.expected) << c.body;
    }
}

TEST(RedisLuaLibs, CasesCoverBothLibraries) {
    int structs = 0;
    int msgpacks = 0;
    for (const RedisCase& c : kRedisCases) {
        std::string body = c.body;
        if (body.find("struct.") != std::string::npos) structs++;
        if (body.find("cmsgpack.") != std::string::npos) msgpacks++;
    }
    EXPECT_GT(structs, 100);
    EXPECT_GT(msgpacks, 100);
}

}  // namespace

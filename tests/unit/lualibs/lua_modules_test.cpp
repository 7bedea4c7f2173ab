// The `lua` target: Lua 5.1 with lua-cjson and LuaBitOp (Debian's on Linux, compiled from
// Debian's sources for Windows), as Redis scripts use them.
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/lualibs/lua_state.hpp"

namespace {

using cairn::test::LuaState;

TEST(LuaModules, CjsonEncodesAndDecodes) {
    LuaState lua;
    EXPECT_EQ(lua.run("return cjson.encode({1, 2, 'x'})"), "[1,2,\"x\"]");
    EXPECT_EQ(lua.run("return cjson.encode({a = {b = true}})"), "{\"a\":{\"b\":true}}");
    EXPECT_EQ(lua.run("return cjson.encode(0.5)"), "0.5");
    EXPECT_EQ(lua.run("local t = cjson.decode('{\"k\":[1,\"v\",null]}') return t.k[2]"), "v");
    EXPECT_EQ(lua.run("return tostring(cjson.decode('[1,2,3]')[3])"), "3");
    EXPECT_EQ(lua.run("return tostring(cjson.decode('null') == cjson.null)"), "true");
    EXPECT_NE(lua.run("return cjson.decode('{bad')").find("error: "), std::string::npos);
}

TEST(LuaModules, BitOperations) {
    LuaState lua;
    EXPECT_EQ(lua.run("return tostring(bit.band(0xff, 0x0f))"), "15");
    EXPECT_EQ(lua.run("return tostring(bit.bor(1, 2, 4))"), "7");
    EXPECT_EQ(lua.run("return tostring(bit.bxor(5, 3))"), "6");
    EXPECT_EQ(lua.run("return tostring(bit.lshift(1, 31))"), "-2147483648");
    EXPECT_EQ(lua.run("return tostring(bit.tobit(2^32 + 1))"), "1");
    EXPECT_EQ(lua.run("return bit.tohex(255)"), "000000ff");
    EXPECT_EQ(lua.run("return bit.tohex(-1, 4)"), "ffff");
    EXPECT_EQ(lua.run("return bit.tohex(0xabcd, -4)"), "ABCD");
}

TEST(LuaModules, NumbersPrintAsOnLinux) {  // C99 printf also in the mingw build
    LuaState lua;
    EXPECT_EQ(lua.run("return tostring(1e20)"), "1e+20");
    EXPECT_EQ(lua.run("return tostring(0.1)"), "0.1");
    EXPECT_EQ(lua.run("return string.format('%.17g', 0.1)"), "0.10000000000000001");
    EXPECT_EQ(lua.run("return tostring(1/0)"), "inf");
    EXPECT_EQ(lua.run("return tostring(tonumber('0x10'))"), "16");
}

}  // namespace

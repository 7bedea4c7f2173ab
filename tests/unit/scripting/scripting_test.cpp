// The pure parts of scripting: conversions between RESP and Lua in both directions, the
// sandbox (globals, read-only tables, Redis's PRNG, sha1hex, error tables), script headers.
#include <gtest/gtest.h>

#include <string>

#include "resp/output_buffer.hpp"
#include "resp/reply.hpp"
#include "scripting/lua.hpp"
#include "scripting/lua_rand.hpp"
#include "scripting/lua_to_resp.hpp"
#include "scripting/resp_to_lua.hpp"
#include "scripting/sandbox.hpp"
#include "scripting/script_header.hpp"

namespace cairn::scripting {
namespace {

std::string drain(resp::OutputBuffer& out) {
    std::string s;
    out.for_each_pending([&](const char* p, size_t n) { s.append(p, n); }, static_cast<size_t>(-1));
    return s;
}

class Lua : public ::testing::Test {
protected:
    void SetUp() override { L = open_sandbox(SandboxOptions{}); }
    void TearDown() override { close_sandbox(L); }

    // Runs code as a script and returns its reply encoded for a client of `protocol`.
    std::string run(const std::string& code, int protocol = 2, int script_resp = 2) {
        std::string err;
        if (!compile(L, code, "@user_script", err)) return "compile: " + err;
        if (!protected_call(L, 0)) {
            std::string msg = lua_istable(L, -1) ? error_field(L, -1) : "?";
            lua_pop(L, 1);
            return "error: " + msg;
        }
        resp::OutputBuffer out;
        resp::Reply r(out, protocol);
        write_reply(L, r, script_resp);
        return drain(out);
    }

    // Pushes a RESP reply as a script would see it and returns how the script converts it back.
    std::string round_trip(const std::string& reply, int protocol = 2) {
        EXPECT_EQ(push_reply(L, reply), reply.size());
        resp::OutputBuffer out;
        resp::Reply r(out, protocol);
        write_reply(L, r, protocol);
        return drain(out);
    }

    lua_State* L = nullptr;
};

TEST_F(Lua, LuaToResp2) {
    EXPECT_EQ(run("return 1"), ":1\r\n");
    EXPECT_EQ(run("return 3.99"), ":3\r\n");
    EXPECT_EQ(run("return -3.99"), ":-3\r\n");
    EXPECT_EQ(run("return 'x'"), "$1\r\nx\r\n");
    EXPECT_EQ(run("return true"), ":1\r\n");
    EXPECT_EQ(run("return false"), "$-1\r\n");
    EXPECT_EQ(run("return nil"), "$-1\r\n");
    EXPECT_EQ(run("return {1, 2, nil, 4}"), "*2\r\n:1\r\n:2\r\n");
    EXPECT_EQ(run("return {ok='fine'}"), "+fine\r\n");
    EXPECT_EQ(run("return {ok='a\\r\\nb'}"), "+a  b\r\n");
    EXPECT_EQ(run("return {err='ERR bad'}"), "-ERR bad\r\n");
    EXPECT_EQ(run("return {double=1.5}"), "$3\r\n1.5\r\n");
    EXPECT_EQ(run("return {big_number='123'}"), "$3\r\n123\r\n");
    EXPECT_EQ(run("return {map={a=1}}"), "*2\r\n$1\r\na\r\n:1\r\n");
    EXPECT_EQ(run("return {set={a=true}}"), "*1\r\n$1\r\na\r\n");
}

TEST_F(Lua, LuaToResp3) {
    EXPECT_EQ(run("return false", 3, 2), "_\r\n");
    EXPECT_EQ(run("return false", 3, 3), "#f\r\n");
    EXPECT_EQ(run("return false", 2, 3), ":0\r\n");
    EXPECT_EQ(run("return {double=1.5}", 3), ",1.5\r\n");
    EXPECT_EQ(run("return {big_number='123'}", 3), "(123\r\n");
    EXPECT_EQ(run("return {map={a=1}}", 3), "%1\r\n$1\r\na\r\n:1\r\n");
    EXPECT_EQ(run("return {set={a=true}}", 3), "~1\r\n$1\r\na\r\n");
    EXPECT_EQ(run("return {verbatim_string={format='txt', string='hi'}}", 3), "=6\r\ntxt:hi\r\n");
}

TEST_F(Lua, RespToLuaAndBack) {
    EXPECT_EQ(round_trip(":42\r\n"), ":42\r\n");
    EXPECT_EQ(round_trip("$3\r\nabc\r\n"), "$3\r\nabc\r\n");
    EXPECT_EQ(round_trip("$-1\r\n"), "$-1\r\n");  // false
    EXPECT_EQ(round_trip("*-1\r\n"), "$-1\r\n");
    EXPECT_EQ(round_trip("+OK\r\n"), "+OK\r\n");
    EXPECT_EQ(round_trip("-ERR x\r\n"), "-ERR x\r\n");
    EXPECT_EQ(round_trip("*2\r\n:1\r\n*1\r\n$1\r\na\r\n"), "*2\r\n:1\r\n*1\r\n$1\r\na\r\n");
    EXPECT_EQ(round_trip("_\r\n", 3), "_\r\n");
    EXPECT_EQ(round_trip("#t\r\n", 3), "#t\r\n");
    EXPECT_EQ(round_trip(",2.5\r\n", 3), ",2.5\r\n");
    EXPECT_EQ(round_trip("(99\r\n", 3), "(99\r\n");
    EXPECT_EQ(round_trip("%1\r\n$1\r\nk\r\n:1\r\n", 3), "%1\r\n$1\r\nk\r\n:1\r\n");
    EXPECT_EQ(round_trip("~1\r\n$1\r\nm\r\n", 3), "~1\r\n$1\r\nm\r\n");
    EXPECT_EQ(round_trip("=7\r\ntxt:abc\r\n", 3), "=7\r\ntxt:abc\r\n");
    EXPECT_EQ(round_trip("|1\r\n+a\r\n+b\r\n:5\r\n", 3), ":5\r\n");  // attribute skipped
    EXPECT_EQ(push_reply(L, "$5\r\nab"), 0u);                        // incomplete
}

TEST_F(Lua, Sandbox) {
    EXPECT_EQ(run("x = 1"), "error: ERR user_script:1: Attempt to modify a readonly table");
    EXPECT_EQ(run("return x"),
              "error: ERR user_script:1: Script attempted to access nonexistent global variable "
              "'x'");
    EXPECT_EQ(run("string.x = 1"), "error: ERR user_script:1: Attempt to modify a readonly table");
    EXPECT_EQ(run("rawset(_G, 'y', 1)"), "error: ERR Attempt to modify a readonly table");
    EXPECT_EQ(run("return type(os)"),
              "error: ERR user_script:1: Script attempted to access nonexistent global variable "
              "'os'");
    EXPECT_EQ(run("return type(print)"),
              "error: ERR user_script:1: Script attempted to access nonexistent global variable "
              "'print'");
    EXPECT_EQ(run("return getmetatable(redis) == nil"), ":1\r\n");
    EXPECT_EQ(run("return {type(cjson), type(bit), type(loadstring)}"),
              "*3\r\n$5\r\ntable\r\n$5\r\ntable\r\n$8\r\nfunction\r\n");
    EXPECT_EQ(run("return redis.sha1hex('')"),
              "$40\r\nda39a3ee5e6b4b0d3255bfef95601890afd80709\r\n");
    EXPECT_EQ(run("return redis.error_reply('x')"), "-ERR x\r\n");
    EXPECT_EQ(run("return redis.error_reply('My Error')"), "-My Error\r\n");
    EXPECT_EQ(run("return redis.status_reply('FINE')"), "+FINE\r\n");
    EXPECT_EQ(run("return cjson.encode({1, 'a'})"), "$7\r\n[1,\"a\"]\r\n");
    EXPECT_EQ(run("return bit.band(12, 10)"), ":8\r\n");
    EXPECT_EQ(run("local ok, e = pcall(error, {err='E x'}) return e"), "$3\r\nE x\r\n");
}

TEST_F(Lua, ReadonlyTablesReadAsTables) {
    // Library tables are views (stock Lua 5.1 has no read-only flag); the base and table
    // functions that read a table see through them, those that write refuse them.
    EXPECT_EQ(run("local n=0 for k, v in pairs(bit) do n=n+1 end return n"), ":12\r\n");
    EXPECT_EQ(run("return next(string) ~= nil"), ":1\r\n");
    EXPECT_EQ(run("return type(rawget(string, 'len'))"), "$8\r\nfunction\r\n");
    EXPECT_EQ(run("return type(rawget(_G, 'cjson'))"), "$5\r\ntable\r\n");
    EXPECT_EQ(run("return rawget(_G, 'nope') == nil"), ":1\r\n");
    EXPECT_EQ(run("local seen for k in pairs(_G) do if k == 'redis' then seen = k end end "
                  "return seen"),
              "$5\r\nredis\r\n");
    EXPECT_EQ(run("local n=0 for i in ipairs(math) do n=n+1 end return n"), ":0\r\n");
    EXPECT_EQ(run("table.insert(string, 1)"), "error: ERR Attempt to modify a readonly table");
    EXPECT_EQ(run("table.sort(math) return table.remove(math)"), "$-1\r\n");  // no write
    EXPECT_EQ(run("local t = {2, 1} table.sort(t) table.insert(t, 3) return t"),
              "*3\r\n:1\r\n:2\r\n:3\r\n");
    EXPECT_EQ(run("return {unpack({4, 5})}"), "*2\r\n:4\r\n:5\r\n");
    EXPECT_EQ(run("return string.x"), "$-1\r\n");  // reading a missing name is fine
}

TEST_F(Lua, LoadApiSeesOnlyRedis) {
    use_load_api(L, true);
    EXPECT_EQ(run("return string"),
              "error: ERR user_script:1: Script attempted to access nonexistent global variable "
              "'string'");
    EXPECT_EQ(run("return redis.call"),
              "error: ERR user_script:1: Script attempted to access nonexistent global variable "
              "'call'");
    use_load_api(L, false);
    EXPECT_EQ(run("return type(string)"), "$5\r\ntable\r\n");
}

TEST_F(Lua, MathRandomMatchesRedis) {
    // Values of a fresh redis-server 7.0.15: the generator starts in lrand48's default state
    // (never seeded), and math.randomseed(0) restarts it as redisSrand48(0).
    rand_of(L) = Lrand48();
    EXPECT_EQ(run("return {string.format('%.17g', math.random()), math.random(1000000), "
                  "math.random(1, 10)}"),
              "*3\r\n$19\r\n0.39646477363839039\r\n:840486\r\n:4\r\n");
    EXPECT_EQ(run("math.randomseed(0) return {math.random(1000000), math.random(1000000)}"),
              "*2\r\n:170829\r\n:749902\r\n");
}

TEST(ScriptHeader, EvalShebang) {
    Shebang sb;
    std::string err;
    ASSERT_TRUE(parse_eval_shebang("return 1", sb, err));
    EXPECT_EQ(sb.flags, kScriptEvalCompat);
    EXPECT_EQ(sb.length, 0u);
    ASSERT_TRUE(parse_eval_shebang("#!lua flags=no-writes,allow-oom\nreturn 1", sb, err));
    EXPECT_EQ(sb.flags, kScriptNoWrites | kScriptAllowOom);
    EXPECT_EQ(sb.length, 31u);
    EXPECT_FALSE(parse_eval_shebang("#!lua flags=bad\nx", sb, err));
    EXPECT_EQ(err, "Unexpected flag in script shebang: bad");
    EXPECT_FALSE(parse_eval_shebang("#!luax\nx", sb, err));
    EXPECT_EQ(err, "Unexpected engine in script shebang: #!luax");
    EXPECT_FALSE(parse_eval_shebang("#!lua foo=bar\nx", sb, err));
    EXPECT_EQ(err, "Unknown lua shebang option: foo=bar");
    EXPECT_FALSE(parse_eval_shebang("#!lua", sb, err));
    EXPECT_EQ(err, "Invalid script shebang");
}

TEST(ScriptHeader, LibraryMeta) {
    LibraryMeta md;
    std::string err;
    ASSERT_TRUE(parse_library_meta("#!lua name=mylib\nredis.register_function()", md, err));
    EXPECT_EQ(md.engine, "lua");
    EXPECT_EQ(md.name, "mylib");
    EXPECT_EQ(md.code, "\nredis.register_function()");
    EXPECT_FALSE(parse_library_meta("x", md, err));
    EXPECT_EQ(err, "Missing library metadata");
    EXPECT_FALSE(parse_library_meta("#!lua", md, err));
    EXPECT_EQ(err, "Invalid library metadata");
    EXPECT_FALSE(parse_library_meta("#!lua\n", md, err));
    EXPECT_EQ(err, "Library name was not given");
    EXPECT_FALSE(parse_library_meta("#!lua name=a name=b\n", md, err));
    EXPECT_EQ(err, "Invalid metadata value, name argument was given multiple times");
    EXPECT_FALSE(parse_library_meta("#!lua name=x foo=bar\n", md, err));
    EXPECT_EQ(err, "Invalid metadata value given: foo=bar");
    EXPECT_TRUE(valid_name("a_1"));
    EXPECT_FALSE(valid_name("a-1"));
    EXPECT_FALSE(valid_name(""));
    EXPECT_EQ(script_flag_names(kScriptNoWrites | kScriptAllowCrossSlot),
              (std::vector<std::string_view>{"no-writes", "allow-cross-slot-keys"}));
}

}  // namespace
}  // namespace cairn::scripting

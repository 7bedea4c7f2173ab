// The COMMAND DOCS syntax parser. Expected trees are Redis 7.0.15's COMMAND DOCS replies
// (without the per-argument "since" fields, which the syntax does not carry).
#include "commands/command_docs.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cairn::docs {
namespace {

// Compact rendering: name:type, #key_spec_index, =TOKEN, ? optional, + multiple,
// ++ multiple_token, (children).
std::string render(const std::vector<Arg>& args) {
    std::string out;
    for (const Arg& a : args) {
        if (!out.empty()) out += ' ';
        out += a.name;
        out += ':';
        out += arg_type_name(a.type);
        if (a.key_spec_index >= 0) out += "#" + std::to_string(a.key_spec_index);
        if (a.has_token) out += "=" + (a.token.empty() ? std::string("\"\"") : a.token);
        if (a.flags & kArgOptional) out += '?';
        if (a.flags & kArgMultiple) out += '+';
        if (a.flags & kArgMultipleToken) out += '+';
        if (!a.args.empty()) out += "(" + render(a.args) + ")";
    }
    return out;
}

std::string parse(std::string_view syntax, std::string_view command = {}) {
    return render(parse_syntax(syntax, command));
}

TEST(CommandDocs, Empty) {
    EXPECT_EQ(parse(""), "");
    EXPECT_EQ(parse("   "), "");
}

TEST(CommandDocs, Set) {
    EXPECT_EQ(parse("key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT "
                    "unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]",
                    "set"),
              "key:key#0 value:string condition:oneof?(nx:pure-token=NX xx:pure-token=XX) "
              "get:pure-token=GET? expiration:oneof?(seconds:integer=EX "
              "milliseconds:integer=PX unix-time-seconds:unix-time=EXAT "
              "unix-time-milliseconds:unix-time=PXAT keepttl:pure-token=KEEPTTL)");
}

TEST(CommandDocs, RedisCliHelpStyle) {
    // redis-cli 7.0's built-in help writes alternatives without spaces or angle brackets.
    EXPECT_EQ(parse("key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT "
                    "unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]",
                    "set"),
              parse("key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT "
                    "unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]",
                    "set"));
    EXPECT_EQ(parse("source destination LEFT|RIGHT LEFT|RIGHT", "lmove"),
              "source:key#0 destination:key#1 "
              "wherefrom:oneof(left:pure-token=LEFT right:pure-token=RIGHT) "
              "whereto:oneof(left:pure-token=LEFT right:pure-token=RIGHT)");
    EXPECT_EQ(parse("numkeys key [key ...] [AGGREGATE SUM|MIN|MAX]", "zunion"),
              "numkeys:integer key:key#0+ aggregate:oneof=AGGREGATE?(sum:pure-token=SUM "
              "min:pure-token=MIN max:pure-token=MAX)");
}

TEST(CommandDocs, Repetition) {
    EXPECT_EQ(parse("key [key ...]", "del"), "key:key#0+");
    EXPECT_EQ(parse("numkeys key [key ...]"), "numkeys:integer key:key#0+");
    EXPECT_EQ(parse("key value [key value ...]", "mset"),
              "key_value:block+(key:key#0 value:string)");
    EXPECT_EQ(parse("[pattern [pattern ...]]"), "pattern:pattern?+");
    EXPECT_EQ(parse("key [element [element ...]]", "pfadd"), "key:key#0 element:string?+");
}

TEST(CommandDocs, TokensWithArguments) {
    EXPECT_EQ(parse("cursor [MATCH pattern] [COUNT count] [TYPE type]", "scan"),
              "cursor:integer pattern:pattern=MATCH? count:integer=COUNT? type:string=TYPE?");
    EXPECT_EQ(parse("key [NX | XX | GT | LT]", "expire"),
              "key:key#0 condition:oneof?(nx:pure-token=NX xx:pure-token=XX "
              "gt:pure-token=GT lt:pure-token=LT)");
    EXPECT_EQ(parse("key min max [WITHSCORES] [LIMIT offset count]", "zrangebyscore"),
              "key:key#0 min:double max:double withscores:pure-token=WITHSCORES? "
              "offset_count:block=LIMIT?(offset:integer count:integer)");
}

TEST(CommandDocs, ZaddAndZinterstore) {
    EXPECT_EQ(parse("key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]", "zadd"),
              "key:key#0 condition:oneof?(nx:pure-token=NX xx:pure-token=XX) "
              "comparison:oneof?(gt:pure-token=GT lt:pure-token=LT) change:pure-token=CH? "
              "increment:pure-token=INCR? score_member:block+(score:double member:string)");
    EXPECT_EQ(parse("destination numkeys key [key ...] [WEIGHTS weight [weight ...]] "
                    "[AGGREGATE <SUM | MIN | MAX>]",
                    "zinterstore"),
              "destination:key#0 numkeys:integer key:key#1+ weight:integer=WEIGHTS?+ "
              "aggregate:oneof=AGGREGATE?(sum:pure-token=SUM min:pure-token=MIN "
              "max:pure-token=MAX)");
}

TEST(CommandDocs, Sort) {
    EXPECT_EQ(parse("key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] "
                    "[ASC | DESC] [ALPHA] [STORE destination]",
                    "sort"),
              "key:key#0 pattern:pattern#1=BY? offset_count:block=LIMIT?(offset:integer "
              "count:integer) pattern:pattern#1=GET?++ order:oneof?(asc:pure-token=ASC "
              "desc:pure-token=DESC) sorting:pure-token=ALPHA? destination:key#2=STORE?");
}

TEST(CommandDocs, TokenBlocks) {
    EXPECT_EQ(
        parse("[COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]", "xread"),
        "count:integer=COUNT? milliseconds:integer=BLOCK? "
        "streams:block=STREAMS(key:key#0+ id:string+)");
    EXPECT_EQ(parse("GROUP group consumer [NOACK]", "xreadgroup"),
              "group_consumer:block=GROUP(group:string consumer:string) "
              "noack:pure-token=NOACK?");
    EXPECT_EQ(parse("[TO host port [FORCE]] [ABORT] [TIMEOUT milliseconds]", "failover"),
              "target:block=TO?(host:string port:integer force:pure-token=FORCE?) "
              "abort:pure-token=ABORT? milliseconds:integer=TIMEOUT?");
    EXPECT_EQ(parse("key [FULL [COUNT count]]", "xinfo|stream"),
              "key:key#0 full:block=FULL?(count:integer=COUNT?)");
    EXPECT_EQ(parse("[protover [AUTH username password] [SETNAME clientname]]", "hello"),
              "arguments:block?(protover:integer username_password:block=AUTH?(username:string "
              "password:string) clientname:string=SETNAME?)");
}

TEST(CommandDocs, NestedGroups) {
    EXPECT_EQ(parse("key <FROMMEMBER member | FROMLONLAT longitude latitude> <BYRADIUS radius "
                    "<M | KM | FT | MI> | BYBOX width height <M | KM | FT | MI>> [ASC | DESC] "
                    "[COUNT count [ANY]]",
                    "geosearch"),
              "key:key#0 from:oneof(member:string=FROMMEMBER "
              "longitude_latitude:block=FROMLONLAT(longitude:double latitude:double)) "
              "by:oneof(circle:block(radius:double=BYRADIUS unit:oneof(m:pure-token=M "
              "km:pure-token=KM ft:pure-token=FT mi:pure-token=MI)) box:block(width:double=BYBOX "
              "height:double unit:oneof(m:pure-token=M km:pure-token=KM ft:pure-token=FT "
              "mi:pure-token=MI))) order:oneof?(asc:pure-token=ASC desc:pure-token=DESC) "
              "count:block?(count:integer=COUNT any:pure-token=ANY?)");
    EXPECT_EQ(parse("key bit [start [end [BYTE | BIT]]]", "bitpos"),
              "key:key#0 bit:integer index:block?(start:integer end_index:block?(end:integer "
              "index_unit:oneof?(byte:pure-token=BYTE bit:pure-token=BIT)))");
    EXPECT_EQ(parse("<host port | NO ONE>", "replicaof"),
              "args:oneof(host-port:block(host:string port:integer) "
              "no-one:block(no:pure-token=NO one:pure-token=ONE))");
}

TEST(CommandDocs, SpecialTokens) {
    EXPECT_EQ(parse("host port <key | \"\"> destination-db timeout", "migrate"),
              "host:string port:integer key_or_empty_string:oneof(key:key#0 "
              "empty_string:pure-token=\"\") destination-db:integer timeout:integer");
    EXPECT_EQ(parse("key [NOMKSTREAM] <* | id> field value [field value ...]", "xadd"),
              "key:key#0 nomkstream:pure-token=NOMKSTREAM? id_or_auto:oneof(auto_id:pure-token=* "
              "id:string) field_value:block+(field:string value:string)");
}

TEST(CommandDocs, WholeOneofRepeats) {
    EXPECT_EQ(parse("key [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET encoding "
                    "offset value | INCRBY encoding offset increment> [GET encoding offset | "
                    "[OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value | INCRBY encoding "
                    "offset increment> ...]]",
                    "bitfield"),
              "key:key#0 operation:oneof?+(encoding_offset:block=GET(encoding:string "
              "offset:integer) write:block(wrap_sat_fail:oneof=OVERFLOW?(wrap:pure-token=WRAP "
              "sat:pure-token=SAT fail:pure-token=FAIL) "
              "write_operation:oneof(encoding_offset_value:block=SET(encoding:string "
              "offset:integer value:integer) encoding_offset_increment:block=INCRBY("
              "encoding:string offset:integer increment:integer))))");
    EXPECT_EQ(parse("key [GET encoding offset [GET encoding offset ...]]", "bitfield_ro"),
              "key:key#0 encoding_offset:block=GET?++(encoding:string offset:integer)");
}

TEST(CommandDocs, Types) {
    EXPECT_EQ(parse("key increment", "incrby"), "key:key#0 increment:integer");
    EXPECT_EQ(parse("key increment", "incrbyfloat"), "key:key#0 increment:double");
    // A type hint overrides the conventions.
    EXPECT_EQ(parse("key increment:double", "mycommand"), "key:key#0 increment:double");
    EXPECT_EQ(parse("key ttl:integer name:key"), "key:key#0 ttl:integer name:key#1");
    // "ip:port" is a name, not a hint.
    EXPECT_EQ(parse("[ADDR ip:port]"), "ip:port:string=ADDR?");
    EXPECT_EQ(parse("key [EXAT unix-time-seconds]"), "key:key#0 unix-time-seconds:unix-time=EXAT?");
    EXPECT_EQ(parse("key start end", "getrange"), "key:key#0 start:integer end:integer");
    EXPECT_EQ(parse("key start end [COUNT count]", "xrange"),
              "key:key#0 start:string end:string count:integer=COUNT?");
}

TEST(CommandDocs, Malformed) {
    // Best effort, never a crash.
    EXPECT_EQ(parse("[key"), "key:key#0?");
    EXPECT_EQ(parse("key ]"), "key:key#0");
    EXPECT_EQ(parse("| key"), "key:key#0");
    EXPECT_EQ(parse("[]"), "");
    EXPECT_EQ(parse("..."), "");
    EXPECT_EQ(parse("<a | >"), "a:string");
    EXPECT_EQ(parse("key [] [|]"), "key:key#0");
}

TEST(CommandDocs, KeySpecIndexes) {
    auto args = parse_syntax("source destination", "custom");
    EXPECT_EQ(render(args), "source:key#0 destination:key#1");
    assign_key_spec_indexes(args, 1, "custom");
    EXPECT_EQ(render(args), "source:key#0 destination:key#0");
    assign_key_spec_indexes(args, 0, "custom");
    EXPECT_EQ(render(args), "source:key destination:key");
}

}  // namespace
}  // namespace cairn::docs

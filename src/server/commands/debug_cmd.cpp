// DEBUG: the subcommands of Redis 7.0's debugCommand that test tooling leans on, one table.
// Gated by enable-debug-command in the pipeline (server/dispatch.cpp). Subcommands that only
// make sense for Redis's own internals (SDSLEN, STRUCTSIZE, MALLCTL, REPLYBUFFER, cluster
// and replication switches) are not listed and answer Redis's unknown-subcommand error.
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <random>
#include <string>
#include <thread>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/object_refcount.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "db/digest.hpp"
#include "db/hash_value.hpp"
#include "db/list_value.hpp"
#include "db/listpack.hpp"
#include "db/object.hpp"
#include "db/set_value.hpp"
#include "db/zset_value.hpp"
#include "persist/dump_payload.hpp"
#include "persist/rdb_output.hpp"
#include "persist/rdb_value.hpp"
#include "server/aof.hpp"
#include "server/commands/server_commands.hpp"
#include "server/log.hpp"
#include "server/persistence.hpp"
#include "server/script_engine.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using db::Object;

// C's atoi, as Redis parses the 0|1 switches: leading digits, 0 when there are none.
int atoi_arg(std::string_view s) {
    return std::atoi(std::string(s).c_str());
}

void reply_hex(CommandContext& ctx, const util::Sha1Digest& d) {
    ctx.reply.simple(util::to_hex(d));
}

// The value as stored (expired or not: debug commands look past expiry, as dictFind does).
const Object* raw_value(CommandContext& ctx, std::string_view key) {
    return ctx.db().peek(key);
}

void debug_help(CommandContext& ctx) {
    static const char* const kHelp[] = {
        "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ASSERT",
        "    Crash by assertion failed.",
        "CHANGE-REPL-ID",
        "    Change the replication IDs of the instance.",
        "    Dangerous: should be used only for testing the replication subsystem.",
        "DIGEST",
        "    Output a hex signature representing the current DB content.",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Output a hex signature of the values of all the specified keys.",
        "ERROR <string>",
        "    Return a Redis protocol error with <string> as message. Useful for clients",
        "    unit tests to simulate Redis errors.",
        "LOG <message>",
        "    Write <message> to the server log.",
        "HTSTATS <dbid>",
        "    Return hash table statistics of the specified Redis database.",
        "HTSTATS-KEY <key>",
        "    Like HTSTATS but for the hash table stored at <key>'s value.",
        "LOADAOF",
        "    Flush the AOF buffers on disk and reload the AOF in memory.",
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
        "OOM",
        "    Crash the server simulating an out-of-memory error.",
        "PANIC",
        "    Crash the server simulating a panic.",
        "POPULATE <count> [<prefix>] [<size>]",
        "    Create <count> string keys named key:<num>. If <prefix> is specified then",
        "    it is used instead of the 'key' prefix. These are not propagated to",
        "    replicas. Cluster slots are not respected so keys not belonging to the",
        "    current node can be created in cluster mode.",
        "PROTOCOL <type>",
        "    Reply with a test value of the specified type. <type> can be: string,",
        "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
        "    true, false.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys will generate an exception and kill the server.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "SEGFAULT",
        "    Crash the server with sigsegv.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "QUICKLIST-PACKED-THRESHOLD <size>",
        "    Sets the threshold for elements to be inserted as plain vs packed nodes",
        "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
        "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
        "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        "STRINGMATCH-TEST",
        "    Run a fuzz tester against the stringmatchlen() function.",
        "LISTPACK <key>",
        "    Show low level info about the listpack encoding of <key>.",
        "QUICKLIST <key> [<0|1>]",
        "    Show low level info about the quicklist encoding of <key>.",
        "    The optional argument (0 by default) sets the level of detail",
        "CLIENT-EVICTION",
        "    Show low level client eviction pools info (maxmemory-clients).",
        "PAUSE-CRON <0|1>",
        "    Stop periodic cron job processing.",
        "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
        "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
        "    In case NEVER is provided the last observed peak will never be reset",
        "    In case RESET is provided the peak reset time will be restored to the default value",
        "REPLYBUFFER RESIZING <0|1>",
        "    Enable or disable the reply buffer resize cron job",
        "HELP",
        "    Prints this help.",
    };
    ctx.reply.array(std::size(kHelp));
    for (const char* line : kHelp) ctx.reply.simple(line);
}

// ---- crashes (the crash report, when enabled, is written by the signal handler) ----------

[[noreturn]] void debug_segfault(CommandContext&) {
    std::raise(SIGSEGV);
    std::abort();
}

[[noreturn]] void debug_panic(CommandContext& ctx) {
    log(LogLevel::Warning, "------------------------------------------------");
    log(LogLevel::Warning, "!!! Software Failure. Press left mouse button to continue");
    log(LogLevel::Warning, "Guru Meditation: DEBUG PANIC called at Unix time %lld #debug_cmd.cpp",
        static_cast<long long>(ctx.now_ms / 1000));
    panic_exit();
}

[[noreturn]] void debug_assert(CommandContext&) {
    log(LogLevel::Warning, "=== ASSERTION FAILED ===");
    log(LogLevel::Warning, "==> debug_cmd.cpp '1 == 2' is not true");
    panic_exit();
}

[[noreturn]] void debug_oom(CommandContext&) {
    log(LogLevel::Warning, "Out Of Memory allocating %zu bytes!",
        static_cast<size_t>(SIZE_MAX / 2));
    panic_exit();
}

// ---- persistence ---------------------------------------------------------------------------

void debug_reload(CommandContext& ctx) {
    bool flush = true, save_first = true, merge = false;
    for (size_t j = 2; j < ctx.argc(); j++) {
        std::string_view opt = ctx.argv[j];
        if (util::iequals(opt, "merge")) {
            merge = true;
        } else if (util::iequals(opt, "noflush")) {
            flush = false;
        } else if (util::iequals(opt, "nosave")) {
            save_first = false;
        } else {
            ctx.reply.error(
                "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            return;
        }
    }
    Server& s = server_of(ctx);
    if (save_first && !s.persistence().save()) {
        ctx.reply.error("ERR");
        return;
    }
    if (flush) {
        s.empty_data();
        s.scripts().flush_functions();  // emptyData without EMPTYDB_NOFUNCTIONS
    }
    if (!s.persistence().load_now(merge)) {
        ctx.reply.error("ERR Error trying to load the RDB dump, check server logs.");
        return;
    }
    log(LogLevel::Warning, "DB reloaded by DEBUG RELOAD");
    ctx.reply.ok();
}

// DEBUG LOADAOF: the data again from the AOF files, as Redis (which exits when they cannot be
// loaded).
void debug_loadaof(CommandContext& ctx) {
    Server& s = server_of(ctx);
    Aof& aof = s.persistence().aof();
    if (aof.state() == Aof::State::On) aof.flush(true);
    s.empty_data();
    s.scripts().flush_functions();
    if (!aof.load_now()) {
        log(LogLevel::Warning, "Can't load the AOF files by DEBUG LOADAOF. Exiting.");
        std::_Exit(1);
    }
    s.stats().dirty = 0;
    log(LogLevel::Warning, "Append Only File loaded by DEBUG LOADAOF");
    ctx.reply.ok();
}

void debug_set_skip_checksum_validation(CommandContext& ctx) {
    persist::set_skip_checksum_validation(atoi_arg(ctx.argv[2]) != 0);
    ctx.reply.ok();
}

// ---- inspecting values ---------------------------------------------------------------------

// Listpack bytes of quicklist node i, as Redis's node->sz.
size_t node_listpack_bytes(const db::ListValue& l, size_t i) {
    db::ListpackWriter w;
    size_t single = 0;
    l.for_each_in_node(i, [&](std::string_view e) {
        w.add(e);
        single = e.size();
    });
    // A plain node (one element over the packed threshold) holds the bytes alone.
    if (w.count() == 1 && single >= db::ListValue::packed_threshold()) return single;
    return w.finish().size();
}

std::string quicklist_details(const db::ListValue& l) {
    size_t total = 0;
    for (size_t i = 0; i < l.node_count(); i++) total += node_listpack_bytes(l, i);
    char buf[160];
    std::snprintf(buf, sizeof(buf),
                  " ql_nodes:%zu ql_avg_node:%.2f ql_listpack_max:%d ql_compressed:%d "
                  "ql_uncompressed_size:%zu",
                  l.node_count(),
                  static_cast<double>(l.size()) / static_cast<double>(l.node_count()), l.fill(),
                  l.compress_depth() != 0 ? 1 : 0, total);
    return buf;
}

void debug_object(CommandContext& ctx) {
    const Object* o = raw_value(ctx, ctx.argv[2]);
    if (!o) {
        ctx.reply.error(errors::kNoSuchKey);
        return;
    }
    persist::RdbOutput out(ctx.config().rdbcompression);
    persist::write_value(out, *o);
    const size_t serialized = out.finish().size();
    const uint32_t now_s = static_cast<uint32_t>(ctx.now_ms / 1000);
    const uint32_t idle = now_s >= o->access_time ? now_s - o->access_time : 0;
    std::string extra;
    if (o->type == db::ObjType::List && o->encoding == db::Encoding::QuickList) {
        extra = quicklist_details(static_cast<const db::ListValue&>(*o->payload));
    }
    char buf[256];
    std::snprintf(buf, sizeof(buf),
                  "Value at:%p refcount:%lld encoding:%s serializedlength:%zu lru:%u "
                  "lru_seconds_idle:%u",
                  static_cast<const void*>(o), object_refcount(ctx.config(), *o),
                  std::string(db::encoding_name(o->encoding)).c_str(), serialized,
                  o->access_time & ((1u << 24) - 1), idle);
    ctx.reply.simple(std::string(buf) + extra);
}

// The elements of a listpack-encoded value, in listpack order.
template <class Fn>
void for_each_listpack_element(const Object& o, Fn&& fn) {
    switch (o.type) {
        case db::ObjType::Hash:
            static_cast<const db::HashValue&>(*o.payload)
                .for_each([&](std::string_view f, std::string_view v) {
                    fn(f);
                    fn(v);
                });
            break;
        case db::ObjType::ZSet:
            static_cast<const db::ZSetValue&>(*o.payload)
                .for_each([&](std::string_view m, double s) {
                    fn(m);
                    fn(persist::score_text(s));
                });
            break;
        default:
            break;
    }
}

// DEBUG LISTPACK: the entries of a listpack-encoded value on stdout (lpRepr's role).
void debug_listpack(CommandContext& ctx) {
    const Object* o = ctx.lookup_read(ctx.argv[2]);
    if (!o) {
        ctx.reply.error(errors::kNoSuchKey);
        return;
    }
    if (o->encoding != db::Encoding::ListPack) {
        ctx.reply.error("ERR Not a listpack encoded object.");
        return;
    }
    db::ListpackWriter w;
    std::string entries;
    size_t index = 0;
    for_each_listpack_element(*o, [&](std::string_view e) {
        w.add(e);
        entries += "{\n\taddr: " + std::to_string(index) + "\n\tindex: " + std::to_string(index) +
                   "\n\t[str]" + std::string(e.substr(0, 40)) + (e.size() > 40 ? "..." : "") +
                   "\n}\n";
        index++;
    });
    const size_t count = w.count();
    const size_t bytes = w.finish().size();
    std::printf("{total bytes %zu} {num entries %zu}\n%s{end}\n\n", bytes, count, entries.c_str());
    std::fflush(stdout);
    ctx.reply.simple("Listpack structure printed on stdout");
}

// DEBUG QUICKLIST: the nodes of a list on stdout (quicklistRepr's role).
void debug_quicklist(CommandContext& ctx) {
    const Object* o = ctx.lookup_read(ctx.argv[2]);
    if (!o) {
        ctx.reply.error(errors::kNoSuchKey);
        return;
    }
    if (o->encoding != db::Encoding::QuickList) {
        ctx.reply.error("ERR Not a quicklist encoded object.");
        return;
    }
    const bool full = ctx.argc() == 4 && atoi_arg(ctx.argv[3]) != 0;
    const auto& l = static_cast<const db::ListValue&>(*o->payload);
    std::printf(
        "{count : %zu}\n{len   : %zu}\n{fill  : %d}\n{compress : %d}\n{bookmark_count : 0}\n",
        l.size(), l.node_count(), l.fill(), l.compress_depth());
    for (size_t i = 0; i < l.node_count(); i++) {
        size_t count = 0;
        l.for_each_in_node(i, [&](std::string_view) { count++; });
        std::printf(
            "{quicklist node(%zu)\n{container : PACKED, encoding: RAW, count: %zu, sz: %zu}\n", i,
            count, node_listpack_bytes(l, i));
        if (full) {
            l.for_each_in_node(i, [&](std::string_view e) {
                std::printf("\t[str]%.*s\n", static_cast<int>(e.size()), e.data());
            });
        }
        std::printf("}\n");
    }
    std::fflush(stdout);
    ctx.reply.simple("Quicklist structure printed on stdout");
}

void debug_htstats(CommandContext& ctx) {
    long long dbid;
    if (!ctx.parse_ll(ctx.argv[2], dbid)) return;
    if (dbid < 0 || dbid >= server_of(ctx).db_count()) {
        ctx.reply.error("ERR Out of range database");
        return;
    }
    db::Database& d = ctx.db(static_cast<int>(dbid));
    ctx.reply.verbatim("[Dictionary HT]\n" + d.keys_stats_text() + "[Expires HT]\n" +
                       d.expires_stats_text());
}

void debug_htstats_key(CommandContext& ctx) {
    const Object* o = ctx.lookup_read(ctx.argv[2]);
    if (!o) {
        ctx.reply.error(errors::kNoSuchKey);
        return;
    }
    std::string stats;
    if (o->encoding == db::Encoding::HashTable && o->type == db::ObjType::Set) {
        stats = static_cast<const db::SetValue&>(*o->payload).table_stats_text();
    } else if (o->encoding == db::Encoding::HashTable && o->type == db::ObjType::Hash) {
        stats = static_cast<const db::HashValue&>(*o->payload).table_stats_text();
    } else if (o->encoding == db::Encoding::SkipList) {
        stats = static_cast<const db::ZSetValue&>(*o->payload).table_stats_text();
    } else {
        ctx.reply.error(
            "ERR The value stored at the specified key is not represented using an hash table");
        return;
    }
    ctx.reply.verbatim(stats);
}

void debug_digest(CommandContext& ctx) {
    Server& s = server_of(ctx);
    util::Sha1Digest final{};
    for (int i = 0; i < s.db_count(); i++) db::mix_database_digest(final, s.db(i), i);
    reply_hex(ctx, final);
}

void debug_digest_value(CommandContext& ctx) {
    ctx.reply.array(ctx.argc() - 2);
    for (size_t j = 2; j < ctx.argc(); j++) {
        util::Sha1Digest d{};
        if (const Object* o = raw_value(ctx, ctx.argv[j])) {
            db::mix_value_digest(d, *o, ctx.db().expire_of(ctx.argv[j]) != -1);
        }
        reply_hex(ctx, d);
    }
}

// ---- generating data and replies -----------------------------------------------------------

// getPositiveLongFromObjectOrReply: one error text for a non-number and a negative one.
constexpr std::string_view kNotPositive = "ERR value is out of range, must be positive";

void debug_populate(CommandContext& ctx) {
    long long count;
    if (!ctx.parse_ll_range(ctx.argv[2], 0, LLONG_MAX, count, kNotPositive)) return;
    long long size = 0;
    if (ctx.argc() == 5 && !ctx.parse_ll_range(ctx.argv[4], 0, LLONG_MAX, size, kNotPositive)) {
        return;
    }
    const std::string prefix = ctx.argc() >= 4 ? std::string(ctx.argv[3]) : "key";
    db::Database& d = ctx.db();
    d.reserve(d.size() + static_cast<size_t>(count), d.expires_size());
    for (long long j = 0; j < count; j++) {
        std::string key = prefix + ":" + std::to_string(j);
        if (ctx.lookup_write(key)) continue;
        std::string value = "value:" + std::to_string(j);
        if (size > 0) value.resize(static_cast<size_t>(size), '\0');
        d.add(key, Object::make_string(std::move(value)), ctx.now_ms);
        ctx.key_modified(key);
    }
    ctx.reply.ok();
}

void debug_protocol(CommandContext& ctx) {
    std::string_view name = ctx.argv[2];
    resp::Reply& r = ctx.reply;
    if (util::iequals(name, "string")) {
        r.bulk("Hello World");
    } else if (util::iequals(name, "integer")) {
        r.integer(12345);
    } else if (util::iequals(name, "double")) {
        r.dbl(3.141);
    } else if (util::iequals(name, "bignum")) {
        r.big_number("1234567999999999999999999999999999999");
    } else if (util::iequals(name, "null")) {
        r.null();
    } else if (util::iequals(name, "array")) {
        r.array(3);
        for (int j = 0; j < 3; j++) r.integer(j);
    } else if (util::iequals(name, "set")) {
        r.set(3);
        for (int j = 0; j < 3; j++) r.integer(j);
    } else if (util::iequals(name, "map")) {
        r.map(3);
        for (int j = 0; j < 3; j++) {
            r.integer(j);
            r.boolean(j == 1);
        }
    } else if (util::iequals(name, "attrib")) {
        if (r.protocol() >= 3) {
            r.attribute(1);
            r.bulk("key-popularity");
            r.array(2);
            r.bulk("key:123");
            r.integer(90);
        }
        r.bulk("Some real reply following the attribute");
    } else if (util::iequals(name, "push")) {
        if (r.protocol() < 3) {
            r.error("ERR RESP2 is not supported by this command");
            return;
        }
        r.push(2);
        r.bulk("server-cpu-usage");
        r.integer(42);
        r.bulk("Some real reply following the push reply");
    } else if (util::iequals(name, "true")) {
        r.boolean(true);
    } else if (util::iequals(name, "false")) {
        r.boolean(false);
    } else if (util::iequals(name, "verbatim")) {
        r.verbatim("This is a verbatim\nstring", "txt");
    } else {
        r.error(
            "ERR Wrong protocol type name. Please use one of the following: "
            "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
    }
}

// DEBUG ERROR: the text as an error reply, newlines turned into spaces.
void debug_error(CommandContext& ctx) {
    std::string msg(ctx.argv[2]);
    for (char& c : msg) {
        if (c == '\r' || c == '\n') c = ' ';
    }
    // Written as it is, like Redis's addReplySds: not counted in the error stats.
    ctx.reply.raw("-" + msg + "\r\n");
}

void debug_log(CommandContext& ctx) {
    log(LogLevel::Warning, "DEBUG LOG: %s", std::string(ctx.argv[2]).c_str());
    ctx.reply.ok();
}

// ---- server switches -----------------------------------------------------------------------

void debug_sleep(CommandContext& ctx) {
    const double seconds = std::strtod(std::string(ctx.argv[2]).c_str(), nullptr);
    const auto us = static_cast<long long>(seconds * 1000000);
    if (us > 0) std::this_thread::sleep_for(std::chrono::microseconds(us));
    ctx.reply.ok();
}

void debug_set_active_expire(CommandContext& ctx) {
    server_of(ctx).set_active_expire(atoi_arg(ctx.argv[2]) != 0);
    ctx.reply.ok();
}

void debug_pause_cron(CommandContext& ctx) {
    server_of(ctx).set_cron_paused(atoi_arg(ctx.argv[2]) != 0);
    ctx.reply.ok();
}

// Redis's addReplySubcommandSyntaxError: names the subcommand as the client wrote it.
void reply_unknown_subcommand(CommandContext& ctx) {
    ctx.reply.error("ERR unknown subcommand or wrong number of arguments for '" +
                    std::string(ctx.argv[1].substr(0, 128)) + "'. Try DEBUG HELP.");
}

void debug_replybuffer(CommandContext& ctx) {
    Server& server = server_of(ctx);
    if (util::iequals(ctx.argv[2], "peak-reset-time")) {
        long long ms = 0;
        if (util::iequals(ctx.argv[3], "never")) {
            ms = -1;
        } else if (util::iequals(ctx.argv[3], "reset")) {
            ms = Server::kReplyBufferPeakResetMs;
        } else if (!ctx.parse_ll(ctx.argv[3], ms)) {
            return;
        }
        server.set_reply_buffer_peak_reset_ms(ms);
    } else if (util::iequals(ctx.argv[2], "resizing")) {
        server.set_reply_buffer_resizing(atoi_arg(ctx.argv[3]) != 0);
    } else {
        reply_unknown_subcommand(ctx);
        return;
    }
    ctx.reply.ok();
}

void debug_quicklist_packed_threshold(CommandContext& ctx) {
    long long bytes;
    if (!config::parse_memory(ctx.argv[2], bytes) || bytes < 0 ||
        !db::ListValue::set_packed_threshold(static_cast<uint64_t>(bytes))) {
        ctx.reply.error("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
        return;
    }
    ctx.reply.ok();
}

void debug_change_repl_id(CommandContext& ctx) {
    log(LogLevel::Warning, "Changing replication IDs after receiving DEBUG change-repl-id");
    server_of(ctx).change_replication_id();
    ctx.reply.ok();
}

void debug_client_eviction(CommandContext& ctx) {
    // maxmemory-clients is always 0 in Cairn: client eviction does not exist.
    ctx.reply.error("ERR maxmemory-clients is disabled.");
}

// Random patterns and strings through the glob matcher: it must neither crash nor hang.
void debug_stringmatch_test(CommandContext& ctx) {
    std::mt19937 rng(static_cast<unsigned>(ctx.now_ms));
    auto random_text = [&](size_t max_len) {
        static constexpr char kAlphabet[] = "*?[]^-\\ab";
        std::string s(rng() % (max_len + 1), ' ');
        for (char& c : s) {
            c = (rng() % 4 == 0) ? static_cast<char>(rng() % 256)
                                 : kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
        }
        return s;
    };
    for (int i = 0; i < 1000000; i++) {
        std::string pattern = random_text(32);
        std::string text = random_text(32);
        (void)util::glob_match(pattern, text, rng() % 2 == 0);
    }
    ctx.reply.simple("Apparently Redis did not crash: test passed");
}

struct Subcommand {
    const char* name;
    size_t min_argc;  // counting DEBUG and the subcommand
    size_t max_argc;  // 0: no upper bound
    void (*handler)(CommandContext&);
};

constexpr size_t kAny = 0;

// Each row matches Redis's `!strcasecmp(...) && c->argc == n` test for that subcommand.
const Subcommand kSubcommands[] = {
    {"help", 2, 2, debug_help},
    {"segfault", 2, kAny, debug_segfault},
    {"panic", 2, kAny, debug_panic},
    {"assert", 2, kAny, debug_assert},
    {"oom", 2, kAny, debug_oom},
    {"log", 3, 3, debug_log},
    {"reload", 2, kAny, debug_reload},
    {"loadaof", 2, kAny, debug_loadaof},
    {"object", 3, 3, debug_object},
    {"listpack", 3, 3, debug_listpack},
    {"quicklist", 3, 4, debug_quicklist},
    {"populate", 3, 5, debug_populate},
    {"digest", 2, 2, debug_digest},
    {"digest-value", 2, kAny, debug_digest_value},
    {"protocol", 3, 3, debug_protocol},
    {"sleep", 3, 3, debug_sleep},
    {"set-active-expire", 3, 3, debug_set_active_expire},
    {"quicklist-packed-threshold", 3, 3, debug_quicklist_packed_threshold},
    {"set-skip-checksum-validation", 3, 3, debug_set_skip_checksum_validation},
    {"error", 3, 3, debug_error},
    {"htstats", 3, 3, debug_htstats},
    {"htstats-key", 3, 3, debug_htstats_key},
    {"change-repl-id", 2, 2, debug_change_repl_id},
    {"stringmatch-test", 2, 2, debug_stringmatch_test},
    {"client-eviction", 2, 2, debug_client_eviction},
    {"pause-cron", 3, 3, debug_pause_cron},
    {"replybuffer", 4, 4, debug_replybuffer},
};

void debug(CommandContext& ctx) {
    std::string_view sub = ctx.argv[1];
    for (const Subcommand& s : kSubcommands) {
        if (!util::iequals(sub, s.name)) continue;
        if (ctx.argc() < s.min_argc || (s.max_argc != kAny && ctx.argc() > s.max_argc)) break;
        s.handler(ctx);
        return;
    }
    reply_unknown_subcommand(ctx);
}

}  // namespace

void register_debug_command(CommandTable& t) {
    t.add_handlers({{"debug", debug}});
}

}  // namespace cairn

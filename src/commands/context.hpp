// What a command handler sees: the client, its arguments, the reply writer and the engine
// (through the CommandHost interface, commands/command_host.hpp),
// plus the argument-parsing helpers that reply with Redis's exact errors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command_host.hpp"
#include "commands/propagation.hpp"
#include "config/config.hpp"
#include "resp/reply.hpp"

namespace cairn {

namespace db {
class Database;
struct Object;
enum class ObjType : uint8_t;
}  // namespace db
struct Stats;
class Client;
class Command;

namespace notify = config::notify;  // keyspace notification classes for ctx.notify

// Redis 7.0 shared error texts (without the leading '-').
namespace errors {
inline constexpr std::string_view kSyntax = "ERR syntax error";
inline constexpr std::string_view kWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
inline constexpr std::string_view kNotInteger = "ERR value is not an integer or out of range";
inline constexpr std::string_view kNotFloat = "ERR value is not a valid float";
inline constexpr std::string_view kNoSuchKey = "ERR no such key";
inline constexpr std::string_view kOutOfRangeDb = "ERR DB index is out of range";
inline constexpr std::string_view kOverflow = "ERR increment or decrement would overflow";
}  // namespace errors

// What a typed lookup found (CommandContext::lookup_read_as / lookup_write_as).
enum class Lookup : uint8_t {
    Found,      // the key holds a value of the asked type
    Missing,    // no such key (nothing replied)
    WrongType,  // another type: WRONGTYPE already replied
};

class CommandContext {
public:
    CommandContext(CommandHost& host, Client& client, const Command& cmd,
                   const std::vector<std::string_view>& argv, int64_t now_ms,
                   PropagationRequest* propagation = nullptr);

    CommandHost& host;
    Client& client;
    const Command& cmd;
    const std::vector<std::string_view>& argv;
    resp::Reply& reply;
    const int64_t now_ms;  // cached time of this command (unix ms), as Redis's commandTimeSnapshot

    size_t argc() const { return argv.size(); }
    db::Database& db();  // the client's selected database
    db::Database& db(int index) { return host.db(index); }
    const config::Config& config() const { return host.config(); }  // read-only here
    Stats& stats() { return host.stats(); }

    // Key lookups as Redis's lookupKeyRead/lookupKeyWrite: lazy expiry, and reads count
    // keyspace_hits / keyspace_misses. nullptr when the key does not exist.
    db::Object* lookup_read(std::string_view key);
    db::Object* lookup_write(std::string_view key);
    // The same followed by Redis's checkType: out is the value when Found, else null. On
    // WrongType the WRONGTYPE error is already replied. Hits and misses count as above (a key of
    // another type is a hit, as in Redis).
    Lookup lookup_read_as(std::string_view key, db::ObjType type, db::Object*& out);
    Lookup lookup_write_as(std::string_view key, db::ObjType type, db::Object*& out);
    // checkType alone, for a value already looked up: false (WRONGTYPE replied) when o is of
    // another type; a missing key (o null) passes.
    bool type_ok_or_reply(const db::Object* o, db::ObjType type);

    // A write changed `key` in db: bumps the dirty counter and tells watchers (WATCH, tracking).
    void key_modified(db::Database& d, std::string_view key);
    void key_modified(std::string_view key);

    // Keyspace notification for a key of the selected database (through the CommandHost);
    // type is a config::notify class bit, event Redis's event name.
    void notify(int type, std::string_view event, std::string_view key);

    // Parse helpers: on failure they reply the Redis error and return false.
    bool parse_ll(std::string_view arg, long long& out);  // kNotInteger
    bool parse_ll_range(std::string_view arg, long long min, long long max, long long& out,
                        std::string_view err = errors::kNotInteger);
    bool parse_double(std::string_view arg, double& out);            // kNotFloat
    bool parse_long_double(std::string_view arg, long double& out);  // kNotFloat

    // Propagation (commands/propagation.hpp). A write that changed the dataset is propagated
    // as the client sent it; a command whose effect must be written differently (relative
    // expiries made absolute, random picks made explicit, blocking pops made plain) says so
    // here. propagating() is false while nothing listens: build rewritten argv only then.
    bool propagating() const { return propagation_ != nullptr; }
    // Redis's rewriteClientCommandVector: propagate argv instead of the command's own words.
    void propagate_as(std::vector<std::string> argv);
    // Redis's alsoPropagate: one more op of this execution unit, in the selected database.
    void also_propagate(std::vector<std::string> argv);
    // Redis's preventCommandPropagation / forceCommandPropagation.
    void prevent_propagation(uint8_t targets = kPropagateAll);
    void force_propagation(uint8_t targets);
    // "DEL" or "UNLINK" for a deletion the server decides on, per the lazyfree-lazy-* flag.
    static std::string deletion_command(bool lazy) { return lazy ? "UNLINK" : "DEL"; }

    void syntax_error() { reply.error(errors::kSyntax); }
    void wrong_type() { reply.error(errors::kWrongType); }

private:
    // A looked-up value (or null) against the type asked for: the Lookup verdict.
    Lookup typed(db::Object* o, db::ObjType type, db::Object*& out);

    PropagationRequest* propagation_;
};

}  // namespace cairn

// What the stream command files share (streams.cpp, stream_read.cpp, stream_groups.cpp,
// stream_info.cpp): lookups, ID parsing with Redis's errors, entry replies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/stream_id.hpp"
#include "db/stream_value.hpp"

namespace cairn {

class CommandContext;
namespace db {
struct Object;
}

namespace streams {

inline constexpr std::string_view kInvalidId =
    "ERR Invalid stream ID specified as stream command argument";

db::StreamValue& stream_of(db::Object& o);
// Redis's addReplySubcommandSyntaxError.
void subcommand_syntax_error(CommandContext& ctx);
db::StreamNodeLimits node_limits(CommandContext& ctx);

// streamParseStrictIDOrReply / streamParseIDOrReply: false after replying the error.
bool parse_strict_id(CommandContext& ctx, std::string_view arg, db::StreamID& out,
                     uint64_t missing_seq = 0, bool* seq_given = nullptr);
bool parse_id(CommandContext& ctx, std::string_view arg, db::StreamID& out, uint64_t missing_seq);

// A new empty stream stored at key (streamTypeLookupWriteOrCreate's creation).
db::Object* create(CommandContext& ctx, std::string_view key);

// [id, [field, value, ...]]
void reply_entry(CommandContext& ctx, const db::StreamID& id,
                 const std::vector<std::string_view>& fv);
// An array of the live entries in [start, end] (reversed if rev), at most limit (0: all).
void reply_range(CommandContext& ctx, const db::StreamValue& s, const db::StreamID& start,
                 const db::StreamID& end, bool rev, size_t limit);

// XADD / XTRIM option parsing (streamParseAddOrTrimArgsOrReply). Returns the index of the ID
// for XADD (the index after the options for XTRIM), or -1 after replying an error.
struct AddTrimArgs {
    db::TrimArgs trim;
    int strategy_arg = 0;  // index of the MAXLEN/MINID value
    bool id_given = false;
    bool seq_given = true;
    db::StreamID id;
    bool no_mkstream = false;
};
int parse_add_trim(CommandContext& ctx, AddTrimArgs& args, bool xadd);
// After an approximate trim: propagate "=" and the exact value (streamRewriteTrimArgument).
void rewrite_trim(CommandContext& ctx, std::vector<std::string>& words, const AddTrimArgs& args,
                  const db::StreamValue& s);

// Signals a stream change (dirty counted once per change, watchers, blocked readers).
void signal(CommandContext& ctx, std::string_view key, size_t changes);

// Replies group entries (streamReplyWithRange with a group): adds NACKs, propagates XCLAIM,
// advances the group. Returns the number of entries.
struct GroupRead {
    std::string_view key;
    std::string_view group_name;
    db::StreamGroup* group = nullptr;
    std::string_view consumer;
    bool noack = false;
};
size_t reply_group_range(CommandContext& ctx, db::StreamValue& s, const db::StreamID& start,
                         size_t count, GroupRead& gr);
// XREADGROUP with an explicit ID: the consumer's PEL from start (history).
size_t reply_consumer_pel(CommandContext& ctx, db::StreamValue& s, const db::StreamID& start,
                          size_t count, GroupRead& gr);

// Consumer lookup/creation (streamCreateConsumer with its keyspace event). True if created.
db::StreamConsumer& consumer_or_create(CommandContext& ctx, db::StreamGroup& g,
                                       std::string_view key, std::string_view name, bool& created);

// XCLAIM propagation of a NACK (streamPropagateXCLAIM).
void propagate_xclaim(CommandContext& ctx, std::string_view key, std::string_view group_name,
                      const db::StreamGroup& g, std::string_view id, const db::StreamNack& nack);
void propagate_setid(CommandContext& ctx, std::string_view key, std::string_view group_name,
                     const db::StreamGroup& g);

}  // namespace streams
}  // namespace cairn
